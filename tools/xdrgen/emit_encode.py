"""Emits sx_encode.c: an encoder per XDR type appending canonical XDR to an
sx_buf.  Values are re-validated where the C representation allows values
XDR does not (enum members, discriminants, length limits)."""
from ctypes_map import c_type_name, member, elem_name
from emit_common import banner, vec_elements, opt_elements, named_defs, emit_union_switch
from xdr_model import (PRIM, REF, OPAQUE_FIXED, OPAQUE_VAR, STRING,
                       ARRAY_FIXED, ARRAY_VAR, OPTIONAL)

PURPOSE = """Encoders: sx_encode_<Type>(value, buf) appends the XDR encoding of value.
encode(decode(frame)) reproduces frame byte for byte."""

PRIM_PUTTERS = {"int": "sx_put_u32(b, (uint32_t)%s)", "uint": "sx_put_u32(b, %s)",
                "hyper": "sx_put_u64(b, (uint64_t)%s)", "uhyper": "sx_put_u64(b, %s)",
                "bool": "sx_put_bool(b, %s)"}


def encode_expr(t, val):
    """C expression appending value `val` (an lvalue of t's C type)."""
    if t.kind == PRIM:
        return PRIM_PUTTERS[t.name] % val
    if t.kind == REF:
        return "enc_%s(b, &%s)" % (t.name, val)
    if t.kind == OPAQUE_FIXED:
        return "sx_put_padded(b, %s, %d)" % (val, t.size)
    if t.kind in (OPAQUE_VAR, STRING):
        return "sx_put_bytes(b, &%s, %uu)" % (val, t.size)
    if t.kind == ARRAY_VAR:
        return "enc_vec_%s(b, &%s, %uu)" % (elem_name(t.elem), val, t.size)
    if t.kind == OPTIONAL:
        return "enc_opt_%s(b, %s)" % (elem_name(t.elem), val)
    raise ValueError(t.kind)


def member_encode(t, lval, boxed, out, indent="    "):
    if t.kind == ARRAY_FIXED:
        out.append("%sfor (uint32_t i = 0; i < %d; i++)" % (indent, t.size))
        out.append("%s    if (%s)\n%s        return -1;" % (indent, encode_expr(t.elem, lval + "[i]"), indent))
        return
    out.append("%sif (%s)\n%s    return -1;" % (indent, encode_expr(t, ("*" if boxed else "") + lval), indent))


def emit_body(spec, d, out):
    if d.kind == "enum":
        out.append("    if (!%s_is_valid(*v))" % c_type_name(d.name))
        out.append('        return sx_buf_fail(b, "invalid %s value");' % d.name)
        out.append("    return sx_put_u32(b, (uint32_t)*v);")
    elif d.kind == "typedef":
        if d.type.kind == ARRAY_FIXED:
            raise ValueError("fixed-array typedefs are not supported")
        out.append("    return %s;" % encode_expr(d.type, "*v"))
    elif d.kind == "struct":
        for f in d.fields:
            member_encode(f.type, "v->" + member(f.name), spec.is_boxed(d, f.name), out)
        out.append("    return 0;")
    else:
        emit_union(spec, d, out)


def emit_union(spec, d, out):
    disc = "v->" + member(d.disc.name)
    member_encode(d.disc.type, disc, False, out)
    invalid = ['        return sx_buf_fail(b, "invalid %s discriminant");' % d.name]
    emit_union_switch(spec, d, disc, emit_arm, invalid, out)


def emit_arm(spec, d, arm, out):
    if arm.type:
        member_encode(arm.type, "v->" + member(arm.name), spec.is_boxed(d, arm.name), out, "        ")
    out.append("        return 0;")


def emit_helpers(spec, out):
    for name in vec_elements(spec):
        out.append("static int enc_vec_%s(sx_buf *b, const sx_vec_%s *v, uint32_t max)\n{" % (name, name))
        out.append("    if (sx_put_count(b, v->len, max))\n        return -1;")
        out.append("    for (uint32_t i = 0; i < v->len; i++)")
        out.append("        if (enc_%s(b, &v->items[i]))\n            return -1;" % name)
        out.append("    return 0;\n}\n")
    for name in opt_elements(spec):
        out.append("static int enc_opt_%s(sx_buf *b, const %s *v)\n{" % (name, c_type_name(name)))
        out.append("    if (sx_put_bool(b, v != NULL))\n        return -1;")
        out.append("    return v ? enc_%s(b, v) : 0;\n}\n" % name)


def emit_encode_c(spec):
    out = [banner("sx_encode.c", PURPOSE), '#include "sx_codec.h"\n']
    for name in vec_elements(spec):
        out.append("static int enc_vec_%s(sx_buf *b, const sx_vec_%s *v, uint32_t max);" % (name, name))
    for name in opt_elements(spec):
        out.append("static int enc_opt_%s(sx_buf *b, const %s *v);" % (name, c_type_name(name)))
    for d in named_defs(spec):
        out.append("static int enc_%s(sx_buf *b, const %s *v);" % (d.name, c_type_name(d.name)))
    out.append("")
    emit_helpers(spec, out)
    for d in named_defs(spec):
        out.append("static int enc_%s(sx_buf *b, const %s *v)\n{" % (d.name, c_type_name(d.name)))
        emit_body(spec, d, out)
        out.append("}\n")
    for d in named_defs(spec):
        out.append("int sx_encode_%s(const %s *value, sx_buf *out)" % (d.name, c_type_name(d.name)))
        out.append("{\n    return enc_%s(out, value);\n}\n" % d.name)
    return "\n".join(out)
