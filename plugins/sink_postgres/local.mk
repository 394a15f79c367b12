# plugins/sink_postgres/local.mk — the PostgreSQL sink plugin (libpq).
if BUILD_SINK_POSTGRES
pkglib_LTLIBRARIES += plugins/sink_postgres.la
plugins_sink_postgres_la_SOURCES = plugins/sink_postgres/sink_postgres.c \
	plugins/sink_postgres/pg_sink.h \
	plugins/sink_postgres/pg_conn.c \
	plugins/sink_postgres/pg_schema.c \
	plugins/sink_postgres/pg_names.c \
	plugins/sink_postgres/pg_copy.c \
	plugins/sink_postgres/pg_partitions.c \
	plugins/sink_postgres/pg_balances.c \
	plugins/sink_postgres/pg_cursors.c \
	plugins/sink_postgres/pg_lock.c \
	plugins/sink_postgres/pg_transaction.c \
	plugins/sink_postgres/pg_read.c \
	plugins/sink_postgres/pg_check.c \
	plugins/sink_postgres/pg_compare.c \
	plugins/sink_postgres/pg_retention.c \
	plugins/sink_postgres/pg_fields.c plugins/sink_postgres/pg_fields.h \
	plugins/sink_postgres/pg_text.c plugins/sink_postgres/pg_text.h
plugins_sink_postgres_la_CPPFLAGS = $(PLUGIN_COMMON_CPPFLAGS) $(LIBPQ_CFLAGS)
plugins_sink_postgres_la_LIBADD = plugins/common/libplugin_common.la $(LIBPQ_LIBS)
plugins_sink_postgres_la_LDFLAGS = $(PLUGIN_LDFLAGS)
endif
