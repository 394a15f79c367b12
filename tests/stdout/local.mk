# tests/stdout/local.mk — the stdout sink's tests: its guarantees through
# the sink API on the real plugin, its NDJSON format, and crash/restart of
# a real `sluice run` killed with SIGKILL.

STDOUT_TEST_SOURCES = tests/stdout/sink_harness.c tests/stdout/sink_harness.h tests/testlib.h
check_PROGRAMS += tests/stdout/test_sink_api
tests_stdout_test_sink_api_SOURCES = tests/stdout/test_sink_api.c $(STDOUT_TEST_SOURCES)
tests_stdout_test_sink_api_LDADD = core/libsluicecore.la

check_PROGRAMS += tests/stdout/test_row_format
tests_stdout_test_row_format_SOURCES = tests/stdout/test_row_format.c $(STDOUT_TEST_SOURCES)
tests_stdout_test_row_format_LDADD = core/libsluicecore.la

TESTS += tests/stdout/test_sink_api tests/stdout/test_row_format

TESTS += tests/stdout/crash_restart.sh tests/stdout/store_commands.sh
EXTRA_DIST += tests/stdout/crash_restart.sh tests/stdout/store_commands.sh

# The core key diagnostic_events, end to end (archive source, stdout sink).
TESTS += tests/stdout/diagnostic_events.sh
EXTRA_DIST += tests/stdout/diagnostic_events.sh
