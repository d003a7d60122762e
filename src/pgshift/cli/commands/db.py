"""`pgshift db`: the embedded development server."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ... import server
from ...config import find_project
from .._options import json_option, pass_output
from ..output import Output


def _project() -> Path:
    return find_project(Path.cwd())[0]


@click.group("db")
def command() -> None:
    """Manage the embedded PostgreSQL server kept in the project's .pgshift/ folder."""


@command.command("start")
@click.option("--port", type=int, help="Also listen on 127.0.0.1:PORT (password auth).")
@json_option
@pass_output
def start(out: Output, port: int | None, as_json: bool) -> int:
    """Start the server (initialising it on first use); a running one is reused."""
    info = server.start(_project(), port=port)
    if as_json:
        out.json(_describe(info))
    else:
        out.line(f"running (pid {info.pid}): {info.url()}")
    return 0


@command.command("stop")
@pass_output
def stop(out: Output) -> int:
    """Stop the server."""
    out.line("stopped" if server.stop(_project()) else "not running")
    return 0


@command.command("status")
@json_option
@pass_output
def status(out: Output, as_json: bool) -> int:
    """Say whether the server runs (exit code 1 when it does not)."""
    info = server.status(_project())
    if as_json:
        out.json(_describe(info) if info else {"running": False})
    elif info:
        out.line(f"running (pid {info.pid}, data {info.data_dir}): {info.url()}")
    else:
        out.line("not running")
    return 0 if info else 1


@command.command("url")
@click.option("--shadow", is_flag=True, help="The shadow database's URL.")
@click.option("--tcp", is_flag=True, help="The TCP URL with the generated password.")
@pass_output
def url(out: Output, shadow: bool, tcp: bool) -> int:
    """Print the connection URL of the dev (or shadow) database, starting the server if needed."""
    project = _project()
    info = server.status(project) or server.start(project)
    name = server.SHADOW_DATABASE if shadow else server.DEV_DATABASE
    if tcp and not info.tcp:
        raise click.UsageError("the server is not listening on TCP; restart it with --port")
    out.line(info.url(name, password=server.password(project) if tcp else None))
    return 0


@command.command("psql", context_settings={"ignore_unknown_options": True})
@click.option("--shadow", is_flag=True, help="Connect to the shadow database.")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def psql(shadow: bool, args: tuple[str, ...]) -> int:
    """Open the bundled psql on the dev database (extra arguments go to psql)."""
    project = _project()
    info = server.status(project) or server.start(project)
    name = server.SHADOW_DATABASE if shadow else server.DEV_DATABASE
    binary = str(server.client_bindir() / "psql")
    os.execv(binary, [binary, info.url(name), *args])


def _describe(info: server.ServerInfo) -> dict[str, object]:
    return {
        "running": True,
        "pid": info.pid,
        "url": info.url(),
        "data_dir": str(info.data_dir),
        "socket_dir": str(info.socket_dir),
        "port": info.port,
        "tcp": info.tcp,
        "log_file": str(info.log_file),
    }
