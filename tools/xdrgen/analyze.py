"""Resolves a parsed specification into what the emitters need:
numeric sizes and enum values, minimum encoded sizes (for the array-count
check against remaining input), which types are recursive (they get a depth
guard), and a C declaration order.
"""
from xdr_model import (TypeExpr, PRIM, REF, OPAQUE_FIXED, OPAQUE_VAR, STRING,
                       ARRAY_FIXED, ARRAY_VAR, OPTIONAL)


IN_PROGRESS = 1 << 40


class Spec:
    def __init__(self, defs):
        self.defs = [d for d in defs if d.kind != "const"]
        self.by_name = {d.name: d for d in self.defs}
        self.consts = {d.name: d.value for d in defs if d.kind == "const"}
        self.enum_values = {}
        self.resolve_enums()
        self.resolve_sizes()
        self.min_sizes = {}
        for d in self.defs:
            self.min_size_of_def(d)
        self.recursive = self.find_recursive()
        self.order = self.c_order()

    # --- numbers ------------------------------------------------------
    def number(self, tok):
        if isinstance(tok, int):
            return tok
        if tok in self.consts:
            return self.consts[tok]
        if tok in self.enum_values:
            return self.enum_values[tok]
        return int(tok, 0)

    def resolve_enums(self):
        for d in self.defs:
            if d.kind == "enum":
                resolved = []
                for name, value in d.members:
                    self.enum_values[name] = self.number(value)
                    resolved.append((name, self.enum_values[name]))
                d.members = resolved

    def resolve_type_sizes(self, t):
        if t is None:
            return
        if t.kind in (OPAQUE_FIXED, OPAQUE_VAR, STRING, ARRAY_FIXED, ARRAY_VAR):
            t.size = self.number(t.size)
        self.resolve_type_sizes(t.elem)

    def resolve_sizes(self):
        for d in self.defs:
            for t in self.type_exprs(d):
                self.resolve_type_sizes(t)
            if d.kind == "union":
                for arm in self.all_arms(d):
                    arm.values = [self.number(c) for c in arm.cases]

    # --- walking ------------------------------------------------------
    @staticmethod
    def all_arms(d):
        return d.arms + ([d.default_arm] if d.default_arm else [])

    def type_exprs(self, d):
        if d.kind == "struct":
            return [f.type for f in d.fields]
        if d.kind == "union":
            return [d.disc.type] + [a.type for a in self.all_arms(d) if a.type]
        if d.kind == "typedef":
            return [d.type]
        return []

    def resolve_typedef(self, t):
        """Follow typedef refs down to a non-typedef TypeExpr."""
        while t.kind == REF and self.by_name[t.name].kind == "typedef":
            t = self.by_name[t.name].type
        return t

    # --- sizes --------------------------------------------------------
    def min_size(self, t):
        k = t.kind
        if k == PRIM:
            return 8 if t.name in ("hyper", "uhyper") else 4
        if k == REF:
            return self.min_size_of_def(self.by_name[t.name])
        if k == OPAQUE_FIXED:
            return (t.size + 3) & ~3
        if k in (OPAQUE_VAR, STRING, ARRAY_VAR, OPTIONAL):
            return 4
        if k == ARRAY_FIXED:
            return t.size * self.min_size(t.elem)
        raise ValueError(k)

    def min_size_of_def(self, d):
        if d.name in self.min_sizes:
            return self.min_sizes[d.name]
        self.min_sizes[d.name] = IN_PROGRESS  # a union arm leading back here is never the minimum
        if d.kind == "enum":
            size = 4
        elif d.kind == "typedef":
            size = self.min_size(d.type)
        elif d.kind == "struct":
            size = sum(self.min_size(f.type) for f in d.fields)
        else:
            size = 4 + min(self.min_size(a.type) if a.type else 0
                           for a in self.all_arms(d))
        self.min_sizes[d.name] = size
        return size

    def pure_fixed_size_of_def(self, d):
        return self.pure_fixed_size(TypeExpr(REF, name=d.name))

    def pure_fixed_size(self, t):
        """Encoded size when a value of t needs no validation at all (only
        ints and 4-aligned fixed opaque), else None."""
        t = self.resolve_typedef(t)
        if t.kind == PRIM and t.name != "bool":
            return 8 if t.name in ("hyper", "uhyper") else 4
        if t.kind == OPAQUE_FIXED and t.size % 4 == 0:
            return t.size
        if t.kind == REF and self.by_name[t.name].kind == "struct":
            sizes = [self.pure_fixed_size(f.type) for f in self.by_name[t.name].fields]
            return None if None in sizes else sum(sizes)
        return None

    # --- graph --------------------------------------------------------
    def refs_of(self, d):
        out = set()
        for t in self.type_exprs(d):
            while t is not None:
                if t.kind == REF:
                    out.add(t.name)
                t = t.elem
        return out

    def find_recursive(self):
        """Names of definitions that can reach themselves."""
        edges = {d.name: self.refs_of(d) for d in self.defs}
        recursive = set()
        for start in edges:
            seen, stack = set(), list(edges[start])
            while stack:
                n = stack.pop()
                if n == start:
                    recursive.add(start)
                    break
                if n not in seen:
                    seen.add(n)
                    stack.extend(edges[n])
        return recursive

    def by_value_members(self, d):
        """(member name, referenced definition) for members stored by value."""
        members = []
        if d.kind == "struct":
            members = [(f.name, f.type) for f in d.fields]
        elif d.kind == "union":
            members = [(a.name, a.type) for a in self.all_arms(d) if a.type]
        elif d.kind == "typedef":
            members = [(None, d.type)]
        out = []
        for name, t in members:
            while t.kind == ARRAY_FIXED:
                t = t.elem
            if t.kind == REF:
                out.append((name, t.name))
        return out

    def c_order(self):
        """Definitions sorted so every by-value dependency comes first.
        A by-value reference that closes a cycle (legal in XDR through a
        union arm) is recorded in self.boxed and stored as a pointer."""
        done, on_stack, order = set(), set(), []
        self.boxed = set()

        def visit(name):
            if name in done:
                return
            on_stack.add(name)
            d = self.by_name[name]
            for member, dep in self.by_value_members(d):
                if dep in on_stack:
                    self.boxed.add((name, member))
                else:
                    visit(dep)
            on_stack.discard(name)
            done.add(name)
            order.append(d)

        for d in self.defs:
            visit(d.name)
        return order

    def boxed_types(self):
        """Names of the types some member stores boxed."""
        names = set()
        for owner, member_name in self.boxed:
            d = self.by_name[owner]
            members = d.fields if d.kind == "struct" else self.all_arms(d)
            names.update(m.type.name for m in members if m.name == member_name)
        return sorted(names)

    def is_boxed(self, d, member):
        return (d.name, member) in self.boxed
