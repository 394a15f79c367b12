# tools/synth/local.mk — sluice-synth, the synthetic ledger generator.  It
# hashes with the core's SHA-256 (core/stellar/sha256.*, in libsluicecore);
# --archive writes gzip (zlib) and JSON (jansson).

bin_PROGRAMS += sluice-synth
noinst_LTLIBRARIES += tools/synth/libsynth.la
tools_synth_libsynth_la_SOURCES = \
	tools/synth/synth_rng.h \
	tools/synth/synth_params.c tools/synth/synth_params.h \
	tools/synth/synth_world.c tools/synth/synth_world.h \
	tools/synth/synth_build.h tools/synth/synth_entries.c \
	tools/synth/synth_op_kit.c tools/synth/synth_op_kit.h \
	tools/synth/synth_ops.c tools/synth/synth_ops.h \
	tools/synth/synth_dex.c tools/synth/synth_dex.h \
	tools/synth/synth_claimable.c tools/synth/synth_claimable.h \
	tools/synth/synth_tx.c tools/synth/synth_tx.h \
	tools/synth/synth_soroban.c tools/synth/synth_soroban.h \
	tools/synth/synth_events.c tools/synth/synth_events.h \
	tools/synth/synth_ledger.c tools/synth/synth_ledger.h \
	tools/synth/synth_output.c tools/synth/synth_output.h \
	tools/synth/synth_journal.c tools/synth/synth_journal.h \
	tools/synth/synth_bucket.c tools/synth/synth_bucket.h \
	tools/synth/synth_archive.c tools/synth/synth_archive.h
tools_synth_libsynth_la_CPPFLAGS = $(AM_CPPFLAGS) $(ZSTD_CFLAGS) $(ZLIB_CFLAGS) $(JANSSON_CFLAGS)
tools_synth_libsynth_la_LIBADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS) $(JANSSON_LIBS) -lm

sluice_synth_SOURCES = tools/synth/synth_main.c
sluice_synth_LDADD = tools/synth/libsynth.la

EXTRA_DIST += tools/synth/DISTRIBUTION.md tools/synth/measure_mix.mjs
