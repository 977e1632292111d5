#!/usr/bin/env bash
# Runs one kg fuzz target with cargo-fuzz (libFuzzer) on the stable toolchain.
#
#   fuzz/run.sh TARGET [SECONDS] [RUNS] [-- extra libFuzzer flags]
#
# Stops after SECONDS (default 60) or RUNS executions (default: no limit),
# whichever comes first. The corpus lives in fuzz/corpus/TARGET (not committed),
# seeded on first use from fuzz/seeds/TARGET and the repository's own graph,
# triple and article files; crashes go to fuzz/artifacts/TARGET. Needs `cargo
# install cargo-fuzz`. RUSTC_BOOTSTRAP=1 lets the stable compiler take the -Z flags
# cargo-fuzz passes; `-s none` builds without AddressSanitizer (kg has no unsafe
# code; see docs/robustness.md), `-a` keeps debug assertions (integer overflow
# checks) on. Prints libFuzzer's final stats (executions, time) at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [RUNS] [-- libFuzzer flags]}
seconds=${2:-60}
runs=${3:--1}
shift $(($# < 3 ? $# : 3))
[ "${1:-}" = "--" ] && shift

# Absolute: the session targets work inside a sandbox folder of their own.
corpus=$PWD/fuzz/corpus/$target
seeds=fuzz/seeds/$target
mkdir -p "$corpus" "fuzz/artifacts/$target"

# Seeds: committed ones, plus the repository's own inputs for the loaders.
seed() { # NAME PREFIX FILE...: copies each FILE into the corpus, PREFIX first
  local name=$1 prefix=$2
  shift 2
  for f in "$@"; do
    [ -f "$f" ] || continue
    { printf "$prefix"; cat "$f"; } >"$corpus/seed-$name-$(basename "$f")"
  done
}
if [ -z "$(ls -A "$corpus")" ]; then
  [ -d "$seeds" ] && cp "$seeds"/* "$corpus"/
  case $target in
    load_json)
      seed g '' graphs/*.json tests/data/graphs/*.json tests/data/invalid/*.json ;;
    load_tsv)
      seed t '' tests/data/invalid/*.tsv ;;
    load_snapshot)
      # Real snapshots as the target frames them: where the traversal index
      # begins (8 bytes of the trailer), then the payload (kg build's output
      # without its 16-byte header and 24-byte trailer).
      cargo build -q # the debug build `cargo test` has made already
      for g in graphs/*.json tests/data/graphs/facts.json; do
        tmp=$(mktemp --suffix=.kgb)
        if [ "$g" = tests/data/graphs/facts.json ]; then
          target/debug/kg build tests/data/graphs/schema.json "$g" -o "$tmp" >/dev/null 2>&1 || true
        else
          target/debug/kg build "$g" -o "$tmp" >/dev/null 2>&1 || true
        fi
        size=$(stat -c %s "$tmp")
        if [ "$size" -gt 40 ]; then
          { tail -c 16 "$tmp" | head -c 8; tail -c +17 "$tmp" | head -c $((size - 40)); } \
            >"$corpus/seed-kgb-$(basename "$g" .json)"
        fi
        rm -f "$tmp"
      done ;;
    export_*)
      seed j '\000' graphs/*.json tests/data/graphs/*.json tests/data/invalid/*.json
      seed t '\001' tests/data/invalid/*.tsv "$seeds"/../load_tsv/* ;;
    extract_text)
      # News articles: the development set and the documented examples (the
      # held-out set stays out of every loop that could tune the extractor).
      seed a '' tests/extract/dev/*.txt docs/examples/*.txt ;;
  esac
fi

case $target in
  load_json | export_*) dict=fuzz/dicts/kg_json.dict ;;
  load_tsv | load_csv | load_dataset) dict=fuzz/dicts/triples.dict ;;
  load_snapshot) dict= ;;
  match_query) dict=fuzz/dicts/gql.dict ;;
  # These draw their commands from kg's grammar (fuzz/src/grammar.rs): no word list.
  repl_parse | repl_edits | json_request) dict= ;;
  *) dict= ;;
esac

export RUSTC_BOOTSTRAP=1
# Never pick up a user's KG_HISTORY.
unset KG_HISTORY
# The targets write their file inputs here (tmpfs when there is one); removed at the end.
KG_FUZZ_TMP=$(mktemp -d /dev/shm/kg-fuzz.XXXXXX 2>/dev/null || mktemp -d)
export KG_FUZZ_TMP
trap 'rm -rf "$KG_FUZZ_TMP"' EXIT
cargo fuzz run -s none -a "$target" "$corpus" -- \
  -max_total_time="$seconds" -runs="$runs" \
  -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  ${dict:+-dict=$dict} -artifact_prefix="$PWD/fuzz/artifacts/$target/" "$@"
