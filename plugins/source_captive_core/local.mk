# plugins/source_captive_core/local.mk — the captive-core source plugin
# (stellar-core as a child process, metadata stream on fd 3).
if BUILD_SOURCE_CAPTIVE_CORE
pkglib_LTLIBRARIES += plugins/source_captive_core.la
# latest_available reads the history archives with the archive source's
# HTTP store and JSON reader, compiled in here as well
plugins_source_captive_core_la_SOURCES = \
	plugins/source_captive_core/source_captive_core.c \
	plugins/source_captive_core/core_appendix.c plugins/source_captive_core/core_appendix.h \
	plugins/source_captive_core/core_child.c plugins/source_captive_core/core_child.h \
	plugins/source_captive_core/core_replay_dir.c plugins/source_captive_core/core_replay_dir.h \
	plugins/source_captive_core/core_stream.c plugins/source_captive_core/core_stream.h \
	plugins/source_captive_core/core_tip.c plugins/source_captive_core/core_tip.h \
	plugins/source_captive_core/core_toml.c plugins/source_captive_core/core_toml.h \
	plugins/source_archive/archive_store.c plugins/source_archive/archive_store.h \
	plugins/source_archive/archive_store_backend.h plugins/source_archive/archive_store_file.c \
	plugins/source_archive/archive_store_http.c \
	plugins/source_archive/json_fields.c plugins/source_archive/json_fields.h
plugins_source_captive_core_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins $(LIBCURL_CFLAGS)
plugins_source_captive_core_la_LIBADD = $(LIBCURL_LIBS) -lpthread
plugins_source_captive_core_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif
EXTRA_DIST += doc/source-captive-core.md
