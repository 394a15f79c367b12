#!/bin/sh
# loader_errors.sh — plugins that must be refused, through the CLI: each
# gives one message naming the file and the cause, exit code 4, and
# nothing is ingested.
. "$TOP_SRCDIR/tests/testlib.sh"

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
    "plugin $TEST_PLUGIN_DIR/bad_abi.so is refused: plugin was built for ABI version 4.0, this sluice has ABI version 3.1 (it loads plugins of 3.0 to 3.1)"
refused "a newer minor ABI" "$TEST_PLUGIN_DIR/newer_minor_abi.so" stdout \
    "plugin $TEST_PLUGIN_DIR/newer_minor_abi.so is refused: plugin was built for ABI version 3.2, this sluice has ABI version 3.1"
refused "ABI version 2 (no minor)" "$TEST_PLUGIN_DIR/old_abi.so" stdout \
    "plugin $TEST_PLUGIN_DIR/old_abi.so is refused: plugin was built for ABI version 2, this sluice has ABI version 3.1"
refused "another strkey size in the layout block" "$TEST_PLUGIN_DIR/bad_layout.so" stdout \
    "plugin $TEST_PLUGIN_DIR/bad_layout.so is refused: plugin was built with SLUICE_STRKEY_SIZE = 57, this sluice has 72 (they must be equal)"
refused "missing descriptor symbol" "$TEST_PLUGIN_DIR/no_descriptor.so" stdout \
    "$TEST_PLUGIN_DIR/no_descriptor.so is not a sluice plugin: the file does not export the symbol 'sluice_plugin'"
refused "missing callback" "$TEST_PLUGIN_DIR/missing_callback.so" stdout \
    "required source callback 'next' is NULL"
refused "sink named as source" stdout stdout \
    "no source plugin 'stdout': $PLUGIN_BUILD_DIR/source_stdout.so not found"
refused "sink file as source" "$PLUGIN_BUILD_DIR/sink_stdout.so" stdout \
    "plugin $PLUGIN_BUILD_DIR/sink_stdout.so is refused: it is a sink plugin, but a source plugin is needed here"
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
finish
