"""Building a large model without Python's cycle collector running through it.

Reading thousands of tables makes hundreds of thousands of small objects (rows, columns, keys,
JSON-ready dictionaries). Each allocation counts towards the collector's next pass, and its
passes walk every object still alive, so the model being built is walked again and again:
a quarter of the time of `inspect --json` on 3,000 tables. Nothing built there refers to
itself, so the collector has nothing to find; it is paused while such a model is built and
runs again as before afterwards (what it finds then, it collects then).

Everything built during a pause is in the collector's youngest generation when it ends, so its
next passes walk all of it, once per generation. In the CLI's own process, which ends soon
after writing out what it built, `freeze_on_resume()` moves it out of the collector's sight
instead (`gc.freeze`: still freed by reference counting, never walked).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # blocks inside collector_paused(), in any thread
_paused_here = False  # whether the first of them disabled the collector
_freeze_on_resume = False


def freeze_on_resume() -> None:
    """From now on, when the last pause ends, what was built meanwhile is frozen (see above).
    For a short-lived process only: objects frozen are never walked, so a cycle among them
    would never be collected."""
    global _freeze_on_resume
    _freeze_on_resume = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (also usable as a decorator). It starts again
    when the last such block, in any thread, ends, unless it was off before the first."""
    global _pauses, _paused_here
    with _lock:
        if _pauses == 0:
            _paused_here = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _paused_here:
                if _freeze_on_resume:
                    gc.freeze()
                gc.enable()
