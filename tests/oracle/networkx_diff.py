#!/usr/bin/env python3
"""Differential test of `kg query` against NetworkX.

For each dataset (a head<TAB>relation<TAB>tail[<TAB>...] triple file), load every
triple into a networkx MultiDiGraph, draw random path and neighbourhood requests
with a fixed seed, run them through `kg query --graph FILE`, and compare:

* path: the length of kg's path equals `nx.shortest_path_length` on the
  undirected view (kg's default direction is "any"); unreachable pairs must give
  `paths: []`; the returned path must be a real walk over the file's triples.
* neighbours: the set of node ids (and each node's distance) equals
  `nx.single_source_shortest_path_length(U, start, cutoff=depth)` minus the start.

Usage:
    networkx_diff.py KG_BINARY --dataset FILE PATHS DEPTH1 DEPTH2 [--dataset ...]

PATHS, DEPTH1 and DEPTH2 are how many path, depth-1 and depth-2 neighbourhood
requests to draw for that file. Prints one summary line per dataset and exits 1
(listing the first mismatches) when any answer disagrees, 2 on a setup problem.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

try:
    import networkx as nx
except ImportError:  # pragma: no cover - reported to the Rust test
    sys.stderr.write(
        "networkx_diff.py: cannot import networkx with %s; install it "
        "(pip install networkx==3.6.1) or run scripts/test.sh\n" % sys.executable
    )
    sys.exit(3)

SEED = 20160314
MAX_REPORTED = 20
EDGES_MARK = ',"edges":['


def load(path):
    """The file's triples, read the way kg reads .txt/.tsv triple files: tab
    separated, fields trimmed, CRLF accepted, blank and '#' lines skipped."""
    g = nx.MultiDiGraph()
    triples = set()
    with open(path, encoding="utf-8", newline="") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.endswith("\r"):
                line = line[:-1]
            if not line.strip() or line.strip().startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 3:
                raise SystemExit("%s: line without 3 tab-separated fields: %r" % (path, line))
            h, r, t = (x.strip() for x in fields[:3])
            g.add_edge(h, t, rel=r)
            triples.add((h, r, t))
    return g, triples


def neighbours_nodes(line):
    """Parses the part of a neighbours answer before its (possibly huge) edge list."""
    cut = line.find(EDGES_MARK)
    if cut < 0:
        return json.loads(line)
    # Inside JSON strings a quote is escaped, so the first `,"edges":[` is the field.
    return json.loads(line[:cut] + "}}")


def check_dataset(kg, path, n_paths, n_d1, n_d2, seed):
    t0 = time.time()
    g, triples = load(path)
    u = g.to_undirected(as_view=True)
    nodes = sorted(g.nodes())
    rng = random.Random(seed)

    requests = []  # (request, expectation)
    for _ in range(n_paths):
        a, b = rng.choice(nodes), rng.choice(nodes)
        try:
            d = nx.shortest_path_length(u, a, b)
        except nx.NetworkXNoPath:
            d = None
        requests.append(({"op": "path", "from": a, "to": b}, d))
    for depth, count in ((1, n_d1), (2, n_d2)):
        for _ in range(count):
            a = rng.choice(nodes)
            dist = nx.single_source_shortest_path_length(u, a, cutoff=depth)
            del dist[a]
            # A limit above the expected size: never cuts a correct answer, and
            # keeps the relations listed with it (at most 10 per entity) bounded.
            limit = len(dist) + 1
            requests.append(
                ({"op": "neighbours", "of": a, "depth": depth, "limit": limit}, dist)
            )
    t_nx = time.time() - t0

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, (req, _) in enumerate(requests):
            f.write(json.dumps(dict(id=i, **req), ensure_ascii=False) + "\n")
        req_file = f.name
    mismatches = []
    answered = 0
    # stderr goes to a file: a full pipe there would block kg while we read stdout.
    err_file = tempfile.TemporaryFile("w+", encoding="utf-8")
    try:
        proc = subprocess.Popen(
            [kg, "query", "--graph", path, req_file],
            stdout=subprocess.PIPE,
            stderr=err_file,
            encoding="utf-8",
        )
        for line in proc.stdout:
            i = answered
            answered += 1
            req, want = requests[i] if i < len(requests) else ({}, None)
            if req.get("op") == "neighbours":
                ans = neighbours_nodes(line)
            else:
                ans = json.loads(line)
            problem = None
            if ans.get("id") != i:
                problem = "answer id %r out of order" % (ans.get("id"),)
            elif not ans.get("ok"):
                problem = "error: %s" % json.dumps(ans.get("error"))
            elif req["op"] == "path":
                problem = check_path(ans["result"], req, want, triples)
            else:
                problem = check_neighbours(ans["result"], req, want)
            if problem:
                mismatches.append("%s: %s: %s" % (os.path.basename(path), json.dumps(req), problem))
        code = proc.wait()
        err_file.seek(0)
        stderr = err_file.read()
    finally:
        err_file.close()
        os.unlink(req_file)
    if answered != len(requests):
        mismatches.append(
            "%s: kg answered %d of %d requests (exit %d): %s"
            % (path, answered, len(requests), code, stderr.strip()[:2000])
        )
    elif code != 0 and not mismatches:
        mismatches.append("%s: kg exited %d: %s" % (path, code, stderr.strip()[:2000]))
    reachable = sum(1 for r, w in requests if r["op"] == "path" and w is not None)
    print(
        "%s: %d entities, %d triples; %d path queries (%d reachable), %d depth-1 and "
        "%d depth-2 neighbourhoods checked; %d mismatches (networkx %.1fs, kg %.1fs)"
        % (
            path, len(nodes), g.number_of_edges(), n_paths, reachable, n_d1, n_d2,
            len(mismatches), t_nx, time.time() - t0 - t_nx,
        ),
        flush=True,
    )
    return len(requests), mismatches


def check_path(res, req, want, triples):
    paths = res["paths"]
    if want is None:
        return None if paths == [] else "unreachable in networkx, kg found %d path(s)" % len(paths)
    if len(paths) != 1:
        return "networkx distance %d, kg returned %d paths" % (want, len(paths))
    p = paths[0]
    ids = [n["id"] for n in p["nodes"]]
    if p["length"] != want or len(p["edges"]) != want:
        return "networkx distance %d, kg length %d (%d edges)" % (want, p["length"], len(p["edges"]))
    if len(ids) != want + 1 or ids[0] != req["from"] or ids[-1] != req["to"]:
        return "path nodes %r do not run from %s to %s" % (ids, req["from"], req["to"])
    for i, e in enumerate(p["edges"]):
        if (e["from"], e["type"], e["to"]) not in triples:
            return "edge %d %r is not a triple of the file" % (i, e)
        if {e["from"], e["to"]} != {ids[i], ids[i + 1]} or (
            e["from"] != e["to"] and (e["from"] == ids[i]) == e["reversed"]
        ):
            return "edge %d %r does not join %s and %s" % (i, e, ids[i], ids[i + 1])
    return None


def check_neighbours(res, req, want):
    got = {n["id"]: n["distance"] for n in res["nodes"]}
    if len(got) != len(res["nodes"]):
        return "duplicate nodes in the answer"
    if got == want:
        return None
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    wrong = sorted(k for k in set(want) & set(got) if want[k] != got[k])
    return "%d nodes expected, %d returned; missing %r, extra %r, wrong distance %r" % (
        len(want), len(got), missing[:5], extra[:5],
        [(k, want[k], got[k]) for k in wrong[:5]],
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kg", help="path of the kg binary")
    ap.add_argument(
        "--dataset", nargs=4, action="append", required=True,
        metavar=("FILE", "PATHS", "DEPTH1", "DEPTH2"),
    )
    args = ap.parse_args()
    total, mismatches = 0, []
    for n, (path, paths, d1, d2) in enumerate(args.dataset):
        if not os.path.isfile(path):
            sys.stderr.write("networkx_diff.py: no dataset file %s\n" % path)
            return 2
        count, bad = check_dataset(args.kg, path, int(paths), int(d1), int(d2), SEED + n)
        total += count
        mismatches += bad
    print("networkx oracle: %d queries checked, %d mismatches" % (total, len(mismatches)))
    if mismatches:
        print("first mismatches:")
        for m in mismatches[:MAX_REPORTED]:
            print("  " + m)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
