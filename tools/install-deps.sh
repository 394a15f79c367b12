#!/bin/sh
# install-deps.sh — install the Debian packages sluice needs to build
# (and, with --tests, to run its test suite), non-interactively.  Installs
# only what is missing; needs root (or sudo) when something is.
set -eu
packages="build-essential autoconf automake libtool pkg-config python3
libinih-dev libjansson-dev libpq-dev libzstd-dev zlib1g-dev libcurl4-openssl-dev zstd"
if [ "${1:-}" = "--tests" ]; then
    packages="$packages postgresql postgresql-client clang libclang-rt-14-dev jq binutils procps curl
        groff man-db sqlite3 libsqlite3-dev openssl nghttp2-server"
    command -v node >/dev/null 2>&1 || packages="$packages nodejs"
    command -v npm >/dev/null 2>&1 || packages="$packages npm"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
