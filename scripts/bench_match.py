#!/usr/bin/env python3
"""Pattern queries (`kg match`) beside kuzu, in one run (docs/benchmarks.md,
"Pattern queries").

    python3 scripts/bench_match.py --kg target/release/kg [--graphs M ICEWS18]
        [--queries 100] [--repeat 3] [--copies 10] [--seed 17]
        [--floor PETGRAPH_BASELINE]

Graphs: the harness graph of 1M relations (`target/bench/data/kg_M.tsv`, made by
`scripts/bench.sh M` or the harness's `gen.py M`) and ICEWS18 as a TSV of names
(`scripts/bench_dataset.py ICEWS18 ../shared/data/icews18 target/bench/data`).

For each graph the script draws, with a seeded generator, the start entities of
anchored patterns and writes one query per start in each family:

- two:    (a {name: X})-[:T1]->(b)-[:T2]->(c)                  RETURN b.name, c.name
- three:  (a {name: X})-[:T1]->(b)-[:T2]->(c)-[:T3]->(d)       RETURN d.name
- varlen: (a {name: X})-[:T1*1..3]->(c)                        RETURN c.name
- global: (a)-[:T1]->(b)-[:T2]->(c) RETURN count(*), for a few type pairs;
- hop2:   (a {name: X})--(b)--(c) RETURN count(*), kg only, against the bare
          CSR floor's two-hop search from the same starts (`--floor`).

kg answers each family as one `kg query` batch on a `.kgb` snapshot of the graph
(`kg build`), timed as a whole process; a batch of one match on a named entity
gives the time to load and to build the indexes every pattern query reads, which
is subtracted. Each batch runs twice: with `no_evidence` (the table alone, the
answer kuzu gives, which the ratio compares) and as kg answers by default (each
row with the relations it matched and their evidence). kuzu loads the same triples into one node table
and one relation table per type (its native layout for typed patterns), and is
timed in process over the same queries (`execute` + `get_all`), after its load.
Variable-length patterns run with TRAIL semantics on kuzu (kg's, Cypher's). Every
query's rows must agree (as sorted lists) between the two, or the script says
which differ and exits 1. kg runs `--repeat` times (the median is shown), each batch
holding `--copies` copies of the family's queries (the time shown is per copy);
kuzu, timed in process, runs each family once. The table shows the ratio kuzu
time / kg time.

Needs the harness venv (`target/bench/.venv`, with kuzu) for the kuzu side; run
with that Python. Standard library otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "target" / "bench" / "data"


def read_triples(tsv: Path) -> list[tuple[str, str, str]]:
    out = []
    with tsv.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                out.append((parts[0], parts[1], parts[2]))
    return out


def quote(name: str) -> str:
    """A Cypher string literal."""
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class Families:
    """The queries of one graph, drawn from its triples."""

    def __init__(self, triples, n: int, seed: int):
        rng = random.Random(seed)
        out = collections.defaultdict(lambda: collections.defaultdict(list))
        counts = collections.Counter(t for _, t, _ in triples)
        for h, t, tl in triples:
            out[t][h].append(tl)
        common = [t for t, _ in counts.most_common(12)]
        self.rarest = counts.most_common()[-1][0]

        def chain(length: int):
            """Types T1..Tn and a start with at least one match of the chain."""
            for _ in range(10_000):
                types = [rng.choice(common) for _ in range(length)]
                heads = list(out[types[0]].keys())
                x = rng.choice(heads)
                frontier = {x}
                for t in types:
                    frontier = {y for v in frontier for y in out[t].get(v, ())}
                    if not frontier:
                        break
                if frontier:
                    return types, x
            raise SystemExit("no chain found")

        self.queries: dict[str, list[str]] = {
            "two": [], "three": [], "varlen": [], "global": [], "hop2": []}
        self.kuzu: dict[str, list[str]] = {k: [] for k in self.queries}
        self.hop2_starts: list[str] = []
        for _ in range(n):
            (t1, t2), x = chain(2)
            q = (f"MATCH (a {{name: {quote(x)}}})-[:{ident(t1)}]->(b)-[:{ident(t2)}]->(c) "
                 "RETURN b.name, c.name")
            self.queries["two"].append(q)
            self.kuzu["two"].append(q.replace("(a {", "(a:E {"))
            (t1, t2, t3), x = chain(3)
            q = (f"MATCH (a {{name: {quote(x)}}})-[:{ident(t1)}]->(b)-[:{ident(t2)}]->(c)"
                 f"-[:{ident(t3)}]->(d) RETURN d.name")
            self.queries["three"].append(q)
            # kuzu reuses a relation within a fixed-length pattern; Cypher does not.
            kq = (f"MATCH (a:E {{name: {quote(x)}}})-[r1:{ident(t1)}]->(b)-[r2:{ident(t2)}]->(c)"
                  f"-[r3:{ident(t3)}]->(d) WHERE id(r1) <> id(r2) AND id(r2) <> id(r3) "
                  "AND id(r1) <> id(r3) RETURN d.name")
            self.kuzu["three"].append(kq)
            (t1,), x = chain(1)
            q = f"MATCH (a {{name: {quote(x)}}})-[:{ident(t1)}*1..3]->(c) RETURN c.name"
            self.queries["varlen"].append(q)
            self.kuzu["varlen"].append(
                f"MATCH (a:E {{name: {quote(x)}}})-[:{ident(t1)}* TRAIL 1..3]->(c) RETURN c.name")
            x = rng.choice(triples)[0]
            self.hop2_starts.append(x)
            self.queries["hop2"].append(
                f"MATCH (a {{name: {quote(x)}}})--(b)--(c) RETURN count(*)")
        mid = [t for t, _ in counts.most_common(30)][10:30]
        for _ in range(5):
            t1, t2 = rng.sample(mid, 2)
            q = f"MATCH (a)-[:{ident(t1)}]->(b)-[:{ident(t2)}]->(c) RETURN count(*)"
            self.queries["global"].append(q)
            self.kuzu["global"].append(q.replace("(a)", "(a:E)"))


def kg_batch(kg: Path, graph: Path, queries: list[str], work: Path, evidence: bool,
             copies: int = 1):
    """Seconds for the batch (loading included) and each answer's rows; without
    `evidence`, the table alone (`no_evidence`), the answer kuzu gives. The batch
    holds `copies` copies of the queries, so that the time of the queries stands
    well above the noise of the loading time subtracted from it."""
    reqs = work / "requests.jsonl"
    with reqs.open("w", encoding="utf-8") as f:
        for q in queries * copies:
            req = {"op": "match", "query": q, "limit": 10_000_000}
            if not evidence:
                req["no_evidence"] = True
            f.write(json.dumps(req) + "\n")
    argv = [str(kg), "query", "--timeout", "0", "--graph", str(graph), str(reqs)]
    if copies > 1:
        # Timed only: the answers go to /dev/null, as a pipe to this script
        # would slow kg down to the speed of reading them.
        t = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t, None
    t = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - t
    rows = []
    for line in out.splitlines():
        answer = json.loads(line)
        if not answer["ok"]:
            raise SystemExit(f"kg refused a query: {answer['error']['message']}")
        result = answer["result"]
        if result.get("truncated"):
            raise SystemExit(f"kg cut an answer: {result.get('reason')}")
        rows.append(sorted(tuple(cell_text(c) for c in row) for row in result["rows"]))
    return seconds, rows


def cell_text(cell):
    return cell["name"] if isinstance(cell, dict) and "name" in cell else cell


def kg_load_seconds(kg: Path, graph: Path, start: str, rare: str, work: Path) -> float:
    """A batch of two small matches, on one named entity and on the relations of
    the rarest type: loading, and building the indexes pattern queries read
    (adjacency, names, entities and relations by type), which are the graph's
    cost, paid once per process, as kuzu's load builds its own."""
    reqs = work / "base.jsonl"
    with reqs.open("w", encoding="utf-8") as f:
        for q in (f"MATCH (a {{name: {quote(start)}}}) RETURN a.name",
                  f"MATCH (a)-[:{ident(rare)}]->(b) RETURN count(*)"):
            f.write(json.dumps({"op": "match", "query": q}) + "\n")
    t = time.perf_counter()
    subprocess.run([str(kg), "query", "--graph", str(graph), str(reqs)], check=True,
                   capture_output=True)
    return time.perf_counter() - t


