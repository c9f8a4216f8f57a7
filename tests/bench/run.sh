#!/usr/bin/env bash
# FeedDeck benchmarks: builds a Release tree (build-bench/) and runs every benchmark,
# each against its baseline in the same run. Not part of ctest: figures, not pass/fail.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${FEEDDECK_BENCH_BUILD_DIR:-$ROOT/build-bench}"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target bench_codecs --parallel "$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "== Codec decode rate (same messages, FeedDeck codec vs QJsonDocument + QString::toDouble)"
"$BUILD/bench/bench_codecs"
