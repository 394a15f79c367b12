# bench/indexer/local.mk — indexer throughput (results in BENCHMARKS.md).
# `make bench-indexer` builds and runs bench/indexer/bench_index.

EXTRA_PROGRAMS += bench/indexer/bench_index
bench_indexer_bench_index_SOURCES = bench/indexer/bench_index.c \
	tests/indexer/ledger_frames.c tests/indexer/ledger_frames.h \
	tests/xdr/xdr_fixtures.c tests/xdr/xdr_fixtures.h
bench_indexer_bench_index_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/indexer
bench_indexer_bench_index_LDADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS)
CLEANFILES += bench/indexer/bench_index

bench-indexer: bench/indexer/bench_index
	SLUICE_FIXTURES=$${SLUICE_FIXTURES:-$(abs_top_srcdir)/tests/data} \
	  ./bench/indexer/bench_index
.PHONY: bench-indexer

# sha256_many per implementation on envelope-sized messages: `make bench-sha256`.
EXTRA_PROGRAMS += bench/indexer/bench_sha256
bench_indexer_bench_sha256_LDADD = core/libsluicecore.la
CLEANFILES += bench/indexer/bench_sha256

bench-sha256: bench/indexer/bench_sha256
	./bench/indexer/bench_sha256
.PHONY: bench-sha256
