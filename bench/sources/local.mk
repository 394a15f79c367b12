# bench/sources/local.mk — archive source throughput vs zstd -dc (see
# BENCHMARKS.md); run with `make bench-sources`, not part of make check.
if BUILD_SOURCE_ARCHIVE
noinst_PROGRAMS += bench/sources/bench_archive
bench_sources_bench_archive_SOURCES = bench/sources/bench_archive.c $(SOURCE_TEST_HELPERS)
bench_sources_bench_archive_CPPFLAGS = $(SOURCE_TEST_CPPFLAGS)
bench_sources_bench_archive_LDADD = core/libsluicecore.la -lpthread
endif
EXTRA_DIST += bench/sources/bench_archive.sh

bench-sources: bench/sources/bench_archive sluice-synth
	TOP_BUILDDIR=$(abs_top_builddir) $(SHELL) $(srcdir)/bench/sources/bench_archive.sh
.PHONY: bench-sources
