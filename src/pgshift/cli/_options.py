"""What commands share: the invocation (output, configuration and databases, each chosen
once), the options every command takes, and the confirmation a `confirm = true` environment asks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from .output import Output

if TYPE_CHECKING:
    from ..config import Config
    from ..migrations.schemafile import SchemaFileResult
    from ..targets import Target

F = TypeVar("F", bound=Callable[..., Any])


class Invocation:
    """One run of the CLI: where to print, `--debug`, and the configuration and target.

    The configuration is loaded on first use and the target resolved on first use (which may
    start the embedded server), each once per run; commands reach both through `@pass_invocation`.
    """

    def __init__(self, out: Output) -> None:
        self.out = out
        self.debug = False
        self.as_json = False
        self.set_name: str | None = None
        self.env_name: str | None = None
        self._config: Config | None = None
        self._target: Target | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            from ..config import load_config  # not imported for --help, --version or `init`

            config = load_config(Path.cwd(), environment=self.env_name)
            self._config = config.for_set(self.set_name) if self.set_name else config
        return self._config

    @property
    def target(self) -> Target:
        if self._target is None:
            from ..targets import resolve_target

            self._target = resolve_target(self.config)
            if self._target.notice:
                self.out.info(f"pgshift: {self._target.notice}")
        return self._target


pass_invocation = click.make_pass_decorator(Invocation)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    # Only a value given counts: `pgshift --debug migrate` must not be undone by the command's
    # own --debug default (False), nor --env by its default (None).
    invocation = ctx.find_object(Invocation)
    if invocation is not None and value:
        setattr(invocation, str(param.name), value)
    return value


def env_option(func: F) -> F:
    return click.option(
        "--env",
        "env_name",
        metavar="NAME",
        expose_value=False,
        callback=_remember,
        help="Use [environments.NAME] from the config.",
    )(func)


def set_option(func: F) -> F:
    """--set NAME: work on that migration set's current migration and chain."""
    return click.option(
        "--set",
        "set_name",
        metavar="NAME",
        expose_value=False,
        callback=_remember,
        help="The migration set to work on (default: main; see docs/formats.md, sets).",
    )(func)


def debug_option(func: F) -> F:
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Show the traceback of an error.",
    )(func)


def json_option(func: F) -> F:
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        callback=_remember,  # an error is then a JSON object too (cli/main.py)
        help='Print JSON for machines (an error too: {"error": {...}}, see docs/cli.md).',
    )(func)


def common(func: F) -> F:
    """--env NAME and --debug, which every command takes."""
    return env_option(debug_option(func))


def confirm_write(
    invocation: Invocation, *, plan: str, yes: bool, where: str | None = None
) -> None:
    """For a `confirm = true` environment: show the plan and ask, or require --yes.

    The question names the environment and the database (user, host, port and name, never the
    password). Without a terminal on stdin there is nobody to ask, so only --yes lets the
    command write.
    """
    import sys

    from ..db import describe_dsn
    from ..errors import ConfirmationRequiredError

    config = invocation.config
    if not config.confirm or yes:
        return
    where = where or describe_dsn(invocation.target.main)  # a fleet says how many, and where
    invocation.out.info(f"environment {config.environment!r} ({where}) needs confirmation. {plan}")
    if not sys.stdin.isatty():
        raise ConfirmationRequiredError(
            f"environment {config.environment!r} is marked confirm = true and stdin is not a "
            "terminal; pass --yes to go ahead"
        )
    if not click.confirm(f"Go ahead on {where}?", default=False, err=True):
        raise ConfirmationRequiredError("not confirmed; nothing was changed")


def yes_option(func: F) -> F:
    return click.option(
        "--yes", "-y", is_flag=True, help="Skip the confirmation a confirm = true environment asks."
    )(func)


def pass_output(func: F) -> F:
    """For commands that need only the output (no configuration): pass the `Output`."""

    @functools.wraps(func)
    def with_output(*args: Any, **kwargs: Any) -> Any:
        invocation = click.get_current_context().find_object(Invocation)
        assert invocation is not None, "main() passes an Invocation as the context object"
        return func(invocation.out, *args, **kwargs)

    return cast(F, with_output)


def migrated_line(database: str, applied: list[str]) -> str:
    """What migrate and watch say of one database (the word "database" first: the embedded
    one is named `pgshift`, which must not read as the program's own prefix)."""
    done = f"{len(applied)} migration(s) applied" if applied else "up to date"
    return f"database {database}: {done}"


def jobs_option(func: F) -> F:
    """--jobs N, for fleet environments (many databases)."""
    from ..fleet import DEFAULT_JOBS

    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(1, 64),
        default=DEFAULT_JOBS,
        show_default=True,
        metavar="N",
        help="In a fleet environment: databases worked on at a time.",
    )(func)


def report_schema_file(
    out: Output, result: SchemaFileResult | None, *, as_json: bool = False
) -> None:
    """What migrate and commit say of the schema file: that it was written (not under --json,
    where `schema_file_json` says it), or a warning when it could not be (the migrations
    themselves were applied)."""
    if result is None:
        return
    if result.error is not None:
        out.warn(result.error)
    elif result.written and not as_json:
        out.line(f"wrote {_shown(result.path)}")


def schema_file_json(result: SchemaFileResult | None) -> dict[str, object] | None:
    """The schema file in --json output: null when none is kept for the database."""
    if result is None:
        return None
    return {"path": _shown(result.path), "written": result.written, "error": result.error}


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
