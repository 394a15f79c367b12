# plugins/filestore/local.mk — libsluice-filestore: state file, stored
# ledgers and locks for sinks that keep their store in files (installed;
# <sluice/filestore.h>).  The
# bundled stdout sink links the same code in (the convenience library), so
# the installed plugins stay self-contained and `make prefix=DIR install`
# needs no relinking.
noinst_LTLIBRARIES += plugins/filestore/libfilestore.la
plugins_filestore_libfilestore_la_SOURCES = plugins/filestore/ledger_set.c plugins/filestore/ranges_append.h \
	plugins/filestore/safe_file.c \
	plugins/filestore/store_lock.c plugins/filestore/store_state.c
lib_LTLIBRARIES = plugins/filestore/libsluice-filestore.la
plugins_filestore_libsluice_filestore_la_SOURCES =
plugins_filestore_libsluice_filestore_la_LIBADD = plugins/filestore/libfilestore.la \
	plugins/common/libplugin_common.la
plugins_filestore_libsluice_filestore_la_LDFLAGS = -version-info 0:0:0 -export-symbols-regex '^sluice_fs_' \
	$(AM_LDFLAGS)
