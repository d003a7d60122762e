"""`pgshift db`: the embedded development server: this project's, and every one on the machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ... import server
from ...config import require_project
from ...errors import ConfirmationRequiredError
from .._options import json_option, pass_output
from .._sizes import human_size
from ..output import Output

_YES_HELP = "Do not ask; needed when stdin is not a terminal."
_GONE = server.ProjectState.GONE
_UNKNOWN = server.ProjectState.UNKNOWN


def _project() -> Path:
    """The project folder, which must have a configuration: a server for a folder that is not a
    project would be a cluster nobody asked for."""
    next_step = "the embedded server belongs to a project (`pgshift init`)"
    return require_project(Path.cwd(), next_step=next_step)[0]


def _started(out: Output, info: server.ServerInfo) -> server.ServerInfo:
    """Say where the data went, once: after the cluster's first start."""
    note = server.first_start_note(info)
    if note:
        out.info(f"pgshift: {note}")
    return info


@click.group("db")
def command() -> None:
    """Manage embedded PostgreSQL servers: this project's, and every one on the machine.

    A project's server starts on first use and keeps running until 'pgshift db stop'. Its data
    is in /var/lib/pgshift/<project>-<hash> when pgshift runs as root (PGSHIFT_CLUSTER_DIR
    picks another folder), otherwise in the project's .pgshift/ folder; 'pgshift db destroy'
    deletes it, 'pgshift db list' shows every cluster and 'pgshift db prune' deletes those whose
    project folder is gone.
    """


@command.command("start")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help="Listen on 127.0.0.1:PORT too (password auth), from now on; a server already "
    "running elsewhere is not moved.",
)
@json_option
@pass_output
def start(out: Output, port: int | None, as_json: bool) -> int:
    """Start the server (initialising it on first use); a running one is reused.

    The server listens where it listened last (at first, on a Unix socket only), so URLs stay
    valid across restarts; --port changes that, but only on a stopped server.
    """
    info = _started(out, server.start(_project(), port=port))
    if as_json:
        out.json(_describe(info))
    else:
        out.line(f"running (pid {info.pid}): {info.url()}")
    return 0


@command.command("stop")
@pass_output
def stop(out: Output) -> int:
    """Stop the server (its data stays; 'pgshift db destroy' deletes it)."""
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
    """Print the connection URL of the dev (or shadow) database, starting the server if needed.

    The URL stays valid when the server is stopped and started again.
    """
    project = _project()
    info = server.status(project) or _started(out, server.start(project))
    name = server.SHADOW_DATABASE if shadow else server.DEV_DATABASE
    if tcp and not info.tcp:
        raise click.UsageError(
            "the server is not listening on TCP; stop it with 'pgshift db stop', then start "
            "it with 'pgshift db start --port PORT'"
        )
    out.line(info.url(name, password=server.password(project) if tcp else None))
    return 0


@command.command("psql", context_settings={"ignore_unknown_options": True})
@click.option("--shadow", is_flag=True, help="Connect to the shadow database.")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@pass_output
def psql(out: Output, shadow: bool, args: tuple[str, ...]) -> int:
    """Open the bundled psql on the dev database (extra arguments go to psql)."""
    project = _project()
    info = server.status(project) or _started(out, server.start(project))
    name = server.SHADOW_DATABASE if shadow else server.DEV_DATABASE
    binary = str(server.client_bindir() / "psql")
    out.err.flush()
    os.execv(binary, [binary, info.url(name), *args])


@command.command("list")
@json_option
@pass_output
def list_(out: Output, as_json: bool) -> int:
    """List every embedded cluster: project, data folder, size, running or not, port.

    A table on a terminal; in a pipe, one tab-separated row per cluster: project (or -),
    present/gone/unknown, data folder, size in bytes, running/stopped, port (or -),
    tcp/socket. As root this covers every cluster under /var/lib/pgshift; for other users,
    every cluster started since pgshift began keeping track of them.
    """
    clusters = server.list_clusters()
    if as_json:
        out.json([_cluster_json(cluster) for cluster in clusters])
    elif not _is_terminal(out.out):
        for cluster in clusters:
            out.line("\t".join(_plain_row(cluster)))
    elif not clusters:
        out.line("no embedded clusters")
    else:
        _print_table(out, clusters)
    return 0


@command.command("destroy")
@click.option("--yes", "-y", is_flag=True, help=_YES_HELP)
@pass_output
def destroy(out: Output, yes: bool) -> int:
    """Stop this project's server and delete its cluster, with every database in it.

    Asks first on a terminal; without one, refuses (exit code 65) unless --yes is given.
    """
    project = _project()
    cluster = server.project_cluster(project)
    if cluster is None:
        out.line(f"no embedded cluster for {project}; nothing to destroy")
        return 0
    what = f"the embedded cluster of {project} ({cluster.folder}, {human_size(cluster.size)})"
    if not yes:
        _confirm(out, what, question="Delete it, with every database in it?")
    destroyed = server.destroy(project)
    if destroyed is None:
        out.line(f"no embedded cluster for {project}; nothing to destroy")
        return 0
    out.line(f"destroyed {destroyed.folder} ({human_size(destroyed.size)} freed)")
    return 0


