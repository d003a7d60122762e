"""The inputs behind the golden files in this folder: each is one current.sql and a message.

`tools/graphile_goldens.py` commits them with the real graphile-migrate 1.4.1 into
`committed/`; the tests commit them with pgshift and compare byte for byte.
"""

CASES: list[tuple[str, str | None]] = [
    ("drop table if exists a;\ncreate table a (id int primary key);\n", "Add table A!"),
    (
        "--! Message: From the header\n\n\n  drop table if exists b;\ncreate table b (t text default 'é');"
        "\n\u00a0 \n\n",
        None,
    ),
    ("--! no-transaction\ncreate index concurrently if not exists a_id on a (id);\n", None),
    (
        "--! Custom: some value\n--! Flag\n\ninsert into a values (:ANSWER) on conflict do nothing;\n",
        "Make a very long message that exceeds sixty characters in total length, surely",
    ),
    ("-- only a comment and then code\ncomment on table a is 'tabs\tand --! markers';\n", "x_y  Z"),
]
PLACEHOLDERS = {":ANSWER": "42"}
