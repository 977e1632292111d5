#!/usr/bin/env python3
"""The harness's synthetic graph (../shared/bench/gen.py) at sizes its SIZES table
does not have, for measuring where kg on one machine stops (docs/scale-out.md):

    scripts/gen_big.py SIZE OUTDIR [--seed N] [--gen PATH/gen.py]

SIZE is one of gen.py's own (S, M, L) or X20 (20M relations) or X50 (50M). The
model, queries and files are gen.py's, unchanged: this only adds rows to its size
table before calling its main, so gen.py itself is never edited. Run it with the
harness's venv (numpy): target/bench/.venv/bin/python scripts/gen_big.py X20 DIR.
"""
import importlib.util
import os
import sys

EXTRA = {"X20": 20_000_000, "X50": 50_000_000}


def main():
    args = sys.argv[1:]
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "gen.py")
    if "--gen" in args:
        i = args.index("--gen")
        gen = args[i + 1]
        del args[i:i + 2]
    spec = importlib.util.spec_from_file_location("harness_gen", gen)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.SIZES.update(EXTRA)
    sys.argv = [gen] + args
    mod.main()


if __name__ == "__main__":
    main()
