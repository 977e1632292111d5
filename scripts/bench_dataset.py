#!/usr/bin/env python3
"""Turns a dataset of ../shared/data into the peer harness's input (see
../shared/bench/RESULTS.md, "Adapter contract"):

    scripts/bench_dataset.py NAME DATA_DIR OUT_DIR [--seed N]

writes OUT_DIR/kg_NAME.tsv (head<TAB>relation<TAB>tail, every split: train, valid,
test), OUT_DIR/queries_NAME.jsonl (500 path queries between random entities, then
500 depth-2 neighbourhoods of random entities; seeded, so the same every time) and
OUT_DIR/meta_NAME.json (what the harness's report reads).

Names: a dataset with id maps (entity2id.txt / relation2id.txt, as ICEWS18) is read
through them, so its integer ids become the actors' and event types' names; FB15k-237
keeps its Freebase ids (/m/...), which are unique where display names are not. Every
fact is kept, repeated ones too (an event on two days is two relations); a fourth
column (time) is dropped, as the harness reads three. Two characters are rewritten
for the peers' loaders: a double quote in an entity name becomes a single quote
(kuzu's CSV reader), and a relation name keeps only [A-Za-z0-9_/.] with '_' for the
rest (pyoxigraph takes it into an IRI). The script checks that neither rewrite
merges two names.
"""
import argparse
import json
import os
import random
import re

N_PATH, N_NEIGH, DEPTH = 500, 500, 2


def read_map(path):
    """name<TAB>id lines (CRLF tolerated) -> {id: name}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            name, i = line.rsplit("\t", 1)
            out[int(i)] = name.strip()
    return out


def safe_entity(name):
    return name.replace('"', "'")


def safe_relation(name):
    return re.sub(r"[^A-Za-z0-9_/.]", "_", name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    ents = rels = None
    if os.path.exists(os.path.join(a.data, "entity2id.txt")):
        ents = read_map(os.path.join(a.data, "entity2id.txt"))
        rels = read_map(os.path.join(a.data, "relation2id.txt"))
    triples = []
    for split in ("train.txt", "valid.txt", "test.txt"):
        p = os.path.join(a.data, split)
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\r\n").split("\t")
                if len(fields) < 3 or not line.strip():
                    continue
                h, r, t = (x.strip() for x in fields[:3])
                if ents is not None:
                    h, r, t = ents[int(h)], rels[int(r)], ents[int(t)]
                triples.append((h, r, t))
    # The rewrites must not merge names.
    for fix, names in ((safe_entity, {x for h, _, t in triples for x in (h, t)}),
                       (safe_relation, {r for _, r, _ in triples})):
        fixed = {fix(n) for n in names}
        assert len(fixed) == len(names), f"{fix.__name__} would merge names"
    os.makedirs(a.out, exist_ok=True)
    tsv = os.path.join(a.out, f"kg_{a.name}.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        f.writelines(f"{safe_entity(h)}\t{safe_relation(r)}\t{safe_entity(t)}\n"
                     for h, r, t in triples)
    nodes = sorted({safe_entity(x) for h, _, t in triples for x in (h, t)})
    rng = random.Random(a.seed)
    with open(os.path.join(a.out, f"queries_{a.name}.jsonl"), "w", encoding="utf-8") as f:
        for _ in range(N_PATH):
            x, y = rng.sample(nodes, 2)
            f.write(json.dumps({"op": "path", "from": x, "to": y}) + "\n")
        for _ in range(N_NEIGH):
            f.write(json.dumps({"op": "neighbours", "of": rng.choice(nodes), "depth": DEPTH}) + "\n")
    meta = {"size": a.name, "seed": a.seed, "source": os.path.abspath(a.data),
            "edges": len(triples), "nodes": len(nodes),
            "relations": len({r for _, r, _ in triples}), "tsv_bytes": os.path.getsize(tsv)}
    with open(os.path.join(a.out, f"meta_{a.name}.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
