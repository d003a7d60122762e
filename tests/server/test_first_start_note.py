"""The first-start line reaches the user from ordinary commands, not only from `db start`."""

from pgshift.targets import Target


def test_an_ordinary_command_prints_the_first_start_line_once(monkeypatch, tmp_path):
    import io

    import pgshift.targets as targets
    from pgshift.cli.main import main

    (tmp_path / "pgshift.toml").write_text("")
    (tmp_path / "migrations" / "committed").mkdir(parents=True)
    notes = iter(
        ["started embedded PostgreSQL 18 (data in /x); stop it with 'pgshift db stop'", None]
    )

    def fake_resolve(config):
        return Target("postgresql://u@/nowhere?host=/nonexistent", None, None, True, next(notes))

    monkeypatch.setattr(targets, "resolve_target", fake_resolve)
    monkeypatch.chdir(tmp_path)
    for expected in (True, False):
        out, err = io.StringIO(), io.StringIO()
        main(["status"], out, err)
        assert (
            "pgshift: started embedded PostgreSQL 18 (data in /x); stop it with 'pgshift db stop'\n"
            in err.getvalue()
        ) is expected
