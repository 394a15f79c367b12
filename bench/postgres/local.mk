# bench/postgres/local.mk — the PostgreSQL sink benchmarks (BENCHMARKS.md).
# make check runs them small (smoke tests that both ways agree);
# `make bench-postgres` runs the measured sizes.
if BUILD_SINK_POSTGRES
BENCH_POSTGRES_COMMON = tests/postgres/pg_harness.c tests/postgres/pg_harness.h \
	bench/postgres/bench_clock.c bench/postgres/bench_clock.h
check_PROGRAMS += bench/postgres/bench_sink_postgres bench/postgres/bench_balances
bench_postgres_bench_sink_postgres_SOURCES = bench/postgres/bench_sink_postgres.c \
	$(BENCH_POSTGRES_COMMON)
bench_postgres_bench_sink_postgres_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS)
bench_postgres_bench_sink_postgres_LDADD = core/libsluicecore.la $(LIBPQ_LIBS)
bench_postgres_bench_balances_SOURCES = bench/postgres/bench_balances.c $(BENCH_POSTGRES_COMMON)
bench_postgres_bench_balances_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS)
bench_postgres_bench_balances_LDADD = core/libsluicecore.la $(LIBPQ_LIBS)
TESTS += bench/postgres/bench_sink_postgres bench/postgres/bench_balances
BENCH_POSTGRES_TARGETS = bench/postgres/bench_sink_postgres bench/postgres/bench_balances
# contract_events: load and the getEvents query vs a sequential scan
check_PROGRAMS += bench/postgres/bench_events
bench_postgres_bench_events_SOURCES = bench/postgres/bench_events.c \
	tests/postgres/event_rows.c tests/postgres/event_rows.h $(BENCH_POSTGRES_COMMON)
bench_postgres_bench_events_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS) \
	-DTOP_SRCDIR_FALLBACK='"$(abs_top_srcdir)"'
bench_postgres_bench_events_LDADD = core/libsluicecore.la $(LIBPQ_LIBS)
TESTS += bench/postgres/bench_events
BENCH_EVENTS_TARGETS = bench/postgres/bench_events
endif

bench-postgres: $(BENCH_POSTGRES_TARGETS) $(pkglib_LTLIBRARIES)
	@test -n "$(BENCH_POSTGRES_TARGETS)" || \
	  { echo "bench-postgres: sink_postgres is not built (libpq missing)"; exit 1; }
	$(AM_TESTS_ENVIRONMENT) BENCH_PG_LEDGERS=$${BENCH_PG_LEDGERS:-2000} \
	  BENCH_PG_ROUNDS=$${BENCH_PG_ROUNDS:-3} \
	  ./bench/postgres/bench_sink_postgres
	$(AM_TESTS_ENVIRONMENT) BENCH_PG_BALANCE_SETS=$${BENCH_PG_BALANCE_SETS:-40} \
	  ./bench/postgres/bench_balances
.PHONY: bench-postgres

# 1,000,000 events, the getEvents query against a sequential scan.
bench-events: $(BENCH_EVENTS_TARGETS) $(pkglib_LTLIBRARIES)
	@test -n "$(BENCH_EVENTS_TARGETS)" || \
	  { echo "bench-events: sink_postgres is not built (libpq missing)"; exit 1; }
	$(AM_TESTS_ENVIRONMENT) BENCH_EVENTS=$${BENCH_EVENTS:-1000000} \
	  BENCH_EVENTS_ROUNDS=$${BENCH_EVENTS_ROUNDS:-3} ./bench/postgres/bench_events
.PHONY: bench-events
