# plugins/source_archive/local.mk — the archive source plugin (SEP-54 data
# lake, local directory or HTTP(S) via libcurl when configure found it).
if BUILD_SOURCE_ARCHIVE
pkglib_LTLIBRARIES += plugins/source_archive.la
plugins_source_archive_la_SOURCES = \
	plugins/source_archive/source_archive.c \
	plugins/source_archive/archive_batch.c plugins/source_archive/archive_batch.h \
	plugins/source_archive/archive_lake.c plugins/source_archive/archive_lake.h \
	plugins/source_archive/archive_layout.c plugins/source_archive/archive_layout.h \
	plugins/source_archive/archive_manifest.c plugins/source_archive/archive_manifest.h \
	plugins/source_archive/archive_prefetch.c plugins/source_archive/archive_prefetch.h
plugins_source_archive_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS) $(ZSTD_CFLAGS)
plugins_source_archive_la_LIBADD = plugins/common/libplugin_store.la $(ZSTD_LIBS) -lpthread
plugins_source_archive_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif
EXTRA_DIST += doc/source-archive.md
