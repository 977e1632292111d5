#!/usr/bin/env python3
"""Adds per-query latency to a copy of the peer harness (never to ../shared/bench):

    scripts/bench_patch.py HARNESS_COPY KG_ADAPTER_COMMAND

Every peer already times each query to sum `path_s` / `neigh_s`; the patch keeps
those same per-query times and reports their median and 99th percentile as extra
fields (`path_p50_ms`, `path_p99_ms`, `neigh_p50_ms`, `neigh_p99_ms`): in
adapters/common.py for the Python peers (NetworkX, igraph, kuzu, pyoxigraph,
rustworkx, networkit, ladybug, FalkorDB: every adapter times its queries through
common.main, which the patch checks), in petgraph-baseline/src/main.rs for the
Rust floors. It also adds kg as one more peer in run.sh. Each edit is an exact
text replacement that fails loudly if the harness has changed; running it twice
changes nothing.
"""
import glob
import os
import sys

root, kg_cmd = sys.argv[1], sys.argv[2]


def patch(rel, edits):
    path = f"{root}/{rel}"
    text = open(path, encoding="utf-8").read()
    for old, new in edits:
        if new in text:
            continue
        if text.count(old) != 1:
            sys.exit(f"bench_patch: {rel}: expected exactly one {old[:60]!r}; the harness changed")
        text = text.replace(old, new)
    open(path, "w", encoding="utf-8").write(text)


patch("run.sh", [(
    'PEERS=(\n',
    f'PEERS=(\n  "kg|{kg_cmd}"\n',
)])

patch("adapters/common.py", [
    ('    timing = {"load_s": load_s, "path_s": 0.0, "neigh_s": 0.0}\n',
     '    timing = {"load_s": load_s, "path_s": 0.0, "neigh_s": 0.0}\n'
     '    lat = {"path_s": [], "neigh_s": []}  # per-query seconds (patched in by kg\'s bench)\n'),
    ('        timing[key] += time.perf_counter() - t\n',
     '        dt = time.perf_counter() - t\n'
     '        timing[key] += dt\n'
     '        lat[key].append(dt)\n'),
    ('    if extra:\n',
     '    for key, xs in lat.items():\n'
     '        xs.sort()\n'
     '        for p in (50, 99):\n'
     '            if xs:\n'
     '                timing[f"{key[:-2]}_p{p}_ms"] = xs[round(p / 100 * (len(xs) - 1))] * 1e3\n'
     '    if extra:\n'),
])

patch("petgraph-baseline/src/main.rs", [
    ('fn run_queries(',
     'thread_local! {\n'
     '    // Per-query seconds of paths and neighbourhoods (patched in by kg\'s bench).\n'
     '    static LAT: std::cell::RefCell<(Vec<f64>, Vec<f64>)> = Default::default();\n'
     '}\n\n'
     'fn pct_ms(v: &mut Vec<f64>, p: f64) -> f64 {\n'
     '    if v.is_empty() {\n'
     '        return 0.0;\n'
     '    }\n'
     '    v.sort_by(f64::total_cmp);\n'
     '    v[((p / 100.0) * (v.len() - 1) as f64).round() as usize] * 1e3\n'
     '}\n\n'
     'fn run_queries('),
    ('                path_s += t0.elapsed().as_secs_f64();\n',
     '                let dt = t0.elapsed().as_secs_f64();\n'
     '                path_s += dt;\n'
     '                LAT.with(|l| l.borrow_mut().0.push(dt));\n'),
    ('                neigh_s += t0.elapsed().as_secs_f64();\n',
     '                let dt = t0.elapsed().as_secs_f64();\n'
     '                neigh_s += dt;\n'
     '                LAT.with(|l| l.borrow_mut().1.push(dt));\n'),
    ('    eprintln!(\n        "{}",\n        serde_json::json!({"load_s": load_s,',
     '    let (p50, p99, n50, n99) = LAT.with(|l| {\n'
     '        let (p, n) = &mut *l.borrow_mut();\n'
     '        (pct_ms(p, 50.0), pct_ms(p, 99.0), pct_ms(n, 50.0), pct_ms(n, 99.0))\n'
     '    });\n'
     '    eprintln!(\n        "{}",\n        serde_json::json!({"path_p50_ms": p50, "path_p99_ms": p99, '
     '"neigh_p50_ms": n50, "neigh_p99_ms": n99, "load_s": load_s,'),
])

# The latency fields of a Python peer come from common.main alone: an adapter that
# timed its queries some other way would have none, and its row would say n/a.
for adapter in sorted(glob.glob(f"{root}/adapters/*_adapter.py")):
    text = open(adapter, encoding="utf-8").read()
    if "from common import" not in text or "main(load, path, neigh" not in text:
        sys.exit(f"bench_patch: {os.path.basename(adapter)} does not time its queries "
                 "through common.main; its per-query latency would be missing")
