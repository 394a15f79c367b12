#!/bin/sh
# loader_errors.sh — plugins that must be refused, through the CLI: each
# gives one message naming the file and the cause, exit code 4, and
# nothing is ingested.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

refused() {
    desc=$1 source_plugin=$2 sink_plugin=$3 text=$4
    write_config "$WORK/c.ini" "$source_plugin" "$sink_plugin"
    echo "output = $WORK/ingested" >>"$WORK/c.ini"
    expect_exit 4 "$desc" "$SLUICE" --config "$WORK/c.ini" run
    expect_output "$WORK/err" "$text"
    checks=$((checks + 1))
    if [ -s "$WORK/ingested" ]; then fail "$desc: something was ingested"; fi
}

refused "another major ABI" "$TEST_PLUGIN_DIR/bad_abi.so" stdout \
    "plugin $TEST_PLUGIN_DIR/bad_abi.so is refused: plugin was built for ABI version 4.0, this sluice has ABI version 3.2 (it loads plugins of 3.0 to 3.2)"
refused "a newer minor ABI" "$TEST_PLUGIN_DIR/newer_minor_abi.so" stdout \
    "plugin $TEST_PLUGIN_DIR/newer_minor_abi.so is refused: plugin was built for ABI version 3.3, this sluice has ABI version 3.2"
refused "ABI version 2 (no minor)" "$TEST_PLUGIN_DIR/old_abi.so" stdout \
    "plugin $TEST_PLUGIN_DIR/old_abi.so is refused: plugin was built for ABI version 2, this sluice has ABI version 3.2"
refused "another strkey size in the layout block" "$TEST_PLUGIN_DIR/bad_layout.so" stdout \
    "plugin $TEST_PLUGIN_DIR/bad_layout.so is refused: plugin was built with SLUICE_STRKEY_SIZE = 57, this sluice has 72 (they must be equal)"
refused "missing descriptor symbol" "$TEST_PLUGIN_DIR/no_descriptor.so" stdout \
    "$TEST_PLUGIN_DIR/no_descriptor.so is not a sluice plugin: the file does not export the symbol 'sluice_plugin'"
refused "missing callback" "$TEST_PLUGIN_DIR/missing_callback.so" stdout \
    "required source callback 'next' is NULL"
refused "sink named as source" stdout stdout \
    "no source plugin 'stdout': source_stdout.so is in none of the directories searched: $PLUGIN_BUILD_DIR, "
refused "sink file as source" "$PLUGIN_BUILD_DIR/sink_stdout.so" stdout \
    "plugin $PLUGIN_BUILD_DIR/sink_stdout.so is refused: it is a sink plugin, but a source plugin is needed here"
refused "config map bound past its settings struct" "$TEST_PLUGIN_DIR/bad_binding.so" stdout \
    "the plugin's config map does not match its settings struct"
expect_output "$WORK/err" "config key 'beyond' is bound at offset 8: its 8-byte field lies outside the 8-byte settings struct or is misaligned"
echo "not an ELF file" >"$WORK/source_text.so"
refused "non-ELF file" "$WORK/source_text.so" stdout "cannot load plugin $WORK/source_text.so"

# `sluice plugins` lists good ones and refuses duplicates and broken files
mkdir "$WORK/dir"
cp "$PLUGIN_BUILD_DIR/source_dummy.so" "$WORK/dir/source_dummy.so"
cp "$PLUGIN_BUILD_DIR/sink_stdout.so" "$WORK/dir/sink_stdout.so"
expect_exit 0 "plugins lists the good ones" "$SLUICE" plugins "$WORK/dir"
expect_output "$WORK/out" "source dummy"
expect_output "$WORK/out" "sink   stdout"
cp "$PLUGIN_BUILD_DIR/source_dummy.so" "$WORK/dir/source_dummy2.so"
expect_exit 4 "duplicate names" "$SLUICE" plugins "$WORK/dir"
expect_output "$WORK/err" "duplicate source plugin name 'dummy' in $WORK/dir/source_dummy.so and $WORK/dir/source_dummy2.so"
rm "$WORK/dir/source_dummy2.so"
chmod 0666 "$WORK/dir/sink_stdout.so"
expect_exit 4 "world-writable plugin" "$SLUICE" plugins "$WORK/dir"
expect_output "$WORK/err" "refusing to load plugin $WORK/dir/sink_stdout.so: unsafe permissions"
# plugin_dir is a search path: directories in order, the first holding the
# plugin wins, the built-in directory last; a missing one is a config error
mkdir "$WORK/early" "$WORK/late"
cp "$PLUGIN_BUILD_DIR/source_dummy.so" "$WORK/late/source_dummy.so"
cp "$PLUGIN_BUILD_DIR/sink_stdout.so" "$WORK/early/sink_stdout.so"
cp "$PLUGIN_BUILD_DIR/sink_stdout.so" "$WORK/late/sink_stdout.so"
write_config "$WORK/path.ini" dummy stdout
sed "s|^plugin_dir = .*|plugin_dir = $WORK/early:$WORK/late|" "$WORK/path.ini" >"$WORK/p.ini"
expect_exit 0 "plugins found along the search path" "$SLUICE" --config "$WORK/p.ini" check-config
expect_exit 0 "plugins lists every directory" "$SLUICE" --config "$WORK/p.ini" plugins
expect_output "$WORK/out" "$WORK/late/source_dummy.so"
expect_output "$WORK/out" "shadowed by $WORK/early/sink_stdout.so (earlier in plugin_dir): not used"
expect_exit 0 "config-keys lists a shadowed plugin once" "$SLUICE" --config "$WORK/p.ini" config-keys
check "stdout's keys printed once" test "$(grep -c '^sink	stdout	output	' "$WORK/out")" = 1
sed "s|^plugin_dir = .*|plugin_dir = $WORK/early:$WORK/nowhere:$WORK/late|" "$WORK/path.ini" >"$WORK/p.ini"
expect_exit 3 "a missing directory in plugin_dir" "$SLUICE" --config "$WORK/p.ini" check-config
expect_output "$WORK/err" "$WORK/p.ini:2: [sluice] plugin_dir = '$WORK/early:$WORK/nowhere:$WORK/late': plugin directory $WORK/nowhere cannot be used: No such file or directory"
SLUICE_SLUICE_PLUGIN_DIR="$WORK/early" expect_exit 4 "not found: every directory searched" \
    "$SLUICE" --config "$WORK/path.ini" check-config
expect_output "$WORK/err" "no source plugin 'dummy': source_dummy.so is in none of the directories searched: $WORK/early, "
finish
