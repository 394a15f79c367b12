# bench/xdr/local.mk — XDR decode benchmark (see BENCHMARKS.md); filled in by milestone (d).
