#!/usr/bin/env python3
"""kg's measurements beyond the harness contract, for one size:

    scripts/bench_kg_extra.py KG ADAPTER BENCH_DIR SIZE [RUNS]

- full answers and the `kg query` batch: the adapter with KG_BENCH_ANSWERS=1, in a
  process of its own (best of RUNS), so the harness row's peak RSS stays that of
  loading and traversing;
- the snapshot: `kg build` writes BENCH_DIR/data/kg_SIZE.kgb; then the median of
  RUNS loads of the TSV and of the snapshot, in process (`load_paths`, as
  `--graph` does) and as whole `kg stats` processes;
- `kg query` as a whole process on the harness's 1,000 queries, from either file.

Writes BENCH_DIR/out/SIZE/kg-extra.json.
"""
import json
import os
import statistics
import subprocess
import sys
import time

kg, adapter, bench, size = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
data = os.path.join(bench, "data")
tsv, kgb = os.path.join(data, f"kg_{size}.tsv"), os.path.join(data, f"kg_{size}.kgb")
queries = os.path.join(data, f"queries_{size}.jsonl")
reqs = os.path.join(data, f"requests_{size}.jsonl")
with open(queries) as f, open(reqs, "w") as out:
    for i, line in enumerate(l for l in f if l.strip()):
        q = json.loads(line)
        q["id"] = i
        out.write(json.dumps(q) + "\n")


def wall(args, stdin=None):
    t = time.perf_counter()
    with open(stdin or os.devnull, "rb") as inp:
        subprocess.run([kg, *args], stdin=inp, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def adapter_json(path, env):
    p = subprocess.run([adapter, path, queries], env={**os.environ, **env},
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return json.loads([l for l in p.stderr.splitlines() if l.startswith("{")][-1])


answers = {}
for _ in range(max(1, runs // 2)):
    for k, v in adapter_json(tsv, {"KG_BENCH_ANSWERS": "1"}).items():
        if k.startswith("answer_") or k.startswith("query_batch"):
            answers[k] = min(v, answers.get(k, v)) if k.endswith("_s") or k.endswith("_ms") else v
build_s = wall(["build", tsv, "-o", kgb])
load = lambda p: statistics.median(adapter_json(p, {"KG_BENCH_LOAD_ONLY": "1"})["load_s"] for _ in range(runs))
med = lambda args, stdin=None, n=runs: statistics.median(wall(args, stdin) for _ in range(n))
result = {
    "runs": runs,
    **answers,
    "build_s": build_s,
    "kgb_mib": os.path.getsize(kgb) / 2**20,
    "load_tsv_s": load(tsv),
    "load_kgb_s": load(kgb),
    "stats_tsv_s": med(["stats", "--graph", tsv]),
    "stats_kgb_s": med(["stats", "--graph", kgb]),
    "query_tsv_s": med(["--graph", tsv, "query"], reqs, max(1, runs // 2)),
    "query_kgb_s": med(["--graph", kgb, "query"], reqs, max(1, runs // 2)),
}
os.makedirs(os.path.join(bench, "out", size), exist_ok=True)
with open(os.path.join(bench, "out", size, "kg-extra.json"), "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result))
