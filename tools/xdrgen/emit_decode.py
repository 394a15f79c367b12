"""Emits sx_decode.c: a bounded, zero-copy decoder per XDR type.

Generated shape, per type T: `static int dec_T(sx_reader *, sx_T *)`
returning 0, or -1 after recording the error; callers prepend their member
name to the error path only on that failure path (sx_unwind), so the fast
path builds nothing.  Arrays and optionals go through one helper per element
type (dec_vec_T, dec_opt_T).  Recursive types check a depth limit.
"""
from ctypes_map import c_type_name, member, elem_name
from emit_common import banner, vec_elements, opt_elements, named_defs, emit_union_switch
from xdr_model import (PRIM, REF, OPAQUE_FIXED, OPAQUE_VAR, STRING,
                       ARRAY_FIXED, ARRAY_VAR, OPTIONAL)

PURPOSE = """Decoders: sx_decode_<Type>(buf, len, arena, out, err) for every XDR type.
Every length, count and discriminant is checked against the remaining input
and the spec's limits; opaque/string data points into `buf`; every other
node comes from `arena`."""

PRIM_GETTERS = {"int": "sx_get_i32", "uint": "sx_get_u32", "hyper": "sx_get_i64",
                "uhyper": "sx_get_u64", "bool": "sx_get_bool"}


def decode_expr(t, ptr):
    """C expression decoding a value of t into *ptr; non-zero on failure."""
    if t.kind == PRIM:
        return "%s(r, %s)" % (PRIM_GETTERS[t.name], ptr)
    if t.kind == REF:
        return "dec_%s(r, %s)" % (t.name, ptr)
    if t.kind == OPAQUE_FIXED:
        return "sx_get_fixed(r, %d, %s)" % (t.size, ptr)
    if t.kind in (OPAQUE_VAR, STRING):
        return "sx_get_bytes(r, %uu, %s)" % (t.size, ptr)
    if t.kind == ARRAY_VAR:
        return "dec_vec_%s(r, %s, %uu)" % (elem_name(t.elem), ptr, t.size)
    if t.kind == OPTIONAL:
        return "dec_opt_%s(r, %s)" % (elem_name(t.elem), ptr)
    raise ValueError(t.kind)


def member_decode(spec, owner, name, t, lval, boxed, out, indent="    "):
    """Statements decoding member `name` of `owner` into lvalue `lval`."""
    label = '"%s", "%s"' % (owner.name, name)
    if t.kind == ARRAY_FIXED:
        out.append("%sfor (uint32_t i = 0; i < %d; i++)" % (indent, t.size))
        out.append("%s    if (%s)" % (indent, decode_expr(t.elem, "&%s[i]" % lval)))
        out.append("%s        return sx_unwind_at(r, %s, i);" % (indent, label))
        return
    if boxed:
        out.append("%sif (dec_box_%s(r, &%s))" % (indent, t.name, lval))
    else:
        out.append("%sif (%s)" % (indent, decode_expr(t, "&" + lval)))
    out.append("%s    return sx_unwind(r, %s);" % (indent, label))


def emit_enum(d, out):
    out.append("{")
    out.append("    if (sx_get_i32(r, v))\n        return -1;")
    out.append("    if (!%s_is_valid(*v))" % c_type_name(d.name))
    out.append('        return sx_fail_value(r, sx_offset(r, r->p - 4), "%s", *v);' % d.name)
    out.append("    return 0;\n}")


def emit_typedef(d, out):
    if d.type.kind == ARRAY_FIXED:
        raise ValueError("fixed-array typedefs are not supported")
    out.append("{\n    return %s;\n}" % decode_expr(d.type, "v"))


def emit_struct(spec, d, out):
    out.append("{")
    for f in d.fields:
        member_decode(spec, d, f.name, f.type, "v->" + member(f.name),
                      spec.is_boxed(d, f.name), out)
    out.append("    return 0;\n}")


def emit_union(spec, d, out):
    disc = member(d.disc.name)
    out.append("{")
    member_decode(spec, d, d.disc.name, d.disc.type, "v->" + disc, False, out)
    invalid = ['        sx_fail_value(r, sx_offset(r, r->p - 4), "%s discriminant", v->%s);'
               % (d.name, disc),
               '        return sx_unwind(r, "%s", "%s");' % (d.name, d.disc.name)]
    emit_union_switch(spec, d, "v->" + disc, emit_arm, invalid, out)
    out.append("}")


