#!/usr/bin/env bash
# CI job: the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (Debug
# build, FEEDDECK_SANITIZE=ON). Any sanitizer report fails the job. LeakSanitizer is on for
# the core suites (tests/unit and tests/integration); the GUI suites and tst_cli (which runs the
# windowed application) run without it, because OpenSSL, the Qt Quick scene graph and the QML
# engine keep allocations until exit that are not ours.
#   packaging/ci-asan.sh            build into build-asan/ and run every suite
#   FEEDDECK_ASAN_BUILD_DIR=dir     build somewhere else
#   FEEDDECK_JOBS=n                 parallel build and test jobs (default: nproc)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${FEEDDECK_ASAN_BUILD_DIR:-$ROOT/build-asan}"
JOBS="${FEEDDECK_JOBS:-$(nproc 2>/dev/null || echo 2)}"

start=$(date +%s)
# A unity build: sources are compiled in batches, so the headers they share (Qt above all) are
# parsed once per batch instead of once per file. -g1: line tables are all a report's stacks need
# (function, file, line); full debug information only made the compile and the links slower.
# Still -O0 with assertions on, as a Debug build.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFEEDDECK_SANITIZE=ON -DCMAKE_UNITY_BUILD=ON \
    -DCMAKE_CXX_FLAGS_DEBUG="-g1" >/dev/null
# Only the suites and what they run (feeddeck, feeddeck-sim): not the benchmarks.
cmake --build "$BUILD" --parallel "$JOBS" --target feeddeck_tests
built=$(date +%s)

export QT_QPA_PLATFORM=offscreen
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1" \
    ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" -L 'unit|integration' -E '^tst_cli$' || status=1
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" -R '^tst_cli$' || status=1
ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" -LE 'unit|integration' || status=1
done_at=$(date +%s)
echo "ci-asan: build $((built - start)) s, tests $((done_at - built)) s"
exit "$status"
