"""Running the bundled PostgreSQL client programs (psql, pg_dump) against a connection string.

The password never reaches a command line (where `ps` would show it): it travels in the child's
environment as PGPASSWORD, and the connection string given to the program has it removed. Every
child is killed when pgshift dies (Linux `PR_SET_PDEATHSIG`), so a `kill -9` of pgshift cannot
leave a writer behind that commits half a table after the fact.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import psycopg
from psycopg import conninfo, sql

from ..db import dsn_params, redact_dsn
from ..errors import CloneError

APPLICATION_NAME = "pgshift clone"
_PR_SET_PDEATHSIG = 1


def tool_path(name: str) -> str:
    """The path of a client program (`psql`, `pg_dump`) from the bundled installation."""
    from ..server import client_bindir

    path = Path(client_bindir()) / name
    if not path.exists():
        raise CloneError(f"the PostgreSQL client program {name} was not found at {path}")
    return str(path)


def connection_args(dsn: str) -> tuple[str, dict[str, str]]:
    """A password-free connection string for `-d`, and the environment carrying the password."""
    params = dsn_params(dsn)
    secret = params.pop("password", None)
    params.setdefault("application_name", APPLICATION_NAME)
    env = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    if secret is not None:
        env["PGPASSWORD"] = secret
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return conninfo.make_conninfo(**params), env


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def spawn(
    program: str,
    args: Sequence[str],
    dsn: str,
    *,
    stdin: int | IO[Any] | None = subprocess.DEVNULL,
    stdout: int | IO[Any] | None = subprocess.DEVNULL,
    stderr: IO[Any] | None = None,
    pass_fds: Sequence[int] = (),
) -> subprocess.Popen[bytes]:
    """Start `program` connected to `dsn` (given as `-d`), dying with this process."""
    target, env = connection_args(dsn)
    return subprocess.Popen(
        [tool_path(program), *args, "-d", target],
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        env=env,
        pass_fds=tuple(pass_fds),
        preexec_fn=_die_with_parent if os.name == "posix" else None,  # noqa: PLW1509
    )


def written_bytes(pid: int) -> int | None:
    """How many bytes a child process has written so far: the kernel's count of its write()
    calls (`wchar` in Linux's /proc/PID/io); None where that cannot be read.

    Reading it costs one small file read and leaves the child's data path alone. The pid must
    be a child not yet reaped, so that it cannot belong to another process meanwhile.
    """
    try:
        with open(f"/proc/{pid}/io", "rb") as io:
            text = io.read()
    except OSError:
        return None
    start = text.find(b"wchar:")
    if start < 0:
        return None
    return int(text[start + 6 : text.index(b"\n", start)])


# Values printed alike by every server, whatever the database's or the role's defaults: rows as
# text (COPY data, checksums of a row's text) read back and compare the same, and psycopg can
# parse them. Dates and intervals in formats every server reads; floats with every digit they
# have (`extra_float_digits = 3`, as pg_dump sets it: a database set to 0 would print 1/3.0 as
# 0.333333333333333, and rows copied or checksummed as text would be silently rounded); times
# with a time zone (and their ranges) in UTC, so a source and a target in different time zones
# print the same rows alike.
VALUE_FORMATS = (
    "SET DateStyle = ISO",
    "SET IntervalStyle = postgres",
    "SET extra_float_digits = 3",
    "SET TimeZone = 'UTC'",
)


# pg_dump writes in UTF8, whatever client_encoding the source's database or role sets: pgshift
# reads its scripts as UTF-8 text, and every server encoding converts to it.
DUMP_ENCODING = "--encoding=UTF8"


def server_encoding(conn: psycopg.Connection[Any]) -> str:
    """The encoding of the database `conn` is connected to."""
    return conn.info.parameter_status("server_encoding") or "UTF8"


def encoding_sql(encoding: str) -> str:
    """`SET client_encoding`: a database's or role's own setting is not inherited."""
    return sql.SQL("SET client_encoding = {}").format(sql.Literal(encoding)).as_string(None)


def session_settings(server_version: int, encoding: str) -> list[str]:
    """What every session of a clone runs first.

    `client_encoding` is the source database's `encoding` on both sides, as pg_dump reads: a
    database or role set to another (LATIN1 on a UTF8 database holding Cyrillic, say) would
    make reading fail, and the writers read the text as the readers wrote it.

    Timeouts a role may carry are lifted: a long COPY, or the snapshot's transaction idling for
    the whole clone, must not be cancelled half-way. `row_security = off` makes a table whose
    row-level security would hide rows from this role an error instead of a partial copy.
    Values are printed in formats every server reads back, floats unrounded (`VALUE_FORMATS`).
    """
    statements = [
        encoding_sql(encoding),
        "SET row_security = off",
        "SET statement_timeout = 0",
        "SET lock_timeout = 0",
        "SET idle_in_transaction_session_timeout = 0",
        *VALUE_FORMATS,
    ]
    if server_version >= 170000:
        statements.append("SET transaction_timeout = 0")
    return statements


def psql_args(*extra: str) -> list[str]:
    """psql with no ~/.psqlrc, quiet (no command tags in COPY output), stopping on errors."""
    return ["-X", "-q", "-v", "ON_ERROR_STOP=1", *extra]


def run_tool(program: str, args: Sequence[str], dsn: str, *, what: str) -> str:
    """Run a client program to completion; return its stdout or raise CloneError."""
    proc = spawn(program, args, dsn, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # type: ignore[arg-type]
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise CloneError(f"could not {what}: {tidy_stderr(err.decode(errors='replace'))}")
    return out.decode()


def tidy_stderr(text: str) -> str:
    """A child's error output as one readable, redacted message."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return redact_dsn("\n".join(lines[-12:])) or "(no error output)"