def kuzu_load(triples, work: Path):
    import kuzu

    conn = kuzu.Connection(kuzu.Database(":memory:"))
    conn.execute("CREATE NODE TABLE E(name STRING PRIMARY KEY)")
    names = sorted({h for h, _, _ in triples} | {t for _, _, t in triples})
    nodes = work / "nodes.csv"
    nodes.write_text("".join(n.replace("\t", " ") + "\n" for n in names), encoding="utf-8")
    t = time.perf_counter()
    # Names hold single quotes ("Nicholas 'Nick' Xenophon") and no double ones.
    opts = "(file_format='csv', delim='\t', header=false, quote='\"', escape='\"')"
    conn.execute(f"COPY E FROM '{nodes}' {opts}")
    by_type = collections.defaultdict(list)
    for h, r, tl in triples:
        by_type[r].append((h, tl))
    for r, pairs in by_type.items():
        conn.execute(f"CREATE REL TABLE {ident(r)}(FROM E TO E)")
        part = work / "rel.csv"
        part.write_text("".join(f"{h}\t{tl}\n" for h, tl in pairs), encoding="utf-8")
        conn.execute(f"COPY {ident(r)} FROM '{part}' {opts}")
    return conn, time.perf_counter() - t


def kuzu_batch(conn, queries: list[str]):
    rows = []
    t = time.perf_counter()
    for q in queries:
        rows.append(conn.execute(q).get_all())
    seconds = time.perf_counter() - t
    return seconds, [sorted(tuple(r) for r in rs) for rs in rows]


