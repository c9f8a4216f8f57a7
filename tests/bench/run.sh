#!/usr/bin/env bash
# FeedDeck benchmarks: builds a Release tree (build-bench/), runs every benchmark, each
# against its baseline or target in the same run, and prints one table. Not part of ctest:
# figures, not pass/fail. Every comparison runs in pairs whose order alternates, prints each
# pair, and reports the median ratio. Takes about five minutes after the build.
# `tests/bench/run.sh relay` runs only the team-use benchmark (relay/run.sh: one relay and
# nats-server against 20 direct desktops, about 40 s).
#
# Environment: FEEDDECK_BENCH_BUILD_DIR (default build-bench/), BENCH_MESSAGES (ingest
# messages per run, default 1000000), BENCH_PAIRS (ingest pairs of FeedDeck and the two Node
# baselines, default 7),
# BENCH_SECONDS (seconds per latency rate, default 5), BENCH_GUI_SECONDS (default 10); the
# compression benchmark (deflate/run.sh) and the relay benchmark (relay/run.sh) have their own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/tests/bench"
if [ "${1:-}" = relay ]; then
    exec "$BENCH/relay/run.sh"
fi
BUILD="${FEEDDECK_BENCH_BUILD_DIR:-$ROOT/build-bench}"
MESSAGES="${BENCH_MESSAGES:-1000000}"
PAIRS="${BENCH_PAIRS:-7}"
SECONDS_PER_RATE="${BENCH_SECONDS:-5}"
GUI_SECONDS="${BENCH_GUI_SECONDS:-10}"
INSTRUMENTS=128

say() { echo "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

# --- build and baseline tools -------------------------------------------------------
say "building the Release tree in $BUILD ..."
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target bench_codecs bench_export bench_chart bench_derived bench_derivedfeed bench_alert bench_load_source bench_client bench_relay_desk feeddeck --parallel 2 >/dev/null

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing Node.js and npm (Debian packages) for the baseline client ..."
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -f "$BENCH/node/node_modules/ws/package.json" ]; then
    say "installing the Node client's dependencies (npm ci) ..."
    (cd "$BENCH/node" && npm ci --no-audit --no-fund --silent)
fi

LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d)"
SOURCE_PID=""
stop_source() {
    if [ -n "$SOURCE_PID" ]; then
        kill "$SOURCE_PID" 2>/dev/null || true
        wait "$SOURCE_PID" 2>/dev/null || true
        SOURCE_PID=""
    fi
}
trap 'stop_source; rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# json FILE EXPRESSION: evaluates a JavaScript expression over the JSON object `j` in FILE.
json() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$1" "$2"; }
# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# start_source ARGS...: runs the load source, sets SOURCE_PID and PORT.
start_source() {
    stop_source
    "$BUILD/bench/bench_load_source" "$@" >"$WORK/source.out" &
    SOURCE_PID=$!
    for _ in $(seq 100); do
        if grep -q listening "$WORK/source.out" 2>/dev/null; then
            grep -m1 listening "$WORK/source.out" >"$WORK/source.listening"
            PORT="$(json "$WORK/source.listening" j.port)"
            PAYLOAD="$(json "$WORK/source.listening" j.payload_bytes)"
            return
        fi
        sleep 0.05
    done
    die "the load source did not start"
}

ROWS="$WORK/rows"
: >"$ROWS"
# row BENCHMARK FEEDDECK BASELINE RESULT TARGET VERDICT
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }
verdict() { if node -e "process.exit(($1) ? 0 : 1)"; then echo ok; else echo MISSED; fi; }

# PAIRS records every pair of every comparison, printed after the table.
PAIRS_LOG="$WORK/pairs"
: >"$PAIRS_LOG"

# --- codec decode -------------------------------------------------------------------
say "codec decode rate (FeedDeck codecs vs QJsonDocument), 7 pairs each ..."
"$BUILD/bench/bench_codecs" >"$WORK/codecs.out"
tail -n +2 "$WORK/codecs.out" | while IFS=$'\t' read -r name ours theirs ratio pairs; do
    row "decode: $name (medians of 7)" "$ours msg/s" "QJsonDocument $theirs msg/s" "${ratio}x" ">= 5x" \
        "$(verdict "$ratio >= 5")"
    echo "decode $name, FeedDeck/QJsonDocument per pair: $pairs" >>"$PAIRS_LOG"
done

