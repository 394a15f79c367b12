"""The in-memory model of an XDR specification that the parser builds and
every emitter reads.

A TypeExpr describes the type of one declaration; a Definition is one named
type (nested anonymous structs/unions are hoisted to named definitions with
rs-stellar-xdr's naming: parent name + capitalised field name).
"""
from dataclasses import dataclass, field
from typing import List, Optional

UNBOUNDED = 0xFFFFFFFF

# TypeExpr.kind values
PRIM = "prim"            # name: int, uint, hyper, uhyper, bool
REF = "ref"              # name: a Definition name
OPAQUE_FIXED = "opaque_fixed"   # size
OPAQUE_VAR = "opaque_var"       # size = max length
STRING = "string"               # size = max length
ARRAY_FIXED = "array_fixed"     # elem, size
ARRAY_VAR = "array_var"         # elem, size = max count
OPTIONAL = "optional"           # elem


@dataclass
class TypeExpr:
    kind: str
    name: Optional[str] = None
    size: int = 0
    elem: Optional["TypeExpr"] = None


@dataclass
class Field:
    name: str
    type: TypeExpr


@dataclass
class Arm:
    cases: List[str]              # case labels as written (enum member or number)
    name: Optional[str] = None    # None for void
    type: Optional[TypeExpr] = None


@dataclass
class Definition:
    kind: str                      # const, enum, struct, union, typedef
    name: str
    source: str = ""               # the .x text, for provenance/comparison
    value: int = 0                 # const
    members: List[tuple] = field(default_factory=list)   # enum: (name, value)
    fields: List[Field] = field(default_factory=list)    # struct
    disc: Optional[Field] = None                         # union
    arms: List[Arm] = field(default_factory=list)        # union
    default_arm: Optional[Arm] = None                    # union
    type: Optional[TypeExpr] = None                      # typedef
