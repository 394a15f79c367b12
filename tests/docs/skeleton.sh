#!/bin/sh
# skeleton.sh - the plugin author's kit works against an installed sluice:
# install into a temporary prefix, build the skeleton installed in
# DOCDIR/skeleton with that prefix's pkg-config, write a synthetic lake to
# one file per ledger with the skeleton sink (frames_dir), read the files back with the
# skeleton source into the skeleton sink, and check its log lines and its
# refusal of a range the directory lacks; the installed `sluice
# check-plugin` passes the skeleton source (over those files) and the
# skeleton sink (a fresh state file, its lock lost by removing STATE.lock).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

prefix="$WORK/prefix"
check "make install into a temporary prefix" \
    sh -c "cd '$TOP_BUILDDIR' && $MAKE install prefix='$prefix' >'$WORK/install.log' 2>&1"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
check "the skeleton is installed with the documentation" \
    test -s "$prefix/share/doc/sluice/skeleton/Makefile"
cp -r "$prefix/share/doc/sluice/skeleton" "$WORK/skeleton"
chmod -R u+w "$WORK/skeleton"
check "the skeleton builds against the installed sluice" \
    sh -c "cd '$WORK/skeleton' && make CFLAGS='-O2 -g -Werror' >'$WORK/skeleton.log' 2>&1 && make install >>'$WORK/skeleton.log' 2>&1"
for plugin in source_skeleton sink_skeleton; do
    check "$plugin exports only the descriptor" sh -c \
        "test \"\$(nm -D --defined-only '$prefix/lib/sluice/$plugin.so' | awk '{print \$3}')\" = sluice_plugin"
done
expect_exit 0 "the installed sluice lists the skeletons" "$prefix/bin/sluice" plugins "$prefix/lib/sluice"
expect_output "$WORK/out" "source skeleton"
expect_output "$WORK/out" "sink   skeleton"

check "sample lake" "$prefix/bin/sluice-synth" --quiet --ledgers 20 --txs-per-ledger 5 --lake "$WORK/lake"
mkdir "$WORK/xdr"
cat >"$WORK/to-files.ini" <<INI
[sluice]
plugin_dir = $prefix/lib/sluice
start_ledger = 2
stop_ledger = 21
catchup_threshold = 4294967295
[source]
plugin = archive
path = $WORK/lake
[sink]
plugin = skeleton
state_file = $WORK/to-files.state
frames_dir = $WORK/xdr
INI
expect_exit 0 "lake to one file per ledger" "$prefix/bin/sluice" --config "$WORK/to-files.ini" run
check "20 ledger files" test "$(ls "$WORK/xdr"/*.xdr | wc -l)" -eq 20
check "no temporary left" test -z "$(ls "$WORK/xdr" | grep -v '\.xdr$')"

cat >"$WORK/skeleton.ini" <<INI
[sluice]
plugin_dir = $prefix/lib/sluice
start_ledger = 2
stop_ledger = 21
[source]
plugin = skeleton
directory = $WORK/xdr
[sink]
plugin = skeleton
label = kit
state_file = $WORK/skeleton.state
INI
expect_exit 0 "skeleton source to skeleton sink" "$prefix/bin/sluice" --config "$WORK/skeleton.ini" run
check "one line per ledger" test "$(grep -c 'msg="kit: ledger [0-9]*: ' "$WORK/err")" -eq 20
expect_output "$WORK/err" 'kit: ledger 21: '
expect_exit 0 "backfill through the skeletons" "$prefix/bin/sluice" --config "$WORK/skeleton.ini" backfill 2 21
expect_exit 1 "a range beyond the files fails" "$prefix/bin/sluice" --config "$WORK/skeleton.ini" backfill 15 25
expect_output "$WORK/err" "ledger file missing"
# the range 22..25 is split between the two workers: either may fail first
check "the missing file is named" grep -Eq "$WORK/xdr/(22|24)\.xdr" "$WORK/err"
expect_exit 0 "backfill again finds nothing to do (the state file keeps the stored ledgers)" \
    "$prefix/bin/sluice" --config "$WORK/skeleton.ini" backfill 2 21
check "no summary line" test "$(grep -c 'msg="kit: ledger' "$WORK/err")" -eq 0

expect_exit 0 "check-plugin passes the skeleton source" "$prefix/bin/sluice" check-plugin \
    "$prefix/lib/sluice/source_skeleton.so" --config "$WORK/skeleton.ini" --ledgers 2:21
expect_output "$WORK/out" "3 passed, 0 failed, 0 skipped"
mkdir "$WORK/check-frames"
printf '[sink]\nstate_file = %s\nframes_dir = %s\n' "$WORK/check.state" "$WORK/check-frames" \
    >"$WORK/check.ini"
expect_exit 0 "check-plugin passes the skeleton sink (writing frame files)" "$prefix/bin/sluice" \
    check-plugin "$prefix/lib/sluice/sink_skeleton.so" --config "$WORK/check.ini" \
    --lose-lock "rm '$WORK/check.state.lock'"
expect_output "$WORK/out" "10 passed, 0 failed, 1 skipped"
check "no temporary frame left by the checks" test -z "$(ls "$WORK/check-frames" | grep -v '\.xdr$')"
check "make uninstall" sh -c "cd '$TOP_BUILDDIR' && $MAKE uninstall prefix='$prefix' >>'$WORK/install.log' 2>&1"
finish
