# plugins/sink_stdout/local.mk — the stdout sink plugin (NDJSON; its state
# file and locks from libsluice-filestore).
if BUILD_SINK_STDOUT
pkglib_LTLIBRARIES += plugins/sink_stdout.la
plugins_sink_stdout_la_SOURCES = plugins/sink_stdout/sink_stdout.c \
	plugins/sink_stdout/output_chain.c plugins/sink_stdout/output_chain.h \
	plugins/sink_stdout/row_format.c plugins/sink_stdout/row_format.h \
	plugins/sink_stdout/json_text.c plugins/sink_stdout/json_text.h
plugins_sink_stdout_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS)
plugins_sink_stdout_la_LIBADD = plugins/common/libplugin_common.la plugins/filestore/libfilestore.la
plugins_sink_stdout_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif

EXTRA_DIST += doc/sink-stdout.md
