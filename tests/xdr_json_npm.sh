# xdr_json_npm.sh — sourced by the tests that compare against the
# independent decoder: install @stellar/stellar-xdr-json 27.0.0 into
# $npm_dir (a build-tree folder) unless that version is already there, and
# set $pkg to its folder.  Fails the test loudly (exit 99) when node or npm
# is missing or the install fails.
pkg_version=27.0.0
for tool in node npm; do
    command -v $tool >/dev/null 2>&1 || { echo "ERROR: $tool is required for this test"; exit 99; }
done
pkg=$npm_dir/node_modules/@stellar/stellar-xdr-json
if ! grep -q "\"version\": \"$pkg_version\"" "$pkg/package.json" 2>/dev/null; then
    mkdir -p "$npm_dir" || exit 99
    if ! npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
            "@stellar/stellar-xdr-json@$pkg_version" >"$npm_dir/install.log" 2>&1; then
        echo "ERROR: npm install @stellar/stellar-xdr-json@$pkg_version failed:"
        cat "$npm_dir/install.log"
        exit 99
    fi
fi
