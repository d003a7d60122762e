"""Generate a VS Code `.code-snippets` file from annotated SQL folders (the file I/O side).

Sources are read in a fixed order (the bundled library first, then the project's migrations
folder, then each `--from` folder; files in path order), so the output never depends on the file
system. See docs/authoring.md.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import SnippetError
from ..sqltext import display_name
from .model import Problem, Snippet
from .parse import parse_code_snippets, parse_sql_snippets

LIBRARY_PREFIX = "shift-"
DEFAULT_OUTPUT = Path(".vscode") / "pgshift.code-snippets"
MULTITENANCY_MARK = "multitenancy"


@dataclass(frozen=True)
class SnippetSource:
    """A folder to read `.sql` and `.code-snippets` files from; `label` names it in messages."""

    folder: Path
    prefix: str
    label: str


@dataclass(frozen=True)
class SnippetsResult:
    """What `generate_snippets` did: `changed` means the file on disk differs (or is missing)."""

    path: Path
    text: str
    count: int
    changed: bool
    written: bool
    diff: str


def library_folder() -> Path:
    """The bundled library's folder inside the installed package."""
    return Path(__file__).resolve().parent.parent / "library"


def library_sources() -> list[SnippetSource]:
    """The bundled library: annotated SQL (`library/sql`), custom snippets (`library/snippets`)."""
    base = library_folder()
    return [
        SnippetSource(base / "sql", LIBRARY_PREFIX, "pgshift/library/sql"),
        SnippetSource(base / "snippets", LIBRARY_PREFIX, "pgshift/library/snippets"),
    ]


def source_files(source: SnippetSource, *, multitenancy: bool) -> list[Path]:
    """The `.sql` and `.code-snippets` files of a source folder, in path order.

    Files whose path (inside the folder) contains `multitenancy` are left out unless asked for.
    """
    if not source.folder.is_dir():
        return []
    found = []
    for path in source.folder.rglob("*"):
        if path.suffix not in (".sql", ".code-snippets") or not path.is_file():
            continue
        relative = path.relative_to(source.folder).as_posix()
        if MULTITENANCY_MARK in relative and not multitenancy:
            continue
        found.append((relative, path))
    return [path for _, path in sorted(found)]


def collect_snippets(
    sources: Sequence[SnippetSource], *, multitenancy: bool, skip: Iterable[Path] = ()
) -> dict[str, dict[str, Any]]:
    """Every snippet of `sources`, keyed and sorted by name; raises `SnippetError` on any mistake.

    Entries from SQL come first; entries from `.code-snippets` files are merged after them and
    win on equal keys. Two annotated functions with the same key are an error, unless they are
    the same function in different files: then the later file wins (a later migration redefines
    the function).
    """
    skipped = {p.resolve() for p in skip}
    generated: dict[str, Snippet] = {}
    custom: dict[str, Snippet] = {}
    problems: list[Problem] = []
    for source in sources:
        for path in source_files(source, multitenancy=multitenancy):
            if path.resolve() in skipped:
                continue
            label = f"{source.label}/{path.relative_to(source.folder).as_posix()}"
            try:
                text = path.read_text(encoding="utf-8-sig")  # editors on Windows add a BOM
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(label, 1, f"cannot read the file: {exc}"))
                continue
            if path.suffix == ".sql":
                found, trouble = parse_sql_snippets(text, path=label, prefix=source.prefix)
                problems += trouble + _same_file_duplicates(found)
                problems += _other_file_duplicates(found, generated)
                generated.update((s.key, s) for s in found)
            else:
                found, trouble = parse_code_snippets(text, path=label)
                problems += trouble
                custom.update((s.key, s) for s in found)
    if problems:
        raise SnippetError(problems)
    merged = {key: s.entry for key, s in generated.items()}
    merged.update((key, s.entry) for key, s in custom.items())
    return {key: merged[key] for key in sorted(merged)}


def _same_file_duplicates(snippets: list[Snippet]) -> list[Problem]:
    first: dict[str, Snippet] = {}
    problems = []
    for snippet in snippets:
        if snippet.key in first:
            problems.append(
                Problem(
                    snippet.path,
                    snippet.line,
                    f"duplicate key {snippet.key!r}: line {first[snippet.key].line} already "
                    "annotates a function of that name (annotate one overload only)",
                )
            )
        else:
            first[snippet.key] = snippet
    return problems


def _other_file_duplicates(snippets: list[Snippet], earlier: dict[str, Snippet]) -> list[Problem]:
    """Keys taken by a different function in an earlier file (`app.do_it`, `app."Do_It"`)."""
    problems = []
    for snippet in snippets:
        before = earlier.get(snippet.key)
        if before is None or before.function == snippet.function:
            continue
        problems.append(
            Problem(
                snippet.path,
                snippet.line,
                f"duplicate key {snippet.key!r}: {_shown(snippet)} here and {_shown(before)} "
                f"at {before.path}:{before.line} are different functions; "
                "annotate only one of them",
            )
        )
    return problems


def _shown(snippet: Snippet) -> str:
    return display_name(*(snippet.function or ()))


def render_snippets(entries: dict[str, dict[str, Any]]) -> str:
    """The file text: two-space JSON in the given order, non-ASCII kept, trailing newline."""
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def project_sources(config: Config, extra: Sequence[Path], prefix: str) -> list[SnippetSource]:
    """The project's migrations folder plus each `--from` folder, all with `prefix`."""
    sources = [SnippetSource(config.migrations_dir, prefix, _label(config.migrations_dir, config))]
    for folder in extra:
        folder = folder if folder.is_absolute() else config.root / folder
        sources.append(SnippetSource(folder, prefix, _label(folder, config)))
    return sources


def _label(folder: Path, config: Config) -> str:
    try:
        return folder.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return str(folder)


def generate_snippets(
    config: Config,
    *,
    output: Path | None = None,
    extra: Sequence[Path] = (),
    prefix: str = LIBRARY_PREFIX,
    multitenancy: bool = False,
    check: bool = False,
    include_library: bool | None = None,
) -> SnippetsResult:
    """Build the snippets file for the project and write it (or, with `check`, only compare).

    The bundled library is a source unless `include_library` is false (default: when the
    project installs it, `[library] install`). Nothing is written when any source has a
    mistake (`SnippetError`) or when `check` is set.
    """
    path = output if output is not None else DEFAULT_OUTPUT
    path = path if path.is_absolute() else config.root / path
    for folder in extra:
        resolved = folder if folder.is_absolute() else config.root / folder
        if not resolved.is_dir():
            from ..errors import UsageError

            raise UsageError(f"--from {folder}: no such folder")
    if include_library is None:
        include_library = config.library_install
    sources = (library_sources() if include_library else []) + project_sources(
        config, extra, prefix
    )
    multitenancy = multitenancy or config.library_multitenancy
    entries = collect_snippets(sources, multitenancy=multitenancy, skip=[path])
    text = render_snippets(entries)
    try:
        current: str | None = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    changed = current != text
    diff = ""
    if changed:
        shown = _label(path, config)
        diff = "".join(
            difflib.unified_diff(
                (current or "").splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"{shown} (on disk)" if current is not None else "/dev/null",
                tofile=f"{shown} (generated)",
            )
        )
    written = False
    if changed and not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written = True
    return SnippetsResult(path, text, len(entries), changed, written, diff)
