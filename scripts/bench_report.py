#!/usr/bin/env python3
"""The side-by-side table of docs/benchmarks.md, from the harness's raw outputs:

    scripts/bench_report.py BENCH_DIR SIZE [SIZE...]

reads BENCH_DIR/out/SIZE/<peer>.<run>.{out,err,rss,rc} (as ../shared/bench/run.sh
writes them) and BENCH_DIR/out/SIZE/kg-snapshot.json (written by scripts/bench.sh),
and prints per size: one row per peer (best time over runs per metric, the largest
peak RSS, the run's own median and 99th-percentile latency), whether every answer
agreed with the majority, kg's full answers and `kg query` batch, the snapshot, and
kg's ratios to the floor and to networkit (the fastest peer on paths).
"""
import collections
import glob
import json
import os
import sys

ORDER = ["kg", "petgraph-csr", "hand-csr", "petgraph-graph", "networkit", "igraph", "rustworkx",
         "networkx", "kuzu", "ladybug", "oxigraph", "falkordb"]
LABEL = {
    "kg": "**kg**",
    "petgraph-csr": "petgraph `Csr` (floor)",
    "hand-csr": "hand CSR",
    "petgraph-graph": "petgraph `Graph`",
    "networkit": "networkit",
    "igraph": "igraph",
    "rustworkx": "rustworkx",
    "networkx": "NetworkX",
    "kuzu": "kuzu",
    "ladybug": "ladybug (LadybugDB)",
    "oxigraph": "pyoxigraph",
    "falkordb": "FalkorDB",
}


def read(p):
    return open(p).read() if os.path.exists(p) else ""


def qps(n, s):
    if s is None:
        return "n/a"
    v = n / s if s > 0 else float("inf")
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def ms(v):
    if v is None:
        return "n/a"
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:,.0f}"


def peers_of(out):
    peers = {}
    for rc_file in sorted(glob.glob(os.path.join(out, "*.rc"))):
        name, run = os.path.basename(rc_file)[:-3].rsplit(".", 1)
        if name.startswith("kg-"):
            continue
        p = peers.setdefault(name, {"runs": 0, "ok": 0, "t": {}, "rss": 0, "lines": None})
        p["runs"] += 1
        base = rc_file[:-3]
        js = [l for l in read(base + ".err").splitlines() if l.startswith("{")]
        if read(rc_file).strip() != "0" or not js:
            continue
        p["ok"] += 1
        for k, v in json.loads(js[-1]).items():
            if isinstance(v, (int, float)) and (k.endswith("_s") or k.endswith("_ms")):
                p["t"][k] = min(v, p["t"].get(k, v))
            else:
                p["t"].setdefault(k, v)
        p["rss"] = max(p["rss"], int((read(base + ".rss").split() or ["0"])[-1]))
        p["lines"] = read(base + ".out").splitlines()
    return peers