# --- chart history export ----------------------------------------------------------
say "chart history export (FeedDeck CsvWriter vs QTextStream) ..."
"$BUILD/bench/bench_export" >"$WORK/export.out"
read -r -a f <<<"$(sed -n 2p "$WORK/export.out")"
n=${#f[@]}
row "export: chart history CSV, 1M points" "${f[n-5]}k rows/s" "QTextStream ${f[n-3]}k rows/s" "${f[n-1]}" "" ""

# --- chart slicing -------------------------------------------------------------------
say "chart slicing: 8 series x 100k points to 1000 columns, in place vs copied out first, 7 pairs ..."
"$BUILD/bench/bench_chart" >"$WORK/chart.out"
tail -n +3 "$WORK/chart.out" | while IFS=$'\t' read -r name ours ours_fps theirs theirs_fps ratio pairs; do
    row "chart: slice + decimate 8 x 100k points, $name (medians of 7)" "$ours CPU us/frame, $ours_fps frames/s" \
        "copy first $theirs CPU us/frame" "${ratio}x" "" ""
    echo "chart $name, copy first/in place per pair: $pairs" >>"$PAIRS_LOG"
done

# --- derived series ------------------------------------------------------------------
say "derived series: CPU ns per input point against a copy-only loop, 7 pairs ..."
"$BUILD/bench/bench_derived" >"$WORK/derived.out"
tail -n +3 "$WORK/derived.out" | while IFS=$'\t' read -r name ours theirs ratio pairs; do
    row "derived: $name, 1M input points (medians of 7)" "$ours CPU ns/point" "copy only $theirs ns/point" \
        "${ratio}x" "" ""
    echo "derived $name, derived/copy per pair: $pairs" >>"$PAIRS_LOG"
done

say "derived series on the worker path: history with and without derived series, 7 pairs ..."
"$BUILD/bench/bench_derivedfeed" >"$WORK/derivedfeed.out"
tail -n +3 "$WORK/derivedfeed.out" | while IFS=$'\t' read -r name ours theirs ratio pairs; do
    row "derived on the worker: $name, 1M updates (medians of 7)" "$ours CPU ns/update" \
        "history alone $theirs ns/update" "${ratio}x" "" ""
    echo "derived worker $name, with/alone per pair: $pairs" >>"$PAIRS_LOG"
done

# --- alert rules ----------------------------------------------------------------------
say "alert rules: 100 rules against 200k updates, with and without the rules, 7 pairs ..."
"$BUILD/bench/bench_alert" >"$WORK/alert.out"
tail -n +3 "$WORK/alert.out" | while IFS=$'\t' read -r name with without ratio pairs fired; do
    row "alerts: 100 rules x 200k updates, $name (medians of 7)" "$with CPU ns/update" \
        "no rules $without CPU ns/update" "${ratio}x" "" ""
    echo "alerts $name, with/without rules per pair: $pairs ($fired alerts a pass)" >>"$PAIRS_LOG"
done

# --- ingest throughput --------------------------------------------------------------
# Three clients on the same source: FeedDeck (A), Node parse-only (B), Node same-work (C).
# Odd pairs run A B C, even pairs C B A, so neither side always goes first.
say "ingest: $PAIRS pairs of $MESSAGES messages, FeedDeck and both Node baselines, order alternating ..."
start_source --instruments "$INSTRUMENTS" --messages "$MESSAGES"
ours=() parse_only=() same_work=() vs_parse=() vs_same=() perpoint=()
run_feeddeck() {
    "$BUILD/bench/bench_client" ingest --url "ws://127.0.0.1:$PORT" --messages "$MESSAGES" \
        --instruments "$INSTRUMENTS" >"$WORK/ingest-a.json"
}
run_node() { # MODE OUTPUT
    node "$BENCH/node/client.js" "ws://127.0.0.1:$PORT" "$MESSAGES" "$1" 100000 >"$2"
}
for pair in $(seq "$PAIRS"); do
    if [ $((pair % 2)) -eq 1 ]; then
        run_feeddeck; run_node parse-only "$WORK/ingest-b.json"; run_node same-work "$WORK/ingest-c.json"
    else
        run_node same-work "$WORK/ingest-c.json"; run_node parse-only "$WORK/ingest-b.json"; run_feeddeck
    fi
    [ "$(json "$WORK/ingest-a.json" j.bad)" = 0 ] || die "FeedDeck counted bad messages from the load source"
    a="$(json "$WORK/ingest-a.json" 'j.rate.toFixed(0)')"
    b="$(json "$WORK/ingest-b.json" 'j.rate.toFixed(0)')"
    c="$(json "$WORK/ingest-c.json" 'j.rate.toFixed(0)')"
    ours+=("$a") parse_only+=("$b") same_work+=("$c")
    vs_parse+=("$(node -p "($a / $b).toFixed(2)")")
    vs_same+=("$(node -p "($a / $c).toFixed(2)")")
    perpoint+=("$(json "$WORK/ingest-a.json" 'j.bytes_per_point.toFixed(1)')")
    order="FeedDeck, parse-only, same-work"
    [ $((pair % 2)) -eq 1 ] || order="same-work, parse-only, FeedDeck"
    line="pair $pair ($order): FeedDeck $a, Node parse-only $b, Node same-work $c msg/s;"
    line="$line FeedDeck/parse-only ${vs_parse[-1]}x, FeedDeck/same-work ${vs_same[-1]}x"
    say "  $line"
    echo "ingest $line" >>"$PAIRS_LOG"
done
stop_source
ratio_same="$(median "${vs_same[@]}")"
ratio_parse="$(median "${vs_parse[@]}")"
row "ingest: ws -> decode -> store ($INSTRUMENTS instr., ${PAYLOAD} B msgs, median of $PAIRS pairs)" \
    "$(median "${ours[@]}") msg/s" "Node ws, same work $(median "${same_work[@]}") msg/s" "${ratio_same}x" ">= 4x" \
    "$(verdict "$ratio_same >= 4")"
row "ingest: the same run against the lightest client" "$(median "${ours[@]}") msg/s" \
    "Node ws, parse only $(median "${parse_only[@]}") msg/s" "${ratio_parse}x" "" ""
bpp="$(median "${perpoint[@]}")"
row "memory: RSS per retained history point" "$bpp B" "" "$bpp B" "<= 24 B" "$(verdict "$bpp <= 24")"

# --- ingest through QWebSocket ---------------------------------------------------------
# The same FeedDeck pipeline with Qt's QWebSocket as the client ("transport": "qtwebsockets"),
# in pairs of alternating order with FeedDeck's own client.
say "ingest: $PAIRS pairs of $MESSAGES messages, FeedDeck's client and QWebSocket, order alternating ..."
start_source --instruments "$INSTRUMENTS" --messages "$MESSAGES"
own=() qt=() vs_qt=()
run_transport() { # NAME OUTPUT
    "$BUILD/bench/bench_client" ingest --url "ws://127.0.0.1:$PORT" --messages "$MESSAGES" \
        --instruments "$INSTRUMENTS" --transport "$1" >"$2"
}
for pair in $(seq "$PAIRS"); do
    if [ $((pair % 2)) -eq 1 ]; then
        run_transport feeddeck "$WORK/own.json"; run_transport qtwebsockets "$WORK/qt.json"
    else
        run_transport qtwebsockets "$WORK/qt.json"; run_transport feeddeck "$WORK/own.json"
    fi
    a="$(json "$WORK/own.json" 'j.rate.toFixed(0)')"
    b="$(json "$WORK/qt.json" 'j.rate.toFixed(0)')"
    own+=("$a") qt+=("$b") vs_qt+=("$(node -p "($a / $b).toFixed(2)")")
    say "  pair $pair: FeedDeck's client $a, QWebSocket $b msg/s; ${vs_qt[-1]}x"
    echo "transport pair $pair: FeedDeck's client $a, QWebSocket $b msg/s; ${vs_qt[-1]}x" >>"$PAIRS_LOG"
done
stop_source
row "ingest: FeedDeck's WebSocket client vs QWebSocket, same pipeline (median of $PAIRS pairs)" \
    "$(median "${own[@]}") msg/s" "QWebSocket $(median "${qt[@]}") msg/s" "$(median "${vs_qt[@]}")x" "" ""

# --- update latency -----------------------------------------------------------------
for rate in 1000 10000 100000; do
    say "latency at $rate msg/s for ${SECONDS_PER_RATE}s ..."
    start_source --instruments "$INSTRUMENTS" --rate "$rate"
    "$BUILD/bench/bench_client" latency --url "ws://127.0.0.1:$PORT" --seconds "$SECONDS_PER_RATE" \
        --instruments "$INSTRUMENTS" >"$WORK/latency.json"
    stop_source
    p50="$(json "$WORK/latency.json" 'j.p50_ms.toFixed(2)')"
    p99="$(json "$WORK/latency.json" 'j.p99_ms.toFixed(2)')"
    max="$(json "$WORK/latency.json" 'j.max_ms.toFixed(2)')"
    got="$(json "$WORK/latency.json" 'j.rate.toFixed(0)')"
    batches="$(json "$WORK/latency.json" 'j.batches')"
    row "latency: receipt -> table model @ $rate msg/s (oldest update of each of $batches batches)" \
        "p50 $p50 / p99 $p99 / max $max ms" "" "$got msg/s applied" "p99 < 16.7 ms" "$(verdict "$p99 < 16.7")"
done

# --- GUI frame rate -----------------------------------------------------------------
say "GUI: 500 instruments at 100k msg/s for ${GUI_SECONDS}s, offscreen ..."
start_source --instruments 500 --rate 100000
node -e '
const n = 500, symbols = [];
for (let i = 0; i < n; ++i) symbols.push("X" + String(i).padStart(3, "0") + "-USD");
console.log(JSON.stringify({ version: 1, feeds: [{ id: "load", name: "Load source", protocol: "coinbase",
  url: "ws://127.0.0.1:" + process.argv[1], symbols, options: { channels: ["ticker"] } }] }));' "$PORT" >"$WORK/gui.json"
QT_QPA_PLATFORM=offscreen "$BUILD/bin/feeddeck" --config "$WORK/gui.json" --duration "$GUI_SECONDS" \
    --stats "$WORK/gui-stats.json" 2>"$WORK/gui.err" || die "feeddeck failed: $(cat "$WORK/gui.err")"
stop_source
# The frame rate and worst gap of the steady window: from 1 s after the first live value was
# drawn to the last frame, so start-up does not count.
fps="$(json "$WORK/gui-stats.json" 'j.ui.steady.fps.toFixed(1)')"
gap="$(json "$WORK/gui-stats.json" 'j.ui.steady.max_frame_gap_ms.toFixed(1)')"
steady_s="$(json "$WORK/gui-stats.json" '(j.ui.steady.duration_ms / 1000).toFixed(1)')"
ingested="$(json "$WORK/gui-stats.json" '(j.feeds[0].messages * 1000 / j.duration_ms).toFixed(0)')"
row "GUI: 500 instruments @ 100k msg/s (offscreen, steady ${steady_s} s)" "$fps fps, worst gap $gap ms" "" \
    "$ingested msg/s ingested" ">= 30 fps (goal 60)" "$(verdict "$fps >= 30")"

# --- memory under overload ----------------------------------------------------------
say "overload: source faster than the client, GUI thread slower than the batches, 15 s ..."
start_source --instruments "$INSTRUMENTS"
"$BUILD/bench/bench_client" overload --url "ws://127.0.0.1:$PORT" --seconds 15 --instruments "$INSTRUMENTS" \
    --history 2000 --consumer-ms 40 >"$WORK/overload.json"
stop_source
early="$(json "$WORK/overload.json" 'j.rss_mib[4].toFixed(0)')"
late="$(json "$WORK/overload.json" 'j.rss_mib[j.rss_mib.length - 1].toFixed(0)')"
peak="$(json "$WORK/overload.json" 'j.rss_peak_mib.toFixed(0)')"
orate="$(json "$WORK/overload.json" 'j.rate.toFixed(0)')"
row "memory: RSS under overload (2000-pt history)" "${early} MiB at 5 s, ${late} MiB at 15 s" "" \
    "peak $peak MiB, $orate msg/s" "bounded" "$(verdict "$late <= $early * 1.1 + 8")"

# --- cold start ---------------------------------------------------------------------
say "cold start: demo workspace, three runs ..."
starts=()
for _ in 1 2 3; do
    t0="$(date +%s%3N)"
    QT_QPA_PLATFORM=offscreen "$BUILD/bin/feeddeck" --demo --duration 2 --stats "$WORK/cold.json" 2>/dev/null
    first="$(json "$WORK/cold.json" 'j.ui.first_value_ms')"
    [ "$first" != null ] || die "the demo drew no live value within 2 s"
    starts+=("$((first - t0))")
done
cold="$(median "${starts[@]}")"
row "cold start: launch -> first live value drawn" "$cold ms" "" "$cold ms" "< 1000 ms" "$(verdict "$cold < 1000")"

# --- team use: relay -> nats-server -> 20 desktops, against 20 direct ---------------------
say "relay: one relay and nats-server against 20 direct desktops at 10k msg/s (relay/run.sh) ..."
FEEDDECK_BENCH_BUILD_DIR="$BUILD" FEEDDECK_BENCH_SKIP_BUILD=1 FEEDDECK_BENCH_ROWS="$ROWS" \
    FEEDDECK_BENCH_NOTES="$PAIRS_LOG" "$BENCH/relay/run.sh"

# --- the table ----------------------------------------------------------------------
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), Qt $(qmake6 -query QT_VERSION 2>/dev/null || echo 6), Node $(node --version)"
echo "load average when the benchmarks started: $LOAD_AT_START, when they ended: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine slows every figure)"
echo
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => l.split("\t"));
const head = ["benchmark", "FeedDeck", "baseline", "result", "target", ""];
const all = [head, ...rows];
const w = head.map((_, i) => Math.max(...all.map(r => (r[i] || "").length)));
const line = r => r.map((c, i) => (c || "").padEnd(w[i])).join("  ").trimEnd();
console.log(line(head));
console.log(w.map(n => "-".repeat(n)).join("  ").trimEnd());
rows.forEach(r => console.log(line(r)));' "$ROWS"
echo
echo "every pair of this run (and the relay benchmark's notes):"
sed 's/^/  /' "$PAIRS_LOG"

# --- compression --------------------------------------------------------------------
echo
say "compression: the ticker stream with and without permessage-deflate ..."
FEEDDECK_BENCH_BUILD_DIR="$BUILD" "$BENCH/deflate/run.sh"
