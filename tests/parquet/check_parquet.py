#!/usr/bin/env python3
"""Reads kg's Parquet export with pyarrow and checks every value against kg's
own JSON export of the same graph (tests/parquet.rs runs it):

    check_parquet.py PARQUET_DIR GRAPH.json

Checks the four files' columns and types (as docs/export.md lists them), that
keys are row numbers and the rows are in the documented order, that every
relation's from_key/to_key name the entities of from_id/to_id, that the DATE
columns are the first and last days of the date strings, and that entities,
relations with their evidence, and sources are exactly those of the JSON export.
Prints one line of counts; exits 1 with what differs.
"""
import calendar
import datetime
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

DEFAULT_TYPE = "entity"

SCHEMAS = {
    "entities": [
        ("key", pa.int64(), False), ("id", pa.string(), False), ("name", pa.string(), False),
        ("type", pa.string(), False), ("aliases", pa.list_(pa.field("item", pa.string(), False)), False),
        ("attributes", pa.string(), True),
    ],
    "relations": [
        ("key", pa.int64(), False), ("id", pa.string(), True), ("from_key", pa.int64(), False),
        ("from_id", pa.string(), False), ("type", pa.string(), False), ("to_key", pa.int64(), False),
        ("to_id", pa.string(), False), ("symmetric", pa.bool_(), False),
        ("valid_from", pa.string(), True), ("valid_to", pa.string(), True),
        ("valid_start", pa.date32(), True), ("valid_end", pa.date32(), True),
        ("confidence", pa.float64(), True), ("attributes", pa.string(), True),
    ],
    "evidence": [
        ("relation", pa.int64(), False), ("seq", pa.int32(), False), ("source", pa.string(), False),
        ("quote", pa.string(), True), ("date", pa.string(), True),
        ("date_start", pa.date32(), True), ("date_end", pa.date32(), True),
    ],
    "sources": [
        ("id", pa.string(), False), ("title", pa.string(), True), ("publisher", pa.string(), True),
        ("date", pa.string(), True), ("date_start", pa.date32(), True), ("date_end", pa.date32(), True),
        ("url", pa.string(), True), ("kind", pa.string(), True), ("background", pa.bool_(), False),
        ("sha256", pa.string(), True), ("text", pa.string(), True),
    ],
}

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


def first_day(s):
    parts = [int(p) for p in s.split("-")]
    y, m, d = (parts + [1, 1])[:3]
    return datetime.date(y, m, d)


