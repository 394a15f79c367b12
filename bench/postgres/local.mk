# bench/postgres/local.mk — the PostgreSQL sink benchmark (BENCHMARKS.md).
# make check runs it small (a smoke test that both loads agree);
# `make bench-postgres` runs the measured size (BENCH_PG_LEDGERS=2000, BENCH_PG_ROUNDS=3).
if BUILD_SINK_POSTGRES
check_PROGRAMS += bench/postgres/bench_sink_postgres
bench_postgres_bench_sink_postgres_SOURCES = bench/postgres/bench_sink_postgres.c \
	tests/postgres/pg_harness.c tests/postgres/pg_harness.h \
	tests/postgres/ledger_factory.c tests/postgres/ledger_factory.h
bench_postgres_bench_sink_postgres_CPPFLAGS = $(AM_CPPFLAGS) $(LIBPQ_CFLAGS)
bench_postgres_bench_sink_postgres_LDADD = core/libsluicecore.la $(LIBPQ_LIBS)
TESTS += bench/postgres/bench_sink_postgres
BENCH_POSTGRES_PROGRAM = bench/postgres/bench_sink_postgres
endif

bench-postgres: $(BENCH_POSTGRES_PROGRAM) $(pkglib_LTLIBRARIES)
	@test -n "$(BENCH_POSTGRES_PROGRAM)" || \
	  { echo "bench-postgres: sink_postgres is not built (libpq missing)"; exit 1; }
	$(AM_TESTS_ENVIRONMENT) BENCH_PG_LEDGERS=$${BENCH_PG_LEDGERS:-2000} \
	  BENCH_PG_ROUNDS=$${BENCH_PG_ROUNDS:-3} \
	  ./$(BENCH_POSTGRES_PROGRAM)
.PHONY: bench-postgres
