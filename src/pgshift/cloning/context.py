"""What one clone run shares between its phases."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from ._tools import server_encoding, session_settings
from .options import CloneOptions, Mode
from .progress import Progress

TID_RANGE_SCAN_VERSION = 140000  # ctid ranges are read with a TID Range Scan from 14 on
HASH_RECORD_VERSION = 140000  # hash_record_extended() exists from 14 on


@dataclass
class Run:
    """Everything one clone run shares between its phases."""

    source: str
    target: str
    options: CloneOptions
    src: psycopg.Connection[Any]
    tgt: psycopg.Connection[Any]
    workdir: Path
    progress: Progress
    seconds: dict[str, float] = field(default_factory=dict)
    wrote: bool = False  # whether anything was written to the target yet

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.progress.phase(name)
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - start

    @property
    def mode(self) -> Mode:
        return self.options.mode

    @property
    def target_session(self) -> list[str]:
        """What every target session runs first (see `session_settings`): text in the
        source's encoding, as its readers print it."""
        return session_settings(int(self.tgt.info.server_version), server_encoding(self.src))

    @property
    def same_major(self) -> bool:
        return (
            int(self.src.info.server_version) // 10000 == int(self.tgt.info.server_version) // 10000
        )
