"""Copy the bundled library's SQL into `src/pgshift/library/released/`: the baseline that
`pgshift library check` compares against. Run it when a release is cut (and only then: between
releases the snapshot is what deployed databases run).

    python tools/snapshot_library.py          # refresh the snapshot
    python tools/snapshot_library.py --check  # exit 1 when the snapshot differs from the SQL
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent.parent / "src" / "pgshift" / "library"
SOURCE = LIBRARY / "sql"
SNAPSHOT = LIBRARY / "released"


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*.sql"))
        if p.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only")
    args = parser.parse_args(argv)
    source, snapshot = _files(SOURCE), _files(SNAPSHOT)
    if args.check:
        differ = sorted(
            set(source) ^ set(snapshot) | {k for k in source if snapshot.get(k) != source[k]}
        )
        for name in differ:
            print(f"differs: {name}")
        return 1 if differ else 0
    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)
    for name, data in source.items():
        target = SNAPSHOT / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"snapshot: {len(source)} files in {SNAPSHOT.relative_to(LIBRARY.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
