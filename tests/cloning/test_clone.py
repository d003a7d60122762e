"""clone against real servers: the fixture of naive-copy traps, the CLI, refusals."""

from __future__ import annotations

import io
import json

import psycopg
import pytest

from pgshift.cli.main import main
from pgshift.cloning import CloneOptions, Mode, Progress, clone
from pgshift.errors import CloneError

from .helpers import contents, model_changes, schema_text


def _query(dsn: str, text: str) -> list[tuple]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(text)
        return cur.fetchall() if cur.description else []


def test_clone_copies_everything_and_verifies(source, target, copy_path):
    before, source_schema = contents(source), schema_text(source)
    result = clone(source, target, CloneOptions(jobs=2, split_bytes=16 * 1024))

    assert (result.verified, result.schema_check) == (True, "diff+pg_dump")
    assert contents(target) == before
    assert schema_text(target) == source_schema
    assert model_changes(source, target) == []
    # the source was only read
    assert (contents(source), schema_text(source)) == (before, source_schema)
    # split tables were copied in several ranges (ctid range scans exist from 14 on)
    chunks = {t.name: t.chunks for t in result.tables}["Sales-Dept.Order Lines"]
    with psycopg.connect(source) as conn:
        splits = conn.info.server_version >= 140000
    assert chunks > 1 if splits else chunks == 1
    # the audit trigger exists again but did not fire during the copy
    assert _query(target, "select count(*) from app.audit") == [(1000,)]
    assert _query(target, "select tgname from pg_trigger where tgname = 'order_audit'") == [
        ("order_audit",)
    ]
    # the trigger relies on its own search_path and works on the target
    _query(
        target,
        """insert into "Sales-Dept"."Order Lines" (customer_id, amount) values (1, 5)
                      returning 1""",
    )
    assert _query(target, "select count(*) from app.audit") == [(1001,)]
    # sequences: identity continues with its increment, serial stays integer, cycle kept
    assert _query(
        target,
        """select "Line ID" from "Sales-Dept"."Order Lines"
                             order by 1 desc limit 1""",
    ) == [(100 + 5 * 1000,)]
    assert _query(
        target,
        "select data_type from information_schema.sequences"
        " where sequence_name = 'customer_id_seq'",
    ) == [("integer",)]
    assert _query(target, "select nextval('app.empty_one_id_seq')") == [(1,)]
    assert _query(source, "select nextval('app.ticket_seq')") == _query(
        target, "select nextval('app.ticket_seq')"
    )
    # the extension was created; its function is the extension's, not a copy
    assert _query(target, "select count(*) from pg_proc where proname = 'similarity'") == [(1,)]
    # the materialized view was refreshed
    assert _query(target, "select count(*) from app.order_totals") == [(300,)]


