#!/usr/bin/env bash
# Whole-corpus benchmark: runs `marsad analyze` over ../shared/data/news
# (SaudiNewsNet JSON arrays, unzipped once into a cache folder) and prints
# articles/s, MB/s and peak memory, for the reader+text layer on one core and
# for the whole pipeline on all cores.
#   bench/corpus_bench.sh [--until STAGE] [--threads N] [--limit-files K]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/corpus_cache.sh corpus_bench

input_mb=$(du -sb --exclude=.done "$CACHE" | awk '{printf "%.1f", $1/1048576}')
run() {  # label, extra args...
  local label=$1; shift
  local out err
  out=$(mktemp) err=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$err.time" "$MARSAD" analyze "$CACHE" -q "$@" >"$out"
  read -r secs usr sys kb <"$err.time"
  local n text_mb
  n=$(wc -l <"$out")
  # MB of article text analysed (the "body" and title fields, UTF-8).
  text_mb=$(python3 -c "
import json,sys
t=0
for l in open('$out'):
    d=json.loads(l); t+=len(d.get('body','').encode())+len(d.get('title','').encode())
print(f'{t/1048576:.1f}')")
  # Rates per wall second, and per CPU second (user+sys: what one core does,
  # undisturbed by other load on the machine).
  awk -v l="$label" -v n="$n" -v s="$secs" -v u="$usr" -v sy="$sys" -v kb="$kb" -v imb="$input_mb" -v tmb="$text_mb" 'BEGIN { c = u + sy;
    printf "%-32s %6d articles, %s MB input, %s MB text; wall %.1f s: %.0f articles/s, %.1f MB/s input; CPU %.1f s: %.0f articles/CPU-s, %.1f MB/CPU-s input, %.1f MB/CPU-s text; peak RSS %.0f MB\n",
      l, n, imb, tmb, s, n/s, imb/s, c, n/c, imb/c, tmb/c, kb/1024 }'
  rm -f "$out" "$err" "$err.time"
}

if [ "$#" -gt 0 ]; then
  run "custom ($*)" "$@"
  exit 0
fi
run "reader+clean+text, 1 thread" --until text --threads 1
run "full analyze, 1 thread" --threads 1
run "full analyze, $(nproc) threads" --threads "$(nproc)"
