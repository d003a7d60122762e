import pytest

from pgshift.errors import MigrationFileError
from pgshift.migrations.headers import (
    check_message,
    parse_migration_text,
    serialize_migration,
    slugify,
)


def test_headers_then_body():
    parsed = parse_migration_text(
        "--! Previous: -\n--! Hash: sha1:x\n--! Flag\n\n\nselect 1;  \n", "f.sql"
    )
    assert parsed.headers == {"Previous": "-", "Hash": "sha1:x", "Flag": None}
    assert parsed.body == "select 1;\n"
    assert parsed.body_line == 6


def test_duplicate_header_names_the_line():
    with pytest.raises(MigrationFileError) as err:
        parse_migration_text("--! Previous: -\n--! Previous: -\n\nselect 1;\n", "f.sql")
    assert str(err.value) == "f.sql:2: header 'Previous' appears more than once"


def test_missing_blank_line_after_headers():
    with pytest.raises(MigrationFileError) as err:
        parse_migration_text("--! Previous: -\n--! Hash: sha1:x\nselect 1;\n", "f.sql")
    assert str(err.value) == "f.sql:3: the header block must be followed by an empty line"


def test_lowercase_key_is_body_not_header():
    parsed = parse_migration_text("--! no-transaction\nselect 1;\n", "f.sql", strict=False)
    assert parsed.headers == {}
    assert parsed.body.startswith("--! no-transaction")


def test_serialize_round_trip():
    text = serialize_migration(
        "\n select 1;\n\n", {"Previous": "-", "Hash": "sha1:y", "Flag": None}
    )
    assert text == "--! Previous: -\n--! Hash: sha1:y\n--! Flag\n\nselect 1;\n"


@pytest.mark.parametrize(
    ("message", "slug"),
    [
        ("Add table A!", "add-table-a"),
        ("x_y  Z", "x_y-z"),
        ("--Ünïcode--", "n-code"),
        ("a" * 70, "a" * 60),
    ],
)
def test_slugify(message, slug):
    assert slugify(message) == slug


def test_message_rules():
    check_message("fine message")
    with pytest.raises(MigrationFileError, match="control characters"):
        check_message("two\nlines")
    with pytest.raises(MigrationFileError, match="513 characters"):
        check_message("m" * 513)


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("", True),
        ("  \n\t", True),
        ("-- a\n-- b\n", True),
        ("/* a /* nested */ still comment */", True),
        ("select 1; -- x", False),
        ("select '-- not a comment'", False),
        ("/* unterminated", False),
    ],
)
def test_is_blank(text, blank):
    from pgshift.migrations.sqlscan import is_blank

    assert is_blank(text) is blank
