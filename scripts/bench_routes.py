#!/usr/bin/env python3
"""Path answers on real event data, one build against another
(docs/benchmarks.md, "Routes: path answers on event data").

    python3 scripts/bench_routes.py --kg target/release/kg [--old OTHER/kg]
        [--pairs 300] [--repeat 5] [--seed 15]

For each dataset (ICEWS14 with --epoch 2014-01-01, ICEWS18 with --epoch
2018-01-01, FB15k-237), draws `--pairs` entity pairs with a seeded random
generator from the dataset's entity list, and writes three request files: the
single shortest path, `k: 5`, and `all: true` (limit 100) for every pair. Each
file is answered by `kg query --graph DATASET [--epoch D] FILE > /dev/null`, run
`--repeat` times per binary, alternating the binaries; the script prints a
Markdown table of median wall seconds per file, and the ratio new / old. Loading
the dataset is in every run, so a fourth file with one `stats` request gives the
loading time to subtract.

The binaries are copied to /tmp first, so a rebuild of target/ cannot change
what is timed. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
DATASETS = [
    ("icews14", ["--epoch", "2014-01-01"], "entity2id.txt"),
    ("icews18", ["--epoch", "2018-01-01"], "entity2id.txt"),
    ("fb15k-237", [], None),
]


def entities(name: str, listing: str | None) -> list[str]:
    folder = DATA / name
    if listing:
        rows = (folder / listing).read_text(encoding="utf-8").splitlines()
        return [r.split("\t")[0] for r in rows if r.strip()]
    seen: set[str] = set()
    for split in ("train.txt", "valid.txt", "test.txt"):
        for line in (folder / split).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3:
                seen.update((parts[0], parts[2]))
    return sorted(seen)


def requests(names: list[str], pairs: int, seed: int, out: Path) -> dict[str, Path]:
    rng = random.Random(seed)
    chosen = [tuple(rng.sample(names, 2)) for _ in range(pairs)]
    files = {}
    for label, extra in (("single", {}), ("k 5", {"k": 5}), ("all", {"all": True})):
        path = out / f"{label.replace(' ', '')}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i, (a, b) in enumerate(chosen):
                f.write(json.dumps({"id": i, "op": "path", "from": a, "to": b, **extra}) + "\n")
        files[label] = path
    load = out / "load.jsonl"
    load.write_text('{"op": "stats"}\n', encoding="utf-8")
    files["load only"] = load
    return files


def timed(kg: Path, graph: list[str], file: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(kg), "query", *graph, str(file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kg", default=str(ROOT / "target" / "release" / "kg"))
    ap.add_argument("--old")
    ap.add_argument("--pairs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    work = Path("/tmp/kg-bench-routes")
    work.mkdir(exist_ok=True)
    bins = {"new": work / "kg-new"}
    shutil.copy2(args.kg, bins["new"])
    if args.old:
        bins["old"] = work / "kg-old"
        shutil.copy2(args.old, bins["old"])
    head = "| dataset | requests | " + " | ".join(f"{b} s" for b in bins)
    print(head + (" | new / old |" if args.old else " |"))
    print("|---" * (3 + len(bins) - (0 if args.old else 1)) + "|")
    for name, extra, listing in DATASETS:
        out = work / name
        out.mkdir(exist_ok=True)
        files = requests(entities(name, listing), args.pairs, args.seed, out)
        graph = ["--graph", str(DATA / name), *extra]
        for label, file in files.items():
            runs: dict[str, list[float]] = {b: [] for b in bins}
            for _ in range(args.repeat):
                for b, kg in bins.items():
                    runs[b].append(timed(kg, graph, file))
            med = {b: statistics.median(r) for b, r in runs.items()}
            cells = " | ".join(f"{med[b]:.3f}" for b in bins)
            n = 1 if label == "load only" else args.pairs
            ratio = f" | {med['new'] / med['old']:.2f} |" if args.old else " |"
            print(f"| {name} | {label} ({n}) | {cells}{ratio}")


if __name__ == "__main__":
    main()