def table(bench, size):
    out = os.path.join(bench, "out", size)
    meta = json.load(open(os.path.join(bench, "data", f"meta_{size}.json")))
    queries = [json.loads(l) for l in open(os.path.join(bench, "data", f"queries_{size}.jsonl"))]
    n_path = sum(q["op"] == "path" for q in queries)
    n_neigh = len(queries) - n_path
    peers = peers_of(out)
    ok = {n: p for n, p in peers.items() if p["lines"] is not None}
    majority = []
    for i in range(len(queries)):
        vals = [p["lines"][i] for p in ok.values() if i < len(p["lines"]) and p["lines"][i] != "NA"]
        majority.append(collections.Counter(vals).most_common(1)[0][0] if vals else None)
    edges = meta["edges"]
    print(f"#### {size}: {edges:,} relations, {meta['nodes']:,} entities, "
          f"{meta['tsv_bytes'] / 2**20:.0f} MiB TSV, {n_path} path + {n_neigh} two-hop queries\n")
    print("| peer | runs | load s | peak RSS MiB | B/relation | path q/s | path p50 ms | path p99 ms "
          "| two-hop q/s | two-hop p50 ms | two-hop p99 ms | agree |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name in sorted(peers, key=lambda n: (ORDER.index(n) if n in ORDER else 99, n)):
        p = peers[name]
        if p["lines"] is None:
            print(f"| {LABEL.get(name, name)} | {p['runs']} | failed | | | | | | | | | |")
            continue
        t, lines = p["t"], p["lines"]
        na_path = all(l == "NA" for l, q in zip(lines, queries) if q["op"] == "path")
        bad = [i for i, m in enumerate(majority) if m is not None and (i >= len(lines) or lines[i] not in ("NA", m))]
        agree = "yes" if not bad else f"**{len(bad)} differ**"
        if na_path:
            agree += " (no paths)"
        runs = f"{p['ok']}" if p["ok"] == p["runs"] else f"{p['ok']} of {p['runs']}"
        print(f"| {LABEL.get(name, name)} | {runs} | {t['load_s']:.2f} | {p['rss'] / 1024:,.0f} "
              f"| {p['rss'] * 1024 / edges:,.0f} "
              f"| {'n/a' if na_path else qps(n_path, t['path_s'])} "
              f"| {'n/a' if na_path else ms(t.get('path_p50_ms'))} "
              f"| {'n/a' if na_path else ms(t.get('path_p99_ms'))} "
              f"| {qps(n_neigh, t['neigh_s'])} | {ms(t.get('neigh_p50_ms'))} | {ms(t.get('neigh_p99_ms'))} "
              f"| {agree} |")
    print()
    k = ok.get("kg")
    if k:
        t = k["t"]
        extra = read(os.path.join(out, "kg-extra.json"))
        x = json.loads(extra) if extra else {}
        if "answer_path_s" in x:
            print("kg's full answers (names, types, every relation with its evidence; "
                  "neighbourhoods at the default limit of 1,000 entities) and the `kg query` "
                  "engine on the same 1,000 queries as JSON Lines, in a process of their own:\n")
            print("| | q/s | p50 ms | p99 ms |")
            print("|---|---:|---:|---:|")
            print(f"| path answers (`query::run`) | {qps(n_path, x['answer_path_s'])} "
                  f"| {ms(x.get('answer_path_p50_ms'))} | {ms(x.get('answer_path_p99_ms'))} |")
            print(f"| two-hop answers (`query::run`) | {qps(n_neigh, x['answer_neigh_s'])} "
                  f"| {ms(x.get('answer_neigh_p50_ms'))} | {ms(x.get('answer_neigh_p99_ms'))} |")
            print(f"| `kg query` batch ({x.get('query_batch_out_mib', 0):.0f} MiB of JSON out) "
                  f"| {qps(x['query_batch_n'], x['query_batch_s'])} | | |")
            print()
        if "paths10k_ratio" in x:
            print(f"{x['paths_batch_n']:,} full path answers through the `kg query` engine "
                  f"(parse, answer, {x.get('paths_batch_out_mib', 0):.0f} MiB of JSON out, no load): "
                  f"{x['paths_batch_s']:.3f} s, against {x['paths10k_floor_s']:.3f} s for the "
                  f"petgraph-CSR floor's lengths of the same pairs: **{x['paths10k_ratio']:.1f}×** "
                  f"the floor's time (whole `kg query` process minus its load: "
                  f"{x.get('paths10k_process_s', float('nan')):.3f} s).\n")
        print(f"kg's store: {t['store_mib']:.0f} MiB of heap ({t['store_b_per_rel']:.0f} B/relation): "
              f"topology {t['store_graph_mib']:.0f}, entities (names, id table, "
              f"origins) {t['store_entities_mib']:.0f}, adjacency index {t['store_adjacency_mib']:.0f}. "
              f"Load = parse {t['parse_s']:.2f} s + index {t['index_s']:.2f} s.\n")
        if "load_kgb_s" in x:
            print(f"Snapshot: `kg build` {x['build_s']:.2f} s, {x['kgb_mib']:.0f} MiB. Median of {x['runs']} "
                  f"loads (`load_paths`, as `--graph` does): TSV {x['load_tsv_s']:.3f} s, .kgb "
                  f"{x['load_kgb_s']:.3f} s, **{x['load_tsv_s'] / x['load_kgb_s']:.1f}×** faster; whole "
                  f"`kg stats` processes: {x['stats_tsv_s']:.3f} s and {x['stats_kgb_s']:.3f} s "
                  f"({x['stats_tsv_s'] / x['stats_kgb_s']:.1f}×). `kg query` on the 1,000 requests, whole "
                  f"process: {x['query_tsv_s']:.2f} s from the TSV, {x['query_kgb_s']:.2f} s from the .kgb.\n")
        floor = ok.get("petgraph-csr")
        loaders = [ok[n]["t"]["load_s"] for n in ("petgraph-csr", "hand-csr", "petgraph-graph") if n in ok]
        if floor:
            f = floor["t"]
            parts = [
                f"paths {f['path_s'] / t['path_s']:.2f}× the floor's throughput "
                f"(path time {t['path_s'] / f['path_s']:.2f}× the floor's: "
                f"{t['path_s'] * 1e3:.2f} ms against {f['path_s'] * 1e3:.2f} ms)",
                f"two-hop {f['neigh_s'] / t['neigh_s']:.2f}×",
                f"peak RSS {k['rss'] / floor['rss']:.2f}× the floor's",
            ]
            if loaders:
                parts.append(f"load {min(loaders) / t['load_s']:.2f}× as fast as the fastest bare petgraph load")
            print("kg against the floor (petgraph `Csr`): " + "; ".join(parts) + ".\n")
        # The fastest peer on paths (bidirectional BFS in C++, a Python call per query).
        nk = ok.get("networkit")
        if nk:
            n = nk["t"]
            parts = [
                f"path time {t['path_s'] / n['path_s']:.2f}× networkit's "
                f"({t['path_s'] * 1e3:.2f} ms against {n['path_s'] * 1e3:.2f} ms for the {n_path} paths)",
                f"two-hop time {t['neigh_s'] / n['neigh_s']:.3f}× networkit's",
                f"peak RSS {k['rss'] / nk['rss']:.2f}× networkit's",
                f"load {n['load_s'] / t['load_s']:.2f}× as fast",
            ]
            print("kg against networkit: " + "; ".join(parts) + ".\n")


def main():
    bench = sys.argv[1]
    for size in sys.argv[2:]:
        table(bench, size)


if __name__ == "__main__":
    main()
