# tests/sources/local.mk — tests of the source plugins: the archive source
# over generated and real lakes (files and HTTP), the captive-core source
# against a stand-in stellar-core.

SOURCE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins $(ZSTD_CFLAGS)
SOURCE_TEST_HELPERS = tests/sources/source_harness.c tests/sources/source_harness.h \
	tests/sources/stream_file.c tests/sources/stream_file.h tests/testlib.h
LAKE_WRITER_SOURCES = tests/sources/lake_writer.c tests/sources/lake_writer.h \
	plugins/source_archive/archive_layout.c plugins/source_archive/archive_layout.h

if BUILD_SOURCE_ARCHIVE
check_PROGRAMS += tests/sources/test_archive tests/sources/make_lake
tests_sources_test_archive_SOURCES = tests/sources/test_archive.c $(SOURCE_TEST_HELPERS) \
	$(LAKE_WRITER_SOURCES)
tests_sources_test_archive_CPPFLAGS = $(SOURCE_TEST_CPPFLAGS)
tests_sources_test_archive_LDADD = core/libsluicecore.la $(ZSTD_LIBS) -lpthread
tests_sources_make_lake_SOURCES = tests/sources/make_lake.c $(SOURCE_TEST_HELPERS) \
	$(LAKE_WRITER_SOURCES)
tests_sources_make_lake_CPPFLAGS = $(SOURCE_TEST_CPPFLAGS)
tests_sources_make_lake_LDADD = core/libsluicecore.la $(ZSTD_LIBS)
TESTS += tests/sources/test_archive
endif
if BUILD_SOURCE_ARCHIVE
TESTS += tests/sources/archive_run.sh tests/sources/archive_http.sh
endif
EXTRA_DIST += tests/sources/archive_run.sh tests/sources/archive_http.sh \
	tests/sources/http_server.py tests/sources/http_proxy.py

if BUILD_SOURCE_CAPTIVE_CORE
check_PROGRAMS += tests/sources/test_captive_core
tests_sources_test_captive_core_SOURCES = tests/sources/test_captive_core.c $(SOURCE_TEST_HELPERS)
tests_sources_test_captive_core_CPPFLAGS = $(SOURCE_TEST_CPPFLAGS)
tests_sources_test_captive_core_LDADD = core/libsluicecore.la -lpthread
TESTS += tests/sources/test_captive_core tests/sources/captive_tip.sh
endif
EXTRA_DIST += tests/sources/fake-stellar-core tests/sources/captive_tip.sh
