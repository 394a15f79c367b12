"""Parser for the Stellar dialect of XDR (RFC 4506 plus the .x conventions:
'%' passthrough lines, 'namespace x { }', // and /* */ comments, #ifdef
feature blocks).

parse_text(text, features) returns a list of Definitions in source order;
nested anonymous struct/union declarations become their own Definitions.
"""
import re

from xdr_model import (Arm, Definition, Field, TypeExpr, UNBOUNDED, PRIM, REF,
                       OPAQUE_FIXED, OPAQUE_VAR, STRING, ARRAY_FIXED,
                       ARRAY_VAR, OPTIONAL)

TOKEN_RE = re.compile(r"\s*(0x[0-9A-Fa-f]+|-?\d+|[A-Za-z_][A-Za-z0-9_]*|[{}()\[\]<>;:,=*])")


class ParseError(Exception):
    pass


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def resolve_ifdefs(text, features):
    """Keep lines of #ifdef/#ifndef/#else blocks according to `features`."""
    out, stack = [], []
    for line in text.split("\n"):
        word = line.strip().split()
        directive = word[0] if word and word[0].startswith("#") else None
        if directive in ("#ifdef", "#ifndef"):
            on = (word[1] in features) == (directive == "#ifdef")
            stack.append(on)
        elif directive == "#else":
            stack[-1] = not stack[-1]
        elif directive == "#endif":
            stack.pop()
        elif all(stack) and not line.lstrip().startswith("%"):
            out.append(line)
    return "\n".join(out)


def tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise ParseError("cannot tokenize near %r" % text[pos:pos + 40])
        tokens.append(m.group(1))
        pos = m.end()
    return tokens


class Parser:
    def __init__(self, tokens):
        self.toks = tokens
        self.i = 0
        self.defs = []

    # --- token helpers -------------------------------------------------
    def peek(self, k=0):
        return self.toks[self.i + k] if self.i + k < len(self.toks) else None

    def take(self, expect=None):
        tok = self.peek()
        if tok is None or (expect is not None and tok != expect):
            raise ParseError("expected %r, got %r at token %d" % (expect, tok, self.i))
        self.i += 1
        return tok

    def accept(self, tok):
        if self.peek() == tok:
            self.i += 1
            return True
        return False

    # --- top level -----------------------------------------------------
    def parse_all(self):
        while self.peek() is not None:
            if self.accept("namespace"):
                self.take()
                self.take("{")
            elif self.accept("}"):
                self.accept(";")
            else:
                self.parse_definition()
        return self.defs

    def parse_definition(self):
        kw = self.take()
        if kw == "const":
            name = self.take()
            self.take("=")
            self.defs.append(Definition("const", name, value=int(self.take(), 0)))
            self.take(";")
        elif kw == "typedef":
            fld = self.parse_declaration(None)
            self.defs.append(Definition("typedef", fld.name, type=fld.type))
            self.take(";")
        elif kw in ("enum", "struct", "union"):
            name = self.take()
            self.parse_body(kw, name)
            self.take(";")
        else:
            raise ParseError("unexpected %r at top level" % kw)

    def parse_body(self, kw, name):
        body = {"enum": self.parse_enum_body, "struct": self.parse_struct_body,
                "union": self.parse_union_body}[kw]
        self.defs.append(body(name))

    def parse_enum_body(self, name):
        self.take("{")
        members = []
        while not self.accept("}"):
            member = self.take()
            self.take("=")
            members.append((member, self.take()))
            self.accept(",")
        return Definition("enum", name, members=members)

    def parse_struct_body(self, name):
        self.take("{")
        fields = []
        while not self.accept("}"):
            fields.append(self.parse_declaration(name))
            self.take(";")
        return Definition("struct", name, fields=fields)

    def parse_union_body(self, name):
        self.take("switch")
        self.take("(")
        disc = self.parse_declaration(name)
        self.take(")")
        self.take("{")
        d = Definition("union", name, disc=disc)
        while not self.accept("}"):
            cases = []
            is_default = False
            while self.peek() in ("case", "default"):
                if self.take() == "case":
                    cases.append(self.take())
                else:
                    is_default = True
                self.take(":")
            decl = self.parse_declaration(name)
            self.take(";")
            arm = Arm(cases, decl.name, decl.type) if decl else Arm(cases)
            if is_default:
                d.default_arm = arm
            else:
                d.arms.append(arm)
        return d

    # --- declarations --------------------------------------------------
    def parse_declaration(self, parent):
        """Returns a Field, or None for 'void'."""
        if self.accept("void"):
            return None
        base = self.parse_type_spec(parent)
        if self.accept("*"):
            return Field(self.take(), TypeExpr(OPTIONAL, elem=base))
        name = self.take()
        if base.kind == PRIM and base.name in ("opaque", "string"):
            return Field(name, self.parse_bytes_suffix(base.name))
        if self.accept("["):
            size = self.take()
            self.take("]")
            return Field(name, TypeExpr(ARRAY_FIXED, elem=base, size=size))
        if self.accept("<"):
            size = UNBOUNDED if self.peek() == ">" else self.take()
            self.take(">")
            return Field(name, TypeExpr(ARRAY_VAR, elem=base, size=size))
        if base.kind == "nested":
            nested_name = (parent or "") + name[:1].upper() + name[1:]
            self.parse_body(base.name, nested_name)
            return Field(name, TypeExpr(REF, name=nested_name))
        return Field(name, base)

    def parse_bytes_suffix(self, which):
        if self.accept("["):
            size = self.take()
            self.take("]")
            return TypeExpr(OPAQUE_FIXED, size=size)
        self.take("<")
        size = UNBOUNDED if self.peek() == ">" else self.take()
        self.take(">")
        return TypeExpr(OPAQUE_VAR if which == "opaque" else STRING, size=size)

    def parse_type_spec(self, parent):
        tok = self.take()
        if tok == "unsigned":
            inner = self.take()
            return TypeExpr(PRIM, name="uhyper" if inner == "hyper" else "uint")
        if tok in ("int", "hyper", "bool", "opaque", "string"):
            return TypeExpr(PRIM, name=tok)
        if tok in ("struct", "union", "enum") and self.peek() in ("{", "switch"):
            # anonymous nested body: parsed once the field name is known
            return self.defer_nested(tok)
        return TypeExpr(REF, name=tok)

    def defer_nested(self, kw):
        """An anonymous struct/union body precedes its field name; move the
        body tokens after the name so parse_declaration can name the
        hoisted definition before parsing it."""
        start, depth = self.i, 0
        while True:
            tok = self.take()
            depth += (tok == "{") - (tok == "}")
            if tok == "}" and depth == 0:
                break
        body = self.toks[start:self.i]
        name = self.toks[self.i]
        self.toks[start:self.i + 1] = [name] + body
        self.i = start
        return TypeExpr("nested", name=kw)


def parse_text(text, features=()):
    text = resolve_ifdefs(strip_comments(text), set(features))
    return Parser(tokenize(text)).parse_all()
