#!/usr/bin/env bash
# A short run of every fuzz target (default 5 seconds each), to catch a crash a
# change brought in without the long runs of docs/robustness.md.
#
#   scripts/fuzz-smoke.sh [SECONDS] [TARGET...]
#
# Installs cargo-fuzz from crates.io when it is missing. The first run builds the
# targets (about 3 minutes on 2 cores); later runs reuse fuzz/target. Exits 1 and
# names the target when one crashes; the input is in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-5}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(load_json load_tsv load_csv load_dataset load_snapshot repl_parse json_request
           repl_edits export_json export_dot export_ntriples export_graphml export_neo4j
           extract_text match_query)
fi

# libfuzzer-sys compiles libFuzzer, which is C++.
if ! command -v c++ >/dev/null 2>&1; then
  echo "== installing a C++ compiler (libFuzzer is C++)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq g++ >/dev/null
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
echo "== building the fuzz targets"
cargo fuzz build -s none -a

failed=()
for t in "${targets[@]}"; do
  log=$(mktemp)
  if fuzz/run.sh "$t" "$seconds" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $t: ok, ${runs:-?} executions in ${seconds}s"
  else
    echo "fuzz $t: FAILED"
    grep -E -A12 "panicked at|ERROR: libFuzzer|SUMMARY" "$log" | head -40
    failed+=("$t")
  fi
  rm -f "$log"
done

echo "$(( ${#targets[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
