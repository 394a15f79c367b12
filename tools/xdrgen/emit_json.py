"""Emits sx_json.c: a JSON renderer per XDR type, in the shape of
@stellar/stellar-xdr-json (rs-stellar-xdr's serde form): snake_case keys,
enums as strings, unions as "arm" (void) or {"arm": value}, 64-bit
integers as strings, opaque as hex, strings byte-escaped, and the types in
SPECIAL_JSON rendered by hand-written functions (sx_json_special.c)."""
from ctypes_map import c_type_name, member, elem_name
from emit_common import banner, vec_elements, opt_elements, named_defs
from naming import enum_member_prefix, json_enum_name, json_field_name, int_arm_name
from xdr_model import (PRIM, REF, OPAQUE_FIXED, OPAQUE_VAR, STRING,
                       ARRAY_FIXED, ARRAY_VAR, OPTIONAL)

PURPOSE = """JSON: sx_json_<Type>(value, buf) appends the stellar-xdr-json rendering."""

SPECIAL_JSON = ("PublicKey", "MuxedAccount", "MuxedAccountMed25519", "MuxedEd25519Account",
                "SignerKey", "SignerKeyEd25519SignedPayload", "ContractID", "PoolID",
                "ClaimableBalanceID", "SCAddress", "AssetCode4", "AssetCode12", "AssetCode",
                "Int128Parts", "UInt128Parts", "Int256Parts", "UInt256Parts")

PRIM_WRITERS = {"int": "sx_json_i32(b, %s)", "uint": "sx_json_u32(b, %s)",
                "hyper": "sx_json_i64(b, %s)", "uhyper": "sx_json_u64(b, %s)",
                "bool": "sx_json_bool(b, %s)"}

# A bare top-level int64/uint64 prints as a JSON number in stellar-xdr-json.
BARE_NUMBER_TYPEDEFS = {"hyper": "sx_json_i64_number", "uhyper": "sx_json_u64_number"}


def json_expr(t, val):
    """C expression writing value `val` (an lvalue of t's C type)."""
    if t.kind == PRIM:
        return PRIM_WRITERS[t.name] % val
    if t.kind == REF:
        return "js_%s(b, &%s)" % (t.name, val)
    if t.kind == OPAQUE_FIXED:
        return "sx_json_hex(b, %s, %d)" % (val, t.size)
    if t.kind == OPAQUE_VAR:
        return "sx_json_hex(b, (%s).data, (%s).len)" % (val, val)
    if t.kind == STRING:
        return "sx_json_escaped(b, (%s).data, (%s).len)" % (val, val)
    if t.kind == ARRAY_VAR:
        return "js_vec_%s(b, &%s)" % (elem_name(t.elem), val)
    if t.kind == OPTIONAL:
        return "js_opt_%s(b, %s)" % (elem_name(t.elem), val)
    raise ValueError(t.kind)


