"""Testing a pgshift project with pytest (docs/testing.md).

The plugin (`plugin.py`, registered as the `pgshift` pytest11 entry point) gives each test a
fresh, migrated database cloned from a template (`templates.py`) on the project's embedded test
server or a server the user names (`servers.py`); `databases.py` makes and drops them. The
built-in checks (`checks.py`) are turned on by a project's conftest:

    pytest_plugins = ["pgshift.testing.checks"]

The embedded test server is left running between sessions, as the development server is:

    python -c "import pgshift.testing as t; t.stop_test_server()"     # stop it
    python -c "import pgshift.testing as t; t.destroy_test_server()"  # delete it

pytest imports this package in every session (the plugin lives in it), so it imports nothing
until a name is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .servers import destroy_test_server as destroy_test_server
    from .servers import stop_test_server as stop_test_server

__all__ = ["destroy_test_server", "stop_test_server"]


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name not in __all__:
            raise AttributeError(f"module 'pgshift.testing' has no attribute {name!r}")
        return getattr(importlib.import_module("pgshift.testing.servers"), name)
