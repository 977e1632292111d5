#!/usr/bin/env bash
# Runs the peer benchmark (../shared/bench) with kg as one more peer, side by side
# in one run: NetworkX, igraph, kuzu, pyoxigraph, and bare-petgraph floors.
#   scripts/bench.sh S|M|L [peer...]        (env REPEAT=n, PEER_TIMEOUT=s as in run.sh)
# The harness is copied to target/bench (../shared may be read-only); its venv,
# generated graphs and outputs stay there between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:?usage: scripts/bench.sh S|M|L [peer...]}
shift
BENCH=target/bench
mkdir -p "$BENCH"
# Refresh the harness files, keep data/, out/ and .venv/.
cp -r ../shared/bench/. "$BENCH/"
chmod -R u+w "$BENCH"
grep -q '"kg|' "$BENCH/run.sh" || sed -i 's#^PEERS=(#PEERS=(\n  "kg|${KG_ADAPTER:?}"#' "$BENCH/run.sh"
cargo build --release --example bench_adapter
export KG_ADAPTER="$PWD/target/release/examples/bench_adapter"
if [ ! -x "$BENCH/.venv/bin/python" ]; then
  python3 -m venv "$BENCH/.venv"
  "$BENCH/.venv/bin/pip" install -q -r "$BENCH/requirements.txt"
fi
cd "$BENCH"
./run.sh "$SIZE" "$@"
