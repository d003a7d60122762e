"""--help says what the code does: lists come from the code's own tables."""

import io

from pgshift.cli.main import main
from pgshift.inspect.census import UNREAD_KINDS


def _help(*args):
    out, err = io.StringIO(), io.StringIO()
    assert main([*args, "--help"], out, err) == 0
    return " ".join(out.getvalue().split())  # click wraps lines


def test_diff_and_inspect_help_name_exactly_the_kinds_not_read():
    for command in ("diff", "inspect"):
        text = _help(command)
        for _, several in UNREAD_KINDS.values():
            assert several in text, (command, several)
        # read since the census was written: they must not be listed as unread
        assert "rules" not in text and "collations" not in text


def test_debug_is_documented_on_every_command():
    assert "--debug Show the traceback of an error." in _help("migrate")
    assert "--debug" in _help()


def test_watch_help_says_what_it_watches_and_how_to_stop():
    text = _help("watch")
    assert "current.sql (or current/ folder) and fixtures/" in text
    assert "Stop with Ctrl-C (exit code 130)." in text
