#!/usr/bin/env bash
# Regenerates the figures of docs/figures.md from the built-in seed graph: one of
# each kind kg draws (a path, a neighbourhood, `show`, the whole graph), as SVG
# and PNG in docs/figures/, the README's path picture (docs/kyodo-kurils.*), and
# two of event data from ICEWS14, a path and a neighbourhood (these need the
# shared data sets; KG_SHARED_DATA names their folder, default ../shared/data).
# Needs Graphviz `dot`. KG names the kg binary (default: target/debug/kg, built
# if missing). The output is deterministic: rerun it after changing a drawing
# and the diff shows what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

KG=${KG:-target/debug/kg}
if [ ! -x "$KG" ]; then
  cargo build -q
fi
out=docs/figures
mkdir -p "$out"

# draw NAME KG-ARGS...: the answer to `kg KG-ARGS...` as NAME.svg and NAME.png.
draw() {
  local name=$1
  shift
  for ext in svg png; do
    "$KG" "$@" --format "$ext" > "$out/$name.$ext"
  done
}

draw path path Kyodo Kurils
draw neighbourhood neighbours Japan
draw show show "Sergei Lavrov"
# The whole graph: render chooses the format by the file's extension.
"$KG" render -o "$out/graph.svg"
"$KG" render -o "$out/graph.png"
# Event data: hundreds of dated events between the same ministers, folded.
data=${KG_SHARED_DATA:-../shared/data}
draw icews14-path path --graph "$data/icews14" --epoch 2014-01-01 "Fumio Kishida" "Kim Jong-Un" -k 2
draw icews14-neighbourhood neighbours --graph "$data/icews14" --epoch 2014-01-01 "Fumio Kishida"
# The README's picture.
"$KG" path Kyodo Kurils --format svg > docs/kyodo-kurils.svg
"$KG" path Kyodo Kurils --format png > docs/kyodo-kurils.png
ls -l "$out"
