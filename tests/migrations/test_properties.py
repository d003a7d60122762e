"""Properties of the committed-file format: what commit writes, the reader reads back."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pgshift.migrations.hashing import compute_hash, js_trim
from pgshift.migrations.headers import parse_migration_text, serialize_migration

keys = st.from_regex(r"[A-Z][a-zA-Z0-9_]{0,10}", fullmatch=True)
values = st.one_of(st.none(), st.from_regex(r"[!-~][ -~]{0,20}[!-~]", fullmatch=True))
bodies = st.text(alphabet=st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5), bodies)
def test_serialized_migration_parses_back(headers, body):
    if not js_trim(body) or js_trim(body).startswith("--! "):
        return  # a body whose first line looks like a header is not a body
    text = serialize_migration(body, headers)
    parsed = parse_migration_text(text, "f.sql", strict=True)
    assert parsed.headers == headers
    assert parsed.body == js_trim(body) + "\n"
    assert compute_hash(parsed.body, None) == compute_hash(body, None)


_pieces = st.sampled_from(
    [
        "",
        " ",
        "\n",
        "\t",
        "-- c\n",
        "--x",
        "/* a */",
        "/* a /* b */ c */",
        "/*",
        "*/",
        "/**/",
        "select",
        "1",
        ";",
        "'--'",
        "$$ /* $$",
        "e'x'",
        "/",
        "*",
        "-",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_pieces, max_size=8))
def test_is_blank_agrees_with_the_lexer(pieces):
    # is_blank skips the lexer for leading comments; it must decide as the lexer does.
    from pgshift.migrations.sqlscan import fingerprint, is_blank

    text = "".join(pieces)
    assert is_blank(text) == (fingerprint(text) == "")
