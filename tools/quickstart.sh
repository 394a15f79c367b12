#!/bin/sh
# quickstart.sh — the README's first command: install build dependencies,
# build sluice in _build/default, generate a 300-ledger sample data lake
# with sluice-synth, and run the main job on the embedded default
# configuration (etc/sluice.ini: archive source → stdout sink) with the
# plugins just built.  The rows go to _build/default/sample-output.ndjson;
# a summary by row type is printed at the end.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
sh tools/install-deps.sh
[ -x configure ] || ./bootstrap
mkdir -p _build/default
cd _build/default
[ -f Makefile ] || "$top/configure" --quiet
make -j"$(nproc)" --quiet
[ -d sample-lake ] || ./sluice-synth --ledgers 300 --lake sample-lake
# plugin_dir points at the build tree instead of the install location
SLUICE_SLUICE_PLUGIN_DIR="$PWD/plugins/.libs" \
    ./sluice --config "$top/etc/sluice.ini" run >sample-output.ndjson
echo "rows written to $PWD/sample-output.ndjson:"
sed -n 's/^{"type":"\([a-z_]*\)".*/\1/p' sample-output.ndjson | sort | uniq -c
