"""Pure logic: chunk planning, cutting pg_restore scripts, normalizing dumps."""

from __future__ import annotations

from pgshift.cloning.catalog import Table
from pgshift.cloning.plan import MIN_SPLIT_BYTES, choose_split_bytes, plan_chunks
from pgshift.cloning.schema import cut_entries
from pgshift.cloning.verify import normalize_dump


def _table(name: str, size: int) -> Table:
    return Table("public", name, size, ("id",), ("id",))


def test_large_tables_are_cut_into_page_ranges_covering_everything():
    chunks = plan_chunks(
        [_table("big", 100 * 8192), _table("small", 8192)], split_bytes=30 * 8192, block_size=8192
    )
    big = [c for c in chunks if c.table.name == "big"]
    assert [(c.first_page, c.end_page) for c in big] == [(0, 25), (25, 50), (50, 75), (75, None)]
    assert [c.label for c in big][0] == "public.big [1/4]"
    assert [c for c in chunks if c.table.name == "small"][0].is_whole


def test_no_split_on_servers_without_tid_range_scans():
    chunks = plan_chunks(
        [_table("big", 100 * 8192)], split_bytes=8192, block_size=8192, can_split=False
    )
    assert len(chunks) == 1


def test_split_size_keeps_every_job_busy_but_not_below_the_minimum():
    assert choose_split_bytes([_table("a", 8 * 2**30)], jobs=2) == 0  # never: too few cores
    assert choose_split_bytes([_table("a", 10)], jobs=4) == MIN_SPLIT_BYTES
    assert choose_split_bytes([_table("a", 8 * 2**30)], jobs=8) == 2**30


SCRIPT = """\
--
-- PostgreSQL database dump
--

\\restrict abc

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

SET default_tablespace = '';

--
-- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_pkey PRIMARY KEY (id);


SET default_tablespace = fast;

--
-- Name: t_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX t_idx ON public.t USING btree (v);


--
-- PostgreSQL database dump complete
--

\\unrestrict abc
"""


def test_post_data_is_cut_into_entries_carrying_session_settings():
    prologue, entries = cut_entries(SCRIPT, ["CONSTRAINT", "INDEX"])
    assert prologue == (
        "SET statement_timeout = 0;\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "SET default_tablespace = '';\n"
    )
    assert [e.kind for e in entries] == ["CONSTRAINT", "INDEX"]
    assert "SET default_tablespace" not in entries[0].sql
    assert entries[1].sql.startswith("SET default_tablespace = fast;\n")
    assert entries[1].sql.rstrip().endswith("CREATE INDEX t_idx ON public.t USING btree (v);")


def test_a_cut_that_does_not_match_the_table_of_contents_is_refused():
    assert cut_entries(SCRIPT, ["CONSTRAINT"]) == ("", [])
    assert cut_entries(SCRIPT, ["CONSTRAINT", "TRIGGER"]) == ("", [])


def test_normalized_dumps_ignore_comments_ownership_and_meta_commands():
    text = "-- Name: t\n\\restrict k\nCREATE TABLE t (id int);\nALTER TABLE t OWNER TO bob;\n\n"
    assert normalize_dump(text) == "CREATE TABLE t (id int);\n"


def test_unknown_settings_are_dropped_from_the_prologue_only():
    from pgshift.cloning.schema import _drop_unknown_settings

    script = (
        "SET transaction_timeout = 0;\nSET lock_timeout = 0;\n\n--\n-- Name: f; Type: FUNCTION\n"
        "--\nCREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nbegin\n"
        "SET transaction_timeout = 0;\nend $$;\n"
    )
    kept = _drop_unknown_settings(script, {"lock_timeout"})
    assert kept.startswith("SET lock_timeout = 0;\n\n--\n-- Name: f")
    assert kept.count("SET transaction_timeout = 0;") == 1  # the function body keeps its own


def test_an_archive_pg_restore_cannot_read_is_refused_with_its_message(tmp_path):
    """The three renderings run at once; the first that fails says what pg_restore said."""
    import pytest

    from pgshift.cloning.schema import render_scripts
    from pgshift.errors import CloneError

    archive = tmp_path / "schema.dump"
    archive.write_bytes(b"not an archive")
    with pytest.raises(CloneError) as caught:
        render_scripts(archive, target_settings=set())
    message = str(caught.value)
    assert message.startswith("pg_restore could not render the pre-data script: ")
    assert "input file does not appear to be a valid archive" in message


def test_small_tables_keys_in_the_schema_transaction_run_as_their_own_statements():
    """A key split in two halves whose halves are both kept runs as the constraint's own
    statement, with the index half's session settings; one done mark for all."""
    from pgshift.cloning.postdata import in_open_transaction
    from pgshift.cloning.schema import Entry, SchemaScripts

    index_half = Entry(
        3, "KEY INDEX", "Name: t_pkey; Type: INDEX", "\nCREATE UNIQUE INDEX t_pkey ON t (id);\n",
        settings="SET default_tablespace = '';\n", part="index",
    )  # fmt: skip
    attach = Entry(
        3, "KEY USING INDEX", "Name: t_pkey; Type: CONSTRAINT",
        "\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;\n",
        whole="\nALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n",
    )  # fmt: skip
    other = Entry(4, "INDEX", "Name: t_name_idx; Type: INDEX", "\nCREATE INDEX ON t (name);\n")
    scripts = SchemaScripts("", "", [], "SET x = 1;\n")
    text = in_open_transaction(scripts, [index_half, attach, other])
    assert "CREATE UNIQUE INDEX" not in text and "USING INDEX" not in text
    assert text.startswith("SET x = 1;\n-- Name: t_pkey; Type: CONSTRAINT\n")
    assert "SET default_tablespace = '';\n\nALTER TABLE ONLY t ADD CONSTRAINT t_pkey" in text
    assert text.count("INSERT INTO") == 1 and "post-data:3:index" in text and "post-data:4" in text
