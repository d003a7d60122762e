"""Pre-data and post-data DDL, rendered by the bundled pg_dump/pg_restore and run by psql.

pg_dump knows every object kind of every server version, so pgshift takes the schema from it
(one `--schema-only` archive read in the clone's snapshot) and keeps the planning: the pre-data
script runs in one transaction; the post-data script is cut into its entries so that keys and
indexes build in parallel, then foreign keys, then the rest (triggers, policies, comments) in
pg_restore's order. Materialized views are refreshed by `refresh_materialized_views` because a
schema-only archive leaves their data out.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import CloneError
from ._tools import DUMP_ENCODING, spawn, tidy_stderr

STATE_SCHEMA = "pgshift_clone"


# Post-data runs in this order; entries of the first group build in parallel.
_GROUPS = (
    ("INDEX", "CONSTRAINT", "KEY INDEX"),
    ("KEY USING INDEX",),
    ("INDEX ATTACH",),
    ("FK CONSTRAINT",),
)


@dataclass(frozen=True)
class Entry:
    """One post-data entry of the archive: its kind, source OID, session settings and SQL.

    `part` tells the two halves of a key constraint apart when it is built as a unique index
    first (see `postdata.split_key_constraints`).
    """

    index: int
    kind: str
    header: str
    body: str
    oid: int = 0
    settings: str = ""
    part: str = ""
    table: str | None = None  # for indexes and keys: the table whose rows must be in first
    weight: int = 0  # that table's size: larger ones build first
    whole: str = ""  # a split key's attaching half: the constraint's own statement(s)

    @property
    def sql(self) -> str:
        return self.settings + self.body

    @property
    def step(self) -> str:
        """The name of its done mark in the resume state."""
        return f"post-data:{self.index}{':' + self.part if self.part else ''}"

    @property
    def group(self) -> int:
        """Its place in `_GROUPS`; everything else comes last, in pg_restore's order."""
        for n, kinds in enumerate(_GROUPS):
            if self.kind in kinds:
                return n
        return len(_GROUPS)


@dataclass(frozen=True)
class SchemaScripts:
    """The source schema as psql scripts for one target."""

    pre_data: str
    post_data: str
    entries: list[Entry]  # post_data cut into entries; empty when it could not be cut safely
    prologue: str  # settings every post-data entry runs under


