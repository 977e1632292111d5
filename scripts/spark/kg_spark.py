#!/usr/bin/env python3
"""kg's questions answered by Apache Spark over kg's Parquet export.

    kg export --format parquet -o DIR
    kg_spark.py DIR QUERIES [--master local[2]] [--partitions N]

QUERIES is JSON Lines as the peer harness and `kg query` read them:
{"op": "path", "from": A, "to": B} and {"op": "neighbours", "of": A, "depth": k}.
Standard output gets one line per query, in input order (the harness's adapter
contract, ../shared/bench/RESULTS.md):

- path: the fewest relations between A and B, direction ignored; 0 when A is B,
  -1 when B cannot be reached or a name is unknown;
- neighbours: the number of distinct entities within k relations of A, direction
  ignored, A itself not counted; 0 when the name is unknown;
- NA for any other op.

The last line on standard error is a JSON object of timings: load_s (Parquet to
a cached edge table), path_s, neigh_s, and the rounds each search took.

How: breadth-first search by DataFrame joins, the way GraphFrames' BFS works, with
every query of a kind in one search over (query, entity) pairs rather than one
Spark job per query. A round joins the frontier with the edge table (both
directions of every relation, as (src, dst) entity keys), drops the pairs already
visited (a left anti-join) and keeps the rest as the next frontier.

- Neighbourhoods: k rounds from every start at once; the answer is the count of
  visited pairs of a query, less its start.
- Paths: bidirectional, from both ends of every query at once, a side a round.
  When sides hold every entity within i of A and within j of B, they share an
  entity exactly when the distance d is at most i + j, and then the least
  d_A + d_B over shared entities is d: so the first round at which a query's
  sides meet answers it, and a side that runs out of frontier without meeting
  proves B unreachable (-1). Answered queries leave the search.

# Complexity
Neighbourhoods: each round shuffles the frontier pairs and the edges they reach,
O(sum over queries of the relations within k-1 of the start). Paths: the same for
each side, up to the depth where the sides meet, about half the distance from
each end, which keeps the frontiers of small-world graphs small; unreachable
pairs cost the whole component of the smaller side. Rounds: at most the longest
distance asked (plus one), each a few Spark jobs.

Names are entity ids (`entities.parquet` `id`), falling back to exact names; a
graph loaded from triples has ids that are its names.
"""
import argparse
import json
import sys
import time


def spark_session(master, partitions):
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("kg-bfs")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def load(spark, folder):
    """The edge table (src, dst) with both directions of every relation, distinct,
    cached; and the entity keys by id and by name."""
    from pyspark.sql import functions as F

    rel = spark.read.parquet(f"{folder}/relations.parquet").select("from_key", "to_key")
    fwd = rel.select(F.col("from_key").alias("src"), F.col("to_key").alias("dst"))
    back = rel.select(F.col("to_key").alias("src"), F.col("from_key").alias("dst"))
    edges = fwd.union(back).distinct().cache()
    edges.count()
    ents = spark.read.parquet(f"{folder}/entities.parquet").select("key", "id", "name")
    return edges, ents


