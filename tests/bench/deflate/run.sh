#!/usr/bin/env bash
# The compression benchmark: FeedDeck's ingest path (ws -> inflate -> decode -> store, as
# bench_client ingest runs it) on the Coinbase ticker stream with and without
# permessage-deflate, in pairs whose order alternates, from one source in one run. Prints the
# wire bytes per message and msg/s of each side, their ratios (compressed / uncompressed),
# and every pair. tests/bench/run.sh runs it after its own table.
#
# Environment: FEEDDECK_BENCH_BUILD_DIR (default build-bench/; must hold bench/bench_client),
# BENCH_DEFLATE_MESSAGES (default 200000), BENCH_DEFLATE_PAIRS (default 5).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
BUILD="${FEEDDECK_BENCH_BUILD_DIR:-$ROOT/build-bench}"
MESSAGES="${BENCH_DEFLATE_MESSAGES:-200000}"
PAIRS="${BENCH_DEFLATE_PAIRS:-5}"
INSTRUMENTS=128
PYTHON=/usr/bin/python3 # Debian's, as the interop tests use

[ -x "$BUILD/bench/bench_client" ] || { echo "deflate/run.sh: build bench_client in $BUILD first" >&2; exit 1; }
WORK="$(mktemp -d)"
"$PYTHON" "$ROOT/tests/bench/deflate/deflate_source.py" --messages "$MESSAGES" --instruments "$INSTRUMENTS" \
    >"$WORK/source.out" &
SOURCE_PID=$!
trap 'kill "$SOURCE_PID" 2>/dev/null || true; wait "$SOURCE_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 600); do # building the frames takes a few seconds
    grep -q port "$WORK/source.out" 2>/dev/null && break
    sleep 0.05
done
field() { "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
PORT="$(field "$WORK/source.out" port)"
PAYLOAD="$(field "$WORK/source.out" payload_bytes)"

run() { # auto|off OUTPUT
    "$BUILD/bench/bench_client" ingest --url "ws://127.0.0.1:$PORT" --messages "$MESSAGES" \
        --instruments "$INSTRUMENTS" --compression "$1" >"$2"
    [ "$(field "$2" bad)" = 0 ] || { echo "deflate/run.sh: bad messages with compression $1" >&2; exit 1; }
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { "$PYTHON" -c 'import sys; print("%.3f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
per_msg() { "$PYTHON" -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$MESSAGES"; }

on_rate=() off_rate=() on_wire=() off_wire=() rate_ratio=() wire_ratio=() lines=()
for pair in $(seq "$PAIRS"); do
    if [ $((pair % 2)) -eq 1 ]; then run auto "$WORK/on.json"; run off "$WORK/off.json"; order="deflate, plain"
    else run off "$WORK/off.json"; run auto "$WORK/on.json"; order="plain, deflate"; fi
    a="$(field "$WORK/on.json" rate | cut -d. -f1)"; b="$(field "$WORK/off.json" rate | cut -d. -f1)"
    wa="$(per_msg "$(field "$WORK/on.json" wire_bytes)")"; wb="$(per_msg "$(field "$WORK/off.json" wire_bytes)")"
    on_rate+=("$a") off_rate+=("$b") on_wire+=("$wa") off_wire+=("$wb")
    rate_ratio+=("$(ratio "$a" "$b")") wire_ratio+=("$(ratio "$wa" "$wb")")
    lines+=("pair $pair ($order): deflate $a msg/s, $wa wire B/msg; plain $b msg/s, $wb wire B/msg")
done

echo "compression: Coinbase ticker stream, $INSTRUMENTS instruments, $PAYLOAD B payloads, $MESSAGES messages a run, median of $PAIRS pairs"
printf '%-22s %16s %16s %18s\n' "" "permessage-deflate" "uncompressed" "deflate / plain"
printf '%-22s %16s %16s %18s\n' "wire bytes / message" "$(median "${on_wire[@]}")" "$(median "${off_wire[@]}")" \
    "$(median "${wire_ratio[@]}")"
printf '%-22s %16s %16s %18s\n' "msg/s (ws->store)" "$(median "${on_rate[@]}")" "$(median "${off_rate[@]}")" \
    "$(median "${rate_ratio[@]}")"
printf '  %s\n' "${lines[@]}"
