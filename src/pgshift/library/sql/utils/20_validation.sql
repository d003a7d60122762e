-- Validation for CHECK constraints. Each rule comes in two forms:
--   validation_<rule>(value, ...)                      -> boolean, for queries and plain CHECKs;
--   constraint_<rule>(value, ..., message, code)       -> true, or raises the rule's PSV code
--                                                          (or `code`) with `message`.
-- NULL values are never judged: both forms return true for a NULL value (add NOT NULL to the
-- column to forbid it). A NULL rule argument (bound, pattern, list) is a mistake in the schema and
-- raises PS001. Table of rules and codes: docs/library.md.

/*-snippet
{
  "body": "pgshift_utils.validation_url_text(${1:value})",
  "description": "True when the non-NULL text is an http or https URL (the rule behind validation_url)."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_url_text(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- Host: letters, digits, -, _ and dots (punycode for international names) or an [IPv6]
    -- literal; no user:password@ part. Case-insensitive (~*) because schemes and hosts are.
    SELECT value ~* '^https?://(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?)(:[0-9]{1,5})?([/?#][^[:space:]]*)?$'
$$;
COMMENT ON FUNCTION pgshift_utils.validation_url_text(text) IS
'The URL rule shared by validation_url, validation_optional_url and validation_array_urls: http or https, a host name or [IPv6] address, an optional port, then an optional path, query or fragment without whitespace. Returns NULL for NULL.';

/*-snippet
{
  "body": "pgshift_utils.validation_not_empty(${1:column})",
  "description": "True when the text is not empty (''); true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_not_empty(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE value <> ''
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_not_empty(text) IS
'True when the text is not empty (''''). NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_not_empty(${1:column}))",
  "description": "Raise PSV01 unless the text is not empty (''); NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_not_empty(
    value text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_not_empty(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must not be empty'),
            coalesce(code, 'PSV01'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_not_empty(text, text, text) IS
'Returns true when the text is not empty ('''') (NULL value: true); otherwise raises code (default PSV01) with message (default: ''value must not be empty'').';

/*-snippet
{
  "body": "pgshift_utils.validation_trimmed(${1:column})",
  "description": "True when the text has no leading or trailing whitespace; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_trimmed(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE value !~ '^[[:space:]]|[[:space:]]$'
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_trimmed(text) IS
'True when the text has no leading or trailing whitespace. NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_trimmed(${1:column}))",
  "description": "Raise PSV02 unless the text has no leading or trailing whitespace; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_trimmed(
    value text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_trimmed(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must not start or end with whitespace'),
            coalesce(code, 'PSV02'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_trimmed(text, text, text) IS
'Returns true when the text has no leading or trailing whitespace (NULL value: true); otherwise raises code (default PSV02) with message (default: ''value must not start or end with whitespace'').';

/*-snippet
{
  "body": "pgshift_utils.validation_min_length(${1:column}, ${2:1})",
  "description": "True when the text has at least min_length characters; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_min_length(value text, min_length integer)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN min_length IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_min_length: min_length must not be NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE char_length(value) >= min_length
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_min_length(text, integer) IS
'True when the text has at least min_length characters. NULL value: true. NULL min_length: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_min_length(${1:column}, ${2:1}))",
  "description": "Raise PSV03 unless the text has at least min_length characters; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_min_length(
    value text, min_length integer,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_min_length(value, min_length) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must be at least %s characters long', min_length)),
            coalesce(code, 'PSV03'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_min_length(text, integer, text, text) IS
'Returns true when the text has at least min_length characters (NULL value: true); otherwise raises code (default PSV03) with message (default: format(''value must be at least %s characters long'', min_length)).';

/*-snippet
{
  "body": "pgshift_utils.validation_max_length(${1:column}, ${2:100})",
  "description": "True when the text has at most max_length characters; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_max_length(value text, max_length integer)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN max_length IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_max_length: max_length must not be NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE char_length(value) <= max_length
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_max_length(text, integer) IS
'True when the text has at most max_length characters. NULL value: true. NULL max_length: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_max_length(${1:column}, ${2:100}))",
  "description": "Raise PSV04 unless the text has at most max_length characters; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_max_length(
    value text, max_length integer,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_max_length(value, max_length) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must be at most %s characters long', max_length)),
            coalesce(code, 'PSV04'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_max_length(text, integer, text, text) IS
'Returns true when the text has at most max_length characters (NULL value: true); otherwise raises code (default PSV04) with message (default: format(''value must be at most %s characters long'', max_length)).';

/*-snippet
{
  "body": "pgshift_utils.validation_min_value(${1:column}, ${2:0})",
  "description": "True when the number is at least min_value; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_min_value(value numeric, min_value numeric)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN min_value IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_min_value: min_value must not be NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE value >= min_value
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_min_value(numeric, numeric) IS
'True when the number is at least min_value. NULL value: true. NULL min_value: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_min_value(${1:column}, ${2:0}))",
  "description": "Raise PSV05 unless the number is at least min_value; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_min_value(
    value numeric, min_value numeric,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_min_value(value, min_value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must be at least %s', min_value)),
            coalesce(code, 'PSV05'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_min_value(numeric, numeric, text, text) IS
'Returns true when the number is at least min_value (NULL value: true); otherwise raises code (default PSV05) with message (default: format(''value must be at least %s'', min_value)).';

/*-snippet
{
  "body": "pgshift_utils.validation_max_value(${1:column}, ${2:100})",
  "description": "True when the number is at most max_value; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_max_value(value numeric, max_value numeric)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN max_value IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_max_value: max_value must not be NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE value <= max_value
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_max_value(numeric, numeric) IS
'True when the number is at most max_value. NULL value: true. NULL max_value: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_max_value(${1:column}, ${2:100}))",
  "description": "Raise PSV06 unless the number is at most max_value; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_max_value(
    value numeric, max_value numeric,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_max_value(value, max_value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must be at most %s', max_value)),
            coalesce(code, 'PSV06'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_max_value(numeric, numeric, text, text) IS
'Returns true when the number is at most max_value (NULL value: true); otherwise raises code (default PSV06) with message (default: format(''value must be at most %s'', max_value)).';

/*-snippet
{
  "body": "pgshift_utils.validation_matches_pattern(${1:column}, ${2:'^[a-z]+$'})",
  "description": "True when the text matches the POSIX regular expression pattern (~, case-sensitive); true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_matches_pattern(value text, pattern text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pattern IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_matches_pattern: pattern must not be NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE value ~ pattern
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_matches_pattern(text, text) IS
'True when the text matches the POSIX regular expression pattern (~, case-sensitive). NULL value: true. NULL pattern: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_matches_pattern(${1:column}, ${2:'^[a-z]+$'}))",
  "description": "Raise PSV07 unless the text matches the POSIX regular expression pattern (~, case-sensitive); NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_matches_pattern(
    value text, pattern text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_matches_pattern(value, pattern) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must match the pattern %s', pattern)),
            coalesce(code, 'PSV07'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_matches_pattern(text, text, text, text) IS
'Returns true when the text matches the POSIX regular expression pattern (~, case-sensitive) (NULL value: true); otherwise raises code (default PSV07) with message (default: format(''value must match the pattern %s'', pattern)).';

/*-snippet
{
  "body": "pgshift_utils.validation_starts_with(${1:column}, ${2:'prefix'})",
  "description": "True when the text starts with prefix, compared literally (no LIKE or regular-expression meaning); true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_starts_with(value text, prefix text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN prefix IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_starts_with: prefix must not be NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE starts_with(value, prefix)
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_starts_with(text, text) IS
'True when the text starts with prefix, compared literally (no LIKE or regular-expression meaning). NULL value: true. NULL prefix: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_starts_with(${1:column}, ${2:'prefix'}))",
  "description": "Raise PSV08 unless the text starts with prefix, compared literally (no LIKE or regular-expression meaning); NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_starts_with(
    value text, prefix text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_starts_with(value, prefix) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must start with %s', prefix)),
            coalesce(code, 'PSV08'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_starts_with(text, text, text, text) IS
'Returns true when the text starts with prefix, compared literally (no LIKE or regular-expression meaning) (NULL value: true); otherwise raises code (default PSV08) with message (default: format(''value must start with %s'', prefix)).';

/*-snippet
{
  "body": "pgshift_utils.validation_allowed_value(${1:column}, ${2:ARRAY['a', 'b']})",
  "description": "True when the text is one of allowed_values; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_allowed_value(value text, allowed_values text[])
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN allowed_values IS NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_allowed_value: allowed_values must not be NULL', 'PS001')
        -- A NULL in the list would make "not in the list" unknown, which a CHECK lets through.
        WHEN array_position(allowed_values, NULL) IS NOT NULL THEN pgshift_utils.raise_error(
            'pgshift_utils.validation_allowed_value: allowed_values must not contain NULL', 'PS001')
        WHEN value IS NULL THEN true
        ELSE value = ANY (allowed_values)
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_allowed_value(text, text[]) IS
'True when the text is one of allowed_values. NULL value: true. NULL allowed_values, or a NULL in them: raises PS001.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_allowed_value(${1:column}, ${2:ARRAY['a', 'b']}))",
  "description": "Raise PSV09 unless the text is one of allowed_values; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_allowed_value(
    value text, allowed_values text[],
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_allowed_value(value, allowed_values) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, format('value must be one of %s', array_to_string(allowed_values, ', '))),
            coalesce(code, 'PSV09'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_allowed_value(text, text[], text, text) IS
'Returns true when the text is one of allowed_values (NULL value: true); otherwise raises code (default PSV09) with message (default: format(''value must be one of %s'', array_to_string(allowed_values, '', ''))).';

/*-snippet
{
  "body": "pgshift_utils.validation_url(${1:column})",
  "description": "True when the text is an http(s) URL: scheme, host name or [IPv6] address, optional port, then a path, query or fragment without whitespace; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_url(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE pgshift_utils.validation_url_text(value)
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_url(text) IS
'True when the text is an http(s) URL: scheme, host name or [IPv6] address, optional port, then a path, query or fragment without whitespace. NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_url(${1:column}))",
  "description": "Raise PSV10 unless the text is an http(s) URL: scheme, host name or [IPv6] address, optional port, then a path, query or fragment without whitespace; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_url(
    value text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_url(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must be an http or https URL'),
            coalesce(code, 'PSV10'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_url(text, text, text) IS
'Returns true when the text is an http(s) URL: scheme, host name or [IPv6] address, optional port, then a path, query or fragment without whitespace (NULL value: true); otherwise raises code (default PSV10) with message (default: ''value must be an http or https URL'').';

/*-snippet
{
  "body": "pgshift_utils.validation_optional_url(${1:column})",
  "description": "True when the text is empty or an http(s) URL (see validation_url); true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_optional_url(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE value = '' OR pgshift_utils.validation_url_text(value)
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_optional_url(text) IS
'True when the text is empty or an http(s) URL (see validation_url). NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_optional_url(${1:column}))",
  "description": "Raise PSV11 unless the text is empty or an http(s) URL (see validation_url); NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_optional_url(
    value text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_optional_url(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must be empty or an http or https URL'),
            coalesce(code, 'PSV11'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_optional_url(text, text, text) IS
'Returns true when the text is empty or an http(s) URL (see validation_url) (NULL value: true); otherwise raises code (default PSV11) with message (default: ''value must be empty or an http or https URL'').';

/*-snippet
{
  "body": "pgshift_utils.validation_base64(${1:column})",
  "description": "True when the text is standard padded base64 without whitespace ('' is valid); true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_base64(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE value ~ '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_base64(text) IS
'True when the text is standard padded base64 without whitespace ('''' is valid). NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_base64(${1:column}))",
  "description": "Raise PSV12 unless the text is standard padded base64 without whitespace ('' is valid); NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_base64(
    value text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_base64(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must be base64 (standard alphabet, padded, no whitespace)'),
            coalesce(code, 'PSV12'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_base64(text, text, text) IS
'Returns true when the text is standard padded base64 without whitespace ('''' is valid) (NULL value: true); otherwise raises code (default PSV12) with message (default: ''value must be base64 (standard alphabet, padded, no whitespace)'').';

/*-snippet
{
  "body": "pgshift_utils.validation_identifier_key(${1:column})",
  "description": "True when the text is a key: a lowercase letter, then lowercase letters, digits, _ or -, at most 63 bytes; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_identifier_key(value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE value ~ '^[a-z][a-z0-9_-]*$' AND octet_length(value) <= 63
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_identifier_key(text) IS
'True when the text is a key: a lowercase letter, then lowercase letters, digits, _ or -, at most 63 bytes. NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_identifier_key(${1:column}))",
  "description": "Raise PSV13 unless the text is a key: a lowercase letter, then lowercase letters, digits, _ or -, at most 63 bytes; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_identifier_key(
    value text,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_identifier_key(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must be a key of lowercase letters, digits, _ and -, starting with a letter, at most 63 bytes'),
            coalesce(code, 'PSV13'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_identifier_key(text, text, text) IS
'Returns true when the text is a key: a lowercase letter, then lowercase letters, digits, _ or -, at most 63 bytes (NULL value: true); otherwise raises code (default PSV13) with message (default: ''value must be a key of lowercase letters, digits, _ and -, starting with a letter, at most 63 bytes'').';

/*-snippet
{
  "body": "pgshift_utils.validation_not_default_uuid(${1:column})",
  "description": "True when the UUID is not the all-zero (default) UUID; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_not_default_uuid(value uuid)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE value <> '00000000-0000-0000-0000-000000000000'::uuid
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_not_default_uuid(uuid) IS
'True when the UUID is not the all-zero (default) UUID. NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_not_default_uuid(${1:column}))",
  "description": "Raise PSV14 unless the UUID is not the all-zero (default) UUID; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_not_default_uuid(
    value uuid,
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_not_default_uuid(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'value must not be the all-zero UUID'),
            coalesce(code, 'PSV14'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_not_default_uuid(uuid, text, text) IS
'Returns true when the UUID is not the all-zero (default) UUID (NULL value: true); otherwise raises code (default PSV14) with message (default: ''value must not be the all-zero UUID'').';

/*-snippet
{
  "body": "pgshift_utils.validation_array_not_empty(${1:column})",
  "description": "True when the array has at least one element; true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_array_not_empty(value text[])
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE cardinality(value) > 0
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_array_not_empty(text[]) IS
'True when the array has at least one element. NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_array_not_empty(${1:column}))",
  "description": "Raise PSV15 unless the array has at least one element; NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_array_not_empty(
    value text[],
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_array_not_empty(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'array must not be empty'),
            coalesce(code, 'PSV15'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_array_not_empty(text[], text, text) IS
'Returns true when the array has at least one element (NULL value: true); otherwise raises code (default PSV15) with message (default: ''array must not be empty'').';

/*-snippet
{
  "body": "pgshift_utils.validation_array_urls(${1:column})",
  "description": "True when every element is an http(s) URL (no NULL elements; an empty array is valid); true for NULL."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.validation_array_urls(value text[])
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN value IS NULL THEN true
        ELSE NOT EXISTS (SELECT FROM unnest(value) AS e(element) WHERE element IS NULL OR NOT pgshift_utils.validation_url_text(element))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.validation_array_urls(text[]) IS
'True when every element is an http(s) URL (no NULL elements; an empty array is valid). NULL value: true.';

/*-snippet
{
  "body": "CHECK (pgshift_utils.constraint_array_urls(${1:column}))",
  "description": "Raise PSV16 unless every element is an http(s) URL (no NULL elements; an empty array is valid); NULL passes. Optional last arguments: message, code."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.constraint_array_urls(
    value text[],
    message text DEFAULT NULL,
    code text DEFAULT NULL
)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN pgshift_utils.validation_array_urls(value) THEN true
        ELSE pgshift_utils.raise_error(
            coalesce(message, 'every element must be an http or https URL'),
            coalesce(code, 'PSV16'))
    END
$$;
COMMENT ON FUNCTION pgshift_utils.constraint_array_urls(text[], text, text) IS
'Returns true when every element is an http(s) URL (no NULL elements; an empty array is valid) (NULL value: true); otherwise raises code (default PSV16) with message (default: ''every element must be an http or https URL'').';
