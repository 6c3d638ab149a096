#!/usr/bin/env bash
# Installs marsad's dependencies (Debian packages only) and builds it in build/.
# Idempotent: packages already present are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libicu-dev            # Unicode: NFKC, charset detection and conversion (Windows-1256)
  nlohmann-json3-dev    # JSON out, the KB and the corpus
  libsimdjson-dev       # fast JSON input (the reader of JSON/JSONL articles)
  libcli11-dev          # command-line parsing
  libgumbo-dev          # HTML5 parsing
  libsqlite3-dev        # the corpus store
  libjemalloc-dev       # the executables' allocator (transparent huge pages: src/alloc/jemalloc_conf.cc)
  libgtest-dev libgmock-dev libbenchmark-dev   # tests and benchmarks
  unzip                 # benchmark inputs come zipped
  libcpp-httplib-dev    # marsad serve: the HTTP server
  chromium              # marsad serve: the page's end-to-end test (headless)
  wrk                   # marsad serve: the load benchmark (bench/load_bench.sh)
)
# The page's front-end libraries come from npm (web/package-lock.json); Node
# itself from Debian unless one is already installed.
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
  echo "setup: npm ci in web/" >&2
  (cd web && npm ci --no-audit --no-fund >&2)
fi

BUILD_TYPE="${MARSAD_BUILD_TYPE:-Release}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >&2
cmake --build build -j"$(nproc)" >&2
echo "setup: built build/marsad" >&2
