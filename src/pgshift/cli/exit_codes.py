"""Exit codes: one table for every command (docs/cli.md, "Exit codes").

Codes 0 to 7 are outcomes of a command that did its work (status's bitmap, findings of verify,
compat and lint, diff's changes); an error never uses them, so a script can tell "pending" from
"could not even look". `FAILURE` and `USAGE` are the errors.
"""

from __future__ import annotations

from typing import Final

OK: Final = 0
FINDINGS: Final = 1  # verify, compat, lint: something was found (status: bit 1, pending)
USAGE: Final = 64  # the command line was wrong: unknown option, missing argument, --erase
FAILURE: Final = 65  # the command could not do its work: configuration, connection, SQL, files
INTERRUPTED: Final = 130  # Ctrl-C
