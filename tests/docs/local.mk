# tests/docs/local.mk - tests of what users and plugin authors get: the man
# pages render and describe every config key, subcommand, exit code and
# callback the code has; the example configs pass check-config; log_file
# and SIGHUP; the install layout; the plugin author's kit; shell tests
# running alone (HACKING.md).

DOCS_TESTS = tests/docs/man_keys.sh tests/docs/man_pages.sh tests/docs/example_configs.sh \
	tests/docs/log_reopen.sh tests/docs/install_layout.sh tests/docs/skeleton.sh \
	tests/docs/contrib_sqlite.sh tests/docs/tests_alone.sh tests/docs/include_cycles.sh \
	tests/docs/layers.sh
TESTS += $(DOCS_TESTS)
EXTRA_DIST += $(DOCS_TESTS) tests/docs/require.sh \
	plugins-contrib/sqlite/Makefile plugins-contrib/sqlite/README.md plugins-contrib/sqlite/sink_sqlite.c