@command.command("prune")
@click.option(
    "--all",
    "include_unknown",
    is_flag=True,
    help="Also delete clusters whose project is unknown (made by an older pgshift).",
)
@click.option("--yes", "-y", is_flag=True, help=_YES_HELP)
@pass_output
def prune(out: Output, include_unknown: bool, yes: bool) -> int:
    """Delete the clusters whose project folder is gone (stopping them first).

    Asks first on a terminal; without one, refuses (exit code 65) unless --yes is given.
    """
    candidates = server.find_prunable(include_unknown=include_unknown)
    if not candidates:
        out.line("nothing to prune")
    elif not yes:
        for cluster in candidates:
            out.info(f"  {cluster.folder} ({human_size(cluster.size)}): {_whose(cluster)}")
        total = human_size(sum(cluster.size for cluster in candidates))
        what = f"{_count(len(candidates))} ({total})"
        _confirm(out, what, question="Delete them?")
    freed, removed = 0, 0
    for cluster in candidates:
        pruned = server.prune_cluster(cluster)
        if pruned is None:
            out.warn(f"kept {cluster.folder}: its project {cluster.project} exists again")
            continue
        out.line(f"deleted {pruned.folder} ({human_size(pruned.size)}): {_whose(pruned)}")
        freed, removed = freed + pruned.size, removed + 1
    if candidates:
        out.line(f"freed {human_size(freed)} in {_count(removed)}")
    if not include_unknown:
        unknown = [c for c in server.list_clusters() if c.project_state is _UNKNOWN]
        if unknown:
            out.line(
                f"kept {_count(len(unknown))} whose project is unknown "
                "('pgshift db prune --all' deletes them too)"
            )
    return 0


def _confirm(out: Output, what: str, *, question: str) -> None:
    """Ask on a terminal; without one there is nobody to ask, so only --yes goes ahead."""
    if not sys.stdin.isatty():
        raise ConfirmationRequiredError(
            f"refusing to delete {what} without confirmation: stdin is not a terminal; "
            "pass --yes to go ahead"
        )
    out.info(f"about to delete {what}")
    if not click.confirm(question, default=False, err=True):
        raise ConfirmationRequiredError("not confirmed; nothing was deleted")


def _count(clusters: int) -> str:
    return f"{clusters} cluster" + ("" if clusters == 1 else "s")


def _whose(cluster: server.Cluster) -> str:
    if cluster.project is None:
        return "project unknown"
    gone = cluster.project_state is server.ProjectState.GONE
    return f"project {cluster.project}" + (" (gone)" if gone else "")


def _port_text(cluster: server.Cluster) -> str:
    if cluster.port is None:
        return "-"
    return f"127.0.0.1:{cluster.port}" if cluster.tcp else f"{cluster.port} (socket)"


def _plain_row(cluster: server.Cluster) -> list[str]:
    return [
        str(cluster.project) if cluster.project else "-",
        cluster.project_state.value,
        str(cluster.folder),
        str(cluster.size),
        "running" if cluster.server else "stopped",
        str(cluster.port) if cluster.port is not None else "-",
        "-" if cluster.port is None else ("tcp" if cluster.tcp else "socket"),
    ]


def _print_table(out: Output, clusters: list[server.Cluster]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False)
    for header in ("project", "data folder"):
        table.add_column(header, overflow="fold")  # paths whole, never cut short
    for header in ("size", "server", "port"):
        table.add_column(header, no_wrap=True)
    for cluster in clusters:
        if cluster.project is None:
            project = "(project unknown)"
        elif cluster.project_state is _GONE:
            project = f"{cluster.project} (gone)"
        else:
            project = str(cluster.project)
        running = "running" if cluster.server else "stopped"
        # Text, not markup: folder names may contain [brackets].
        cells = (project, str(cluster.folder), human_size(cluster.size), running)
        table.add_row(*(Text(cell) for cell in cells), Text(_port_text(cluster)))
    out.console().print(table)
    states = [cluster.project_state for cluster in clusters]
    if _GONE in states:
        out.line(f"{_count(states.count(_GONE))} whose project is gone: 'pgshift db prune'")
    if _UNKNOWN in states:
        out.line(
            f"{_count(states.count(_UNKNOWN))} made by an older pgshift (project unknown): "
            "'pgshift db destroy' in the project, or 'pgshift db prune --all'"
        )


def _cluster_json(cluster: server.Cluster) -> dict[str, object]:
    return {
        "project": str(cluster.project) if cluster.project else None,
        "project_state": cluster.project_state.value,
        "folder": str(cluster.folder),
        "size": cluster.size,
        "running": cluster.server is not None,
        "pid": cluster.server.pid if cluster.server else None,
        "port": cluster.port,
        "tcp": cluster.tcp,
    }


def _is_terminal(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


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
