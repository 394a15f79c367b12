# core/synth/local.mk — build rules of synth (none yet).
