# plugins/sink_stdout/local.mk — the stdout sink plugin.
if BUILD_SINK_STDOUT
pkglib_LTLIBRARIES += plugins/sink_stdout.la
plugins_sink_stdout_la_SOURCES = plugins/sink_stdout/sink_stdout.c
plugins_sink_stdout_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif
