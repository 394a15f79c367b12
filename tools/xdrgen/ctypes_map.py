"""How XDR types map to C types and member declarations (shared by the
emitters).  Representation:
  int/unsigned int/hyper/unsigned hyper/bool -> int32_t/uint32_t/int64_t/uint64_t/bool
  enum E                -> sx_E (int32_t), constants SX_<MEMBER>
  opaque[N]             -> const uint8_t * into the input (zero-copy)
  opaque<N>, string<N>  -> sx_bytes {data, len} into the input
  T<N>                  -> sx_vec_T {items, len}, items in the arena
  T[N]                  -> sx_T name[N]
  T*                    -> sx_T * (NULL when absent), in the arena
  struct / union        -> struct sx_T; unions are {discriminant; anonymous union of arms}
  a by-value reference that closes a cycle (see Spec.boxed) -> sx_T * in the arena
"""
from naming import c_ident
from xdr_model import (PRIM, REF, OPAQUE_FIXED, OPAQUE_VAR, STRING,
                       ARRAY_FIXED, ARRAY_VAR, OPTIONAL)

PRIM_CTYPES = {"int": "int32_t", "uint": "uint32_t", "hyper": "int64_t",
               "uhyper": "uint64_t", "bool": "bool"}


def c_type_name(name):
    return "sx_" + name


def const_name(name):
    return "SX_" + name


def vec_name(elem):
    return "sx_vec_" + elem_name(elem)


def elem_name(t):
    if t.kind != REF:
        raise ValueError("arrays/optionals of non-named types are not supported")
    return t.name


def c_type(t):
    """C type of a value of TypeExpr t (not for fixed arrays)."""
    if t.kind == PRIM:
        return PRIM_CTYPES[t.name]
    if t.kind == REF:
        return c_type_name(t.name)
    if t.kind == OPAQUE_FIXED:
        return "const uint8_t *"
    if t.kind in (OPAQUE_VAR, STRING):
        return "sx_bytes"
    if t.kind == ARRAY_VAR:
        return vec_name(t.elem)
    if t.kind == OPTIONAL:
        return c_type_name(elem_name(t.elem)) + " *"
    raise ValueError(t.kind)


def declaration(t, name, boxed=False):
    """A C member declaration 'type name' (with [N] for fixed arrays)."""
    if t.kind == ARRAY_FIXED:
        return "%s %s[%d]" % (c_type(t.elem), name, t.size)
    ctype = c_type(t)
    if boxed:
        ctype += " *"
    return "%s%s%s" % (ctype, "" if ctype.endswith("*") else " ", name)


def member(name):
    return c_ident(name)