def c_literal(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def lit(text):
    return "SX_JSON_LIT(b, %s)" % c_literal(text)


def member_json(t, lval, boxed, out, indent="    "):
    if t.kind == ARRAY_FIXED:
        out.append("%sif (%s)\n%s    return -1;" % (indent, lit("["), indent))
        out.append("%sfor (uint32_t i = 0; i < %d; i++)" % (indent, t.size))
        out.append("%s    if ((i && %s) || %s)" % (indent, lit(","), json_expr(t.elem, lval + "[i]")))
        out.append("%s        return -1;" % indent)
        out.append("%sif (%s)\n%s    return -1;" % (indent, lit("]"), indent))
        return
    out.append("%sif (%s)\n%s    return -1;" % (indent, json_expr(t, ("*" if boxed else "") + lval), indent))


def arm_key(spec, d, value):
    disc = spec.resolve_typedef(d.disc.type)
    if disc.kind == REF and spec.by_name[disc.name].kind == "enum":
        enum = spec.by_name[disc.name]
        names = [n for n, _ in enum.members]
        member_name = next(n for n, v in enum.members if v == value)
        return json_enum_name(enum.name, member_name, enum_member_prefix(names))
    return int_arm_name(value)


def emit_enum(d, out):
    names = [n for n, _ in d.members]
    prefix = enum_member_prefix(names)
    out.append("    switch (*v) {")
    for value in sorted({v for _, v in d.members}):
        member_name = next(n for n, v in d.members if v == value)
        out.append("    case %d:\n        return %s;" % (value, lit('"%s"' % json_enum_name(d.name, member_name, prefix))))
    out.append('    default:\n        return sx_buf_fail(b, "invalid %s value");\n    }' % d.name)


def emit_struct(spec, d, out):
    for i, f in enumerate(d.fields):
        key = '%s"%s":' % ("{" if i == 0 else ",", json_field_name(f.name))
        out.append("    if (%s)\n        return -1;" % lit(key))
        member_json(f.type, "v->" + member(f.name), spec.is_boxed(d, f.name), out)
    out.append("    return %s;" % lit("}" if d.fields else "{}"))


def emit_union(spec, d, out):
    out.append("    switch (v->%s) {" % member(d.disc.name))
    for arm in spec.all_arms(d):
        for value in sorted(set(arm.values)):
            out.append("    case %d:" % value)
            key = arm_key(spec, d, value)
            if not arm.type:
                out.append("        return %s;" % lit('"%s"' % key))
                continue
            out.append("        if (%s)\n            return -1;" % lit('{"%s":' % key))
            member_json(arm.type, "v->" + member(arm.name), spec.is_boxed(d, arm.name), out, "        ")
            out.append("        return %s;" % lit("}"))
    out.append('    default:\n        return sx_buf_fail(b, "invalid %s discriminant");\n    }' % d.name)


def emit_body(spec, d, out):
    if d.name in SPECIAL_JSON:
        out.append("    return sx_json_special_%s(b, v);" % d.name)
    elif d.kind == "enum":
        emit_enum(d, out)
    elif d.kind == "typedef":
        out.append("    return %s;" % json_expr(d.type, "*v"))
    elif d.kind == "struct":
        emit_struct(spec, d, out)
    else:
        emit_union(spec, d, out)


def emit_helpers(spec, out):
    for name in vec_elements(spec):
        out.append("static int js_vec_%s(sx_buf *b, const sx_vec_%s *v)\n{" % (name, name))
        out.append("    if (%s)\n        return -1;" % lit("["))
        out.append("    for (uint32_t i = 0; i < v->len; i++)")
        out.append("        if ((i && %s) || js_%s(b, &v->items[i]))\n            return -1;" % (lit(","), name))
        out.append("    return %s;\n}\n" % lit("]"))
    for name in opt_elements(spec):
        out.append("static int js_opt_%s(sx_buf *b, const %s *v)\n{" % (name, c_type_name(name)))
        out.append("    return v ? js_%s(b, v) : %s;\n}\n" % (name, lit("null")))


def public_body(spec, d):
    if d.kind == "typedef" and d.type.kind == PRIM and d.type.name in BARE_NUMBER_TYPEDEFS:
        return "%s(out, *value)" % BARE_NUMBER_TYPEDEFS[d.type.name]
    return "js_%s(out, value)" % d.name


def emit_json_c(spec):
    out = [banner("sx_json.c", PURPOSE), '#include "sx_codec.h"\n#include "xdr/sx_json_rt.h"\n#include "xdr/sx_json_special.h"\n']
    for name in vec_elements(spec):
        out.append("static int js_vec_%s(sx_buf *b, const sx_vec_%s *v);" % (name, name))
    for name in opt_elements(spec):
        out.append("static int js_opt_%s(sx_buf *b, const %s *v);" % (name, c_type_name(name)))
    for d in named_defs(spec):
        out.append("static int js_%s(sx_buf *b, const %s *v);" % (d.name, c_type_name(d.name)))
    out.append("")
    emit_helpers(spec, out)
    for d in named_defs(spec):
        out.append("static int js_%s(sx_buf *b, const %s *v)\n{" % (d.name, c_type_name(d.name)))
        emit_body(spec, d, out)
        out.append("}\n")
    for d in named_defs(spec):
        out.append("int sx_json_%s(const %s *value, sx_buf *out)" % (d.name, c_type_name(d.name)))
        out.append("{\n    return %s;\n}\n" % public_body(spec, d))
    return "\n".join(out)
