#!/usr/bin/env bash
# Soak: builds a Release tree and runs the headless client against servers that drop, freeze,
# close and send junk at random. Default 10 minutes; figures, and a failure when the client's
# RSS grows by 5% or more after warm-up.
#   tests/bench/soak/run.sh                 600 s
#   tests/bench/soak/run.sh --duration 120 --seed 7
#   FEEDDECK_SOAK_BUILD_DIR=dir             build somewhere else than build-bench/
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
BUILD="${FEEDDECK_SOAK_BUILD_DIR:-$ROOT/build-bench}"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target soak_feeds feeddeck --parallel "$(nproc 2>/dev/null || echo 2)" >/dev/null
exec "$BUILD/bench/soak_feeds" "$@"
