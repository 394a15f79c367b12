# include_cycles.sh - no folder's files depend on each other in a circle.
# A file's unit is its name without .c/.h (foo.c and foo.h are one unit);
# unit A depends on unit B of the same folder when A.c or A.h has
# #include "B.h" (written relative to the folder or to core/), except that
# A.c may include a header that builds on A.h (includes it, directly or
# through other headers of the folder): such a header is a layer above A's
# interface, like ix_internal.h over indexer.h or sha256_internal.h over
# sha256.h.  A cycle of unit dependencies means the files are not layered;
# the test names it.
. "${TOP_SRCDIR:?}/tests/testlib.sh"

cd "$TOP_SRCDIR" || exit 1
list=$(find core plugins plugins-contrib tools tests bench -name '*.[ch]' | sort)
check "sources found under $TOP_SRCDIR" test -n "$list"
cycles=$(
    for file in $list; do
        dir=${file%/*}
        sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file" |
        while read -r inc; do
            for target in "$dir/$inc" "core/$inc"; do
                [ -f "$target" ] || continue
                [ "${target%/*}" = "$dir" ] || break
                echo "$dir ${file##*/} ${target##*/}"
                break
            done
        done
    done | awk '
        function unit(name) { sub(/\.[ch]$/, "", name); return name }
        # whether header `from` includes header `to`, directly or not
        function builds_on(dir, from, to,    n, i, parts) {
            if (from == to) return 1
            if (seen[dir, from]++) return 0
            n = split(header_adj[dir, from], parts, " ")
            for (i = 1; i <= n; i++)
                if (builds_on(dir, parts[i], to)) return 1
            return 0
        }
        { line[NR] = $0; if ($2 ~ /\.h$/) header_adj[$1, $2] = header_adj[$1, $2] " " $3 }
        END {
            for (r = 1; r <= NR; r++) {
                split(line[r], f, " ")
                from = unit(f[2]); to = unit(f[3])
                if (from == to) continue
                if (f[2] ~ /\.c$/) {
                    split("", seen)
                    if (builds_on(f[1], f[3], from ".h")) continue
                }
                key = f[1] SUBSEP from; adj[key] = adj[key] " " to; nodes[key] = 1
            }
            for (key in nodes) {
                split(key, p, SUBSEP)
                visit(p[1], p[2], p[2])
            }
            for (c in found) print c
        }
        function visit(dir, node, path,    key, n, i, next_node, parts) {
            key = dir SUBSEP node
            if (state[key] == 1) { found[dir ": " path] = 1; return }
            if (state[key] == 2) return
            state[key] = 1
            n = split(adj[key], parts, " ")
            for (i = 1; i <= n; i++) {
                next_node = parts[i]
                visit(dir, next_node, path " -> " next_node)
            }
            state[key] = 2
        }' | sort)
[ -z "$cycles" ] || printf 'include cycle: %s\n' "$cycles" >&2
check "no include cycles among the $(echo "$list" | wc -l) files" test -z "$cycles"
finish