def floor_seconds(floor: Path, tsv: Path, starts: list[str], work: Path) -> float | None:
    """The bare CSR's two-hop search from `starts` (its neigh_s)."""
    q = work / "floor.jsonl"
    with q.open("w", encoding="utf-8") as f:
        for s in starts:
            f.write(json.dumps({"op": "neighbours", "of": s, "depth": 2}) + "\n")
    p = subprocess.run([str(floor), "--mode", "csr", str(tsv), str(q)], check=True,
                       capture_output=True, text=True)
    return json.loads(p.stderr.strip().splitlines()[-1]).get("neigh_s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kg", type=Path, default=ROOT / "target" / "release" / "kg")
    ap.add_argument("--graphs", nargs="+", default=["M", "ICEWS18"])
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--copies", type=int, default=10,
                    help="copies of each family's queries in one kg batch")
    ap.add_argument("--floor", type=Path,
                    default=ROOT / "target" / "bench" / "petgraph-baseline" / "target"
                    / "release" / "petgraph-baseline")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-match-"))
    kg = work / "kg"
    shutil.copy(args.kg, kg)
    failed = False
    print("| graph | family | queries | rows | kuzu s | kg s, table | kuzu ÷ kg "
          "| kg queries/s, table | kg s, with evidence | kg µs/row, with evidence |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = []
    for name in args.graphs:
        tsv = DATA / f"kg_{name}.tsv"
        triples = read_triples(tsv)
        fam = Families(triples, args.queries, args.seed)
        snap = work / f"{name}.kgb"
        subprocess.run([str(kg), "build", str(tsv), "-o", str(snap)], check=True,
                       capture_output=True)
        conn, kuzu_load_s = kuzu_load(triples, work)
        notes.append(f"{name}: {len(triples):,} relations; kuzu load {kuzu_load_s:.1f} s")
        for family, queries in fam.queries.items():
            kg_times, full_times, kuzu_times, kg_rows = [], [], [], None
            copies = args.copies
            _, kg_rows = kg_batch(kg, snap, queries, work, False)
            _, full_rows = kg_batch(kg, snap, queries, work, True)
            if full_rows != kg_rows:
                failed = True
                print(f"# {name} {family}: rows differ with and without evidence",
                      file=sys.stderr)
            for _ in range(args.repeat):
                load = kg_load_seconds(kg, snap, triples[0][0], fam.rarest, work)
                s, _ = kg_batch(kg, snap, queries, work, False, copies)
                kg_times.append(max(s - load, 1e-9) / copies)
                s, _ = kg_batch(kg, snap, queries, work, True, copies)
                full_times.append(max(s - load, 1e-9) / copies)
                if family != "hop2" and not kuzu_times:
                    # In process, after its load: one timing, far above noise.
                    ks, kuzu_rows = kuzu_batch(conn, fam.kuzu[family])
                    kuzu_times.append(ks)
            rows = sum(len(r) if family not in ("global", "hop2") else r[0][0]
                       for r in kg_rows)
            kg_s = statistics.median(kg_times)
            full_s = statistics.median(full_times)
            if kuzu_times:
                kuzu_s = statistics.median(kuzu_times)
                for i, (a, b) in enumerate(zip(kg_rows, kuzu_rows)):
                    if [tuple(map(str, r)) for r in a] != [tuple(map(str, r)) for r in b]:
                        failed = True
                        print(f"# rows differ on {name} {family} query {i}: "
                              f"{queries[i]} (kg {len(a)}, kuzu {len(b)})", file=sys.stderr)
                ratio = f"{kuzu_s / kg_s:.1f}×"
                kuzu_cell = f"{kuzu_s:.3f}"
            else:
                ratio = kuzu_cell = "–"
            print(f"| {name} | {family} | {len(queries)} | {rows:,} | {kuzu_cell} | {kg_s:.3f} "
                  f"| {ratio} | {len(queries) / kg_s:,.0f} | {full_s:.3f} "
                  f"| {full_s / max(rows, 1) * 1e6:.3f} |", flush=True)
            if family == "hop2" and args.floor.exists():
                floor = floor_seconds(args.floor, tsv, fam.hop2_starts, work)
                if floor:
                    notes.append(f"{name} hop2: the bare CSR's two-hop search from the same "
                                 f"{len(queries)} starts takes {floor:.3f} s "
                                 f"(kg match ÷ floor = {kg_s / floor:.2f})")
    for n in notes:
        print(f"\n- {n}", end="")
    print()
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
