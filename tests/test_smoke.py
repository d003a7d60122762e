def test_database_fixture_is_empty(conn):
    rows = conn.execute(
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'public'"
    ).fetchone()
    assert rows == (0,)
