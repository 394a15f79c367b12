# tests/synth/local.mk — tests of sluice-synth: SHA-256 against the NIST
# vectors, and generated ledgers checked by an independent verifier (hash
# chain, transaction hashes, state and balance consistency, byte-identical
# round trip), by @stellar/stellar-xdr-json, for determinism and for the
# data-lake layout; the history archive of --archive read back with the
# history-archive reader (archive_check.c).

check_PROGRAMS += tests/synth/test_sha256 tests/synth/synth_verify tests/synth/synth_mutate
tests_synth_test_sha256_SOURCES = tests/synth/test_sha256.c tests/testlib.h
tests_synth_test_sha256_LDADD = tools/synth/libsynth.la
tests_synth_synth_verify_SOURCES = tests/synth/synth_verify.c \
	tests/synth/verify_state.c tests/synth/verify_state.h \
	tests/synth/verify_liabilities.c tests/synth/verify_liabilities.h
tests_synth_synth_verify_LDADD = tools/synth/libsynth.la $(ZSTD_LIBS) $(ZLIB_LIBS) -lm
tests_synth_synth_mutate_SOURCES = tests/synth/synth_mutate.c
tests_synth_synth_mutate_LDADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS)

TESTS += tests/synth/test_sha256
if HAVE_ZLIB
check_PROGRAMS += tests/synth/archive_check
tests_synth_archive_check_SOURCES = tests/synth/archive_check.c tests/testlib.h
tests_synth_archive_check_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common $(JANSSON_CFLAGS) \
	$(ZLIB_CFLAGS) $(ZSTD_CFLAGS)
tests_synth_archive_check_LDADD = plugins/common/libplugin_history.la $(ZLIB_LIBS) $(ZSTD_LIBS)
TESTS += tests/synth/archive.sh
endif
EXTRA_DIST += tests/synth/archive.sh
TESTS += tests/synth/consistency.sh tests/synth/lake.sh tests/synth/xdr_json.sh tests/synth/quickstart.sh \
	tests/synth/frame_size.sh tests/synth/man_page.sh
EXTRA_DIST += tests/synth/consistency.sh tests/synth/lake.sh tests/synth/xdr_json.sh tests/synth/quickstart.sh \
	tests/synth/frame_size.sh tests/synth/man_page.sh \
	tests/synth/xdr_json.mjs
clean-local: clean-synth-npm
clean-synth-npm:
	rm -rf tests/synth/npm
.PHONY: clean-synth-npm
