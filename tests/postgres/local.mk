# tests/postgres/local.mk — the PostgreSQL sink against a real server
# (started by the test itself unless SLUICE_TEST_DSN is set).
if BUILD_SINK_POSTGRES
check_PROGRAMS += tests/postgres/test_sink_postgres
tests_postgres_test_sink_postgres_SOURCES = tests/postgres/test_sink_postgres.c \
	tests/postgres/pg_harness.c tests/postgres/pg_harness.h tests/testlib.h
tests_postgres_test_sink_postgres_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS)
tests_postgres_test_sink_postgres_LDADD = core/libsluicecore.la $(LIBPQ_LIBS)
TESTS += tests/postgres/test_sink_postgres tests/postgres/run_postgres.sh \
	tests/postgres/same_rows.sh tests/postgres/partitions.sh tests/postgres/concurrent_open.sh \
	tests/postgres/live_gaps.sh tests/postgres/check_plugin_postgres.sh tests/postgres/reingest.sh \
	tests/postgres/verify_rows.sh tests/postgres/retention.sh \
	tests/postgres/ready_store.sh \
	tests/postgres/read_only.sh tests/postgres/store_later.sh
# contract_events: rows, the documented getEvents query paginated, upgrades
check_PROGRAMS += tests/postgres/test_contract_events_pg
tests_postgres_test_contract_events_pg_SOURCES = tests/postgres/test_contract_events_pg.c \
	tests/postgres/event_rows.c tests/postgres/event_rows.h \
	tests/postgres/pg_harness.c tests/postgres/pg_harness.h tests/testlib.h
tests_postgres_test_contract_events_pg_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS) \
	-DTOP_SRCDIR_FALLBACK='"$(abs_top_srcdir)"'
tests_postgres_test_contract_events_pg_LDADD = core/libsluicecore.la $(LIBPQ_LIBS)
TESTS += tests/postgres/test_contract_events_pg
endif
EXTRA_DIST += tests/postgres/run_postgres.sh tests/postgres/same_rows.sh \
	tests/postgres/partitions.sh tests/postgres/concurrent_open.sh tests/postgres/live_gaps.sh \
	tests/postgres/check_plugin_postgres.sh tests/postgres/reingest.sh tests/postgres/verify_rows.sh \
	tests/postgres/retention.sh tests/postgres/ready_store.sh tests/postgres/read_only.sh \
	tests/postgres/store_later.sh \
	tests/postgres/same_rows.sql
