# bench/xdr/local.mk — the XDR decode benchmark (results in BENCHMARKS.md).
# `make bench-xdr` builds bench_decode and runs bench/xdr/run_bench.sh, which
# also times the JavaScript peers (npm packages installed into the build tree).

EXTRA_PROGRAMS = bench/xdr/bench_decode
bench_xdr_bench_decode_SOURCES = bench/xdr/bench_decode.c tests/xdr/xdr_fixtures.c tests/xdr/xdr_fixtures.h
bench_xdr_bench_decode_LDADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS)
CLEANFILES += bench/xdr/bench_decode
EXTRA_DIST += bench/xdr/run_bench.sh bench/xdr/bench_peers.mjs

bench-xdr: bench/xdr/bench_decode tests/xdr/dump_frames
	TOP_SRCDIR='$(abs_top_srcdir)' TOP_BUILDDIR='$(abs_top_builddir)' \
	  $(SHELL) $(srcdir)/bench/xdr/run_bench.sh

clean-local: clean-xdr-bench-npm
clean-xdr-bench-npm:
	rm -rf bench/xdr/npm
.PHONY: bench-xdr clean-xdr-bench-npm
