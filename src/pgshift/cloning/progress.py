"""How a clone reports progress: the library calls these; the CLI decides how to show them."""

from __future__ import annotations


class Progress:
    """Receives progress events. The base class ignores them (used in pipes and tests)."""

    def phase(self, name: str) -> None:
        """A phase starts: "schema", "data", "post-data", "sequences", "verify"."""

    def chunk_started(self, label: str, size: int) -> None:
        """A COPY stream starts for a table or a range of one (`size` in bytes on the source)."""

    def chunk_done(self, label: str) -> None:
        """That stream committed."""

    def step_done(self, label: str) -> None:
        """A post-data entry or a verification query finished."""

    def tick(self) -> None:
        """Called often while work runs (a display may redraw its clocks)."""

    def close(self) -> None:
        """The clone ended (successfully or not)."""
