"""The README's two set-up commands: the first runs end to end; the second is what CI runs."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from pgshift import server

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second():
    commands = _commands()
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_main_job_command_runs_against_the_embedded_server(tmp_path):
    install, rest = _commands()[0].split(" && ", 1)
    assert install == "pip install ."
    rest = rest.replace('cd "$(mktemp -d)"', f'cd "{tmp_path}"')
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    try:
        result = subprocess.run(
            ["bash", "-c", rest],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr
        assert "committed 000001-add-users.sql" in result.stdout
        assert "pending: none" in result.stdout and "current: blank" in result.stdout
    finally:
        server.stop(tmp_path)
        shutil.rmtree(server.layout_for(tmp_path).cluster_dir, ignore_errors=True)
