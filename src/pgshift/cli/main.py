"""Entry point: `main(argv, stdout, stderr) -> exit code`. Only `entry()` calls sys.exit."""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
from typing import Any, TextIO

import click

from .._collector import freeze_on_resume
from . import exit_codes
from ._options import Invocation, debug_option
from .output import Output

# name -> module under pgshift.cli.commands; imported only when the command runs, so that
# `pgshift --help` and a no-op `migrate` do not pay for every dependency.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "Create pgshift.toml and the migrations folder."),
    "migrate": ("migrate", "Apply committed migrations that have not run yet."),
    "watch": ("watch", "Migrate, then run current.sql on every save."),
    "commit": ("commit", "Commit current.sql as the next migration."),
    "uncommit": ("uncommit", "Move the last committed migration back into current.sql."),
    "squash": ("squash", "Replace committed migrations 1..N with one file."),
    "reset": ("reset", "Drop and re-create the database, then migrate."),
    "status": ("status", "Show what is pending (exit bits: 1 migrations, 2 current, 4 schema)."),
    "verify": ("verify", "Re-hash committed files and compare them with the database."),
    "import": ("import_", "Append another tool's migrations to the committed chain."),
    "adopt": ("adopt", "Record as applied what another tool's history says it ran."),
    "baseline": ("baseline", "Start the history from a database no migration tool manages."),
    "compile": ("compile", "Print a SQL file with placeholders replaced."),
    "run": ("run", "Run a SQL file (placeholders replaced) against the database."),
    "db": ("db", "Manage the embedded development server."),
    "library": ("library", "The bundled SQL helper library."),
    "snippets": ("snippets", "Generate VS Code snippets from annotated SQL."),
    "compat": ("compat", "Check that a SQL function library change is deployable."),
    "lint": ("lint", "Judge migrations for locks that block the running application."),
    "inspect": ("inspect", "List every object of a database."),
    "diff": ("diff", "Show what a target database lacks or has differently."),
    "clone": ("clone", "Copy a database (schema and data) to another, verified."),
}

# True in a `pgshift` process (set by entry()); False when main() is called by a program or a
# test, whose objects must stay collectable.
_OWN_PROCESS = False


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        try:
            module = importlib.import_module(f"pgshift.cli.commands.{COMMANDS[name][0]}")
        except ModuleNotFoundError as exc:
            if exc.name == f"pgshift.cli.commands.{COMMANDS[name][0]}":
                return None
            raise
        if _OWN_PROCESS:
            # The modules just imported (psycopg's tens of thousands of objects among them) live
            # as long as the process: later collections, and the one at exit, skip them.
            gc.freeze()
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, help_) in sorted(COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pgshift", prog_name="pgshift")
@debug_option
def cli() -> None:
    """pgshift: SQL-first PostgreSQL migrations, helper library and database moves.

    With no database_url configured, commands start an embedded PostgreSQL server that keeps
    running ('pgshift db stop' stops it, 'pgshift db destroy' deletes it); its data is in the
    project's .pgshift/ folder, or under /var/lib/pgshift/ when pgshift runs as root.
    Exit codes: see docs/cli.md.
    """


def main(
    argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the CLI with `argv`, writing to `stdout`/`stderr`; return the exit code."""
    from ..errors import PgshiftError, UsageError

    out = Output(stdout or sys.stdout, stderr or sys.stderr)
    invocation = Invocation(out)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        # click writes help and version to sys.stdout; send them where the caller asked.
        with contextlib.redirect_stdout(out.out):
            result: Any = cli.main(
                args=args, prog_name="pgshift", standalone_mode=False, obj=invocation
            )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        return _failed(invocation, "aborted", code=exit_codes.INTERRUPTED)
    except click.UsageError as exc:
        hint = f"Try '{exc.ctx.command_path} --help' for help." if exc.ctx is not None else None
        return _failed(invocation, exc.format_message(), code=exit_codes.USAGE, hint=hint)
    except click.ClickException as exc:
        return _failed(invocation, exc.format_message(), code=exit_codes.FAILURE)
    except UsageError as exc:
        return _failed(invocation, str(exc), code=exit_codes.USAGE, error=exc)
    except PgshiftError as exc:
        return _failed(invocation, str(exc), code=exit_codes.FAILURE, error=exc)
    except OSError as exc:
        # A file the command had to read or write (an unwritable --sql FILE, a folder where a
        # file should be): the operating system's word, with the path.
        where = f"{exc.filename}: " if exc.filename else ""
        return _failed(invocation, f"{where}{exc.strerror or exc}", code=exit_codes.FAILURE)
    except Exception as exc:
        import psycopg

        if not isinstance(exc, psycopg.Error):
            raise
        # A server error no command turned into a message of its own: still one redacted line
        # (a traceback could show a connection string), the whole of it with --debug.
        text = str(exc).strip()
        message = (text.splitlines()[0] if text else repr(exc)) + (
            f" [{exc.sqlstate}]" if exc.sqlstate else ""
        )
        return _failed(invocation, message, code=exit_codes.FAILURE, sqlstate=exc.sqlstate)
    return int(result or 0)


def _failed(
    invocation: Invocation,
    message: str,
    *,
    code: int,
    error: Exception | None = None,
    hint: str | None = None,
    sqlstate: str | None = None,
) -> int:
    """Report a failure: one redacted line on stderr (the traceback first with --debug), and
    with --json also `{"error": {...}}` on stdout, where a program reads. Returns `code`."""
    out = invocation.out
    if invocation.debug and code == exit_codes.FAILURE:
        out.err.write(_redact(_traceback()))
    message = _redact(message)
    out.error(message)
    if hint:
        out.err.write(hint + "\n")
    if invocation.as_json:
        path = getattr(error, "path", None) or getattr(error, "source", None)
        out.json(
            {
                "error": {
                    "message": message,
                    "file": str(path) if path is not None else None,
                    "line": getattr(error, "line", None),
                    "column": getattr(error, "column", None),
                    "sqlstate": getattr(error, "sqlstate", None) or sqlstate,
                }
            }
        )
    return code


# Both imported only when an error is reported: pgshift.db imports psycopg, which a successful
# `--help` or `--version` never needs, and traceback is not needed at all without --debug.
def _redact(text: str) -> str:
    from ..db import redact_dsn

    return redact_dsn(text)


def _traceback() -> str:
    import traceback

    return traceback.format_exc()


def entry() -> None:
    global _OWN_PROCESS
    _OWN_PROCESS = True
    freeze_on_resume()
    code = main()
    # Leave what the command allocated to the operating system rather than have the interpreter
    # collect it on the way out (atexit handlers and the flush of stdout and stderr still run).
    gc.freeze()
    sys.exit(code)
