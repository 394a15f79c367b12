# plugins/common/local.mk — code the bundled plugins share, as libtool
# convenience libraries linked into each plugin that uses them (libtool
# builds their objects position-independent, as a plugin needs).  Three
# of them, because a convenience library is linked whole: the sinks take
# libplugin_common (the byte buffer) without the stores' libcurl, and only
# the plugins that read history archives take the XDR codec.
#   libplugin_common.la   text_buffer (the growable byte buffer), the errors
#                         both sources report alike, the settings checks
#                         open and validate share, and the core's safe file
#                         creation (core/base/safe_file.c)
#   libplugin_store.la    the archive store: a local directory or HTTP(S)
#                         (libcurl), and the JSON members of what it fetches
#                         (jansson), for the archive and captive-core sources
#   libplugin_history.la  the history-archive reader (states, headers,
#                         buckets: zlib), with its own copy of the XDR
#                         decoder/encoder and SHA-256 from core/ (a plugin
#                         exports only sluice_plugin, so the copy stays
#                         private to it; the host table offers no decoder)
PLUGIN_COMMON_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common $(JANSSON_CFLAGS)

noinst_LTLIBRARIES += plugins/common/libplugin_common.la
plugins_common_libplugin_common_la_SOURCES = \
	plugins/common/text_buffer.c plugins/common/text_buffer.h \
	plugins/common/source_errors.c plugins/common/source_errors.h \
	plugins/common/settings_check.c plugins/common/settings_check.h \
	core/base/safe_file.c core/base/safe_file.h
plugins_common_libplugin_common_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS)

noinst_LTLIBRARIES += plugins/common/libplugin_store.la
plugins_common_libplugin_store_la_SOURCES = \
	plugins/common/archive_store.c plugins/common/archive_store.h \
	plugins/common/archive_store_backend.h plugins/common/archive_store_file.c \
	plugins/common/archive_store_http.c \
	plugins/common/json_members.c plugins/common/json_members.h
plugins_common_libplugin_store_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS) $(LIBCURL_CFLAGS)
plugins_common_libplugin_store_la_LIBADD = plugins/common/libplugin_common.la $(LIBCURL_LIBS) \
	$(JANSSON_LIBS) -lpthread

if HAVE_ZLIB
noinst_LTLIBRARIES += plugins/common/libplugin_history.la
plugins_common_libplugin_history_la_SOURCES = \
	plugins/common/history_state.c plugins/common/history_state.h \
	plugins/common/history_stream.c plugins/common/history_stream.h \
	plugins/common/history_header.c plugins/common/history_header.h \
	plugins/common/history_keys.c plugins/common/history_keys.h \
	plugins/common/history_reader.c plugins/common/history_reader.h \
	core/xdr/sx_runtime.c core/xdr/sx_runtime.h \
	core/xdr/gen/sx_decode.c core/xdr/gen/sx_encode.c \
	core/xdr/gen/sx_codec.h core/xdr/gen/sx_types.h \
	core/xdr/ledger_key.c core/xdr/ledger_key.h \
	core/stellar/sha256.c core/stellar/sha256.h \
	core/stellar/sha256_many.c core/stellar/sha256_internal.h
plugins_common_libplugin_history_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS) $(ZLIB_CFLAGS)
plugins_common_libplugin_history_la_LIBADD = plugins/common/libplugin_store.la $(ZLIB_LIBS)
endif
