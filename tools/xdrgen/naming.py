"""Name conversions shared by every emitter.

Two families of names come out of one XDR identifier:
  * C names (sx_ prefix, keyword-safe), used by the generated C code;
  * the names @stellar/stellar-xdr-json prints: rs-stellar-xdr turns XDR
    identifiers into Rust identifiers with heck-style word splitting, and
    serde then snake_cases them.  Reproducing both steps gives the JSON keys
    and enum strings without any table copied from elsewhere.
"""

C_KEYWORDS = {
    "auto", "break", "case", "char", "const", "continue", "default", "do",
    "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
    "int", "long", "register", "restrict", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
    "void", "volatile", "while", "bool", "true", "false",
}


def c_ident(name):
    """An XDR field/arm name made safe as a C member name."""
    return name + "_" if name in C_KEYWORDS else name


def split_words(ident):
    """Split an identifier into words the way the heck crate does."""
    words = []
    for chunk in "".join(c if c.isalnum() else " " for c in ident).split():
        start = 0
        mode = None  # None = at a boundary, 'l' = lowercase run, 'u' = uppercase run
        for i, ch in enumerate(chunk):
            if i + 1 == len(chunk):
                words.append(chunk[start:])
                break
            nxt = chunk[i + 1]
            next_mode = "l" if ch.islower() else "u" if ch.isupper() else mode
            if next_mode == "l" and nxt.isupper():
                words.append(chunk[start:i + 1])
                start, mode = i + 1, None
            elif mode == "u" and ch.isupper() and nxt.islower():
                words.append(chunk[start:i])
                start, mode = i, None
            else:
                mode = next_mode
    return words


def upper_camel(ident):
    """heck's UpperCamelCase."""
    return "".join(w[:1].upper() + w[1:].lower() for w in split_words(ident))


def heck_snake(ident):
    """heck's snake_case."""
    return "_".join(w.lower() for w in split_words(ident))


def serde_snake(rust_ident):
    """serde's rename_all = "snake_case" applied to a Rust variant name."""
    out = []
    for i, ch in enumerate(rust_ident):
        if ch.isupper() and i > 0:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def rust_type_name(xdr_name):
    """The type name rs-stellar-xdr (and so stellar-xdr-json) uses."""
    return upper_camel(xdr_name)


RUST_KEYWORDS = {"type", "fn", "match", "move", "ref", "self", "mod", "use",
                 "impl", "trait", "loop", "where", "async", "await", "dyn"}


def json_field_name(xdr_field):
    """JSON key of a struct field (Rust keywords get a trailing '_')."""
    name = heck_snake(xdr_field)
    return name + "_" if name in RUST_KEYWORDS else name


def enum_member_prefix(member_names):
    """Longest run of whole '_'-separated words shared by all members."""
    if len(member_names) < 2:
        return ""
    split = [n.split("_") for n in member_names]
    prefix = []
    for i in range(min(len(p) for p in split)):
        if all(p[i] == split[0][i] for p in split):
            prefix.append(split[0][i])
        else:
            break
    return "".join(w + "_" for w in prefix)


def json_enum_name(enum_name, member, prefix):
    """JSON string of one enum member (also a union arm key)."""
    variant = upper_camel(member[len(prefix):])
    if variant[:1].isdigit():
        variant = enum_name[:1].upper() + variant
    return serde_snake(variant)


def int_arm_name(value):
    """JSON key of an arm of a union switched on a plain int."""
    return "v%d" % value if value >= 0 else "v_%d" % -value