def emit_arm(spec, d, arm, out):
    if arm.type:
        member_decode(spec, d, arm.name, arm.type, "v->" + member(arm.name),
                      spec.is_boxed(d, arm.name), out, "        ")
    out.append("        return 0;")


def signature(d):
    return "static int dec_%s(sx_reader *r, %s *v)" % (d.name, c_type_name(d.name))


def emit_definition(spec, d, out):
    recursive = d.name in spec.recursive
    name = d.name + ("_body" if recursive else "")
    out.append("static int dec_%s(sx_reader *r, %s *v)" % (name, c_type_name(d.name)))
    if d.kind == "enum":
        emit_enum(d, out)
    elif d.kind == "typedef":
        emit_typedef(d, out)
    elif d.kind == "struct":
        emit_struct(spec, d, out)
    else:
        emit_union(spec, d, out)
    if recursive:
        out.append(signature(d))
        out.append("{\n    if (++r->depth > SX_MAX_DEPTH)\n        return sx_fail_depth(r);")
        out.append("    int rc = dec_%s_body(r, v);\n    r->depth--;\n    return rc;\n}" % d.name)
    out.append("")


def emit_helpers(spec, out):
    for name in vec_elements(spec):
        ctype = c_type_name(name)
        out.append("static int dec_vec_%s(sx_reader *r, sx_vec_%s *v, uint32_t max)\n{" % (name, name))
        out.append("    void *items = NULL;")
        out.append("    if (sx_get_count(r, max, %d, &v->len) || sx_alloc(r, v->len, sizeof(%s), &items))"
                   % (spec.min_sizes[name], ctype))
        out.append("        return -1;\n    v->items = items;")
        out.append("    for (uint32_t i = 0; i < v->len; i++)")
        out.append("        if (dec_%s(r, &v->items[i]))\n            return sx_unwind_index(r, i);" % name)
        out.append("    return 0;\n}\n")
    for name in opt_elements(spec):
        ctype = c_type_name(name)
        out.append("static int dec_opt_%s(sx_reader *r, %s **v)\n{\n    void *p = NULL;" % (name, ctype))
        out.append("    if (sx_get_optional(r, sizeof(%s), &p))\n        return -1;" % ctype)
        out.append("    *v = p;\n    return p ? dec_%s(r, p) : 0;\n}\n" % name)
    for name in spec.boxed_types():
        ctype = c_type_name(name)
        out.append("static int dec_box_%s(sx_reader *r, %s **v)\n{\n    void *p = NULL;" % (name, ctype))
        out.append("    if (sx_alloc(r, 1, sizeof(%s), &p))\n        return -1;" % ctype)
        out.append("    *v = p;\n    return dec_%s(r, p);\n}\n" % name)


def emit_prototypes(spec, out):
    for name in vec_elements(spec):
        out.append("static int dec_vec_%s(sx_reader *r, sx_vec_%s *v, uint32_t max);" % (name, name))
    for name in opt_elements(spec):
        out.append("static int dec_opt_%s(sx_reader *r, %s **v);" % (name, c_type_name(name)))
    for name in spec.boxed_types():
        out.append("static int dec_box_%s(sx_reader *r, %s **v);" % (name, c_type_name(name)))
    for d in named_defs(spec):
        out.append(signature(d) + ";")
    out.append("")


def emit_public(spec, out):
    for d in named_defs(spec):
        ctype = c_type_name(d.name)
        out.append("int sx_decode_%s(const uint8_t *buf, size_t len, sx_arena *arena, %s *out, sx_error *err)"
                   % (d.name, ctype))
        out.append("{\n    sx_reader r;\n    sx_reader_init(&r, buf, len, arena, err);")
        out.append('    return sx_finish(&r, "%s", dec_%s(&r, out));\n}\n' % (d.name, d.name))


def emit_decode_c(spec):
    out = [banner("sx_decode.c", PURPOSE), '#include "sx_codec.h"\n']
    emit_prototypes(spec, out)
    emit_helpers(spec, out)
    for d in named_defs(spec):
        emit_definition(spec, d, out)
    emit_public(spec, out)
    return "\n".join(out)
