"""The verification checksums: equal for equal rows in any order, different otherwise."""

from __future__ import annotations

import psycopg
import pytest

from pgshift.cloning import CloneOptions, Mode, clone
from pgshift.cloning.catalog import load_tables
from pgshift.cloning.verify import checksum_tables
from pgshift.errors import CloneError


@pytest.mark.parametrize("by_value", [False, True])
def test_checksums_ignore_order_and_catch_a_changed_value(source, target, tmp_path, by_value):
    clone(source, target, CloneOptions(verify=False))
    with psycopg.connect(target, autocommit=True) as conn:
        tables = load_tables(conn)
        conn.execute("cluster app.audit using audit_note_once")  # same rows, other order
        conn.execute(
            'update "Sales-Dept"."Order Lines" set amount = amount + 0.01 where "Line ID" = 105'
        )
    assert {t.label for t in tables if t.hashable} >= {"app.audit", "Sales-Dept.Order Lines"}
    assert "app.customer" not in {t.label for t in tables if t.hashable}  # enum, point, ...
    sums = checksum_tables(
        tables,
        source=source,
        target=target,
        snapshot_sql=[],
        target_sql=[],
        workdir=tmp_path,
        jobs=2,
        by_value=by_value,
    )
    differing = {key for key, (a, b) in sums.items() if a != b}
    assert differing == {("Sales-Dept", "Order Lines")}
    lines = sums[("Sales-Dept", "Order Lines")]
    assert lines[0].rows == lines[1].rows


def test_the_source_checksums_of_streamed_tables_are_read_once_during_the_data_phase(
    source, target, monkeypatch
):
    from pgshift.cloning import inprocess, verify

    monkeypatch.setattr(inprocess, "SMALL_TABLE_BYTES", -1)  # every table streamed
    keys: list[str] = []
    real = verify.ChecksumJob.__init__

    def recorded(self, *args, **kwargs):
        keys.append(kwargs["key"].rstrip("0123456789"))
        real(self, *args, **kwargs)

    monkeypatch.setattr(verify.ChecksumJob, "__init__", recorded)
    result = clone(source, target, CloneOptions(jobs=2))
    assert result.verified
    tables = len(result.tables)
    # the source's in a free slot of the data phase; the target's after; no source read again
    assert sorted(keys) == ["early-sum-"] * tables + ["sum-t"] * tables


def _spy_on_reads(monkeypatch) -> list[tuple[bool, str]]:
    """(give_way, what happened) for each read of the target's checks."""
    from pgshift.cloning import run as clone_run

    reads: list[tuple[bool, str]] = []
    real = clone_run._RowChecks._read

    def spied(self, *, give_way):
        try:
            result = real(self, give_way=give_way)
        except Exception as exc:
            reads.append((give_way, str(exc)))
            raise
        reads.append((give_way, "read"))
        return result

    monkeypatch.setattr(clone_run._RowChecks, "_read", spied)
    return reads


def test_the_targets_rows_are_checked_once_while_post_data_runs(source, target, monkeypatch):
    reads = _spy_on_reads(monkeypatch)
    assert clone(source, target).verified
    assert reads == [(True, "read")]


def test_the_targets_checks_give_way_to_a_lock_held_while_post_data_runs(
    source, target, monkeypatch
):
    # The target's rows are checked while post-data runs; a table locked meanwhile (by
    # post-data's DDL, or here by another session) must not hold the clone up: the check waits
    # at most half of deadlock_timeout, then reads again once post-data is done.
    from pgshift.cloning import run as clone_run

    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("create table lonely (id int); insert into lonely values (1), (2)")
    real = clone_run.run_serial
    released = []

    def with_a_lock_held(job, **kwargs):
        with psycopg.connect(target) as holder:
            holder.execute("lock table public.lonely in access exclusive mode")
            real(job, **kwargs)
            holder.rollback()
            released.append(True)

    monkeypatch.setattr(clone_run, "run_serial", with_a_lock_held)
    reads = _spy_on_reads(monkeypatch)
    result = clone(source, target)
    assert (result.verified, released) == (True, [True])
    assert [give_way for give_way, _ in reads] == [True, False]
    assert reads[0][1] == (
        "verification could not read public.lonely on the target: "
        "canceling statement due to lock timeout"
    )
    assert reads[1][1] == "read"
    assert {t.name: t.rows for t in result.tables}["public.lonely"] == 2


COLLIDING = """
create schema "a.b"; create schema a;
create table "a.b".c (id int, note text);
create table a."b.c" (id int, note text);
"""


@pytest.mark.parametrize("changed", ['"a.b".c', 'a."b.c"'])
def test_tables_whose_labels_collide_are_each_verified(
    database, shadow_database, copy_path, changed
):
    """`"a.b".c` and `a."b.c"` are both labelled a.b.c: each is checked against itself, so a
    row the target changes in either one fails verification."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(COLLIDING)
        conn.execute(
            """insert into "a.b".c values (1, 'one'); insert into a."b.c" values (2, 'two')"""
        )
    with psycopg.connect(shadow_database, autocommit=True) as conn:
        conn.execute(COLLIDING)
        # fires even in --data-only's replica mode: the rows of one table change as they arrive
        conn.execute(
            "create function damage() returns trigger language plpgsql as"
            " $$ begin new.note := new.note || '!'; return new; end $$"
        )
        conn.execute(
            f"create trigger damage before insert on {changed} for each row"
            " execute function damage()"
        )
        conn.execute(f"alter table {changed} enable always trigger damage")
    with pytest.raises(CloneError) as err:
        clone(database, shadow_database, CloneOptions(mode=Mode.DATA_ONLY))
    assert "verification failed" in str(err.value)
    assert "table a.b.c: source 1 rows" in str(err.value)
