"""`pgshift init`: create pgshift.toml and the migrations folder."""

from __future__ import annotations

from pathlib import Path

import click

from ..._gmrc import GMRC_FILE, GMRC_SCRIPT_FILES
from ...config import CONFIG_FILE, convert_gmrc
from ...errors import PgshiftError
from .._options import pass_output
from ..output import Output

TEMPLATE = """\
# pgshift configuration: see docs/cli.md.
# Without database_url, pgshift runs an embedded PostgreSQL server: see 'pgshift db --help'.
# database_url = "postgres://app@localhost/app"     # or set DATABASE_URL
# shadow_database_url = "postgres://app@localhost/app_shadow"
migrations_folder = "{folder}"

# [placeholders]
# ":APP_ROLE" = "app"

# [environments.prod]
# database_url = "${{PROD_DATABASE_URL}}"
# confirm = true
"""


@click.command("init")
@click.option("--folder", default="migrations", show_default=True, help="Migrations folder.")
@click.option(
    "--from-gmrc",
    "from_gmrc",
    is_flag=True,
    help="Write pgshift.toml from graphile-migrate's .gmrc (its migrations folder, hooks, ...).",
)
@pass_output
def command(out: Output, folder: str, from_gmrc: bool) -> int:
    """Create pgshift.toml and the migrations folder in the current directory.

    In a graphile-migrate project, `--from-gmrc` writes the pgshift.toml equivalent to its
    .gmrc instead (docs/adopting.md).
    """
    root = Path.cwd()
    config = root / CONFIG_FILE
    found = [name for name in (GMRC_FILE, *GMRC_SCRIPT_FILES) if (root / name).is_file()]
    if from_gmrc:
        return _from_gmrc(out, root, found)
    if found and not config.exists():
        # A default pgshift.toml would win over the .gmrc: history in the pgshift schema, every
        # migration the database already ran applied again.
        raise PgshiftError(
            f"this is a graphile-migrate project ({found[0]}): run `pgshift init --from-gmrc` "
            f"to write the equivalent {CONFIG_FILE}, or use pgshift without init (it reads .gmrc)"
        )
    created = []
    if not config.exists():
        config.write_text(TEMPLATE.format(folder=folder))
        created.append(CONFIG_FILE)
    for sub in (Path(folder) / "committed", Path(folder) / "fixtures"):
        if not (root / sub).exists():
            (root / sub).mkdir(parents=True)
            created.append(f"{sub}/")
    current = root / folder / "current.sql"
    if not current.exists() and not (root / folder / "current").exists():
        current.write_text(
            "-- Write the next migration here; `pgshift watch` applies it on save.\n"
        )
        created.append(str(Path(folder) / "current.sql"))
    gitignore = root / ".gitignore"
    if ".pgshift/" not in (gitignore.read_text() if gitignore.exists() else ""):
        with gitignore.open("a") as handle:
            handle.write(".pgshift/\n")
        created.append(".gitignore entry .pgshift/")
    out.line("created: " + ", ".join(created) if created else "already initialised")
    return 0


def _from_gmrc(out: Output, root: Path, found: list[str]) -> int:
    config = root / CONFIG_FILE
    if config.exists():
        raise PgshiftError(f"{config} already exists; pgshift reads it instead of .gmrc")
    if GMRC_FILE not in found:
        hint = (
            f" ({found[0]} is JavaScript, which pgshift does not run: write its settings as "
            f"JSON in {GMRC_FILE} first)"
            if found
            else ""
        )
        raise PgshiftError(f"there is no {GMRC_FILE} in {root}{hint}")
    conversion = convert_gmrc(root / GMRC_FILE)
    config.write_text(conversion.toml)
    out.line(f"created: {CONFIG_FILE} (from {GMRC_FILE}; pgshift reads it from now on)")
    for key in conversion.passwords:
        out.warn(
            f"{CONFIG_FILE}: '{key}' holds the password written in {GMRC_FILE}; consider "
            "setting the URL in the environment instead"
        )
    return 0
