# core/indexer/local.mk — build rules of indexer (none yet).
