#!/usr/bin/env bash
# The peer benchmark (../shared/bench) with kg as one more peer, side by side in one
# run: NetworkX, igraph, kuzu, pyoxigraph, rustworkx, networkit, ladybug (LadybugDB,
# Kuzu's successor) and the bare-petgraph floors (`Graph`, `Csr`, a hand CSR).
#
#   scripts/bench.sh all                       every table of docs/benchmarks.md:
#                                              S and M (3 runs), L (1 run), FB15K237
#                                              and ICEWS18 (3 runs)
#   scripts/bench.sh SIZE [peer...]            one size: S, M, L (generated graphs of
#                                              100k, 1M, 5M relations), FB15K237 or
#                                              ICEWS18 (../shared/data, all splits)
#   env: REPEAT=n runs per peer (best kept), PEER_TIMEOUT=s per run (default 900)
#
# The harness is copied to target/bench (../shared may be read-only) and patched to
# record per-query latency (scripts/bench_patch.py); its venv, data and outputs stay
# there between runs. After the peers, scripts/bench_kg_extra.py times kg's full
# answers, `kg query`, `kg build` and loading the snapshot. Tables land in target/bench/out/SIZE/kg-table.md (and, for
# `all`, target/bench/out/report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=target/bench
SIZE=${1:?usage: scripts/bench.sh all | S|M|L|FB15K237|ICEWS18 [peer...]}
shift
if [ "$SIZE" = all ]; then
  REPEAT=3 "$0" S
  REPEAT=3 "$0" M
  REPEAT=1 "$0" L
  REPEAT=3 "$0" FB15K237
  REPEAT=3 "$0" ICEWS18
  python3 scripts/bench_report.py "$BENCH" S M L FB15K237 ICEWS18 | tee "$BENCH/out/report.md"
  exit 0
fi
mkdir -p "$BENCH"
# Refresh the harness files (keeping data/, out/ and .venv/), then patch the copy.
cp -r ../shared/bench/. "$BENCH/"
chmod -R u+w "$BENCH"
cargo build --release --example bench_adapter --bin kg
export KG_ADAPTER="$ROOT/target/release/examples/bench_adapter"
# The harness row of kg: loading and the contract's traversals only (full answers
# and the `kg query` batch run in a process of their own, in bench_kg_extra.py).
python3 scripts/bench_patch.py "$BENCH" 'env KG_BENCH_ANSWERS=0 ${KG_ADAPTER:?}'
# The venv must hold every pinned requirement of the harness: one made before the
# newer peers (rustworkx, networkit, ladybug) joined lacks them, and gets them here.
venv_complete() {
  "$BENCH/.venv/bin/python" - "$BENCH/requirements.txt" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
for line in open(sys.argv[1]):
    name, _, want = line.split("#")[0].strip().partition("==")
    if not name:
        continue
    try:
        have = version(name)
    except PackageNotFoundError:
        sys.exit(f"bench venv: {name} missing")
    if want and have != want:
        sys.exit(f"bench venv: {name} is {have}, requirements.txt pins {want}")
PY
}
if [ ! -x "$BENCH/.venv/bin/python" ]; then
  python3 -m venv "$BENCH/.venv"
fi
if ! venv_complete; then
  "$BENCH/.venv/bin/pip" install -q -r "$BENCH/requirements.txt"
  venv_complete
fi
case "$SIZE" in
  FB15K237) [ -f "$BENCH/data/kg_$SIZE.tsv" ] ||
    python3 scripts/bench_dataset.py "$SIZE" ../shared/data/fb15k-237 "$BENCH/data" ;;
  ICEWS18) [ -f "$BENCH/data/kg_$SIZE.tsv" ] ||
    python3 scripts/bench_dataset.py "$SIZE" ../shared/data/icews18 "$BENCH/data" ;;
esac
(cd "$BENCH" && ./run.sh "$SIZE" "$@")
if [ $# -eq 0 ] || [[ " $* " == *" kg "* ]]; then
  python3 scripts/bench_kg_extra.py "$ROOT/target/release/kg" "$KG_ADAPTER" "$BENCH" "$SIZE"
fi
python3 scripts/bench_report.py "$BENCH" "$SIZE" | tee "$BENCH/out/$SIZE/kg-table.md"

# ---- The Spark route (docs/scale-out.md): on ICEWS18, Spark answers the same 500
# path and 500 neighbourhood queries from kg's Parquet export, and every answer is
# checked against kg's (scripts/bench_spark.py; exits non-zero on any difference).
# Needs Java 17 and pyspark (scripts/test.sh sets up target/venv with both). Runs
# with every peer (`scripts/bench.sh ICEWS18`, and `all`), not for a chosen few.
if [ "$SIZE" = ICEWS18 ] && [ $# -eq 0 ]; then
  SPARK_PY=${KG_PYTHON:-$ROOT/target/venv/bin/python}
  python3 scripts/bench_spark.py "$ROOT/target/release/kg" "$KG_ADAPTER" "$BENCH/data" \
    "$SIZE" "$BENCH/out/$SIZE/spark" --python "$SPARK_PY" | tee "$BENCH/out/$SIZE/spark.md"
fi
