# bench/synth/local.mk — sluice-synth generation speed (BENCHMARKS.md):
# `make bench-synth` (not part of `make check`: timings are not tests).

EXTRA_DIST += bench/synth/bench_synth.sh
bench-synth: sluice-synth$(EXEEXT)
	$(SHELL) $(srcdir)/bench/synth/bench_synth.sh ./sluice-synth$(EXEEXT) 1000
.PHONY: bench-synth
