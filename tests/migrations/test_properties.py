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
