# core/xdr/local.mk — the XDR codec: hand-written runtime plus the sources
# tools/xdrgen generates from the Stellar .x spec (committed, so a build
# needs neither the generator nor the spec).  `make regen-xdr` regenerates;
# tests/xdr/regen_check.sh fails when regenerating would change anything.

XDR_GENERATED = \
	core/xdr/gen/sx_types.h core/xdr/gen/sx_codec.h core/xdr/gen/sx_decode.c core/xdr/gen/sx_skip.c \
	core/xdr/gen/sx_encode.c core/xdr/gen/sx_json.c core/xdr/gen/sx_registry.c

core_libsluicecore_la_SOURCES += \
	core/xdr/sx_runtime.c core/xdr/sx_runtime.h \
	core/xdr/sx_input.c core/xdr/sx_input.h \
	core/xdr/sx_json_rt.c core/xdr/sx_json_rt.h \
	core/xdr/sx_json_special.c core/xdr/sx_json_special.h \
	$(XDR_GENERATED)

XDR_GENERATOR = \
	tools/xdrgen/xdrgen.py tools/xdrgen/xdr_model.py tools/xdrgen/xdr_parse.py \
	tools/xdrgen/spec_load.py tools/xdrgen/analyze.py tools/xdrgen/naming.py \
	tools/xdrgen/ctypes_map.py tools/xdrgen/emit_common.py tools/xdrgen/emit_types.py \
	tools/xdrgen/emit_codec_h.py tools/xdrgen/emit_decode.py tools/xdrgen/emit_skip.py \
	tools/xdrgen/emit_encode.py tools/xdrgen/emit_json.py tools/xdrgen/emit_registry.py
EXTRA_DIST += $(XDR_GENERATOR) core/xdr/spec

# The spec is vendored in core/xdr/spec (see its PROVENANCE.md and
# SHA256SUMS); the generated sources live apart, in core/xdr/gen.
regen-xdr:
	cd $(srcdir)/core/xdr/spec && sha256sum -c --quiet SHA256SUMS
	$(PYTHON) $(srcdir)/tools/xdrgen/xdrgen.py --spec $(srcdir)/core/xdr/spec --out $(srcdir)/core/xdr/gen
.PHONY: regen-xdr
