# plugins/source_archive/local.mk — build rules of source_archive (none yet).
