#!/usr/bin/env python3
"""Answers Cypher queries with kuzu over a kg graph, for tests/match_differential.rs.

Usage:
    match_kuzu.py GRAPH.json QUERIES.json

GRAPH.json is a kg JSON export (`kg export --format json`). It becomes one node
table `E(id, name, type)` (an entity without a name is named by its id, one
without a type has kg's placeholder type `entity`, as kg reads the file) and one
relation table `R(type, sym, src, idx)`: the relation's type, whether the schema
declares that type symmetric, the id of its stored source entity (so a query can
ask which way an undirected match walked it) and its position in the file.

QUERIES.json is a JSON list of Cypher strings in kuzu's dialect. The answer, on
stdout, is one JSON object: {"kuzu": VERSION, "loaded": [entities, relations],
"answers": [[row, ...], ...]}, rows as lists of JSON values in RETURN order.
Exits 3 when kuzu cannot be imported, 1 when a query fails.
"""

import csv
import json
import os
import sys
import tempfile

try:
    import kuzu
except ImportError:  # pragma: no cover - reported to the Rust test
    sys.stderr.write(
        "match_kuzu.py: cannot import kuzu with %s; install it "
        "(pip install kuzu==0.11.3) or run scripts/test.sh\n" % sys.executable
    )
    sys.exit(3)


def load(conn, graph, folder):
    """Copies the graph's entities and relations into kuzu through CSV files
    (csv quotes the commas and quotes ICEWS names hold)."""
    symmetric = {
        t["id"] for t in graph.get("schema", {}).get("relation_types", []) if t.get("symmetric")
    }
    nodes = os.path.join(folder, "nodes.csv")
    rels = os.path.join(folder, "rels.csv")
    with open(nodes, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type"])
        for e in graph["entities"]:
            w.writerow([e["id"], e.get("name", e["id"]), e.get("type", "entity")])
    with open(rels, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["from", "to", "type", "sym", "src", "idx"])
        for i, r in enumerate(graph["relations"]):
            sym = "true" if r["type"] in symmetric else "false"
            w.writerow([r["from"], r["to"], r["type"], sym, r["from"], i])
    conn.execute("CREATE NODE TABLE E(id STRING, name STRING, type STRING, PRIMARY KEY (id))")
    conn.execute("CREATE REL TABLE R(FROM E TO E, type STRING, sym BOOLEAN, src STRING, idx INT64)")
    conn.execute("COPY E FROM '%s' (HEADER=true)" % nodes)
    conn.execute("COPY R FROM '%s' (HEADER=true)" % rels)
    counted = []
    for q in ("MATCH (e:E) RETURN count(*)", "MATCH ()-[r:R]->() RETURN count(*)"):
        res = conn.execute(q)
        counted.append(res.get_next()[0])
    return counted


def answer(conn, query):
    res = conn.execute(query)
    rows = []
    while res.has_next():
        rows.append(list(res.get_next()))
    return rows


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        graph = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        queries = json.load(f)
    db = kuzu.Database(":memory:")
    conn = kuzu.Connection(db)
    with tempfile.TemporaryDirectory() as folder:
        loaded = load(conn, graph, folder)
    answers = []
    for q in queries:
        try:
            answers.append(answer(conn, q))
        except Exception as e:  # kuzu raises RuntimeError on a bad query
            sys.stderr.write("match_kuzu.py: kuzu refused %r: %s\n" % (q, e))
            sys.exit(1)
    json.dump({"kuzu": kuzu.__version__, "loaded": loaded, "answers": answers}, sys.stdout)


if __name__ == "__main__":
    main()
