# tests/history/local.mk — the history-archive reader (plugins/common/
# history_*): state files, checkpoint names and hashes against published
# values, and the merge over small archives written by archive_writer.c.
if HAVE_ZLIB
HISTORY_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common $(JANSSON_CFLAGS) $(ZLIB_CFLAGS)
check_PROGRAMS += tests/history/test_history_state tests/history/test_history_reader
tests_history_test_history_state_SOURCES = tests/history/test_history_state.c tests/testlib.h
tests_history_test_history_state_CPPFLAGS = $(HISTORY_TEST_CPPFLAGS)
tests_history_test_history_state_LDADD = plugins/common/libplugin_history.la
tests_history_test_history_reader_SOURCES = tests/history/test_history_reader.c \
	tests/history/archive_writer.c tests/history/archive_writer.h tests/testlib.h
tests_history_test_history_reader_CPPFLAGS = $(HISTORY_TEST_CPPFLAGS)
tests_history_test_history_reader_LDADD = plugins/common/libplugin_history.la $(ZLIB_LIBS)
TESTS += tests/history/test_history_state tests/history/test_history_reader
endif
