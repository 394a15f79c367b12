#!/bin/sh
# pg-server.sh — a throwaway PostgreSQL for the test suite.
#   pg-server.sh start DIR   initdb + start on a private socket in DIR and
#                            print shell assignments (PGHOST, PGPORT,
#                            PGUSER, PGDATABASE, SLUICE_TEST_DSN) to eval
#   pg-server.sh restart DIR restart it the hard way (pg_ctl -m immediate),
#                            as a crash or failover would
#   pg-server.sh pause DIR   stop it, keeping DIR (the store goes away)
#   pg-server.sh resume DIR  start it again after pause
#   pg-server.sh stop DIR    stop it and remove DIR
# initdb refuses root, so as root the server runs as the 'postgres' user.
set -eu
action=$1
dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg-server.sh: no PostgreSQL server installed" >&2; exit 1; }
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
port=54329
server_options="-c listen_addresses='' -k $dir/socket -p $port -c fsync=off -c max_connections=200"
case "$action" in
start)
    mkdir -p "$dir/socket"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
        --no-sync >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "$server_options" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    chmod 755 "$dir"
    "$bindir/createdb" -h "$dir/socket" -p $port -U postgres sluice_test
    echo "PGHOST='$dir/socket'; PGPORT=$port; PGUSER=postgres; PGDATABASE=sluice_test;"
    echo "SLUICE_TEST_DSN='host=$dir/socket port=$port user=postgres dbname=sluice_test';"
    echo "SLUICE_TEST_PGDIR='$dir';"
    echo "export PGHOST PGPORT PGUSER PGDATABASE SLUICE_TEST_DSN SLUICE_TEST_PGDIR"
    ;;
restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 60 \
        -o "$server_options" restart >/dev/null
    ;;
pause)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
resume)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "$server_options" start >/dev/null
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg-server.sh start|restart|pause|resume|stop DIR" >&2
    exit 2
    ;;
esac
