# include_cycles.sh - no folder's files depend on each other in a circle.
# A file's unit is its name without .c/.h (foo.c and foo.h are one unit);
# unit A depends on unit B of the same folder when A.c or A.h has
# #include "B.h" (written relative to the folder or to core/), except that
# A.c may include a header that itself includes A.h: that header is A's
# private half (ix_internal.h of indexer.h, sha256_internal.h of sha256.h).
# A cycle of such dependencies means the files are not layered; the test
# names it.
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
                from=${file##*/}; to=${target##*/}
                case $file in
                *.c) grep -q "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"\(.*/\)\{0,1\}${from%.c}\.h\"" "$target" &&
                    break ;;
                esac
                echo "$dir ${from%.[ch]} ${to%.[ch]}"
                break
            done
        done
    done | awk '
        $2 != $3 { key = $1 SUBSEP $2; adj[key] = adj[key] " " $3; nodes[key] = 1 }
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
        }
        END {
            for (key in nodes) {
                split(key, p, SUBSEP)
                visit(p[1], p[2], p[2])
            }
            for (c in found) print c
        }' | sort)
[ -z "$cycles" ] || printf 'include cycle: %s\n' "$cycles" >&2
check "no include cycles among the $(echo "$list" | wc -l) files" test -z "$cycles"
finish
