#!/usr/bin/env bash
# Load test of `marsad serve` on loopback: wrk, 50 connections for 30 s against
# /api/events (default page of 100 events) on a database of the bundled
# samples. Prints wrk's latency distribution, the p99, the error count and the
# server's CPU time. Usage: bench/load_bench.sh [--db PATH] [--duration 30s]
#   [--connections 50] [--path /api/events]   (needs build/marsad and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DB="" DURATION=30s CONNECTIONS=50 URLPATH=/api/events THREADS=2
while (($#)); do
  case "$1" in
    --db) DB="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --path) URLPATH="$2"; shift 2 ;;
    *) echo "usage: $0 [--db PATH] [--duration 30s] [--connections 50] [--path /api/events]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "load_bench: wrk not installed (apt-get install wrk)" >&2; exit 2; }
[ -x build/marsad ] || { echo "load_bench: build/marsad missing (bash scripts/setup.sh)" >&2; exit 2; }

TMP="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
if [ -z "$DB" ]; then
  DB="$TMP/samples.db"
  build/marsad ingest samples --db "$DB" --quiet 2>/dev/null
fi

build/marsad serve --db "$DB" --port 0 --api-only 2>"$TMP/serve.log" &
SERVER=$!
for _ in $(seq 100); do
  grep -q "serving" "$TMP/serve.log" 2>/dev/null && break
  sleep 0.1
done
URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.log")$URLPATH"
echo "load_bench: $URL, $CONNECTIONS connections, $DURATION, $(nproc) cores (shared)" >&2
curl -fsS -o /dev/null "$URL" || { echo "load_bench: server not answering" >&2; exit 1; }

cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
CPU0=$(cpu)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$URL" | tee "$TMP/wrk.txt"
CPU1=$(cpu)

REQS=$(awk '/requests in/ {print $1}' "$TMP/wrk.txt")
P99=$(awk '$1 == "99%" {print $2}' "$TMP/wrk.txt")
SOCKET=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$TMP/wrk.txt")
NON2XX=$(awk '/Non-2xx/ {print $NF}' "$TMP/wrk.txt")
ERRORS=$(( ${SOCKET:-0} + ${NON2XX:-0} ))
TICKS=$(getconf CLK_TCK)
CPU_S=$(awk -v a="$CPU0" -v b="$CPU1" -v t="$TICKS" 'BEGIN {printf "%.1f", (b - a) / t}')
echo
echo "requests: $REQS   p99 latency: $P99   errors: $ERRORS (socket ${SOCKET:-0}, non-2xx ${NON2XX:-0})"
echo "server CPU time: ${CPU_S} s ($(awk -v c="$CPU_S" -v r="$REQS" 'BEGIN {printf "%.0f", r / c}') requests per CPU-second)"
[ "$ERRORS" -eq 0 ]
