-- same_rows.sql — compare the stdout sink's NDJSON with the PostgreSQL
-- sink's tables (tests/postgres/same_rows.sh).  Before this runs, the
-- NDJSON lines are in ndjson.lines (one jsonb per line, n = line number)
-- and the sink's tables in schema sluice.  Every object becomes a row of a
-- table of the same shape in schema ndjson, its values converted by
-- column type from the documented JSON forms (doc/sink-stdout.md): hex or
-- base64 (`*_xdr`) for bytea, unix seconds for timestamptz, the rest as
-- their text.  Prints "unknown-kind N", "fields-differ N", "names-differ
-- N", "names-missing N" (N must be 0) and one line per table (below).

\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- the sink's table an object belongs to
CREATE FUNCTION ndjson.table_of(line jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE line->>'type'
        WHEN 'ledger' THEN 'ledgers'
        WHEN 'transaction' THEN 'transactions'
        WHEN 'operation' THEN 'operations'
        WHEN 'participant' THEN line->>'table'
        WHEN 'state_change' THEN 'state_changes'
        WHEN 'balance' THEN 'balances'
        WHEN 'token_transfer' THEN 'token_transfers'
    END
$$;

-- the columns of sluice.<name>, sorted
CREATE FUNCTION ndjson.columns_of(name text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(attname::text ORDER BY attname::text) FROM pg_attribute
    WHERE attrelid = ('sluice.' || quote_ident(name))::regclass AND attnum > 0
      AND NOT attisdropped
$$;

-- an object's fields, without the kind markers ("type"; "table" of
-- participants; "kind" of balance changes, which the table applies) and
-- the names beside codes ("*_name": the lookup tables, checked below), sorted
CREATE FUNCTION ndjson.fields_of(line jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(k ORDER BY k)
    FROM jsonb_object_keys(line - 'type' - 'table'
                           - CASE WHEN line->>'type' = 'balance' THEN 'kind' ELSE '' END) k
    WHERE k NOT LIKE '%\_name'
$$;

-- an object with its values in the text forms of the target table's columns
CREATE FUNCTION ndjson.typed(line jsonb, name text) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_object_agg(a.attname, CASE
        WHEN coalesce(line->a.attname, 'null') = 'null' THEN 'null'::jsonb
        WHEN a.atttypid = 'bytea'::regtype AND a.attname::text LIKE '%\_xdr'
            THEN to_jsonb('\x' || encode(decode(line->>a.attname, 'base64'), 'hex'))
        WHEN a.atttypid = 'bytea'::regtype THEN to_jsonb('\x' || (line->>a.attname))
        WHEN a.atttypid = 'timestamptz'::regtype
            THEN to_jsonb(to_timestamp((line->a.attname)::numeric))
        ELSE line->a.attname END)
    FROM pg_attribute a
    WHERE a.attrelid = ('sluice.' || quote_ident(name))::regclass AND a.attnum > 0
      AND NOT a.attisdropped
$$;

-- format = ledger: the nested arrays become the row objects of format =
-- rows (the ledger object keeps its own fields)
INSERT INTO ndjson.lines (n, line)
SELECT l.n, e.value || jsonb_build_object('type', k.kind, 'table', k.name)
FROM ndjson.lines l,
     (VALUES ('transactions', 'transaction'), ('operations', 'operation'),
             ('transaction_participants', 'participant'),
             ('operation_participants', 'participant'),
             ('state_changes', 'state_change'),
             ('token_transfers', 'token_transfer')) k (name, kind),
     jsonb_array_elements(l.line->k.name) e
WHERE l.line->>'type' = 'ledger' AND l.line ? k.name;
UPDATE ndjson.lines SET line = line - 'transactions' - 'operations' - 'transaction_participants'
    - 'operation_participants' - 'state_changes' - 'token_transfers'
WHERE line->>'type' = 'ledger';

-- objects of an unknown kind, and objects whose fields are not exactly
-- their table's columns (both ways: a missing field, an extra one)
SELECT 'unknown-kind', count(*) FROM ndjson.lines WHERE ndjson.table_of(line) IS NULL;
SELECT 'fields-differ', count(*) FROM ndjson.lines
WHERE ndjson.table_of(line) IS NOT NULL
  AND ndjson.fields_of(line) IS DISTINCT FROM ndjson.columns_of(ndjson.table_of(line));
SELECT 'fields-differ-example', line FROM ndjson.lines
WHERE ndjson.table_of(line) IS NOT NULL
  AND ndjson.fields_of(line) IS DISTINCT FROM ndjson.columns_of(ndjson.table_of(line))
LIMIT 1;

-- names beside codes: every "*_name" field is the name the PostgreSQL
-- sink's lookup tables give its code (null exactly where they give none:
-- an operation's result names when it has no result); "names-missing"
-- counts codes that should have a name but have none in either
CREATE TABLE ndjson.names AS
SELECT l.n, v.kind, v.field, l.line->>v.field AS got, v.expected, l.line ? v.field AS present
FROM ndjson.lines l
CROSS JOIN LATERAL (VALUES
    ('transaction', 'result_code_name', (SELECT name FROM sluice.transaction_result_codes
        WHERE code = (l.line->>'result_code')::int)),
    ('operation', 'operation_type_name', (SELECT name FROM sluice.operation_types
        WHERE code = (l.line->>'operation_type')::int)),
    ('operation', 'result_code_name', (SELECT name FROM sluice.operation_type_result_codes
        WHERE (l.line->>'has_result')::boolean AND (l.line->>'operation_result_code')::int = 0
          AND operation_type = (l.line->>'operation_type')::int
          AND code = (l.line->>'result_code')::int)),
    ('operation', 'operation_result_code_name', (SELECT name FROM sluice.operation_result_codes
        WHERE (l.line->>'has_result')::boolean
          AND code = (l.line->>'operation_result_code')::int)),
    ('state_change', 'category_name', (SELECT name FROM sluice.state_change_categories
        WHERE code = (l.line->>'category')::int)),
    ('state_change', 'reason_name', (SELECT name FROM sluice.state_change_reasons
        WHERE code = (l.line->>'reason')::int)),
    ('token_transfer', 'kind_name', (SELECT name FROM sluice.token_transfer_kinds
        WHERE code = (l.line->>'kind')::int))) v (kind, field, expected)
WHERE l.line->>'type' = v.kind;
SELECT 'names-differ', count(*) FROM ndjson.names
WHERE NOT present OR got IS DISTINCT FROM expected;
SELECT 'names-differ-example', n, field, got, expected FROM ndjson.names
WHERE NOT present OR got IS DISTINCT FROM expected LIMIT 1;
SELECT 'names-missing', count(*) FROM ndjson.names
WHERE got IS NULL AND (field <> 'result_code_name' OR kind = 'transaction')
  AND field <> 'operation_result_code_name';

-- history tables: every object a row
DO $$
DECLARE name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['ledgers', 'transactions', 'operations',
        'transaction_participants', 'operation_participants', 'state_changes',
        'token_transfers'] LOOP
        EXECUTE format('CREATE TABLE ndjson.%1$I (LIKE sluice.%1$I)', name);
        EXECUTE format('INSERT INTO ndjson.%1$I SELECT (jsonb_populate_record(NULL::ndjson.%1$I,'
                       ' ndjson.typed(line, %1$L))).* FROM ndjson.lines'
                       ' WHERE ndjson.table_of(line) = %1$L', name);
    END LOOP;
END $$;

-- balances: the changes applied in order (the latest per key wins; a
-- removal, kind 3, leaves no row)
CREATE TABLE ndjson.balances (LIKE sluice.balances);
INSERT INTO ndjson.balances
SELECT (jsonb_populate_record(NULL::ndjson.balances, ndjson.typed(line, 'balances'))).*
FROM (SELECT DISTINCT ON (line->>'account', line->>'asset') line
      FROM ndjson.lines WHERE line->>'type' = 'balance'
      ORDER BY line->>'account', line->>'asset', (line->>'operation_id')::bigint DESC, n DESC) latest
WHERE (line->>'kind')::int <> 3;

-- every table both ways, duplicates counted (EXCEPT ALL), and the counts:
-- "<table> <only in postgres> <only in ndjson> <postgres rows> <ndjson rows>"
CREATE FUNCTION ndjson.compare(name text, OUT only_postgres bigint, OUT only_ndjson bigint,
                               OUT postgres_rows bigint, OUT ndjson_rows bigint)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT count(*) FROM (SELECT * FROM sluice.%1$I EXCEPT ALL'
                   ' SELECT * FROM ndjson.%1$I) d', name) INTO only_postgres;
    EXECUTE format('SELECT count(*) FROM (SELECT * FROM ndjson.%1$I EXCEPT ALL'
                   ' SELECT * FROM sluice.%1$I) d', name) INTO only_ndjson;
    EXECUTE format('SELECT count(*) FROM sluice.%I', name) INTO postgres_rows;
    EXECUTE format('SELECT count(*) FROM ndjson.%I', name) INTO ndjson_rows;
END $$;
SELECT name, c.* FROM unnest(ARRAY['ledgers', 'transactions', 'operations',
    'transaction_participants', 'operation_participants', 'state_changes', 'token_transfers',
    'balances']) name,
    ndjson.compare(name) c;
