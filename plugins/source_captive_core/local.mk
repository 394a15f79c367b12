# plugins/source_captive_core/local.mk — the captive-core source plugin
# (stellar-core as a child process, metadata stream on fd 3).
if BUILD_SOURCE_CAPTIVE_CORE
pkglib_LTLIBRARIES += plugins/source_captive_core.la
# latest_available reads the history archives with the shared HTTP store
# and JSON reader (plugins/common)
plugins_source_captive_core_la_SOURCES = \
	plugins/source_captive_core/source_captive_core.c \
	plugins/source_captive_core/core_appendix.c plugins/source_captive_core/core_appendix.h \
	plugins/source_captive_core/core_child.c plugins/source_captive_core/core_child.h \
	plugins/source_captive_core/core_replay_dir.c plugins/source_captive_core/core_replay_dir.h \
	plugins/source_captive_core/core_stream.c plugins/source_captive_core/core_stream.h \
	plugins/source_captive_core/core_tip.c plugins/source_captive_core/core_tip.h \
	plugins/source_captive_core/core_toml.c plugins/source_captive_core/core_toml.h
plugins_source_captive_core_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS)
plugins_source_captive_core_la_LIBADD = plugins/common/libplugin_store.la -lpthread
plugins_source_captive_core_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif
EXTRA_DIST += doc/source-captive-core.md
