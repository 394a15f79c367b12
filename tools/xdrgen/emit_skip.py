"""Emits sx_skip.c: skip walkers that validate one value exactly like the
decoder (bounds, padding, bool/enum/discriminant values, limits, depth) but
store nothing and allocate nothing.  Structs made only of ints and aligned
fixed opaque are skipped with a single bounds check."""
from ctypes_map import c_type_name, elem_name
from emit_common import banner, vec_elements, opt_elements, named_defs, emit_union_switch
from xdr_model import (PRIM, REF, OPAQUE_FIXED, OPAQUE_VAR, STRING,
                       ARRAY_FIXED, ARRAY_VAR, OPTIONAL)

PURPOSE = """Skip walkers: sx_skip_<Type>(buf, len, &consumed, err) checks one value at
the start of buf and reports its encoded size, without allocating."""


def skip_expr(spec, t):
    """C expression skipping one value of t; non-zero on failure."""
    if t.kind == PRIM:
        if t.name == "bool":
            return "sx_skip_bool(r)"
        return "sx_skip_bytes(r, %d)" % (8 if t.name in ("hyper", "uhyper") else 4)
    if t.kind == REF:
        return "skp_%s(r)" % t.name
    if t.kind == OPAQUE_FIXED:
        return "sx_skip_fixed(r, %d)" % t.size
    if t.kind in (OPAQUE_VAR, STRING):
        return "sx_skip_var(r, %uu)" % t.size
    if t.kind == ARRAY_VAR:
        return "skp_vec_%s(r, %uu)" % (elem_name(t.elem), t.size)
    if t.kind == OPTIONAL:
        return "skp_opt_%s(r)" % elem_name(t.elem)
    raise ValueError(t.kind)


def member_skip(spec, owner, name, t, out, indent="    "):
    label = '"%s", "%s"' % (owner.name, name)
    if t.kind == ARRAY_FIXED:
        out.append("%sfor (uint32_t i = 0; i < %d; i++)" % (indent, t.size))
        out.append("%s    if (%s)" % (indent, skip_expr(spec, t.elem)))
        out.append("%s        return sx_unwind_at(r, %s, i);" % (indent, label))
        return
    out.append("%sif (%s)" % (indent, skip_expr(spec, t)))
    out.append("%s    return sx_unwind(r, %s);" % (indent, label))


def emit_body(spec, d, out):
    if d.kind == "enum":
        out.append("    int32_t v;\n    if (sx_get_i32(r, &v))\n        return -1;")
        out.append("    if (!%s_is_valid(v))" % c_type_name(d.name))
        out.append('        return sx_fail_value(r, sx_offset(r, r->p - 4), "%s", v);' % d.name)
        out.append("    return 0;")
    elif d.kind == "typedef":
        out.append("    return %s;" % skip_expr(spec, d.type))
    elif d.kind == "struct":
        fixed = spec.pure_fixed_size_of_def(d)
        if fixed is not None:
            out.append("    return sx_skip_bytes(r, %d);" % fixed)
            return
        for f in d.fields:
            member_skip(spec, d, f.name, f.type, out)
        out.append("    return 0;")
    else:
        emit_union(spec, d, out)


def emit_union(spec, d, out):
    out.append("    int32_t disc;")
    out.append("    if (sx_get_i32(r, &disc))")
    out.append('        return sx_unwind(r, "%s", "%s");' % (d.name, d.disc.name))
    invalid = ['        sx_fail_value(r, sx_offset(r, r->p - 4), "%s discriminant", disc);' % d.name,
               '        return sx_unwind(r, "%s", "%s");' % (d.name, d.disc.name)]
    emit_union_switch(spec, d, "disc", emit_arm, invalid, out)


def emit_arm(spec, d, arm, out):
    if arm.type:
        member_skip(spec, d, arm.name, arm.type, out, "        ")
    out.append("        return 0;")


def emit_definition(spec, d, out):
    recursive = d.name in spec.recursive
    suffix = "_body" if recursive else ""
    out.append("static int skp_%s%s(sx_reader *r)\n{" % (d.name, suffix))
    emit_body(spec, d, out)
    out.append("}")
    if recursive:
        out.append("static int skp_%s(sx_reader *r)" % d.name)
        out.append("{\n    if (++r->depth > SX_MAX_DEPTH)\n        return sx_fail_depth(r);")
        out.append("    int rc = skp_%s_body(r);\n    r->depth--;\n    return rc;\n}" % d.name)
    out.append("")


def emit_helpers(spec, out):
    for name in vec_elements(spec):
        out.append("static int skp_vec_%s(sx_reader *r, uint32_t max)\n{\n    uint32_t n;" % name)
        out.append("    if (sx_get_count(r, max, %d, &n))\n        return -1;" % spec.min_sizes[name])
        out.append("    for (uint32_t i = 0; i < n; i++)")
        out.append("        if (skp_%s(r))\n            return sx_unwind_index(r, i);" % name)
        out.append("    return 0;\n}\n")
    for name in opt_elements(spec):
        out.append("static int skp_opt_%s(sx_reader *r)\n{\n    bool present = false;" % name)
        out.append("    if (sx_get_bool(r, &present))\n        return -1;")
        out.append("    return present ? skp_%s(r) : 0;\n}\n" % name)


def emit_skip_c(spec):
    out = [banner("sx_skip.c", PURPOSE), '#include "sx_codec.h"\n']
    for name in vec_elements(spec):
        out.append("static int skp_vec_%s(sx_reader *r, uint32_t max);" % name)
    for name in opt_elements(spec):
        out.append("static int skp_opt_%s(sx_reader *r);" % name)
    for d in named_defs(spec):
        out.append("static int skp_%s(sx_reader *r);" % d.name)
    out.append("")
    emit_helpers(spec, out)
    for d in named_defs(spec):
        emit_definition(spec, d, out)
    for d in named_defs(spec):
        out.append("int sx_skip_%s(const uint8_t *buf, size_t len, size_t *consumed, sx_error *err)" % d.name)
        out.append("{\n    sx_reader r;\n    sx_reader_init(&r, buf, len, NULL, err);")
        out.append('    int rc = skp_%s(&r);\n    *consumed = sx_offset(&r, r.p);' % d.name)
        out.append('    if (rc == 0)\n        return 0;\n    sx_finish(&r, "%s", rc);\n    return -1;\n}\n' % d.name)
    return "\n".join(out)
