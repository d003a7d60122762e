-- Errors: raising with the library's SQLSTATE codes, and the 63-byte identifier check.
-- The codes are listed in one table in docs/library.md and mapped to Python exceptions by
-- pgshift/library/codes.py.

/*-snippet
{
  "body": "pgshift_utils.raise_error('${1:message %s}', '${2:PS000}', ${3:argument})",
  "description": "Raise an error with a five-character SQLSTATE code; the message is a format() string filled with the text arguments."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.raise_error(
    message text,
    code text DEFAULT 'PS000',
    VARIADIC args text[] DEFAULT '{}'
)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    error_code text := coalesce(code, 'PS000');
    error_message text := coalesce(message, 'pgshift_utils.raise_error called without a message');
BEGIN
    IF error_code !~ '^[0-9A-Z]{5}$' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('pgshift_utils.raise_error: code %L is not five characters 0-9 or A-Z',
                             error_code);
    END IF;
    -- Without arguments the message is used as written, so a literal % needs no doubling.
    IF cardinality(args) > 0 THEN
        error_message := format(error_message, VARIADIC args);
    END IF;
    RAISE EXCEPTION USING ERRCODE = error_code, MESSAGE = error_message;
END
$$;
COMMENT ON FUNCTION pgshift_utils.raise_error(text, text, text[]) IS
'Raises an error with SQLSTATE code (default PS000) and message; with arguments the message is a format() string (%s, %I, %L). Declared boolean so it can sit in CASE and CHECK expressions; it never returns.';

/*-snippet
{
  "body": "pgshift_utils.check_identifier_length(${1:name}, '${2:argument_name}', '${3:caller}')",
  "description": "Return the name unchanged, or raise PS002 when it is over PostgreSQL's 63-byte identifier limit, naming the argument to pass instead."
}
snippet-*/
CREATE OR REPLACE FUNCTION pgshift_utils.check_identifier_length(
    identifier text,
    argument_name text DEFAULT NULL,
    caller text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- PostgreSQL truncates longer names silently (NAMEDATALEN - 1 = 63 bytes, not characters), so
    -- two generated names could end up equal: refuse them instead.
    IF octet_length(identifier) > 63 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS002',
            MESSAGE = format('%sname %s is %s bytes, over PostgreSQL''s 63-byte limit; %s',
                             coalesce(caller || ': ', ''), quote_ident(identifier),
                             octet_length(identifier),
                             CASE WHEN argument_name IS NULL THEN 'choose a shorter name'
                                  ELSE format('pass a shorter name with the %s argument',
                                              argument_name) END);
    END IF;
    IF identifier = '' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'PS001',
            MESSAGE = format('%sname is empty', coalesce(caller || ': ', ''));
    END IF;
    RETURN identifier;
END
$$;
COMMENT ON FUNCTION pgshift_utils.check_identifier_length(text, text, text) IS
'Returns identifier unchanged, or raises PS002 when it is over 63 bytes (the hint names argument_name) and PS001 when it is empty. NULL passes through.';
