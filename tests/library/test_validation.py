"""Every validation rule, in both forms: valid and invalid values, NULL, bad arguments."""

from __future__ import annotations

import pytest

from pgshift.errors import ValidationFailedError
from pgshift.library.codes import library_errors

from .helpers import scalar, sqlstate_of

# rule -> (extra arguments as SQL, value type, valid values, invalid values, code)
RULES = {
    "not_empty": ("", "text", ["a", " "], [""], "PSV01"),
    "trimmed": ("", "text", ["a b", "", "x"], [" a", "a ", "\ta", "a\n"], "PSV02"),
    "min_length": (", 3", "text", ["abc", "abcd", "ééé"], ["", "ab"], "PSV03"),
    "max_length": (", 3", "text", ["", "abc", "ééé"], ["abcd"], "PSV04"),
    "min_value": (", 10", "numeric", [10, 10.5, 99], [9.99, -1], "PSV05"),
    "max_value": (", 10", "numeric", [10, -5], [10.01, 11], "PSV06"),
    "matches_pattern": (", '^[a-z]+$'", "text", ["abc"], ["Abc", "a1", ""], "PSV07"),
    "starts_with": (
        ", 'a_%%'",  # %% is psycopg's escape for %
        "text",
        ["a_%", "a_%tail"],
        ["ab%", "a_x", "abc", "A_%"],  # _ and % are literal, not LIKE wildcards
        "PSV08",
    ),
    "allowed_value": (
        ", ARRAY['red', 'green']",
        "text",
        ["red", "green"],
        ["blue", "Red", ""],
        "PSV09",
    ),
    "url": (
        "",
        "text",
        [
            "https://example.com",
            "http://example.com:8080/a/b?c=d#e",
            "HTTPS://Example.COM/",
            "http://[::1]:5432/x",
            "http://my_host.internal",
        ],
        [
            "",
            "example.com",
            "ftp://example.com",
            "https://",
            "https://exa mple.com",
            "https://a.com/ x",
        ],
        "PSV10",
    ),
    "optional_url": ("", "text", ["", "https://example.com"], [" ", "example.com"], "PSV11"),
    "base64": (
        "",
        "text",
        ["", "YQ==", "YWI=", "YWJj", "+/+/"],
        ["YQ", "YQ=", "Y===", "YW Jj", "ab$c"],
        "PSV12",
    ),
    "identifier_key": (
        "",
        "text",
        ["a", "order-item_2"],
        ["", "A", "1a", "a.b", "a" * 64],
        "PSV13",
    ),
    "not_default_uuid": (
        "",
        "uuid",
        ["6f9619ff-8b86-d011-b42d-00cf4fc964ff"],
        ["00000000-0000-0000-0000-000000000000"],
        "PSV14",
    ),
    "array_not_empty": ("", "text[]", [["a"], [None]], [[]], "PSV15"),
    "array_urls": (
        "",
        "text[]",
        [[], ["https://a.com", "http://b.org/x"]],
        [["https://a.com", "nope"], [None], [""]],
        "PSV16",
    ),
}


def _cases():
    for rule, (extra, vtype, valid, invalid, code) in RULES.items():
        for value in valid:
            yield pytest.param(rule, extra, vtype, value, True, code, id=f"{rule}-ok-{value!r}")
        for value in invalid:
            yield pytest.param(rule, extra, vtype, value, False, code, id=f"{rule}-bad-{value!r}")


@pytest.mark.parametrize(("rule", "extra", "vtype", "value", "expected", "code"), list(_cases()))
def test_rule(shared_lib, rule, extra, vtype, value, expected, code):
    lib = shared_lib
    query = f"select pgshift_utils.validation_{rule}(%s::{vtype}{extra})"
    assert scalar(lib, query, [value]) is expected
    raising = f"select pgshift_utils.constraint_{rule}(%s::{vtype}{extra})"
    if expected:
        assert scalar(lib, raising, [value]) is True
    else:
        assert sqlstate_of(lib, raising, [value])[0] == code


@pytest.mark.parametrize("rule", list(RULES))
def test_null_is_never_judged(shared_lib, rule):
    lib = shared_lib
    extra, vtype, *_ = RULES[rule]
    assert scalar(lib, f"select pgshift_utils.validation_{rule}(NULL::{vtype}{extra})") is True
    assert scalar(lib, f"select pgshift_utils.constraint_{rule}(NULL::{vtype}{extra})") is True


@pytest.mark.parametrize(
    ("rule", "vtype"),
    [(r, v) for r, (extra, v, *_) in RULES.items() if extra],
)
def test_a_null_rule_argument_is_a_setup_error(shared_lib, rule, vtype):
    lib = shared_lib
    typed = {"allowed_value": "text[]", "min_value": "numeric", "max_value": "numeric"}
    arg_type = typed.get(rule, "integer" if "length" in rule else "text")
    state, message = sqlstate_of(
        lib,
        f"select pgshift_utils.validation_{rule}('x'::{vtype}::text::{vtype}, NULL::{arg_type})"
        if vtype != "numeric"
        else f"select pgshift_utils.validation_{rule}(1, NULL::numeric)",
    )
    assert state == "PS001"
    assert "must not be NULL" in message


def test_custom_message_and_code(lib):
    assert sqlstate_of(
        lib, "select pgshift_utils.constraint_max_length('abcd', 3, 'title too long', 'PSV99')"
    ) == ("PSV99", "title too long")
    # A custom message is used as written: % needs no escaping.
    assert sqlstate_of(lib, "select pgshift_utils.constraint_not_empty('', '100% required')") == (
        "PSV01",
        "100% required",
    )


def test_in_check_constraints_and_python_mapping(lib):
    lib.execute(
        """
        create table public.links (
            url text not null check (pgshift_utils.constraint_url(url, 'link must be a URL')),
            tags text[] check (pgshift_utils.validation_array_not_empty(tags)))
        """
    )
    lib.execute("insert into public.links values ('https://example.com', NULL)")
    with pytest.raises(ValidationFailedError) as info, library_errors():
        lib.execute("insert into public.links values ('nope', NULL)")
    assert (info.value.sqlstate, info.value.message) == ("PSV10", "link must be a URL")
    with pytest.raises(ValidationFailedError) as info, library_errors():
        lib.execute("insert into public.links values ('https://a.com', '{}')")
    assert info.value.constraint == "links_tags_check"
