#!/usr/bin/env bash
# Whole-corpus ingest benchmark: `marsad ingest` over ../shared/data/news
# (SaudiNewsNet JSON arrays, unzipped once into the cache folder that
# bench/corpus_bench.sh uses) into a fresh database; prints articles/s, peak
# RSS and database size per 1,000 articles, for the full pipeline and for the
# store alone (analysis stopped after the text layer), then a re-ingest of the
# same inputs (everything skipped). Rates are given per wall second and per
# CPU second (user + system): on a shared machine only the latter is stable.
#   bench/ingest_bench.sh [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/corpus_cache.sh ingest_bench
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run() {  # label, db, extra args...
  local label=$1 db=$2; shift 2
  local log="$WORK/log" t="$WORK/time"
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$MARSAD" ingest "$CACHE" --db "$db" "$@" 2>"$log" >/dev/null
  read -r secs user sys kb <"$t"
  local n bytes
  n=$(sed -n 's/.*ingested \([0-9]*\) articles.*/\1/p' "$log" | tail -n 1)
  bytes=$(du -cb "$db"* | tail -n 1 | cut -f1)
  awk -v l="$label" -v n="$n" -v s="$secs" -v u="$user" -v y="$sys" -v kb="$kb" -v b="$bytes" 'BEGIN {
    c = u + y
    printf "%-36s %6d articles in %7.2f s: %6.0f articles/s; CPU %6.2f s: %6.0f articles per CPU-second; peak RSS %5.0f MB; database %6.1f MB (%.2f MB per 1,000 articles)\n",
      l, n, s, n/s, c, n/c, kb/1024, b/1048576, (n > 0 ? b/1048576/n*1000 : 0) }'
  tail -n 1 "$log" | sed 's/^/    /'
}

run "ingest, full pipeline" "$WORK/full.db" "$@"
run "re-ingest (all already present)" "$WORK/full.db" "$@"
run "ingest, store only (--until text)" "$WORK/text.db" --until text "$@"