def resolve(spark, ents, names):
    """{name: key} for the names asked about: by id, else by exact name."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    asked = spark.createDataFrame([(n,) for n in wanted], "name string")
    by_id = asked.join(ents, asked.name == ents.id).select(asked.name, ents.key)
    by_name = asked.join(ents, asked.name == ents.name).select(asked.name, ents.key)
    found = {}
    for row in by_name.collect():
        found.setdefault(row["name"], row["key"])
    for row in by_id.collect():
        found[row["name"]] = row["key"]
    return found


def step(edges, frontier, visited, depth):
    """One BFS round: the (q, node) pairs one relation past `frontier` that
    `visited` does not hold yet, at `depth`; checkpointed so lineage stays short."""
    from pyspark.sql import functions as F

    nxt = (
        frontier.join(edges, frontier.node == edges.src)
        .select(frontier.q, edges.dst.alias("node"))
        .distinct()
        .join(visited.select("q", "node"), ["q", "node"], "left_anti")
        .withColumn("d", F.lit(depth))
        .localCheckpoint()
    )
    return nxt


def neighbourhoods(spark, edges, starts):
    """{q: count} for starts [(q, key, k)]: entities within k of key, less key."""
    from pyspark.sql import functions as F

    if not starts:
        return {}, 0
    start = spark.createDataFrame(
        [(q, key, 0) for q, key, _ in starts], "q long, node long, d int"
    ).localCheckpoint()
    limit = {q: k for q, _, k in starts}
    visited, frontier = start, start
    rounds = 0
    for depth in range(1, max(limit.values()) + 1):
        # Queries whose depth is reached stop expanding.
        going = [q for q, k in limit.items() if k >= depth]
        frontier = frontier.where(F.col("q").isin(going))
        nxt = step(edges, frontier, visited, depth)
        rounds += 1
        if nxt.isEmpty():
            break
        visited = visited.unionByName(nxt).localCheckpoint()
        frontier = nxt
    counts = {r["q"]: r["n"] - 1 for r in visited.groupBy("q").agg(F.count("*").alias("n")).collect()}
    return counts, rounds


def paths(spark, edges, pairs):
    """{q: length} for pairs [(q, a, b)] of distinct keys, by bidirectional BFS."""
    from pyspark.sql import functions as F

    answers = {}
    if not pairs:
        return answers, 0
    schema = "q long, node long, d int"
    side = []
    for pick in (1, 2):
        s = spark.createDataFrame([(p[0], p[pick], 0) for p in pairs], schema).localCheckpoint()
        side.append({"visited": s, "frontier": s, "depth": 0})
    open_q = {p[0] for p in pairs}
    rounds = 0
    turn = 0
    while open_q:
        me, other = side[turn], side[1 - turn]
        me["depth"] += 1
        nxt = step(edges, me["frontier"], me["visited"], me["depth"])
        rounds += 1
        met = (
            nxt.join(other["visited"].withColumnRenamed("d", "d2"), ["q", "node"])
            .groupBy("q")
            .agg(F.min(F.col("d") + F.col("d2")).alias("len"))
            .collect()
        )
        done = {r["q"]: r["len"] for r in met}
        reached = {r["q"] for r in nxt.select("q").distinct().collect()}
        for q in open_q - reached - done.keys():
            done[q] = -1  # this side's component is exhausted without meeting
        answers.update(done)
        open_q -= done.keys()
        if not open_q:
            break
        if done:
            gone = spark.createDataFrame([(q,) for q in done], "q long")
            nxt = nxt.join(F.broadcast(gone), "q", "left_anti")
            for s in side:
                s["visited"] = s["visited"].join(F.broadcast(gone), "q", "left_anti")
            other["frontier"] = other["frontier"].join(F.broadcast(gone), "q", "left_anti")
        me["visited"] = me["visited"].unionByName(nxt).localCheckpoint()
        other["visited"] = other["visited"].localCheckpoint()
        me["frontier"] = nxt
        turn = 1 - turn
    return answers, rounds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("parquet", help="the folder kg export --format parquet wrote")
    ap.add_argument("queries", help="JSON Lines queries")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=8,
                    help="shuffle partitions (spark.sql.shuffle.partitions)")
    a = ap.parse_args()

    with open(a.queries, encoding="utf-8") as f:
        reqs = [json.loads(l) for l in f if l.strip()]
    spark = spark_session(a.master, a.partitions)
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.perf_counter()
    edges, ents = load(spark, a.parquet)
    load_s = time.perf_counter() - t0

    names = []
    for r in reqs:
        if r.get("op") == "path":
            names += [r["from"], r["to"]]
        elif r.get("op") == "neighbours":
            names.append(r["of"])
    t = time.perf_counter()
    keys = resolve(spark, ents, names)
    resolve_s = time.perf_counter() - t

    out = ["NA"] * len(reqs)
    pairs, starts = [], []
    for q, r in enumerate(reqs):
        if r.get("op") == "path":
            a_, b_ = keys.get(r["from"]), keys.get(r["to"])
            if a_ is None or b_ is None:
                out[q] = -1
            elif a_ == b_:
                out[q] = 0
            else:
                pairs.append((q, a_, b_))
        elif r.get("op") == "neighbours":
            k = keys.get(r["of"])
            depth = int(r.get("depth", 1))
            if k is None:
                out[q] = 0
            elif depth <= 0:
                out[q] = 0
            else:
                starts.append((q, k, depth))

    t = time.perf_counter()
    found, path_rounds = paths(spark, edges, pairs)
    path_s = time.perf_counter() - t
    for q, n in found.items():
        out[q] = n
    t = time.perf_counter()
    counts, neigh_rounds = neighbourhoods(spark, edges, starts)
    neigh_s = time.perf_counter() - t
    for q, n in counts.items():
        out[q] = n

    sys.stdout.write("".join(f"{v}\n" for v in out))
    sys.stdout.flush()
    timing = {
        "load_s": round(load_s, 3),
        "resolve_s": round(resolve_s, 3),
        "path_s": round(path_s, 3),
        "neigh_s": round(neigh_s, 3),
        "path_rounds": path_rounds,
        "neigh_rounds": neigh_rounds,
        "paths": len(pairs),
        "neighbourhoods": len(starts),
        "master": a.master,
        "spark": spark.version,
    }
    print(json.dumps(timing), file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
