#!/usr/bin/env python3
"""xdrgen — generates sluice's C XDR codec from the Stellar .x files.

usage: xdrgen.py --spec DIR [--supplement FILE] --out DIR

DIR holds the protocol-26 Stellar-*.x files; FILE (default
DIR/supplementary-p27/xdr.json when present) adds the protocol-27 delta
(see spec_load.py).  Writes the sx_* generated sources into --out; files
whose content is unchanged are left untouched.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from analyze import Spec  # noqa: E402
from emit_codec_h import emit_codec_h  # noqa: E402
from emit_decode import emit_decode_c  # noqa: E402
from emit_encode import emit_encode_c  # noqa: E402
from emit_json import emit_json_c  # noqa: E402
from emit_registry import emit_registry_c  # noqa: E402
from emit_skip import emit_skip_c  # noqa: E402
from emit_types import emit_types_header  # noqa: E402
from spec_load import load_spec  # noqa: E402

OUTPUTS = {
    "sx_types.h": emit_types_header,
    "sx_codec.h": emit_codec_h,
    "sx_decode.c": emit_decode_c,
    "sx_skip.c": emit_skip_c,
    "sx_encode.c": emit_encode_c,
    "sx_json.c": emit_json_c,
    "sx_registry.c": emit_registry_c,
}


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", required=True, help="folder with the Stellar .x files")
    ap.add_argument("--supplement", help="protocol-27 xdr.json (default: SPEC/supplementary-p27/xdr.json)")
    ap.add_argument("--out", required=True, help="output folder (core/xdr)")
    args = ap.parse_args(argv)
    if args.supplement is None:
        default = os.path.join(args.spec, "supplementary-p27", "xdr.json")
        args.supplement = default if os.path.exists(default) else None
    return args


def write_if_changed(path, text):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main(argv):
    args = parse_args(argv)
    defs, _changed = load_spec(args.spec, args.supplement)
    spec = Spec(defs)
    for filename, emit in OUTPUTS.items():
        write_if_changed(os.path.join(args.out, filename), emit(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
