# plugins/common/local.mk — code the bundled plugins share, as libtool
# convenience libraries linked into each plugin that uses them (libtool
# builds their objects position-independent, as a plugin needs).  Two of
# them, because a convenience library is linked whole: the sinks take
# libplugin_common (the byte buffer) without the stores' libcurl.
#   libplugin_common.la  text_buffer (the growable byte buffer), the JSON
#                        reader, the errors both sources report alike, and
#                        the core's safe file creation (core/base/safe_file.c)
#   libplugin_store.la   the archive store: a local directory or HTTP(S)
#                        (libcurl), for the archive and captive-core sources
PLUGIN_COMMON_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common

noinst_LTLIBRARIES += plugins/common/libplugin_common.la
plugins_common_libplugin_common_la_SOURCES = \
	plugins/common/text_buffer.c plugins/common/text_buffer.h \
	plugins/common/json_fields.c plugins/common/json_fields.h \
	plugins/common/source_errors.c plugins/common/source_errors.h \
	core/base/safe_file.c core/base/safe_file.h
plugins_common_libplugin_common_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS)

noinst_LTLIBRARIES += plugins/common/libplugin_store.la
plugins_common_libplugin_store_la_SOURCES = \
	plugins/common/archive_store.c plugins/common/archive_store.h \
	plugins/common/archive_store_backend.h plugins/common/archive_store_file.c \
	plugins/common/archive_store_http.c
plugins_common_libplugin_store_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS) $(LIBCURL_CFLAGS)
plugins_common_libplugin_store_la_LIBADD = plugins/common/libplugin_common.la $(LIBCURL_LIBS) -lpthread
