#!/bin/sh
# same_rows.sh — the same ledgers through both sinks give the same rows:
# the real `sluice run` (archive source) writes them once into PostgreSQL
# and once into an NDJSON file with the stdout sink (format = rows and
# format = ledger); the objects, loaded into tables of the PostgreSQL
# sink's shape in schema ndjson (same_rows.sql), must equal the sink's
# tables both ways (EXCEPT ALL each way, and the counts; token_transfers
# included), every object's fields must be exactly its table's columns,
# and every name beside a code the one the sink's lookup tables give it.
# Ledgers: a sluice-synth lake (V1 and V2 meta, fee bumps, failed transactions,
# Soroban/SAC balances and contract events, XDR kept), the real pubnet Galexie object
# 53312000, a real stellar-core meta stream and six more real pubnet
# ledgers (LedgerCloseMeta V0 to V2, protocols 2 to 26; those with Soroban
# events must fill contract_events in both).  A changed value, a
# missing field, a wrong name and an extra token transfer in the NDJSON are
# caught (the comparison can fail).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/pg_env.sh"

if [ ! -f "$PLUGIN_BUILD_DIR/source_archive.so" ]; then
    [ "${CI:-}" = true ] && { echo "archive source not built and CI=true"; exit 99; }
    echo "SKIP: the archive source plugin is not built (needs zstd)"; exit 77
fi
[ -d "$SLUICE_FIXTURES/stellar-go/datastore" ] || { echo "fixtures missing: $SLUICE_FIXTURES"; exit 99; }
PUBNET='Public Global Stellar Network ; September 2015'
CORE_TEST='(V) (;,,;) (V)'

# run_sink NAME SINK LAKE FIRST LAST PASSPHRASE [SINK-LINES...]: `sluice run`
# from the lake over FIRST..LAST, live (one ledger per transaction)
run_sink() {
    run=$1 sink=$2 run_lake=$3 run_first=$4 run_last=$5 run_passphrase=$6
    shift 6
    write_config "$WORK/$run.ini" archive "$sink" "network_passphrase = $run_passphrase" \
        "start_ledger = $run_first" "stop_ledger = $run_last" "catchup_threshold = 4294967295" \
        "store_xdr = all"
    sed -i "s|^plugin = archive|plugin = archive\npath = $run_lake\nfiles_per_partition = $files_per_partition|" \
        "$WORK/$run.ini"
    for line in "$@"; do echo "$line" >>"$WORK/$run.ini"; done
    expect_exit 0 "$run: sluice run $run_first..$run_last" "$SLUICE" --config "$WORK/$run.ini" run
}

# compare DSN NDJSON: load the objects into schema ndjson and compare;
# the report is in $WORK/compare
compare() {
    psql "$1" -qAt -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS ndjson CASCADE" \
        -c "CREATE SCHEMA ndjson" -c "CREATE TABLE ndjson.lines (n bigserial, line jsonb NOT NULL)" \
        -c "\\copy ndjson.lines (line) FROM STDIN WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')" \
        <"$2" >/dev/null 2>"$WORK/compare.err" &&
        psql "$1" -qAt -F ' ' -v ON_ERROR_STOP=1 -f "$TOP_SRCDIR/tests/postgres/same_rows.sql" \
            >"$WORK/compare" 2>>"$WORK/compare.err"
    status=$?
    sed 's/^/  compare: /' "$WORK/compare"
    [ $status -eq 0 ] || sed 's/^/  stderr: /' "$WORK/compare.err"
    return $status
}

# equal: the report shows no difference, and every table has rows
equal() {
    grep -qx 'unknown-kind 0' "$WORK/compare" && grep -qx 'fields-differ 0' "$WORK/compare" &&
        grep -qx 'names-differ 0' "$WORK/compare" && grep -qx 'names-missing 0' "$WORK/compare" &&
        test "$(awk 'NF == 5' "$WORK/compare" | wc -l)" -eq 9 &&
        awk 'NF == 5 && ($2 != 0 || $3 != 0 || $4 != $5) { bad = 1 } END { exit bad }' \
            "$WORK/compare"
}

