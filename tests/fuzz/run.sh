#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + coverage) and runs each one for a
# bounded time on the seed corpus in tests/fuzz/corpus/<target>. New inputs found along the way
# go to a scratch directory, not into the repository. A crash, a sanitizer report or a leak fails
# the run and leaves the input as crash-*/leak-* in the scratch directory named at the end.
#   tests/fuzz/run.sh               every target for 60 s
#   FEEDDECK_FUZZ_SECONDS=10 tests/fuzz/run.sh coinbase workspace
#   FEEDDECK_FUZZ_BUILD_DIR=dir     build somewhere else than build-fuzz/
#   FEEDDECK_FUZZ_PARALLEL=n        targets run at the same time (default 2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${FEEDDECK_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
SECONDS_EACH="${FEEDDECK_FUZZ_SECONDS:-60}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(coinbase binance jsonmapping workspace websocket flatjson nats expression)

command -v clang++ >/dev/null || { echo "run.sh: clang++ is needed (Debian: apt install clang)" >&2; exit 2; }
# -O1 -gline-tables-only, as OSS-Fuzz builds: fast enough to fuzz, quicker to build, and a
# crash's stack still has its files and lines.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DFEEDDECK_FUZZ=ON -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$BUILD" --parallel "${FEEDDECK_JOBS:-$(nproc 2>/dev/null || echo 2)}" \
    --target "${TARGETS[@]/#/fuzz_}"

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/feeddeck-fuzz.XXXXXX")"
# fuzz_one TARGET: runs one target for SECONDS_EACH, its log in the scratch directory; the exit
# status says whether it found something.
fuzz_one() {
    local target="$1"
    mkdir -p "$SCRATCH/$target"
    (cd "$SCRATCH/$target" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$BUILD/fuzz/fuzz_$target" -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 \
        -print_final_stats=1 "$SCRATCH/$target" "$ROOT/tests/fuzz/corpus/$target" 2>"$SCRATCH/$target.log")
}

# FEEDDECK_FUZZ_PARALLEL targets at a time (default 2: one per core of a CI machine).
PARALLEL="${FEEDDECK_FUZZ_PARALLEL:-2}"
status=0
for ((i = 0; i < ${#TARGETS[@]}; i += PARALLEL)); do
    group=("${TARGETS[@]:i:PARALLEL}")
    echo "== ${group[*]/#/fuzz_} for ${SECONDS_EACH} s"
    pids=()
    for target in "${group[@]}"; do
        fuzz_one "$target" &
        pids+=("$!")
    done
    for k in "${!group[@]}"; do
        target="${group[k]}"
        if ! wait "${pids[k]}"; then
            status=1
            tail -n 40 "$SCRATCH/$target.log" >&2
            echo "fuzz_$target FAILED; inputs and log in $SCRATCH/$target" >&2
        else
            echo "   fuzz_$target:"
            grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$SCRATCH/$target.log" | sed 's/^/     /'
        fi
    done
done
[ "$status" -eq 0 ] && rm -rf "$SCRATCH"
exit "$status"
