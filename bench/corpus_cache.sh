# Sourced by the whole-corpus benchmarks: unzips ../shared/data/news
# (SaudiNewsNet) once into $CACHE and checks that build/marsad exists.
# Sets CACHE and MARSAD; exits 0 with a message when ../shared is absent.
# $1: the calling benchmark's name, for messages.
SHARED="${MARSAD_SHARED:-../shared}"
ZIPS="$SHARED/data/news/saudinewsnet"
if [ ! -d "$ZIPS" ]; then
  echo "$1: $ZIPS not found; nothing to measure" >&2
  exit 0
fi
CACHE="${MARSAD_BENCH_CACHE:-${TMPDIR:-/tmp}/marsad-bench-saudinewsnet}"
if [ ! -f "$CACHE/.done" ]; then
  mkdir -p "$CACHE"
  for z in "$ZIPS"/*.zip; do unzip -o -q "$z" -d "$CACHE/$(basename "$z" .zip)"; done
  touch "$CACHE/.done"
fi
MARSAD="${MARSAD_BIN:-build/marsad}"
[ -x "$MARSAD" ] || { echo "$1: build first (bash scripts/setup.sh)" >&2; exit 1; }
