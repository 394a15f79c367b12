# plugins/source_captive_core/local.mk — build rules of source_captive_core (none yet).
