# bench/core/local.mk — the core's benchmark: live latency p50/p99 and
# backfill ledgers/s against the sink-alone limit (`make bench-core`; not
# part of make check).
if BUILD_SINK_POSTGRES
EXTRA_PROGRAMS += bench/core/bench_sink_alone
bench_core_bench_sink_alone_SOURCES = bench/core/bench_sink_alone.c
bench_core_bench_sink_alone_LDADD = core/libsluicecore.la
endif
EXTRA_DIST += bench/core/bench_core.sh
CLEANFILES += bench/core/bench_sink_alone

bench-core: bench/core/bench_sink_alone sluice sluice-synth $(pkglib_LTLIBRARIES)
	$(AM_TESTS_ENVIRONMENT) $(SHELL) $(srcdir)/bench/core/bench_core.sh
.PHONY: bench-core
