import subprocess
import sys

import pgshift


def test_every_public_name_resolves():
    for name in pgshift.__all__:
        assert getattr(pgshift, name) is not None, name


def test_cli_start_does_not_import_the_heavy_parts():
    code = (
        "import sys; from pgshift.cli.main import main; import io;"
        "main(['--help'], io.StringIO(), io.StringIO());"
        "print(sorted(m for m in ('rich', 'pglast', 'pgshift.clone', 'pgshift.diff', 'watchfiles') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
