#!/usr/bin/env bash
# CI job: the threaded suites and the headless start/stop path under ThreadSanitizer
# (RelWithDebInfo, FEEDDECK_TSAN=ON). Any report fails the job. Qt and GLib are not built
# with ThreadSanitizer; packaging/tsan.supp lists the Qt-internal hand-overs it cannot see
# (and nothing in FeedDeck's own code).
#   packaging/ci-tsan.sh            build into build-tsan/, run the suites and 20 headless runs
#   FEEDDECK_TSAN_BUILD_DIR=dir     build somewhere else
#   FEEDDECK_TSAN_RUNS=n            headless start/stop runs (default 20)
#   FEEDDECK_JOBS=n                 parallel build and test jobs (default: nproc)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${FEEDDECK_TSAN_BUILD_DIR:-$ROOT/build-tsan}"
RUNS="${FEEDDECK_TSAN_RUNS:-20}"
JOBS="${FEEDDECK_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# The suites where threads meet: the network thread and its facade, shutdown order, the
# chunk pool's helper thread, connections and reconnect storms, the export worker, the relay
# on the network thread and its counters asked from the main thread.
SUITES=(tst_feedshutdown tst_feedmanager tst_feedworker tst_feedconnection tst_herd tst_chunkpool tst_csvexporter tst_relay)

start=$(date +%s)
# A unity build, as for AddressSanitizer (packaging/ci-asan.sh).
# -O1 -g1: line tables are all a report's stacks need, and the tree compiles in a quarter less
# time than with RelWithDebInfo's -O2 -g.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFEEDDECK_TSAN=ON -DCMAKE_UNITY_BUILD=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" >/dev/null
cmake --build "$BUILD" --parallel "$JOBS" --target feeddeck "${SUITES[@]}"
built=$(date +%s)

export QT_QPA_PLATFORM=offscreen
# die_after_fork=0: tst_csvexporter starts feeddeck through QProcess, which forks a process
# with threads; the child only execs.
export TSAN_OPTIONS="suppressions=$ROOT/packaging/tsan.supp:halt_on_error=1:second_deadlock_stack=1:die_after_fork=0"
status=0
pattern="^($(IFS='|'; echo "${SUITES[*]}"))\$"
ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" -R "$pattern" || status=1
suites_done=$(date +%s)

# The path a desk's scripts take: start, run briefly, export, stop. Bounded in count and time.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/workspace.json" <<'EOF'
{ "version": 1,
  "feeds": [ { "id": "crypto", "name": "Crypto", "protocol": "coinbase", "url": "sim://market",
               "symbols": ["BTC-USD", "ETH-USD", "SOL-USD"] } ] }
EOF
failed=0
ran=0
for i in $(seq 1 "$RUNS"); do
    [ $(($(date +%s) - suites_done)) -ge 300 ] && break
    ran=$i
    rc=0
    timeout -s KILL 60 "$BUILD/bin/feeddeck" --headless --config "$work/workspace.json" --duration 1 \
        --export-csv "$work/snapshot.csv" --stats "$work/stats.json" >/dev/null 2>"$work/stderr" || rc=$?
    if [ "$rc" -ne 0 ] || grep -q 'ThreadSanitizer' "$work/stderr"; then
        echo "ci-tsan: headless run $i ended with exit code $rc:"
        cat "$work/stderr"
        failed=$((failed + 1))
    fi
done
[ "$failed" -eq 0 ] || status=1
done_at=$(date +%s)
echo "ci-tsan: headless runs $ran, failed $failed"
echo "ci-tsan: build $((built - start)) s, suites $((suites_done - built)) s, headless runs $((done_at - suites_done)) s"
exit "$status"