def last_day(s):
    parts = [int(p) for p in s.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(*parts)


def days(col_start, col_end, text, where):
    if text is None:
        check(col_start is None and col_end is None, f"{where}: a DATE without its date")
    else:
        check(col_start == first_day(text), f"{where}: start {col_start} is not the first day of {text}")
        check(col_end == last_day(text), f"{where}: end {col_end} is not the last day of {text}")


def attrs(text):
    return None if text is None else json.loads(text)


def main():
    folder, graph = sys.argv[1], sys.argv[2]
    with open(graph, encoding="utf-8") as f:
        doc = json.load(f)
    tables = {}
    for name, cols in SCHEMAS.items():
        t = pq.read_table(f"{folder}/{name}.parquet")
        want = pa.schema([pa.field(n, ty, nullable) for n, ty, nullable in cols])
        check(t.schema.remove_metadata().equals(want),
              f"{name}.parquet schema:\n{t.schema}\nwanted:\n{want}")
        tables[name] = t.to_pylist()
    ents, rels, evs, srcs = (tables[n] for n in ("entities", "relations", "evidence", "sources"))

    # Entities: sorted by id (by code point, as Rust's str order), keys are rows.
    check([e["id"] for e in ents] == sorted(e["id"] for e in ents), "entities are not sorted by id")
    check([e["key"] for e in ents] == list(range(len(ents))), "entity keys are not row numbers")
    want = {}
    for e in doc.get("entities", []):
        want[e["id"]] = {
            "name": e.get("name", e["id"]),
            "type": e.get("type", DEFAULT_TYPE),
            "aliases": e.get("aliases", []),
            "attributes": e.get("attributes"),
        }
    got = {e["id"]: {"name": e["name"], "type": e["type"], "aliases": e["aliases"],
                     "attributes": attrs(e["attributes"])} for e in ents}
    check(len(got) == len(ents), "entity ids repeat")
    for i in sorted(set(want) | set(got)):
        check(want.get(i) == got.get(i), f"entity {i!r}: parquet {got.get(i)} json {want.get(i)}")
    key_of = {e["id"]: e["key"] for e in ents}

    # Relations: sorted by (from id, type, to id), keys are rows, ends by key.
    order = [(r["from_id"], r["type"], r["to_id"]) for r in rels]
    check(order == sorted(order), "relations are not sorted by ends and type")
    check([r["key"] for r in rels] == list(range(len(rels))), "relation keys are not row numbers")
    symmetric = {t["id"]: t.get("symmetric", False) for t in doc.get("schema", {}).get("relation_types", [])}
    by_rel = {}
    for ev in evs:
        by_rel.setdefault(ev["relation"], []).append(ev)
    check(sum(len(v) for v in by_rel.values()) == len(evs), "evidence rows lost")
    got_rels = []
    for r in rels:
        where = f"relation {r['key']} ({r['from_id']!r} {r['type']!r} {r['to_id']!r})"
        check(key_of.get(r["from_id"]) == r["from_key"], f"{where}: from_key")
        check(key_of.get(r["to_id"]) == r["to_key"], f"{where}: to_key")
        check(r["symmetric"] == symmetric.get(r["type"], False), f"{where}: symmetric")
        check((r["valid_from"] is None) == (r["valid_to"] is None), f"{where}: half a validity")
        if r["valid_from"] is not None:
            check(r["valid_start"] == first_day(r["valid_from"]), f"{where}: valid_start")
            check(r["valid_end"] == last_day(r["valid_to"]), f"{where}: valid_end")
        else:
            check(r["valid_start"] is None and r["valid_end"] is None, f"{where}: DATE without validity")
        mine = sorted(by_rel.get(r["key"], []), key=lambda e: e["seq"])
        check([e["seq"] for e in mine] == list(range(len(mine))), f"{where}: evidence seq")
        evidence = []
        for e in mine:
            days(e["date_start"], e["date_end"], e["date"], f"{where} evidence {e['seq']}")
            rec = {"source": e["source"]}
            if e["quote"] is not None:
                rec["quote"] = e["quote"]
            if e["date"] is not None:
                rec["date"] = e["date"]
            evidence.append(rec)
        if r["valid_from"] is None:
            valid = None
        elif r["valid_from"] == r["valid_to"]:
            valid = r["valid_from"]
        else:
            valid = {"from": r["valid_from"], "to": r["valid_to"]}
        got_rels.append({
            "id": r["id"], "from": r["from_id"], "type": r["type"], "to": r["to_id"],
            "evidence": evidence, "valid": valid, "confidence": r["confidence"],
            "attributes": attrs(r["attributes"]),
        })
    want_rels = []
    for r in doc.get("relations", []):
        want_rels.append({
            "id": r.get("id"), "from": r["from"], "type": r["type"], "to": r["to"],
            "evidence": r.get("evidence", []), "valid": r.get("valid"),
            "confidence": r.get("confidence"), "attributes": r.get("attributes"),
        })
    canon = lambda rs: sorted(json.dumps(x, sort_keys=True, ensure_ascii=False) for x in rs)
    g, w = canon(got_rels), canon(want_rels)
    check(len(g) == len(w), f"{len(g)} relations in parquet, {len(w)} in json")
    for a in sorted(set(g) ^ set(w))[:10]:
        check(False, f"relation only in {'parquet' if a in g else 'json'}: {a}")
    check(g == w, "relations differ as multisets")

    # Sources: in the graph's order, as kg JSON gives them.
    got_src = []
    for s in srcs:
        days(s["date_start"], s["date_end"], s["date"], f"source {s['id']!r}")
        rec = {k: s[k] for k in ("id", "title", "publisher", "date", "url", "kind", "sha256", "text")
               if s[k] is not None}
        if s["background"]:
            rec["background"] = True
        got_src.append(rec)
    want_src = doc.get("sources", [])
    check(got_src == want_src, f"sources: parquet {got_src} json {want_src}")

    if problems:
        print("\n".join(problems[:30]), file=sys.stderr)
        sys.exit(1)
    print(f"ok: {len(ents)} entities, {len(rels)} relations, {len(evs)} evidence, {len(srcs)} sources")


if __name__ == "__main__":
    main()
