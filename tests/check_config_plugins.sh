#!/bin/sh
# check_config_plugins.sh — `sluice check-config` checks what run checks:
# each plugin validates its own settings (the descriptor's validate, ABI
# 3.2) without side effects, and every problem is listed in one run: the
# archive source needs path or url, the captive-core binary must be an
# executable file, the PostgreSQL sink's dsn must parse (without
# connecting: port 1 has no server), the metrics listen address must parse.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

cat >"$WORK/archive.ini" <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
metrics_listen = 127.0.0.1:99999
[source]
plugin = archive
[sink]
plugin = stdout
output = -
INI
expect_exit 3 "archive without path or url, bad listen address" \
    "$SLUICE" --config "$WORK/archive.ini" check-config
expect_output "$WORK/err" "[sluice] metrics_listen = '127.0.0.1:99999'"
expect_output "$WORK/err" "$WORK/archive.ini:4: [source]: neither path nor url is set"

sed -i '/metrics_listen/d' "$WORK/archive.ini"
sed -i "s|^plugin = archive|plugin = archive\\npath = $WORK/lake|" "$WORK/archive.ini"
expect_exit 0 "archive with a path" "$SLUICE" --config "$WORK/archive.ini" check-config
check "check-config created nothing at the lake's path" test ! -e "$WORK/lake"

printf 'not a program\n' >"$WORK/stellar-core"
cat >"$WORK/captive.ini" <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
[source]
plugin = captive_core
stellar_core_path = $WORK/stellar-core
storage_path = $WORK/storage
history_archive_urls = https://history.stellar.org/prd/core-live/core_live_001
[sink]
plugin = stdout
output = -
INI
expect_exit 3 "captive core with a binary that is not executable" \
    "$SLUICE" --config "$WORK/captive.ini" check-config
expect_output "$WORK/err" "$WORK/captive.ini:5: [source] stellar_core_path: not an executable file: $WORK/stellar-core"
chmod +x "$WORK/stellar-core"
expect_exit 0 "captive core with an executable binary" \
    "$SLUICE" --config "$WORK/captive.ini" check-config
check "check-config started no child and made no storage" test ! -e "$WORK/storage"

if [ -f "$PLUGIN_BUILD_DIR/sink_postgres.so" ]; then
    cat >"$WORK/pg.ini" <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
[source]
plugin = dummy
[sink]
plugin = postgres
dsn = host=127.0.0.1 port=1 nosuchoption=1
INI
    expect_exit 3 "postgres sink with a dsn libpq cannot parse" \
        "$SLUICE" --config "$WORK/pg.ini" check-config
    expect_output "$WORK/err" "$WORK/pg.ini:7: [sink] dsn: invalid connection option \"nosuchoption\""
    sed -i 's/ nosuchoption=1//' "$WORK/pg.ini"
    expect_exit 0 "postgres sink with a dsn that parses (no server is asked)" \
        "$SLUICE" --config "$WORK/pg.ini" check-config
    sed -i "s/port=1$/port=1 nosuchoption=1/" "$WORK/pg.ini"
    expect_exit 4 "run refuses the unparsable dsn at once, no start-up retries" \
        "$SLUICE" --config "$WORK/pg.ini" run
fi
finish
