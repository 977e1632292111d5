#!/usr/bin/env python3
"""kg's measurements beyond the harness contract, for one size:

    scripts/bench_kg_extra.py KG ADAPTER BENCH_DIR SIZE [RUNS]

- full answers and the `kg query` batch: the adapter with KG_BENCH_ANSWERS=1, in a
  process of its own (best of RUNS), so the harness row's peak RSS stays that of
  loading and traversing;
- the snapshot: `kg build` writes BENCH_DIR/data/kg_SIZE.kgb; then the median of
  RUNS loads of the TSV and of the snapshot, in process (`load_paths`, as
  `--graph` does) and as whole `kg stats` processes;
- `kg query` as a whole process on the harness's 1,000 queries, from either file;
- 10,000 whole path answers against the floor's 10,000 lengths: a seeded file of
  10,000 path requests between entities of the graph (BENCH_DIR/data/
  paths10k_SIZE.jsonl, the harness's query format), timed by the petgraph-CSR
  floor (its `path_s`) and as one `kg query` batch in process on the loaded graph
  (the adapter's `paths_batch_s`: parse, answer, JSON out; no load), rounds
  alternating; `paths10k_ratio` is kg's best over the floor's best. Also the
  same batch as a whole `kg --graph kg_SIZE.kgb query` process, minus a `kg
  --graph kg_SIZE.kgb stats` process (the load), as `paths10k_process_s`.

Writes BENCH_DIR/out/SIZE/kg-extra.json.
"""
import json
import os
import random
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
paths10k = os.path.join(data, f"paths10k_{size}.jsonl")
floor_bin = os.environ.get("KG_FLOOR", os.path.join(bench, "petgraph-baseline", "target", "release",
                                                    "petgraph-baseline"))
if not os.path.exists(paths10k):
    names = set()
    with open(tsv) as f:
        for line in f:
            h, _, t = line.rstrip("\n").split("\t")[:3]
            names.add(h)
            names.add(t)
    names = sorted(names)
    rng = random.Random(18)
    with open(paths10k, "w") as out:
        for _ in range(10_000):
            a, b = rng.sample(names, 2)
            out.write(json.dumps({"op": "path", "from": a, "to": b}) + "\n")
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


def last_json(stderr):
    return json.loads([l for l in stderr.splitlines() if l.startswith("{")][-1])


def adapter_json(path, env):
    p = subprocess.run([adapter, path, queries], env={**os.environ, **env},
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return last_json(p.stderr)


def floor_paths_s():
    p = subprocess.run([floor_bin, "--mode", "csr", tsv, paths10k], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return last_json(p.stderr)["path_s"]


answers, floor = {}, []
for _ in range(max(1, runs // 2)):
    if os.path.exists(floor_bin):
        floor.append(floor_paths_s())
    for k, v in adapter_json(tsv, {"KG_BENCH_ANSWERS": "1", "KG_BENCH_PATHS": paths10k}).items():
        if k.startswith("answer_") or k.startswith("query_batch") or k.startswith("paths_batch"):
            answers[k] = min(v, answers.get(k, v)) if k.endswith("_s") or k.endswith("_ms") else v
if floor:
    answers["paths10k_floor_s"] = min(floor)
    answers["paths10k_ratio"] = answers["paths_batch_s"] / min(floor)
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
result["paths10k_process_s"] = (med(["--graph", kgb, "query"], paths10k, max(1, runs // 2))
                                - result["stats_kgb_s"])
os.makedirs(os.path.join(bench, "out", size), exist_ok=True)
with open(os.path.join(bench, "out", size, "kg-extra.json"), "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result))
