#!/bin/sh
# layers.sh — the folders of core/ are layers, and an include only goes
# down: base at the bottom; stellar (hashes, strkeys) on base; xdr (the
# codec) on stellar; indexer on xdr; config (INI, values) on base; host
# (plugins, instances, a run's setup) on config; engine on host and
# indexer; conformance on engine; cli on top.  The public headers
# ("sluice/...") may be used anywhere.  A file that includes a header of a
# layer above its own fails the test, naming both.
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# LAYER: the layers it may include (besides itself)
allowed() {
    case $1 in
    base) echo "" ;;
    stellar) echo "base" ;;
    xdr) echo "base stellar" ;;
    indexer) echo "base stellar xdr" ;;
    config) echo "base" ;;
    host) echo "base config stellar xdr" ;;
    engine) echo "base config host indexer stellar xdr" ;;
    conformance) echo "base config host engine indexer stellar xdr" ;;
    cli) echo "base config host engine conformance indexer stellar xdr" ;;
    *) echo "?" ;;
    esac
}
checks=0 failures=0
for dir in "$top"/core/*/; do
    layer=$(basename "$dir")
    [ "$layer" = include ] && continue
    ok=$(allowed "$layer")
    for file in $(find "$dir" -name '*.[ch]'); do
        for used in $(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$file" | sort -u); do
            checks=$((checks + 1))
            [ "$used" = "$layer" ] || [ "$used" = sluice ] && continue
            case " $ok " in
            *" $used "*) ;;
            *) echo "FAIL: ${file#$top/} ($layer) includes a header of $used"; failures=$((failures + 1)) ;;
            esac
        done
    done
done
echo "$checks includes checked, $failures against the layers"
[ "$checks" -gt 0 ] && [ "$failures" -eq 0 ]
