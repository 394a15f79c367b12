"""Emits sx_registry.c: the table of every named type (XDR name,
stellar-xdr-json name, size, type-erased decode/skip/encode/json) and the
lookups, so `sluice decode --type T` works for any type."""
from ctypes_map import c_type_name
from emit_common import banner, named_defs
from naming import rust_type_name

PURPOSE = """Registry: sx_registry_find(name) -> sx_type_info for every XDR type."""

LOOKUP = r"""
static int compare_info(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const sx_type_info *)entry)->name);
}

const sx_type_info *sx_registry_find(const char *name)
{
    size_t count = sizeof(registry) / sizeof(registry[0]);
    const sx_type_info *hit = bsearch(name, registry, count, sizeof(registry[0]), compare_info);
    for (size_t i = 0; !hit && i < count; i++)
        if (strcmp(json_names[i], name) == 0)
            hit = &registry[i];
    return hit;
}

const sx_type_info *sx_registry_all(size_t *count)
{
    *count = sizeof(registry) / sizeof(registry[0]);
    return registry;
}
"""


def emit_registry_c(spec):
    defs = sorted(named_defs(spec), key=lambda d: d.name)
    out = [banner("sx_registry.c", PURPOSE), '#include <stdlib.h>\n#include <string.h>\n\n#include "sx_codec.h"\n']
    for d in defs:
        t = c_type_name(d.name)
        out.append("static int reg_decode_%s(const uint8_t *buf, size_t len, sx_arena *arena, void *out, sx_error *err)" % d.name)
        out.append("{\n    return sx_decode_%s(buf, len, arena, (%s *)out, err);\n}" % (d.name, t))
        out.append("static int reg_encode_%s(const void *value, sx_buf *out)" % d.name)
        out.append("{\n    return sx_encode_%s((const %s *)value, out);\n}" % (d.name, t))
        out.append("static int reg_json_%s(const void *value, sx_buf *out)" % d.name)
        out.append("{\n    return sx_json_%s((const %s *)value, out);\n}\n" % (d.name, t))
    out.append("static const sx_type_info registry[] = {")
    for d in defs:
        out.append('    {"%s", sizeof(%s), reg_decode_%s, sx_skip_%s, reg_encode_%s, reg_json_%s},'
                   % (d.name, c_type_name(d.name), d.name, d.name, d.name, d.name))
    out.append("};\n")
    out.append("/* stellar-xdr-json's names, parallel to registry[] */")
    out.append("static const char *const json_names[] = {")
    for d in defs:
        out.append('    "%s",' % rust_type_name(d.name))
    out.append("};")
    out.append(LOOKUP)
    return "\n".join(out)
