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