# every table of the report has rows (balances may be empty: $1 = 6 or 7)
tables_filled() {
    test "$(awk 'NF == 5 && $4 > 0' "$WORK/compare" | wc -l)" -ge "$1"
}

# table_filled TABLE: it has rows in both sinks
table_filled() {
    awk -v table="$1" '$1 == table && $4 > 0 && $5 > 0 { found = 1 } END { exit !found }' \
        "$WORK/compare"
}

# same_ledgers NAME LAKE FIRST LAST PASSPHRASE TABLES-WITH-ROWS [events]:
# both sinks, both stdout formats, compared; "events": the ledgers carry
# contract events, which both sinks must hold; ledgers with transactions
# (TABLES-WITH-ROWS > 1) have token transfers (every fee is one)
same_ledgers() {
    name=$1 lake=$2 first=$3 last=$4 passphrase=$5 filled=$6 events=${7:-}
    dsn=$(pg_new_database "same_$name") || exit 99
    run_sink "$name-pg" postgres "$lake" "$first" "$last" "$passphrase" "dsn = $dsn"
    for format in rows ledger; do
        run_sink "$name-$format" stdout "$lake" "$first" "$last" "$passphrase" \
            "output = $WORK/$name.$format.ndjson" "format = $format"
        check "$name, format = $format: loaded and compared" compare "$dsn" "$WORK/$name.$format.ndjson"
        check "$name, format = $format: every table equal both ways" equal
        check "$name, format = $format: the tables hold rows" tables_filled "$filled"
        [ "$filled" -gt 1 ] &&
            check "$name, format = $format: token transfers in both" table_filled token_transfers
        [ "$events" = events ] &&
            check "$name, format = $format: contract events in both" table_filled contract_events
    done
}

# ---- a synthetic lake: V2 meta (protocol 23), then V1 (protocol 21) -------
files_per_partition=64000
for meta in 2 1; do
    "$TOP_BUILDDIR/sluice-synth" --ledgers 198 --meta-version $meta --txs-per-ledger 12 \
        --accounts 200 --fee-bump-fraction 0.1 --ledgers-per-file 8 --lake "$WORK/lake$meta" \
        --quiet || { echo "sluice-synth failed"; exit 99; }
    same_ledgers "synth_v$meta" "$WORK/lake$meta" 2 199 "$PUBNET" 7 events
done

# the comparison fails on one changed value, and on one missing field
# ($dsn: the PostgreSQL rows of synth_v1)
sed '0,/"fee_charged":"/s/"fee_charged":"/"fee_charged":"9/' "$WORK/synth_v1.rows.ndjson" \
    >"$WORK/changed.ndjson"
check "a changed value is loaded" compare "$dsn" "$WORK/changed.ndjson"
check "a changed value is caught: one row each way" \
    grep -qx 'transactions 1 1 \([1-9][0-9]*\) \1' "$WORK/compare"
check "the other tables still equal" grep -qx 'operations 0 0 \([1-9][0-9]*\) \1' "$WORK/compare"
sed '0,/,"has_result":[a-z]*/s///' "$WORK/synth_v1.rows.ndjson" >"$WORK/missing.ndjson"
check "a missing field is loaded" compare "$dsn" "$WORK/missing.ndjson"
check "a missing field is caught" grep -qx 'fields-differ 1' "$WORK/compare"
# a wrong name beside a code is caught
sed '0,/"operation_type_name":"[a-z_]*"/s//"operation_type_name":"payment_x"/' \
    "$WORK/synth_v1.rows.ndjson" >"$WORK/misnamed.ndjson"
