# tests/local.mk — the core's tests: C unit tests, shell integration tests,
# and the deliberately broken plugins the loader tests refuse.

TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
# Under --enable-sanitizers, LeakSanitizer's tracking of dynamic TLS
# (its __tls_get_addr interceptor) crashes its exit-time tracer ("Tracer
# caught signal 11", a DTLS range at 0x136) when a plugin's libgnutls
# first touches its TLS in its destructor during exit; whether it does
# depends on the libraries loaded (linking jansson into the sources made
# two `sluice status` runs of captive_tip.sh hit it every time).  Not
# tracking dynamic TLS avoids it; plugins keep no heap pointers only there.
AM_TESTS_ENVIRONMENT = \
	ASAN_OPTIONS="$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}intercept_tls_get_addr=0"; export ASAN_OPTIONS; \
	SLUICE='$(abs_top_builddir)/sluice'; export SLUICE; \
	PLUGIN_BUILD_DIR='$(abs_top_builddir)/plugins/.libs'; export PLUGIN_BUILD_DIR; \
	TEST_PLUGIN_DIR='$(abs_top_builddir)/tests/plugins/.libs'; export TEST_PLUGIN_DIR; \
	TOP_SRCDIR='$(abs_top_srcdir)'; export TOP_SRCDIR; \
	TOP_BUILDDIR='$(abs_top_builddir)'; export TOP_BUILDDIR; \
	SLUICE_FIXTURES="$${SLUICE_FIXTURES:-$(abs_top_srcdir)/tests/data}"; export SLUICE_FIXTURES; \
	MAKE='$(MAKE)'; export MAKE;

# Shared object files that are not (valid) plugins, built for the loader tests
# (bad_binding loads, but its open() fails in host->config_load).
TEST_PLUGIN_LDFLAGS = -module -avoid-version -shared -rpath /nowhere $(AM_LDFLAGS)
check_LTLIBRARIES += tests/plugins/bad_abi.la tests/plugins/newer_minor_abi.la \
	tests/plugins/old_abi.la tests/plugins/no_descriptor.la tests/plugins/missing_callback.la \
	tests/plugins/bad_layout.la tests/plugins/lifecycle.la tests/plugins/bad_binding.la
# bad_abi.c claims another version: a future major (4.0), a newer minor (3.3).
tests_plugins_bad_abi_la_SOURCES = tests/plugins/bad_abi.c
tests_plugins_bad_abi_la_CPPFLAGS = $(AM_CPPFLAGS) -DCLAIM_MAJOR=4u -DCLAIM_MINOR=0u
tests_plugins_bad_abi_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_newer_minor_abi_la_SOURCES = tests/plugins/bad_abi.c
tests_plugins_newer_minor_abi_la_CPPFLAGS = $(AM_CPPFLAGS) -DCLAIM_MAJOR=SLUICE_ABI_MAJOR \
	-DCLAIM_MINOR='(SLUICE_ABI_MINOR + 1u)'
tests_plugins_newer_minor_abi_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_old_abi_la_SOURCES = tests/plugins/old_abi.c
tests_plugins_old_abi_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_no_descriptor_la_SOURCES = tests/plugins/no_descriptor.c
tests_plugins_no_descriptor_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_missing_callback_la_SOURCES = tests/plugins/missing_callback.c
tests_plugins_missing_callback_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_bad_binding_la_SOURCES = tests/plugins/bad_binding.c
tests_plugins_bad_binding_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

# A sink with one guarantee broken on purpose, for check-plugin's test.
check_LTLIBRARIES += tests/plugins/broken_sink.la
tests_plugins_broken_sink_la_SOURCES = tests/plugins/broken_sink.c
tests_plugins_broken_sink_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_bad_layout_la_SOURCES = tests/plugins/bad_layout.c
tests_plugins_bad_layout_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_lifecycle_la_SOURCES = tests/plugins/lifecycle.c
tests_plugins_lifecycle_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

# The minor-version promise: one test sink built against the frozen ABI 3.0
# headers (and only them) and against the current headers.
check_LTLIBRARIES += tests/abi/sink_text30.la tests/abi/sink_text.la
tests_abi_sink_text30_la_SOURCES = tests/abi/sink_text.c
tests_abi_sink_text30_la_CPPFLAGS = -I$(top_srcdir)/tests/abi/sluice-3.0
tests_abi_sink_text30_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_abi_sink_text_la_SOURCES = tests/abi/sink_text.c
tests_abi_sink_text_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
TESTS += tests/abi/minor_compat.sh
EXTRA_DIST += tests/abi/minor_compat.sh tests/abi/sluice-3.0/sluice/config.h \
	tests/abi/sluice-3.0/sluice/plugin.h tests/abi/sluice-3.0/sluice/rows.h

# C unit tests of the core.
check_PROGRAMS += tests/unit/test_config tests/unit/test_loader
tests_unit_test_config_SOURCES = tests/unit/test_config.c tests/testlib.h
tests_unit_test_config_LDADD = core/libsluicecore.la
tests_unit_test_loader_SOURCES = tests/unit/test_loader.c tests/testlib.h
tests_unit_test_loader_LDADD = core/libsluicecore.la

check_PROGRAMS += tests/unit/test_code_names
tests_unit_test_code_names_SOURCES = tests/unit/test_code_names.c tests/testlib.h
tests_unit_test_code_names_LDADD = core/libsluicecore.la

check_PROGRAMS += tests/unit/test_secret
tests_unit_test_secret_SOURCES = tests/unit/test_secret.c tests/testlib.h
tests_unit_test_secret_LDADD = core/libsluicecore.la

check_PROGRAMS += tests/unit/test_frame_info
tests_unit_test_frame_info_SOURCES = tests/unit/test_frame_info.c tests/xdr/xdr_fixtures.c \
	tests/xdr/xdr_fixtures.h tests/testlib.h
tests_unit_test_frame_info_LDADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS)

TESTS += tests/unit/test_config tests/unit/test_loader tests/unit/test_frame_info tests/unit/test_secret \
	tests/unit/test_code_names \
	tests/cli.sh tests/config_errors.sh tests/check_config_plugins.sh tests/loader_errors.sh tests/run_pipeline.sh tests/secrets.sh \
	tests/install_contrib.sh tests/metrics.sh tests/health.sh tests/log_fields.sh tests/retry.sh tests/backfill_plan.sh tests/planted_links.sh tests/source_end_early.sh \
	tests/crash/crash_modes.sh \
	tests/crash/faults.sh \
	tests/check_plugin.sh

EXTRA_DIST += tests/data tests/planted_links.sh tests/source_end_early.sh tests/secrets.sh tests/backfill_plan.sh tests/slow_clients.py tests/testlib.sh tests/pg_env.sh tests/xdr_json_npm.sh tests/crash/crash_modes.sh tests/crash/faults.sh tests/summary.sh tests/cli.sh tests/config_errors.sh tests/check_config_plugins.sh \
	tests/loader_errors.sh tests/run_pipeline.sh tests/install_contrib.sh tests/metrics.sh \
	tests/retry.sh tests/health.sh tests/log_fields.sh tests/on_terminal.py \
	tests/check_plugin.sh
