# core/xdr/local.mk — the XDR codec: hand-written runtime plus the sources
# tools/xdrgen generates from the Stellar .x spec (committed, so a build
# needs neither the generator nor the spec).  `make regen-xdr` regenerates;
# tests/xdr/regen_check.sh fails when regenerating would change anything.

XDR_GENERATED = \
	core/xdr/sx_types.h core/xdr/sx_codec.h core/xdr/sx_decode.c core/xdr/sx_skip.c \
	core/xdr/sx_encode.c core/xdr/sx_json.c core/xdr/sx_registry.c

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
EXTRA_DIST += $(XDR_GENERATOR)

# The spec folder: $XDR_SPEC_DIR from the environment, else ../shared beside
# the source tree.  (A make variable of that name would override the
# environment in every recipe and test, distcheck's included.)
regen-xdr:
	spec="$${XDR_SPEC_DIR:-$(abs_top_srcdir)/../shared/stellar-xdr}"; \
	$(PYTHON) $(srcdir)/tools/xdrgen/xdrgen.py --spec "$$spec" --out $(srcdir)/core/xdr
.PHONY: regen-xdr
