# require.sh - sourced by the docs tests: require_tools TOOL... skips the
# test (exit 77) when a tool is missing, unless CI is "true", where a
# missing tool is a failure (tools/install-deps.sh --tests must provide
# it).  Tools: commands, or pkg:NAME for a pkg-config package.
require_tools() {
    missing=""
    for tool in "$@"; do
        case $tool in
        pkg:*) pkg-config --exists "${tool#pkg:}" 2>/dev/null || missing="$missing $tool" ;;
        *) command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool" ;;
        esac
    done
    [ -z "$missing" ] && return 0
    if [ "${CI:-}" = true ]; then
        echo "FAIL: missing in CI:$missing (add them to tools/install-deps.sh --tests)" >&2
        exit 1
    fi
    echo "SKIP: not installed:$missing"
    exit 77
}
