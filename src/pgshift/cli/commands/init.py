"""`pgshift init`: create pgshift.toml and the migrations folder."""

from __future__ import annotations

from pathlib import Path

import click

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
@pass_output
def command(out: Output, folder: str) -> int:
    """Create pgshift.toml and the migrations folder in the current directory."""
    root = Path.cwd()
    config = root / "pgshift.toml"
    created = []
    if not config.exists():
        config.write_text(TEMPLATE.format(folder=folder))
        created.append("pgshift.toml")
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