check "a wrong name is loaded" compare "$dsn" "$WORK/misnamed.ndjson"
check "a wrong name is caught" grep -qx 'names-differ 1' "$WORK/compare"
# token_transfers are compared: one more transfer in the NDJSON than in
# PostgreSQL (its fields exactly the table's columns, its kind named as
# the lookup table names it) is one row only in the NDJSON
tx_id=$(psql "$dsn" -qAt -c "SELECT min(id) FROM sluice.transactions")
{ cat "$WORK/synth_v1.rows.ndjson"
  printf '{"type":"token_transfer","transaction_id":"%s","operation_id":null,' "$tx_id"
  printf '"event_index":99,"kind":5,"kind_name":"fee","from":"%s","to":null,' \
      GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7
  printf '"asset":"native","asset_contract":"%s","amount":"-7","to_muxed_id":null}\n' \
      CDLZFC3SYJYDZT7K67VZ75HPJVIEUVNIXF47ZG2FB2RMQQVU2HHGCYSC
} >"$WORK/extra_transfer.ndjson"
check "an extra token transfer is loaded" compare "$dsn" "$WORK/extra_transfer.ndjson"
check "an extra token transfer has the table's fields and a true name" \
    sh -c "grep -qx 'fields-differ 0' '$WORK/compare' && grep -qx 'names-differ 0' '$WORK/compare'"
check "an extra token transfer is caught: one row only in the NDJSON" \
    awk '$1 == "token_transfers" && NF == 5 { found = $2 == 0 && $3 == 1 && $5 == $4 + 1 }
         END { exit !found }' "$WORK/compare"

# ---- real ledgers ---------------------------------------------------------
# the pubnet Galexie object of ledger 53312000 (163 transactions)
files_per_partition=1
same_ledgers pubnet "$SLUICE_FIXTURES/stellar-go/datastore" 53312000 53312000 "$PUBNET" 6
# stream_lake NAME STREAM: a lake of the frames of a stellar-core meta
# stream (make_lake); sets lake_first and lake_last
files_per_partition=16
stream_lake() {
    check "$1: lake from the stream" sh -c "'$TOP_BUILDDIR/tests/sources/make_lake' \
        '$WORK/$1.lake' 1 16 --stream '$2' >'$WORK/$1.range'"
    lake_first=$(cut -d' ' -f1 "$WORK/$1.range")
    lake_last=$(cut -d' ' -f2 "$WORK/$1.range")
}

# framed RAW STREAM: one raw LedgerCloseMeta as a one-frame meta stream
# (big-endian 0x80000000 | length, then the XDR)
framed() {
    len=$(wc -c <"$1")
    printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(((len >> 24) | 128)) $(((len >> 16) & 255)) \
        $(((len >> 8) & 255)) $((len & 255)))" >"$2"
    cat "$1" >>"$2"
}

# a stellar-core meta stream (protocol 27, LedgerCloseMeta V2)
stream_lake core "$SLUICE_FIXTURES/stellar-core/test-lcm-current/PathPaymentTests/4a5fb7ad61be37b1.xdr"
same_ledgers core "$WORK/core.lake" "$lake_first" "$lake_last" "$CORE_TEST" 6

# single pubnet ledgers: wallet-backend's (protocols 20 and 26, fee bumps,
# Soroban) and stellar/go's base64 ones (LedgerCloseMeta V0, protocols 2,
# 11 and 19; 6154623 is empty)
for fixture in wallet-backend/ledger-51000294.xdr.gz wallet-backend/ledger-63092988.xdr.gz \
    wallet-backend/ledger-63092996.xdr.gz stellar-go/ttp-example/ledger-6154623.b64 \
    stellar-go/ttp-example/ledger-26154623.b64 stellar-go/ttp-example/ledger-46154623.b64; do
    name=$(basename "$fixture" | sed 's/^ledger-\([0-9]*\).*/pubnet_\1/')
    case $fixture in
    *.gz) gunzip -c "$SLUICE_FIXTURES/$fixture" >"$WORK/$name.xdr" ;;
    *) base64 -d "$SLUICE_FIXTURES/$fixture" >"$WORK/$name.xdr" ;;
    esac
    framed "$WORK/$name.xdr" "$WORK/$name.stream"
    stream_lake "$name" "$WORK/$name.stream"
    case $name in pubnet_6154623) filled=1 ;; *) filled=6 ;; esac
    case $name in pubnet_51000294 | pubnet_630929*) events=events ;; *) events= ;; esac
    same_ledgers "$name" "$WORK/$name.lake" "$lake_first" "$lake_last" "$PUBNET" $filled $events
done
finish