def test_schema_only_copies_no_rows(source, target):
    result = clone(source, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    assert result.tables == []
    assert schema_text(target) == schema_text(source)
    assert _query(target, "select count(*) from app.customer") == [(0,)]


def test_data_only_fills_an_existing_schema_without_firing_triggers(source, target):
    clone(source, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    clone(source, target, CloneOptions(mode=Mode.DATA_ONLY, split_bytes=16 * 1024))
    assert contents(target) == contents(source)
    assert _query(target, "select count(*) from app.audit") == [(1000,)]


def test_data_only_refuses_filled_tables(source, target):
    clone(source, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    _query(target, "insert into app.audit (note) values ('x') returning 1")
    with pytest.raises(CloneError, match=r"already have rows: app\.audit"):
        clone(source, target, CloneOptions(mode=Mode.DATA_ONLY))


def test_data_only_without_superuser_is_refused_clearly(pg, source, target):
    clone(source, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    with pg.connect() as conn:
        conn.execute("drop role if exists pgshift_clone_plain")
        conn.execute("create role pgshift_clone_plain login")
    try:
        plain = target.replace("postgres@", "pgshift_clone_plain@", 1)
        with pytest.raises(CloneError) as err:
            clone(source, plain, CloneOptions(mode=Mode.DATA_ONLY))
        assert "session_replication_role = replica" in str(err.value)
        assert "superuser" in str(err.value)
    finally:
        with pg.connect() as conn:
            conn.execute("drop role pgshift_clone_plain")


def test_refuses_a_target_that_is_not_empty(source, target):
    _query(target, "create table keep_me (id int)")
    with pytest.raises(CloneError) as err:
        clone(source, target)
    assert str(err.value) == (
        "the target is not empty (it has relation public.keep_me); clone into a new database, "
        "or use --data-only to fill the tables of a schema that already exists there"
    )
    assert _query(target, "select count(*) from pg_class where relname = 'customer'") == [(0,)]


def test_refuses_the_source_as_target(source):
    same = source + "&application_name=other"
    with pytest.raises(CloneError, match="the source and the target are the same database"):
        clone(source, same)


def test_unreachable_source_is_a_clear_error(target):
    with pytest.raises(Exception) as err:
        clone("postgresql://postgres:hunter2@127.0.0.1:1/nowhere", target)
    message = str(err.value)
    assert message.startswith("source: could not connect to postgres@127.0.0.1:1/nowhere")
    assert "nothing was written to the target" in message
    assert "hunter2" not in message


def test_target_sees_the_snapshot_taken_at_the_start(source, target):
    expected = contents(source)

    class WriteDuringCopy(Progress):
        wrote = False

        def chunk_started(self, label: str, size: int) -> None:
            if self.wrote:
                return
            self.wrote = True
            with psycopg.connect(source, autocommit=True) as conn:
                conn.execute("insert into app.customer (name) values ('late')")
                conn.execute("delete from app.audit where id <= 10")
                conn.execute('update "Sales-Dept"."Order Lines" set amount = 0')
                conn.execute("select nextval('app.ticket_seq')")

    progress = WriteDuringCopy()
    clone(source, target, CloneOptions(jobs=2, split_bytes=16 * 1024), progress=progress)
    assert progress.wrote
    assert contents(target) == expected
    assert contents(source) != expected


def test_cli_prints_a_json_summary_and_nothing_else_in_a_pipe(source, target):
    out, err = io.StringIO(), io.StringIO()
    code = main(["clone", source, target, "--json", "--jobs", "2"], out, err)
    assert (code, err.getvalue()) == (0, "")
    summary = json.loads(out.getvalue())
    assert summary["verified"] is True
    assert {t["name"]: t["rows"] for t in summary["tables"]}["app.customer"] == 300


def test_cli_rejects_schema_only_with_data_only(source, target):
    out, err = io.StringIO(), io.StringIO()
    assert main(["clone", source, target, "--schema-only", "--data-only"], out, err) == 64
    assert "--schema-only and --data-only exclude each other" in err.getvalue()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_shows_progress_per_table_on_a_terminal(source, target):
    out, err = io.StringIO(), _Terminal()
    assert main(["clone", source, target, "--no-verify"], out, err) == 0
    for shown in ("schema", "data", "app.customer", "Sales-Dept.Order Lines", "post-data"):
        assert shown in err.getvalue()
    assert out.getvalue().startswith("cloned postgres@socket ")
    assert out.getvalue().rstrip().endswith("(not verified)")


def test_post_data_runs_whole_when_it_cannot_be_cut(source, target, monkeypatch):
    import pgshift.cloning.schema as schema

    monkeypatch.setattr(schema, "cut_entries", lambda script, kinds, oids=None: ("", []))
    result = clone(source, target)
    assert result.verified
    assert schema_text(target) == schema_text(source)


def test_session_timeouts_of_the_servers_do_not_cut_the_clone_short(source, target):
    # The snapshot's transaction idles while the streams run: a database default that ends
    # idle transactions after 100 ms must not end it.
    name = psycopg.conninfo.conninfo_to_dict(source)["dbname"]
    _query(source, f'alter database "{name}" set idle_in_transaction_session_timeout = 100')
    result = clone(source, target, CloneOptions(split_bytes=16 * 1024))
    assert result.verified


def test_a_source_table_the_role_may_not_read_stops_before_any_write(pg, source, target):
    with pg.connect() as conn:
        conn.execute("drop role if exists pgshift_clone_reader")
        conn.execute("create role pgshift_clone_reader login")
    try:
        _query(source, 'grant usage on schema app, "Sales-Dept" to pgshift_clone_reader')
        reader = source.replace("postgres@", "pgshift_clone_reader@", 1)
        with pytest.raises(CloneError) as err:
            clone(reader, target)
        assert "permission denied" in str(err.value), str(err.value)
        assert "nothing was written to the target" in str(err.value)
        assert _query(target, "select count(*) from pg_namespace where nspname = 'app'") == [(0,)]
    finally:
        _query(source, "drop owned by pgshift_clone_reader")
        with pg.connect() as conn:
            conn.execute("drop role pgshift_clone_reader")


def test_a_writer_error_names_the_table_and_keeps_the_resume_state(source, target, copy_path):
    clone(source, target, CloneOptions(mode=Mode.SCHEMA_ONLY))
    _query(target, "alter table app.audit add constraint no_rows check (id < 0) not valid")
    with pytest.raises(CloneError) as err:
        clone(source, target, CloneOptions(mode=Mode.DATA_ONLY))
    message = str(err.value)
    assert message.startswith("copying rows failed: app.audit: writing the target failed: ")
    assert 'violates check constraint "no_rows"' in message
    assert message.endswith("fix the cause and run again with --resume, or drop the target")
    assert _query(target, "select count(*) from app.audit") == [(0,)]
    _query(target, "alter table app.audit drop constraint no_rows")
    clone(source, target, CloneOptions(mode=Mode.DATA_ONLY, resume=True))
    assert contents(target) == contents(source)


def test_rows_hidden_by_row_level_security_stop_the_clone(pg, database, target, copy_path):
    with pg.connect() as conn:
        conn.execute("drop role if exists pgshift_clone_owner")
        conn.execute("create role pgshift_clone_owner login")
    try:
        for statement in (
            "create table private_notes (id int, body text)",
            "insert into private_notes values (1, 'secret')",
            "alter table private_notes owner to pgshift_clone_owner",
            "alter table private_notes enable row level security",
            "alter table private_notes force row level security",
            "create policy nothing on private_notes using (false)",
        ):
            _query(database, statement)
        owner = database.replace("postgres@", "pgshift_clone_owner@", 1)
        with pytest.raises(CloneError) as err:
            clone(owner, target)
        message = str(err.value)
        assert message.startswith("copying rows failed: public.private_notes: reading the source")
        assert "row-level security" in message
    finally:
        _query(database, "drop table private_notes")
        with pg.connect() as conn:
            conn.execute("drop role pgshift_clone_owner")


def test_a_name_with_a_line_break_is_refused_before_any_write(database, target):
    _query(database, 'create table "two\nlines" (id int)')
    with pytest.raises(CloneError, match="has a name with a line break"):
        clone(database, target)
    assert _query(target, "select count(*) from pg_class where relname like 'two%'") == [(0,)]


def test_cli_rejects_a_malformed_split_size(source, target):
    out, err = io.StringIO(), io.StringIO()
    assert main(["clone", source, target, "--split-size", "lots"], out, err) == 64
    assert "'lots' is not a size such as 256MB" in err.getvalue()


def test_resume_without_an_interrupted_clone_clones_from_the_start(source, target):
    result = clone(source, target, CloneOptions(resume=True))
    assert (result.verified, result.resumed) == (True, False)


def test_cli_summary_line_counts_what_it_copied(database, target):
    _query(database, "create table one (id int); insert into one values (1)")
    out, err = io.StringIO(), io.StringIO()
    assert main(["clone", database, target], out, err) == 0, err.getvalue()
    line = out.getvalue()
    assert line.startswith("cloned postgres@socket "), line
    summary = line.split(": ", 1)[1]
    seconds = summary.split(" in ")[1].split(" s ")[0]
    assert summary == (
        f"1 table, 1 row, 0 sequences in {seconds} s "
        "(verified: rows and checksums, sequences, schema (diff+pg_dump))\n"
    )
