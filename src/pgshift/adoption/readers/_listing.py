"""The files of a migrations folder that is read one level deep."""

from __future__ import annotations

from pathlib import Path

from ..source import Source, is_hidden, unknown_file


def list_files(source: Source) -> list[Path]:
    """The files directly in the source folder, sorted by name; a subfolder is refused (these
    tools read one folder, so a subfolder would be left out silently)."""
    paths: list[Path] = []
    for path in sorted(source.folder.iterdir()):
        if is_hidden(path):
            continue
        if path.is_dir():
            raise unknown_file(
                source.tool,
                path,
                source.folder,
                hint=f"a folder; {source.tool.label} reads only the files directly in the "
                "migrations folder",
            )
        paths.append(path)
    return paths
