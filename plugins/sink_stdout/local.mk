# plugins/sink_stdout/local.mk — the stdout sink plugin (NDJSON, state file).
if BUILD_SINK_STDOUT
pkglib_LTLIBRARIES += plugins/sink_stdout.la
plugins_sink_stdout_la_SOURCES = plugins/sink_stdout/sink_stdout.c \
	plugins/sink_stdout/ledger_ranges.c plugins/sink_stdout/ledger_ranges.h \
	plugins/sink_stdout/lock_file.c plugins/sink_stdout/lock_file.h \
	plugins/sink_stdout/output_chain.c plugins/sink_stdout/output_chain.h \
	plugins/sink_stdout/sink_state.c plugins/sink_stdout/sink_state.h \
	plugins/sink_stdout/row_format.c plugins/sink_stdout/row_format.h \
	plugins/sink_stdout/json_text.c plugins/sink_stdout/json_text.h
plugins_sink_stdout_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS)
plugins_sink_stdout_la_LIBADD = plugins/common/libplugin_common.la
plugins_sink_stdout_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif

EXTRA_DIST += doc/sink-stdout.md
