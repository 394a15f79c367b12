# core/synth/local.mk — sluice-synth, the synthetic ledger generator.  It
# hashes with the core's SHA-256 (core/indexer/sha256.*, in libsluicecore).

bin_PROGRAMS += sluice-synth
noinst_LTLIBRARIES += core/synth/libsynth.la
core_synth_libsynth_la_SOURCES = \
	core/synth/synth_rng.h \
	core/synth/synth_params.c core/synth/synth_params.h \
	core/synth/synth_world.c core/synth/synth_world.h \
	core/synth/synth_build.h core/synth/synth_entries.c \
	core/synth/synth_ops.c core/synth/synth_ops.h \
	core/synth/synth_dex.c core/synth/synth_claimable.c \
	core/synth/synth_tx.c core/synth/synth_tx.h \
	core/synth/synth_soroban.c core/synth/synth_soroban.h \
	core/synth/synth_events.c core/synth/synth_events.h \
	core/synth/synth_ledger.c core/synth/synth_ledger.h \
	core/synth/synth_output.c core/synth/synth_output.h
core_synth_libsynth_la_CPPFLAGS = $(AM_CPPFLAGS) $(ZSTD_CFLAGS)
core_synth_libsynth_la_LIBADD = core/libsluicecore.la $(ZSTD_LIBS) -lm

sluice_synth_SOURCES = core/synth/synth_main.c
sluice_synth_LDADD = core/synth/libsynth.la

EXTRA_DIST += core/synth/DISTRIBUTION.md core/synth/measure_mix.mjs
