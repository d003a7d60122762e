"""Options shared by commands, and the one way a command loads its configuration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Config, load_config

F = TypeVar("F", bound=Callable[..., Any])


def env_option(func: F) -> F:
    return click.option(
        "--env", "env_name", metavar="NAME", help="Use [environments.NAME] from the config."
    )(func)


def debug_option(func: F) -> F:
    return click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


def common(func: F) -> F:
    """--env NAME and --debug, which every command takes."""
    return env_option(debug_option(func))


def load(env_name: str | None) -> Config:
    return load_config(Path.cwd(), environment=env_name)


def confirm_write(config: Config, out: Any, *, plan: str, yes: bool) -> None:
    """For a `confirm = true` environment: show the plan and ask, or require --yes.

    Without a terminal on stdin there is nobody to ask, so only --yes lets the command write.
    """
    import sys

    from ..errors import ConfirmationRequiredError

    if not config.confirm or yes:
        return
    out.info(f"environment {config.environment!r} needs confirmation. {plan}")
    if not sys.stdin.isatty():
        raise ConfirmationRequiredError(
            f"environment {config.environment!r} is marked confirm = true and stdin is not a "
            "terminal; pass --yes to go ahead"
        )
    if not click.confirm("Go ahead?", default=False, err=True):
        raise ConfirmationRequiredError("not confirmed; nothing was changed")


def yes_option(func: F) -> F:
    return click.option(
        "--yes", "-y", is_flag=True, help="Skip the confirmation a confirm = true environment asks."
    )(func)