class ArchiveDump:
    """pg_dump writing the source's schema as a custom-format archive, read in `snapshot_id`,
    started at once and waited for by `wait()` (the caller reads the catalog meanwhile)."""

    def __init__(self, source: str, snapshot_id: str, path: Path) -> None:
        self.path = path
        self._err = path.with_suffix(".err")
        args = [
            "--schema-only",
            "--format=custom",
            f"--snapshot={snapshot_id}",
            "--no-subscriptions",
            f"--exclude-schema={STATE_SCHEMA}",
            DUMP_ENCODING,
            f"--file={path}",
        ]
        with open(self._err, "wb") as err:
            self._proc = spawn("pg_dump", args, source, stderr=err)

    def wait(self) -> Path:
        """The archive, once pg_dump is done; CloneError if it failed."""
        if self._proc.wait() != 0:
            message = tidy_stderr(self._err.read_text(errors="replace"))
            raise CloneError(f"could not read the source schema with pg_dump: {message}")
        return self.path

    def kill(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def render_scripts(
    archive: Path, *, target_settings: set[str], owners: bool = False
) -> SchemaScripts:
    """Render the archive as scripts for a target knowing the settings in `target_settings`.

    A pg_restore script starts with `SET name = value;` lines; those the target server does not
    know (a newer server's settings, such as `transaction_timeout` for a PostgreSQL 16 target)
    are dropped, since they only reset timeouts to their defaults.
    """
    # Three pg_restore runs over one archive, at the same time (into files, so that none waits
    # for its pipe to be read): the schema's first write waits for them.
    keep_owners = [] if owners else ["--no-owner"]
    runs = {
        "pre-data": ["--section=pre-data", *keep_owners, "--file=-"],
        "post-data": ["--section=post-data", *keep_owners, "--file=-"],
        "table of contents": ["--list", "--section=post-data"],
    }
    pg_restore = _pg_restore()
    with contextlib.ExitStack() as stack:
        started = {}
        for name, args in runs.items():
            out, err = (stack.enter_context(tempfile.TemporaryFile()) for _ in range(2))
            command = [pg_restore, *args, str(archive)]
            started[name] = (subprocess.Popen(command, stdout=out, stderr=err), out, err)
        for run, _, _ in started.values():
            run.wait()
        texts = {name: _output(name, *run) for name, run in started.items()}
    pre = _drop_unknown_settings(texts["pre-data"], target_settings)
    post = _drop_unknown_settings(texts["post-data"], target_settings)
    kinds, oids = _post_data_toc(texts["table of contents"])
    prologue, entries = cut_entries(post, kinds, oids)
    return SchemaScripts(pre, post, entries, prologue)


def _output(name: str, run: subprocess.Popen[bytes], out: IO[bytes], err: IO[bytes]) -> str:
    """What a finished pg_restore wrote; a CloneError with its message if it failed."""
    out.seek(0)
    if run.returncode != 0:
        err.seek(0)
        what = name if name == "table of contents" else f"{name} script"
        raise CloneError(
            f"pg_restore could not render the {what}: "
            f"{tidy_stderr(err.read().decode(errors='replace'))}"
        )
    return out.read().decode()


def _pg_restore() -> str:
    from ._tools import tool_path

    return tool_path("pg_restore")


def _post_data_toc(listing: str) -> tuple[list[str], list[int]]:
    """The kind and source OID of each post-data entry, in order, from `pg_restore --list`."""
    kinds, oids = [], []
    for line in listing.splitlines():
        if not line or line.startswith(";"):
            continue
        # "<id>; <catalog oid> <object oid> <KIND...> <schema> <name> <owner>"
        _, oid, rest = line.split(";", 1)[1].split(None, 2)
        kinds.append(_leading_kind(rest))
        oids.append(int(oid))
    return kinds, oids


_MULTIWORD_KINDS = (
    "FK CONSTRAINT",
    "INDEX ATTACH",
    "CHECK CONSTRAINT",
    "ROW SECURITY",
    "EVENT TRIGGER",
    "SECURITY LABEL",
    "DEFAULT ACL",
    "STATISTICS DATA",
    "PUBLICATION TABLE",
    "PUBLICATION TABLES IN SCHEMA",
    "MATERIALIZED VIEW DATA",
)


def _leading_kind(text: str) -> str:
    for kind in sorted(_MULTIWORD_KINDS, key=len, reverse=True):
        if text.startswith(kind + " "):
            return kind
    return text.split(" ", 1)[0]


def _drop_unknown_settings(script: str, known: set[str]) -> str:
    """The script without the prologue's `SET` lines for settings not in `known`.

    Only the prologue (before the first entry) is looked at: entries' own text, function bodies
    included, is never touched.
    """
    cut = script.find("\n-- Name: ")
    head, rest = (script, "") if cut < 0 else (script[:cut], script[cut:])
    kept = [
        line
        for line in head.splitlines(keepends=True)
        if _setting_name(line) is None or _setting_name(line) in known
    ]
    return "".join(kept) + rest


def _setting_name(line: str) -> str | None:
    """`x` for a line of the exact form pg_restore writes, `SET x = value;`; else None."""
    if not line.startswith("SET ") or not line.rstrip().endswith(";"):
        return None
    name, sep, _ = line[4:].partition(" = ")
    return name if sep and name.replace("_", "").isalnum() else None


def cut_entries(
    script: str, kinds: Sequence[str], oids: Sequence[int] | None = None
) -> tuple[str, list[Entry]]:
    """Cut a pg_restore script at its `-- Name: ...; Type: ...` headers.

    Returns the prologue (settings before the first entry) and the entries, each prefixed with
    the `SET` lines pg_restore wrote between entries before it (default_tablespace and the like,
    which change session state). The cut is checked against the archive's table of contents
    (`kinds`): on any mismatch no entries are returned and the caller runs the script whole.
    """
    lines = script.splitlines(keepends=True)
    starts = [
        i
        for i in range(len(lines) - 2)
        if lines[i] == "--\n" and lines[i + 1].startswith("-- Name: ") and lines[i + 2] == "--\n"
    ]
    if len(starts) != len(kinds):
        return "", []
    prologue = [ln for ln in lines[: starts[0]] if _is_setting(ln)] if starts else []
    state: dict[str, str] = {}
    entries: list[Entry] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else _trailer_start(lines)
        header = lines[start + 1]
        if f"; Type: {kinds[n]}; " not in header:
            return "", []
        body = lines[start + 3 : end]
        following: list[str] = []  # settings written for the next entry
        while body and (not body[-1].strip() or _setting_name(body[-1]) is not None):
            line = body.pop()
            if line.strip():
                following.insert(0, line)
        entries.append(
            Entry(
                n,
                kinds[n],
                header[3:].strip(),
                "".join(body),
                oid=oids[n] if oids else 0,
                settings="".join(state.values()),
            )
        )
        for line in following:
            state[str(_setting_name(line))] = line
    return "".join(prologue), entries


def _is_setting(line: str) -> bool:
    return _setting_name(line) is not None or line.startswith("SELECT pg_catalog.set_config(")


def _trailer_start(lines: list[str]) -> int:
    for i in range(len(lines) - 1, 0, -1):
        if lines[i].startswith("-- PostgreSQL database dump complete"):
            return i - 1
    return len(lines)


@dataclass(frozen=True)
class SchemaHead:
    """The psql arguments that create the schema (see `schema_head`), and the scripts they run
    by path (to name the entry an error happened in)."""

    args: list[str]
    scripts: dict[str, str]
    done_file: Path | None = None  # written once the schema is committed


def schema_head(
    scripts: SchemaScripts,
    workdir: Path,
    *,
    before: str = "",
    kept: str = "",
    rehearsed: str | None = None,
    after: str = "",
    done_file: Path | None = None,
    large_objects: str = "",
) -> SchemaHead:
    """The psql arguments that create the pre-data objects, having tried post-data on them, in
    one transaction.

    They run `before`, pre-data, `large_objects` (their creation), `kept` (post-data entries
    built now, on empty tables), the rest
    of post-data (`rehearsed`, default all of it) inside a savepoint that is rolled back, then
    `after`, commit, and write a line into `done_file` (closed at once, so that it is there for
    another process to see while psql goes on).
    Every statement the clone will run is thus tried by the target server before anything is
    kept, so an older server lacking a feature of the source fails here and leaves the target
    as it was; pre-data runs once.
    """
    post = scripts.post_data if rehearsed is None else rehearsed
    texts = {
        "before": before,
        "pre": scripts.pre_data,
        "large-objects": large_objects,
        "kept": kept,
        "post": post,
    }
    files = {name: workdir / f"schema-{name}.sql" for name in texts}
    for name, text in texts.items():
        files[name].write_text(text)
    args = [
        "-c", "BEGIN", "-f", str(files["before"]), "-f", str(files["pre"]),
        "-f", str(files["large-objects"]), "-f", str(files["kept"]),
        "-c", "SAVEPOINT pgshift_rehearsal", "-f", str(files["post"]),
        "-c", "ROLLBACK TO SAVEPOINT pgshift_rehearsal", "-c", after or "SELECT",
        "-c", "COMMIT",
    ]  # fmt: skip
    if done_file is not None:
        quoted = "'" + str(done_file).replace("'", "''") + "'"
        args += ["-c", f"\\o {quoted}", "-c", "\\qecho committed", "-c", "\\o"]
    by_path = {str(files[name]): text for name, text in texts.items() if name != "before"}
    return SchemaHead(args, by_path, done_file)


def schema_failed(head: SchemaHead, error: str) -> bool:
    """Whether psql's `error` happened in the schema scripts."""
    return any(f"psql:{path}:" in error for path in head.scripts) or "psql:<stdin>:" not in error


def schema_error(head: SchemaHead, error: str, *, describe: str, resumed: bool) -> CloneError:
    left = (
        "the target holds only pgshift's resume state: fix the cause and run again with "
        "--resume, or drop the target"
        if resumed
        else "nothing was written to the target"
    )
    return CloneError(
        f"the target cannot hold the source's schema ({describe}): "
        f"{explain_error(error, head.scripts)}; {left}"
    )


def explain_error(error: str, scripts: dict[str, str]) -> str:
    """psql's error, plus the `-- Name:` header of the entry that failed when it can be found."""
    message = tidy_stderr(error)
    for path, text in scripts.items():
        marker = f"psql:{path}:"
        if marker not in error:
            continue
        try:
            line_no = int(error.split(marker, 1)[1].split(":", 1)[0])
        except ValueError:
            continue
        lines = text.splitlines()[:line_no]
        for line in reversed(lines):
            if line.startswith("-- Name: "):
                return f"{message.replace(marker, 'line ')} (in {_entry_label(line[3:])})"
    return message


def _entry_label(header: str) -> str:
    """`TABLE public.shapes` from `Name: shapes; Type: TABLE; Schema: public; Owner: -`."""
    fields = dict(part.partition(": ")[::2] for part in header.strip().split("; "))
    schema = fields.get("Schema", "-")
    name = fields.get("Name", "?")
    return f"{fields.get('Type', 'object')} {name if schema == '-' else schema + '.' + name}"
