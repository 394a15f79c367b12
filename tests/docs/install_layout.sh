#!/bin/sh
# install_layout.sh - what packagers and operators get from `make install`
# (with prefix= and with DESTDIR): both programs, the man pages rendering
# without warnings, the example configs passing check-config with the
# installed sluice and plugins, the systemd unit with the installation's
# paths (verified by systemd-analyze when it exists), the documents and
# the skeleton plugins under docdir, and configure --help giving the
# default of every sluice switch.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
. "$TOP_SRCDIR/tests/docs/require.sh"
require_tools man

prefix="$WORK/prefix"
check "make install prefix=" \
    sh -c "cd '$TOP_BUILDDIR' && $MAKE install prefix='$prefix' >'$WORK/install.log' 2>&1"
for program in sluice sluice-synth; do
    check "$program in bindir" test -x "$prefix/bin/$program"
done
for page in man1/sluice.1 man1/sluice-synth.1 man5/sluice.ini.5 man7/sluice-plugin.7 \
    man7/sluice-sink.7 man7/sluice-source.7 man7/sluice-migrations.7; do
    check "$page installed" test -s "$prefix/share/man/$page"
    check "man -l $page renders without warnings" sh -c \
        "MANWIDTH=80 man --warnings -l '$prefix/share/man/$page' >'$WORK/text' 2>'$WORK/warn' && test -s '$WORK/text' && test ! -s '$WORK/warn' || { cat '$WORK/warn' >&2; exit 1; }"
done
check "installed sluice.ini(5) documents the installed plugins" \
    grep -q '^\.SS "\[sink\] plugin = stdout"' "$prefix/share/man/man5/sluice.ini.5"

docdir="$prefix/share/doc/sluice"
for document in design.md data-model.md sink-postgres.md sink-stdout.md source-archive.md \
    source-captive-core.md notes-xdr.md; do
    check "$document installed in docdir" cmp -s "$TOP_SRCDIR/doc/$document" "$docdir/$document"
done
for file in Makefile README.md source_skeleton.c sink_skeleton.c; do
    check "skeleton/$file installed in docdir" \
        cmp -s "$TOP_SRCDIR/plugins-contrib/skeleton/$file" "$docdir/skeleton/$file"
done
check "design.md states G1 to G8" sh -c \
    "for g in 1 2 3 4 5 6 7 8; do grep -q \"^\\*\\*G\$g \" '$docdir/design.md' || exit 1; done"

SLUICE_SLUICE_PLUGIN_DIR="$prefix/lib/sluice"; export SLUICE_SLUICE_PLUGIN_DIR
configs="$prefix/etc/sluice/sluice.ini $(ls "$prefix"/share/doc/sluice/examples/*.ini)"
check "three example configs installed" test "$(ls "$prefix"/share/doc/sluice/examples/*.ini | wc -l)" -eq 3
for config in $configs; do
    expect_exit 0 "installed $(basename "$config") passes check-config" \
        check_config "$prefix/bin/sluice" "$config"
done
unset SLUICE_SLUICE_PLUGIN_DIR

unit="$prefix/lib/systemd/system/sluice.service"
check "unit installed" test -s "$unit"
check "unit runs the installed sluice" \
    grep -qx "ExecStart=$prefix/bin/sluice --config $prefix/etc/sluice/sluice.ini run" "$unit"
check "unit: a stop that interrupted a catchup (7) is a success, 8 restarts" sh -c \
    "grep -qx 'SuccessExitStatus=7' '$unit' && grep -qx 'RestartForceExitStatus=8' '$unit'"
check "unit is sandboxed" sh -c "grep -qx 'ProtectSystem=strict' '$unit' && grep -qx 'NoNewPrivileges=yes' '$unit' && grep -qx 'User=sluice' '$unit'"
# logrotate watches the unit's LogsDirectory (/var/log/sluice), whatever the prefix
logs_directory=$(sed -n 's/^LogsDirectory=//p' "$unit")
check "logrotate file watches the unit's LogsDirectory" \
    grep -q "^/var/log/$logs_directory/\*.log {" "$prefix/share/doc/sluice/examples/sluice.logrotate"
check "sluice.env installed where the unit reads it, mode 0600" sh -c \
    "grep -qx 'EnvironmentFile=-$prefix/etc/sluice/sluice.env' '$unit' &&
     test \"\$(stat -c %a '$prefix/etc/sluice/sluice.env')\" = 600 &&
     grep -q SLUICE_SINK_DSN '$prefix/share/doc/sluice/examples/sluice.env'"
check "the tests' fault-injection source is not installed" \
    test ! -e "$prefix/lib/sluice/source_dummy.so"
if command -v systemd-analyze >/dev/null 2>&1; then
    # verify checks syntax, the directives, that ExecStart's program exists
    # and that the Documentation= man pages are found.
    check "systemd-analyze verify accepts the unit" sh -c \
        "MANPATH='$prefix/share/man' SYSTEMD_LOG_LEVEL=warning systemd-analyze verify '$unit' >'$WORK/verify' 2>&1; status=\$?; cat '$WORK/verify' >&2; test \$status -eq 0 && ! grep -q 'Unknown\\|Invalid\\|Failed' '$WORK/verify'"
fi

check "make uninstall" sh -c "cd '$TOP_BUILDDIR' && $MAKE uninstall prefix='$prefix' >>'$WORK/install.log' 2>&1"
check "uninstall leaves no files" test -z "$(find "$prefix" -type f)"

dest="$WORK/dest"
check "make install DESTDIR=" \
    sh -c "cd '$TOP_BUILDDIR' && $MAKE install DESTDIR='$dest' >'$WORK/destdir.log' 2>&1"
check "DESTDIR install puts sluice under DESTDIR" sh -c "find '$dest' -path '*/bin/sluice' -type f | grep -q ."
check "DESTDIR install puts the unit under DESTDIR" sh -c "find '$dest' -path '*/systemd/system/sluice.service' | grep -q ."

# configure prints no error line, also where a core/ directory exists (an
# in-tree build, or a build directory configured again): autoconf's clean-up
# "rm -f core" would refuse it
mkdir -p "$WORK/configure/core"
(cd "$WORK/configure" && "$TOP_SRCDIR/configure" >"$WORK/configure.out" 2>"$WORK/configure.err")
check "configure succeeds beside a core/ directory" test -s "$WORK/configure/config.status"
check "configure prints no error line" test ! -s "$WORK/configure.err"

"$TOP_SRCDIR/configure" --help >"$WORK/help"
for switch in enable-werror enable-sanitizers disable-source-archive disable-source-captive-core \
    disable-sink-postgres disable-sink-stdout with-libpq with-zstd with-zlib with-libcurl; do
    check "configure --help gives the default of --$switch" sh -c \
        "awk '/^  --$switch/ { found = 1 } found { text = text \$0 } found && /\\)\$/ { exit } END { print text }' '$WORK/help' | grep -q '(default'"
done
finish
