"""What a clone is asked to do, and what it reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Mode(enum.Enum):
    """Which parts of the source a clone copies."""

    FULL = "full"  # schema and data, into an empty target
    SCHEMA_ONLY = "schema-only"  # pre-data and post-data, no rows
    DATA_ONLY = "data-only"  # rows into the existing, empty tables of a target schema


OWNERS_WITHOUT_SCHEMA = (
    "--owners sets the owners of the objects clone creates; --data-only creates none"
)


@dataclass(frozen=True)
class CloneOptions:
    """Options of `clone()`.

    `split_bytes`: tables larger than this are copied as several ctid ranges at once; None picks
    a size from the data and `jobs` (see docs/moves.md).
    `owners`: give every object the owner it has in the source (those roles must exist on the
    target); otherwise objects belong to the role that connects to the target.
    """

    jobs: int = 2
    mode: Mode = Mode.FULL
    resume: bool = False
    verify: bool = True
    split_bytes: int | None = None
    owners: bool = False

    def __post_init__(self) -> None:
        if self.owners and self.mode is Mode.DATA_ONLY:
            raise ValueError(OWNERS_WITHOUT_SCHEMA)


@dataclass(frozen=True)
class TableReport:
    """One copied table: its rows and checksum on both sides (None when not verified)."""

    name: str
    chunks: int
    bytes: int
    rows: int | None = None
    matches: bool | None = None


@dataclass(frozen=True)
class CloneResult:
    """The outcome of a clone (the clone raised CloneError if anything failed)."""

    source: str
    target: str
    mode: Mode
    resumed: bool
    tables: list[TableReport] = field(default_factory=list)
    sequences: int = 0
    verified: bool = False
    schema_check: str = "skipped"  # "diff", "pg_dump", "diff+pg_dump" or "skipped"
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "mode": self.mode.value,
            "resumed": self.resumed,
            "verified": self.verified,
            "schema_check": self.schema_check,
            "sequences": self.sequences,
            "tables": [
                {"name": t.name, "rows": t.rows, "bytes": t.bytes, "chunks": t.chunks}
                for t in self.tables
            ],
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }
