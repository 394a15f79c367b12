#!/bin/sh
# config_errors.sh — `sluice check-config` reports every config error at
# once, each with file:line, section, key and what is allowed.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/testlib.sh"

cfg="$WORK/bad.ini"
cat >"$cfg" <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
log_level = loud
start_ledger = 1
colour = blue
[source]
plugin = dummy
ledgers = -5
first_ledger = abc
speed = 3
slow_ms = 2 minutes
[sink]
plugin = stdout
output = -
[extra]
key = value
INI
expect_exit 3 "all errors in one run" "$SLUICE" --config "$cfg" check-config
expect_output "$WORK/err" "$cfg:3: [sluice] log_level = 'loud': not an allowed value; allowed: error|warn|info|debug"
expect_output "$WORK/err" "$cfg:4: [sluice] start_ledger = '1': out of range; allowed: 2..4294967295"
expect_output "$WORK/err" "$cfg:5: [sluice] unknown key 'colour'; allowed keys are: network_passphrase, plugin_dir, log_level, log_format, log_file, start_ledger, store_xdr, stop_ledger, catchup_threshold, catchup_chunk, metrics_listen, pipeline_depth, workers, batch_size, flush_every"
expect_output "$WORK/err" "$cfg:8: [source] ledgers = '-5': out of range; allowed: 0..100000000"
expect_output "$WORK/err" "$cfg:9: [source] first_ledger = 'abc': not an integer"
expect_output "$WORK/err" "$cfg:10: [source] unknown key 'speed'; allowed keys are: plugin, first_ledger, ledgers"
expect_output "$WORK/err" "$cfg:11: [source] slow_ms = '2 minutes': not a duration; allowed: a number with a unit ms, s, m or h (a plain number is milliseconds), 0..1m"
expect_output "$WORK/err" "$cfg:15: unknown section [extra]; allowed sections are: [sluice], [source], [sink]"

cat >"$WORK/nosink.ini" <<INI
[sluice]
plugin_dir = $PLUGIN_BUILD_DIR
[source]
ledgers = 3
INI
expect_exit 3 "missing plugin key and section" "$SLUICE" --config "$WORK/nosink.ini" check-config
expect_output "$WORK/err" "$WORK/nosink.ini:3: [source] missing required key 'plugin'"
expect_output "$WORK/err" "$WORK/nosink.ini: missing section [sink]"

# environment overrides: a secret-style override wins over the file
write_config "$WORK/ok.ini" dummy stdout
expect_exit 0 "valid config" "$SLUICE" --config "$WORK/ok.ini" check-config
expect_output "$WORK/out" "OK (source dummy 0.1.0, sink stdout 0.1.0)"
SLUICE_SOURCE_LEDGERS=oops expect_exit 3 "bad environment override" \
    "$SLUICE" --config "$WORK/ok.ini" check-config
expect_output "$WORK/err" "environment SLUICE_SOURCE_LEDGERS = 'oops' for [source] key 'ledgers': not an integer"

# sizes and durations: units accepted, bounds in the key's units, a plain
# number in the key's old unit
write_config "$WORK/units.ini" dummy stdout
SLUICE_SOURCE_SLOW_MS=1s expect_exit 0 "a duration with a unit" \
    "$SLUICE" --config "$WORK/units.ini" check-config
SLUICE_SOURCE_SLOW_MS=2m expect_exit 3 "a duration out of range" \
    "$SLUICE" --config "$WORK/units.ini" check-config
expect_output "$WORK/err" "environment SLUICE_SOURCE_SLOW_MS = '2m' for [source] key 'slow_ms': out of range; allowed: 0..1m"
SLUICE_SOURCE_SLOW_MS=60001 expect_exit 3 "a plain duration is in the key's unit (ms)" \
    "$SLUICE" --config "$WORK/units.ini" check-config
expect_output "$WORK/err" "key 'slow_ms': out of range; allowed: 0..1m"

# a value containing ';' is kept whole (the pubnet passphrase has one)
write_config "$WORK/semi.ini" dummy stdout "network_passphrase = Public Global Stellar Network ; September 2015" "log_level = warn"
expect_exit 0 "';' inside a value" "$SLUICE" --config "$WORK/semi.ini" check-config

# check-config refuses what run would: a metrics address that does not parse
for listen in abc 127.0.0.1:99999 0 "10.0.0.1:"; do
    write_config "$WORK/listen.ini" dummy stdout "log_level = warn" "metrics_listen = $listen"
    expect_exit 3 "metrics_listen = $listen" "$SLUICE" --config "$WORK/listen.ini" check-config
    expect_output "$WORK/err" "$WORK/listen.ini:4: [sluice] metrics_listen = '$listen': expected [IPv4-ADDRESS:]PORT"
done
SLUICE_SLUICE_METRICS_LISTEN=70000 expect_exit 3 "metrics_listen from the environment" \
    "$SLUICE" --config "$WORK/semi.ini" check-config
expect_output "$WORK/err" "metrics_listen = '70000' (from the environment SLUICE_SLUICE_METRICS_LISTEN)"

# a SLUICE_<SECTION>_<KEY> variable that names no key is a typo, reported
SLUICE_SOURCE_LEDGRES=5 SLUICE_SLUICE_LOGLEVEL=debug expect_exit 3 "unknown environment keys" \
    "$SLUICE" --config "$WORK/semi.ini" check-config
expect_output "$WORK/err" "environment SLUICE_SOURCE_LEDGRES names no key of [source]; did you mean SLUICE_SOURCE_LEDGERS (key 'ledgers')?"
expect_output "$WORK/err" "environment SLUICE_SLUICE_LOGLEVEL names no key of [sluice]; did you mean SLUICE_SLUICE_LOG_LEVEL (key 'log_level')?"
finish
