#!/bin/sh
# install_contrib.sh — `make install` into a temporary prefix, build the
# skeleton plugins out of tree with that prefix's pkg-config, and ingest
# with the installed sluice loading it.  Proves third parties can build
# plugins from the installed headers alone, and that the installed
# `sluice check-plugin` needs no test data (it passes the installed stdout
# sink).
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

prefix="$WORK/prefix"
check "make install into a temporary prefix" \
    sh -c "cd '$TOP_BUILDDIR' && $MAKE install prefix='$prefix' >'$WORK/install.log' 2>&1"
check "installed binary" test -x "$prefix/bin/sluice"
check "installed header" test -f "$prefix/include/sluice/plugin.h"
check "installed default config" test -f "$prefix/etc/sluice/sluice.ini"
check "no .la files in the plugin dir" sh -c "! ls '$prefix/lib/sluice/'*.la 2>/dev/null"
check "plugins exported only the descriptor" sh -c \
    "nm -D --defined-only '$prefix/lib/sluice/sink_stdout.so' | awk '{print \$3}' | grep -vx sluice_plugin | grep -q . && exit 1 || exit 0"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
check "pkg-config finds sluice" sh -c "pkg-config --cflags sluice | grep -q -- '-I$prefix/include'"
check "plugindir variable" test "$(pkg-config --variable=plugindir sluice)" = "$prefix/lib/sluice"
header_abi=$(sed -n -e 's/^#define SLUICE_ABI_MAJOR \([0-9]*\)u$/\1/p' \
    -e 's/^#define SLUICE_ABI_MINOR \([0-9]*\)u$/.\1/p' "$prefix/include/sluice/plugin.h" | tr -d '\n')
check "abi_version variable is the header's" test "$(pkg-config --variable=abi_version sluice)" = "$header_abi"
check "abi_version is 3.2" test "$(pkg-config --variable=abi_version sluice)" = 3.2

cp -r "$TOP_SRCDIR/plugins-contrib/skeleton" "$WORK/skeleton"
chmod -R u+w "$WORK/skeleton"
check "skeleton builds out of tree" sh -c "cd '$WORK/skeleton' && make >'$WORK/build.log' 2>&1"
check "skeleton installs" sh -c "cd '$WORK/skeleton' && make install >>'$WORK/build.log' 2>&1"

mkdir "$WORK/xdr"
cat >"$WORK/contrib.ini" <<INI
[sluice]
plugin_dir = $prefix/lib/sluice
start_ledger = 10
[source]
plugin = $PLUGIN_BUILD_DIR/source_dummy.so
first_ledger = 10
ledgers = 5
[sink]
plugin = skeleton
state_file = $WORK/skeleton.state
frames_dir = $WORK/xdr
INI
expect_exit 0 "installed sluice loads the contrib plugin" "$prefix/bin/sluice" --config "$WORK/contrib.ini" run
check "five ledger files" test "$(ls "$WORK/xdr" | wc -l)" -eq 5
check "ledger 14 stored" test -s "$WORK/xdr/14.xdr"
expect_exit 0 "the frame file decodes" "$prefix/bin/sluice" decode "$WORK/xdr/14.xdr"
expect_exit 0 "plugins lists it" "$prefix/bin/sluice" plugins "$prefix/lib/sluice"
expect_output "$WORK/out" "sink   skeleton"
check "installed filestore header" test -f "$prefix/include/sluice/filestore.h"
check "libsluice-filestore exports only sluice_fs_*" sh -c \
    "test -z \"\$(nm -D --defined-only '$prefix/lib/libsluice-filestore.so' | awk '{print \$3}' | grep -v '^sluice_fs_')\""
check "pkg-config --libs sluice links it" sh -c "pkg-config --libs sluice | grep -q -- -lsluice-filestore"
mkdir "$WORK/check"
printf '[sink]\noutput = %s\n' "$WORK/check/out.ndjson" >"$WORK/check.ini"
expect_exit 0 "installed check-plugin passes the installed stdout sink" "$prefix/bin/sluice" \
    check-plugin "$prefix/lib/sluice/sink_stdout.so" --config "$WORK/check.ini" \
    --lose-lock "rm '$WORK/check/out.ndjson.state.lock'"
expect_output "$WORK/out" "11 passed, 0 failed, 0 skipped"
check "make uninstall" sh -c "cd '$TOP_BUILDDIR' && $MAKE uninstall prefix='$prefix' >>'$WORK/install.log' 2>&1"
rm -f "$prefix/lib/sluice/sink_skeleton.so" "$prefix/lib/sluice/source_skeleton.so"
check "uninstall leaves no files" test -z "$(find "$prefix" -type f)"
finish
