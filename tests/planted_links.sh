#!/bin/sh
# planted_links.sh — files sluice creates or replaces in a directory others
# may write are never opened through a link planted there: the stdout
# sink's STATE.tmp (a planted link is removed, its target left alone), its
# lock file, its output file and the log file (refused, naming the file);
# a plugin directory anyone may write (0777, not sticky) is refused even
# when its entries are links to good plugins.  Every planted link points at
# a victim file whose content must not change.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

shared=$WORK/shared
mkdir -p "$shared" && chmod 1777 "$shared"
victim() { printf 'precious\n' >"$WORK/$1"; }
intact() { check "$1 is untouched" test "$(cat "$WORK/$1")" = precious; }

# sluice_with OUTPUT STATE [CORE LINES]: backfill ledgers 2..11 (dummy) into the stdout sink
sluice_with() {
    output=$1 state=$2; shift 2
    write_config "$WORK/l.ini" dummy stdout "$@"
    printf 'output = %s\nstate_file = %s\n' "$output" "$state" >>"$WORK/l.ini"
    "$SLUICE" --config "$WORK/l.ini" backfill 2 11 >"$WORK/out" 2>"$WORK/err"
}

# 1. STATE.tmp planted as a link: removed, never followed; the state is written
victim v1
ln -s "$WORK/v1" "$shared/STATE.tmp"
sluice_with "$shared/rows.ndjson" "$shared/STATE"
check "backfill through a planted STATE.tmp succeeds" test $? -eq 0
intact v1
check "the state file is a regular file" test -f "$shared/STATE" -a ! -L "$shared/STATE"
check "the planted link is gone" test ! -L "$shared/STATE.tmp"

# 2. the lock file planted as a link: refused
victim v2
ln -s "$WORK/v2" "$shared/S2.lock"
sluice_with "$shared/rows2.ndjson" "$shared/S2"
check "a planted lock file stops the run" test $? -ne 0
expect_output "$WORK/err" "$shared/S2.lock"
intact v2

# 3. the output file planted as a link (to an empty file, which the sink
# would otherwise take for a new output): refused
: >"$WORK/v3"
ln -s "$WORK/v3" "$shared/rows3.ndjson"
sluice_with "$shared/rows3.ndjson" "$shared/S3"
check "a planted output file stops the run" test $? -ne 0
expect_output "$WORK/err" "symbolic link: refused"
check "the empty victim stays empty" test ! -s "$WORK/v3"

# 4. the log file planted as a link: refused
victim v4
ln -s "$WORK/v4" "$shared/sluice.log"
sluice_with "$shared/rows4.ndjson" "$shared/S4" "log_file = $shared/sluice.log"
check "a planted log file is a config error" test $? -eq 3
expect_output "$WORK/err" "log_file = '$shared/sluice.log'"
intact v4

# 5. a plugin directory anyone may write, its entries links to good plugins
mkdir "$WORK/open_plugins" && chmod 0777 "$WORK/open_plugins"
for p in source_dummy sink_stdout; do ln -s "$PLUGIN_BUILD_DIR/$p.so" "$WORK/open_plugins/$p.so"; done
write_config "$WORK/p.ini" dummy stdout
sed -i "s|^plugin_dir = .*|plugin_dir = $WORK/open_plugins|" "$WORK/p.ini"
expect_exit 3 "a world-writable plugin directory is refused" "$SLUICE" --config "$WORK/p.ini" check-config
expect_output "$WORK/err" "$WORK/open_plugins"
finish
