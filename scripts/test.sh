#!/usr/bin/env bash
# Runs every test kg has, the way CI does, setting up what the tests need first:
#   - Graphviz `dot` (apt-get), to check DOT output with the real reader;
#   - Java (apt-get openjdk-17-jre-headless), which Spark runs on;
#   - a Python venv in target/venv with the oracles (NetworkX, jsonschema, rdflib,
#     pyoxigraph, kuzu), pyarrow to read kg's Parquet and pyspark for the Spark route;
# then formatting, lints, `cargo test` with KG_PYTHON pointing at the venv, and a
# short run of every fuzz target (scripts/fuzz-smoke.sh; installs cargo-fuzz).
# Tests that need these tools fail, never skip, when they are missing.
# KG_FUZZ_SMOKE_SECONDS sets the seconds per fuzz target (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if ! command -v dot >/dev/null 2>&1; then
  step "installing Graphviz"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
fi

# pyspark 4 runs on Java 17 or later.
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  step "installing Java 17 (for Spark)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

VENV=target/venv
if ! "$VENV/bin/python" -c 'import networkx, jsonschema, rdflib, pyoxigraph, kuzu, pyarrow, pyspark' >/dev/null 2>&1 \
   || ! cmp -s tests/requirements.txt "$VENV/.requirements"; then
  step "creating $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r tests/requirements.txt
  cp tests/requirements.txt "$VENV/.requirements"
fi
export KG_PYTHON="$PWD/$VENV/bin/python"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets --examples -- -D warnings

step "cargo test"
cargo test

step "fuzz smoke run"
scripts/fuzz-smoke.sh "${KG_FUZZ_SMOKE_SECONDS:-5}"
