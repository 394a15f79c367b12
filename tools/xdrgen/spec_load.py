"""Loads the specification the codec is generated from.

Decision (documented in doc/notes-xdr.md): the protocol-26 .x files are the
base.  The protocol-27 supplement (rs-stellar-xdr's xdr.json) carries the .x
source text of every definition; each top-level source there is parsed with
the same parser, with no #ifdef feature enabled (the json's
resolved_features is empty, like the default build of stellar-xdr-json), and
every definition that is new or differs from the base replaces it.
Definitions of Stellar-internal.x are skipped: it is not part of the base
set and holds only stellar-core's persisted state.
"""
import glob
import json
import os

from xdr_parse import parse_text

TOP_LEVEL_KEYWORDS = ("const", "typedef", "enum", "struct", "union")
SKIPPED_SUPPLEMENT_FILES = ("Stellar-internal.x",)


def load_x_files(spec_dir):
    defs = []
    paths = sorted(glob.glob(os.path.join(spec_dir, "*.x")))
    if not paths:
        raise SystemExit("xdrgen: no .x files in %s" % spec_dir)
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            defs.extend(parse_text(fh.read()))
    return defs


def supplement_definitions(json_path):
    with open(json_path, encoding="utf-8") as fh:
        doc = json.load(fh)
    features = doc.get("resolved_features", [])
    files = [os.path.basename(f["name"]) for f in doc["files"]]
    defs = []
    for d in doc["definitions"]:
        if files[d["file_index"]] in SKIPPED_SUPPLEMENT_FILES:
            continue
        words = d["source"].split(None, 2)
        top_level = words[0] in TOP_LEVEL_KEYWORDS and (
            words[0] in ("const", "typedef") or words[1] == d["name"])
        if top_level:
            defs.extend(parse_text(d["source"], features))
    return defs


def merge(base, supplement):
    """Base definitions, with supplement ones replacing or appended."""
    by_name = {d.name: i for i, d in enumerate(base)}
    merged = list(base)
    changed = []
    for d in supplement:
        if d.name not in by_name:
            by_name[d.name] = len(merged)
            merged.append(d)
            changed.append(d.name)
        elif merged[by_name[d.name]] != d:
            merged[by_name[d.name]] = d
            changed.append(d.name)
    return merged, changed


def load_spec(spec_dir, supplement_path):
    defs = load_x_files(spec_dir)
    changed = []
    if supplement_path:
        defs, changed = merge(defs, supplement_definitions(supplement_path))
    return defs, changed
