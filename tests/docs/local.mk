# tests/docs/local.mk - tests of the documentation: the man pages render,
# and describe every config key, subcommand, exit code and callback the
# code has.

TESTS += tests/docs/man_keys.sh tests/docs/man_pages.sh tests/docs/example_configs.sh \
	tests/docs/log_reopen.sh tests/docs/install_layout.sh
EXTRA_DIST += tests/docs/man_keys.sh tests/docs/man_pages.sh tests/docs/example_configs.sh \
	tests/docs/log_reopen.sh tests/docs/install_layout.sh
