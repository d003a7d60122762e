"""`pgshift inspect` through main()."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from pgshift.cli.main import main

EVERYTHING = (Path(__file__).parent / "everything.sql").read_text()


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_table_output(conn, database):
    conn.execute(EVERYTHING)
    code, out, err = run("inspect", database)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    rows = {" ".join(line.split()[:2]) for line in lines}
    assert {
        "schema app",
        "extension citext",
        "table app.users",
        "column app.users.email",
        "sequence app.ticket_numbers",
        "procedure app.touch(IN",
        "policy users_self",
        "materialized view",
    } <= rows
    users = next(line for line in lines if line.startswith("table") and "app.users" in line)
    assert "replica identity using index users_pkey, cluster on users_lower_name" in users
    avatar = next(line for line in lines if "app.users.avatar" in line)
    assert "storage external" in avatar
    ticket = next(line for line in lines if "app.ticket_numbers" in line)
    assert "integer, last value 15" in ticket
    assert not any(line.startswith("function") and "citext" in line for line in lines)


def test_names_are_shown_as_sql_writes_them(conn, database):
    conn.execute('create table "user" (id integer, "Select" text, email text)')
    code, out, err = run("inspect", database)
    assert (code, err) == (0, "")
    rows = [line.split("\t")[:2] for line in out.splitlines()]
    assert ["table", 'public."user"'] in rows
    assert ["column", 'public."user"."Select"'] in rows
    assert ["column", 'public."user".email'] in rows


def test_json_output_with_schema_filter(conn, database):
    conn.execute(EVERYTHING)
    code, out, err = run("inspect", database, "--json", "--schema", "Mixed Case-Schema")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [s["name"] for s in data["schemas"]] == ["Mixed Case-Schema"]
    assert [t["name"] for t in data["tables"]] == ["Order Lines"]
    assert data["functions"] == []


def test_without_dsn_uses_the_configured_database(project):
    project.query("create table configured_here (id integer)")
    result = project.run("inspect", "--json")
    assert result.code == 0, result.err
    assert [t["name"] for t in json.loads(result.out)["tables"]] == ["configured_here"]


def test_unreachable_server_is_redacted():
    code, out, err = run("inspect", "postgresql://nobody:s3cret@127.0.0.1:1/x")
    assert code == 65
    assert "s3cret" not in err
    assert err.startswith("pgshift: error: could not connect to nobody@127.0.0.1:1/x: ")


def test_in_a_pipe_rows_are_plain_tab_separated_lines(conn, database):
    long_comment = "a comment long enough to have been wrapped onto a continuation line " * 4
    conn.execute(f"create table t (id int); comment on table t is '{long_comment}'")
    code, out, err = run("inspect", database)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert all(line.count("\t") == 3 and not line.endswith(" ") for line in lines)
    table = next(line for line in lines if line.startswith("table\tpublic.t\t"))
    assert table.split("\t")[2] == "1 columns  -- " + long_comment
    assert (
        len(lines) == 4
    )  # schema, extension plpgsql, table t, column t.id: no header, no wrapping


def test_on_a_terminal_rows_are_a_table(conn, database):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    conn.execute("create table t (id int)")
    out, err = Terminal(), io.StringIO()
    assert main(["inspect", database], out, err) == 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert plain.splitlines()[0].split() == ["kind", "name", "details", "owner"]
