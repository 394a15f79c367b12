# plugins/sink_postgres/local.mk — build rules of sink_postgres (none yet).
