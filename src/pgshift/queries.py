"""The one loader of the catalog queries pgshift ships: `pgshift/<area>/queries/<name>.sql`.

Read through `importlib.resources`, so they load from an installed wheel as from a checkout, and
cached: each file is read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_query(area: str, name: str) -> str:
    """The text of query `name` of `area`, a subpackage of pgshift: `read_query("inspect",
    "indexes")` is `pgshift/inspect/queries/indexes.sql`."""
    return resources.files("pgshift").joinpath(area, "queries", f"{name}.sql").read_text("utf-8")
