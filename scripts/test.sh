#!/usr/bin/env bash
# Runs every test: unit and golden tests, seed acceptance figures (skipped with
# a message when ../shared is absent) and short fuzz runs of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
