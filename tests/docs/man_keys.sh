#!/bin/sh
# man_keys.sh - every config key the code accepts (the core's tables and
# every built plugin's map, from `sluice config-keys`) is documented in the
# built sluice.ini(5) under the right section, with its default; and the
# page documents no key the code does not have.  The tests' dummy source is
# not installed, so the page leaves it out.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"

page="$TOP_BUILDDIR/doc/sluice.ini.5"
check "sluice.ini.5 was built" test -s "$page"
expect_exit 0 "config-keys over the built plugins" "$SLUICE" config-keys "$PLUGIN_BUILD_DIR"
cp "$WORK/out" "$WORK/keys.tsv"
check "config-keys lists the core" grep -q '^sluice	\*	log_level	enum	info	' "$WORK/keys.tsv"
for plugin in postgres stdout archive captive_core; do
    if [ -f "$PLUGIN_BUILD_DIR/sink_$plugin.so" ] || [ -f "$PLUGIN_BUILD_DIR/source_$plugin.so" ]; then
        check "config-keys lists plugin $plugin" grep -q "	$plugin	" "$WORK/keys.tsv"
    fi
done

# "SECTION PLUGIN KEY DEFAULT" from the code ...
awk -F '\t' 'NR > 1 && $2 != "dummy" { print $1 " " $2 " " $3 " " ($5 == "" ? "none" : $5) }' \
    "$WORK/keys.tsv" | sort >"$WORK/code"
# ... and from a page: .SS "[SECTION] plugin = NAME" or "[SECTION] ...",
# then .TP / .B KEY / (facts; default: \fBVALUE\fR ...).
page_keys() {
awk '
/^\.SH / { in_keys = ($2 == "KEYS") }
!in_keys { next }
/^\.SS "\[/ {
    section = $2; sub(/^"\[/, "", section); sub(/\].*/, "", section)
    plugin = ($3 == "plugin") ? $5 : "*"; sub(/"$/, "", plugin)
}
/^\.B / && previous == ".TP" { key = $2; gsub(/\\e/, "\\", key) }
/^\(/ && key != "" {
    value = $0
    if (sub(/.*; default: \\fB/, "", value)) sub(/\\fR.*/, "", value)
    else value = "none"
    gsub(/\\e/, "\\", value); gsub(/\\&/, "", value)
    print section " " plugin " " key " " value; key = ""
}
{ previous = $0 }' "$1" | sort
}
page_keys "$page" >"$WORK/doc"

check "keys were read back from the page" test -s "$WORK/doc"
check "every key in the code is in sluice.ini(5), with its default" \
    sh -c "comm -23 '$WORK/code' '$WORK/doc' | sed 's/^/  undocumented: /' >&2; test -z \"\$(comm -23 '$WORK/code' '$WORK/doc')\""
check "sluice.ini(5) documents no key the code lacks" \
    sh -c "comm -13 '$WORK/code' '$WORK/doc' | sed 's/^/  stale: /' >&2; test -z \"\$(comm -13 '$WORK/code' '$WORK/doc')\""

# The comparison itself must catch a missing key: drop one and compare.
grep -v '^\.B log_level$' "$page" >"$WORK/broken.5"
page_keys "$WORK/broken.5" >"$WORK/broken"
check "a page lacking a key is caught" \
    test "$(comm -23 "$WORK/code" "$WORK/broken")" = "sluice * log_level info"
finish
