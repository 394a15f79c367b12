#!/bin/sh
# regen_check.sh — regenerating the XDR codec from the spec must reproduce
# the committed sources exactly (so nobody edits generated files by hand
# and the generator never drifts from what is built).
# The spec is vendored in core/xdr/spec; its files must match SHA256SUMS.
set -u
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
spec=$top/core/xdr/spec
(cd "$spec" && sha256sum -c --quiet SHA256SUMS) || { echo "FAIL: core/xdr/spec differs from its SHA256SUMS"; exit 1; }
out=$(mktemp -d) || exit 99
trap 'rm -rf "$out"' EXIT
cp "$top"/core/xdr/gen/sx_*.[ch] "$out"/ || exit 99
python3 "$top/tools/xdrgen/xdrgen.py" --spec "$spec" --out "$out" || { echo "generator failed"; exit 1; }
status=0
for f in "$out"/sx_*.[ch]; do
    if ! cmp -s "$f" "$top/core/xdr/gen/$(basename "$f")"; then
        echo "FAIL: core/xdr/gen/$(basename "$f") differs from a fresh generation (run make regen-xdr)"
        status=1
    fi
done
[ $status -eq 0 ] && echo "generated sources are up to date"
exit $status
