#!/bin/sh
# example_configs.sh - every configuration in etc/ passes `sluice
# check-config` with the built plugins, and a broken copy of each fails
# (so the check is real).  check-config checks that captive core's
# stellar_core_path is executable: a stand-in takes its place (through the
# environment) where stellar-core is not installed.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

SLUICE_SLUICE_PLUGIN_DIR="$PLUGIN_BUILD_DIR"; export SLUICE_SLUICE_PLUGIN_DIR
core=/usr/bin/stellar-core
if [ ! -x "$core" ]; then
    core="$WORK/stellar-core"
    printf '#!/bin/sh\nexit 0\n' >"$core" && chmod +x "$core"
fi
# check-config CONFIG, with the stand-in for the captive-core examples (the
# only ones with the key: elsewhere the variable would be an unknown key)
with_core() {
    case "$1" in
    *captive-core*) SLUICE_SOURCE_STELLAR_CORE_PATH="$core" "$SLUICE" --config "$1" check-config ;;
    *) "$SLUICE" --config "$1" check-config ;;
    esac
}
for config in "$TOP_SRCDIR"/etc/*.ini; do
    name=$(basename "$config")
    expect_exit 0 "$name passes check-config" with_core "$config"
    expect_output "$WORK/out" "$config: OK"
    { cat "$config"; printf '[sluice]\nno_such_key = 1\n'; } >"$WORK/broken-$name"
    expect_exit 3 "$name with an unknown key fails check-config" with_core "$WORK/broken-$name"
done
check "four example configs" test "$(ls "$TOP_SRCDIR"/etc/*.ini | wc -l)" -eq 4
finish
