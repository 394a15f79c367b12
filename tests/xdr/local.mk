# tests/xdr/local.mk — tests of the XDR codec: round trip over every real
# fixture frame, damaged frames fail cleanly within the arena bound, the
# committed generated sources match the generator, JSON conformance.

XDR_TEST_LDADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS)
XDR_FIXTURE_SOURCES = tests/xdr/xdr_fixtures.c tests/xdr/xdr_fixtures.h tests/testlib.h

check_PROGRAMS += tests/xdr/test_roundtrip tests/xdr/test_hostile
tests_xdr_test_roundtrip_SOURCES = tests/xdr/test_roundtrip.c $(XDR_FIXTURE_SOURCES)
tests_xdr_test_roundtrip_LDADD = $(XDR_TEST_LDADD)
tests_xdr_test_hostile_SOURCES = tests/xdr/test_hostile.c $(XDR_FIXTURE_SOURCES)
tests_xdr_test_hostile_LDADD = $(XDR_TEST_LDADD)

TESTS += tests/xdr/test_roundtrip tests/xdr/test_hostile tests/xdr/regen_check.sh
EXTRA_DIST += tests/xdr/regen_check.sh

# stellar-xdr-json conformance: dump_frames feeds the node comparison script.
check_PROGRAMS += tests/xdr/dump_frames
tests_xdr_dump_frames_SOURCES = tests/xdr/dump_frames.c $(XDR_FIXTURE_SOURCES)
tests_xdr_dump_frames_LDADD = $(XDR_TEST_LDADD)
TESTS += tests/xdr/conformance.sh

# Short bounded fuzz run (FUZZ_SECONDS, default 60) with clang's libFuzzer.
TESTS += tests/fuzz/run_fuzz.sh
EXTRA_DIST += tests/fuzz/run_fuzz.sh tests/fuzz/fuzz_decode.c
clean-local: clean-xdr-fuzz
clean-xdr-fuzz:
	rm -rf tests/fuzz/work
.PHONY: clean-xdr-fuzz
EXTRA_DIST += tests/xdr/conformance.sh tests/xdr/conformance.mjs
clean-local: clean-xdr-npm
clean-xdr-npm:
	rm -rf tests/xdr/npm
.PHONY: clean-xdr-npm
