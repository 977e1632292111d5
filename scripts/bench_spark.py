#!/usr/bin/env python3
"""Checks the Spark route against kg on one harness input, and times both:

    scripts/bench_spark.py KG ADAPTER DATA NAME OUT [--python PY] [--master local[2]]

KG is the kg binary, ADAPTER examples/bench_adapter (kg's harness adapter), DATA a
folder holding kg_NAME.tsv and queries_NAME.jsonl (scripts/bench_dataset.py makes
them for ICEWS18: 500 path and 500 depth-2 neighbourhood queries). Steps:

1. kg loads the TSV and writes its Parquet export (`kg --graph TSV export
   --format parquet -o OUT/parquet`), timed;
2. kg answers every query (the adapter: one line per query, direction ignored);
3. Spark answers them from the Parquet (scripts/spark/kg_spark.py, run by PY, a
   Python with pyspark; Spark local[2] by default);
4. every answer is compared.

Writes OUT/spark.json (agreement and timings) and prints a Markdown table; exits
1 when any answer differs (the first ten are printed).
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def last_json(text):
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kg")
    ap.add_argument("adapter")
    ap.add_argument("data")
    ap.add_argument("name")
    ap.add_argument("out")
    ap.add_argument("--python", default=os.environ.get("KG_PYTHON", "target/venv/bin/python"))
    ap.add_argument("--master", default="local[2]")
    a = ap.parse_args()
    tsv = os.path.join(a.data, f"kg_{a.name}.tsv")
    queries = os.path.join(a.data, f"queries_{a.name}.jsonl")
    os.makedirs(a.out, exist_ok=True)
    parquet = os.path.join(a.out, "parquet")

    t = time.perf_counter()
    subprocess.run([a.kg, "--graph", tsv, "export", "--format", "parquet", "-o", parquet],
                   check=True)
    export_s = time.perf_counter() - t
    parquet_bytes = sum(os.path.getsize(os.path.join(parquet, f)) for f in os.listdir(parquet))

    kg = subprocess.run([a.adapter, tsv, queries], capture_output=True, text=True,
                        env={**os.environ, "KG_BENCH_ANSWERS": "0"})
    if kg.returncode != 0:
        sys.exit(f"bench_adapter failed:\n{kg.stderr}")
    kg_t = last_json(kg.stderr)

    t = time.perf_counter()
    sp = subprocess.run([a.python, os.path.join(HERE, "spark", "kg_spark.py"), parquet, queries,
                         "--master", a.master], capture_output=True, text=True)
    spark_wall_s = time.perf_counter() - t
    if sp.returncode != 0:
        sys.exit(f"kg_spark.py failed:\n{sp.stderr[-4000:]}")
    sp_t = last_json(sp.stderr)

    with open(queries, encoding="utf-8") as f:
        reqs = [json.loads(l) for l in f if l.strip()]
    want, got = kg.stdout.split(), sp.stdout.split()
    if len(want) != len(reqs) or len(got) != len(reqs):
        sys.exit(f"{len(reqs)} queries, {len(want)} kg answers, {len(got)} Spark answers")
    agree = {"path": [0, 0], "neighbours": [0, 0]}
    wrong = []
    for r, w, g in zip(reqs, want, got):
        op = r["op"]
        agree[op][1] += 1
        if w == g:
            agree[op][0] += 1
        else:
            wrong.append((r, w, g))
    report = {
        "name": a.name,
        "master": a.master,
        "agree_path": agree["path"],
        "agree_neighbours": agree["neighbours"],
        "kg_export_parquet_s": round(export_s, 3),
        "parquet_mib": round(parquet_bytes / 2**20, 1),
        "kg_load_s": kg_t.get("load_s"),
        "kg_path_s": kg_t.get("path_s"),
        "kg_neigh_s": kg_t.get("neigh_s"),
        "spark_load_s": sp_t.get("load_s"),
        "spark_path_s": sp_t.get("path_s"),
        "spark_neigh_s": sp_t.get("neigh_s"),
        "spark_rounds": [sp_t.get("path_rounds"), sp_t.get("neigh_rounds")],
        "spark_wall_s": round(spark_wall_s, 1),
        "spark": sp_t.get("spark"),
    }
    with open(os.path.join(a.out, "spark.json"), "w") as f:
        json.dump(report, f, indent=1)
    p, n = agree["path"], agree["neighbours"]
    print(f"## Spark route on {a.name} (Spark {report['spark']}, {a.master})\n")
    print(f"Answers agreeing with kg: paths {p[0]}/{p[1]}, neighbourhoods {n[0]}/{n[1]}.\n")
    print("| | load (s) | paths (s) | neighbourhoods (s) |")
    print("|---|---:|---:|---:|")
    print(f"| kg (bench_adapter) | {report['kg_load_s']:.3f} | {report['kg_path_s']:.4f} | "
          f"{report['kg_neigh_s']:.4f} |")
    print(f"| Spark (kg_spark.py) | {report['spark_load_s']:.1f} | {report['spark_path_s']:.1f} | "
          f"{report['spark_neigh_s']:.1f} |")
    print(f"\nkg's Parquet export: {export_s:.2f} s, {report['parquet_mib']} MiB; Spark's whole "
          f"run (JVM start included): {spark_wall_s:.0f} s.")
    if wrong:
        for r, w, g in wrong[:10]:
            print(f"differs: {json.dumps(r)}: kg {w}, Spark {g}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
