#!/bin/sh
# quickstart.sh — the README's first command: install build dependencies,
# build sluice in _build/default, and run the main job on the embedded
# default configuration (etc/sluice.ini) with the plugins just built.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
[ -x configure ] || ./bootstrap
mkdir -p _build/default
cd _build/default
[ -f Makefile ] || ../../configure --quiet
make -j"$(nproc)" --quiet
# plugin_dir points at the build tree instead of the install location
SLUICE_SLUICE_PLUGIN_DIR="$PWD/plugins/.libs" ./sluice --config ../../etc/sluice.ini run
