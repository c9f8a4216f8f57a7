#!/usr/bin/env bash
# Team use: one `feeddeck relay` -> nats-server -> 20 headless desktops, against 20 desktops each
# connected straight to the venue, all on this machine, at 10k msg/s from bench_load_source.
# Prints four rows in the style of tests/bench/run.sh (which runs this script and puts the rows
# in its table): latency from the relay's receipt to each desktop's table model, messages lost per
# desktop, the relay's CPU per message against one direct connection, and the upstream
# connection count. Takes about 40 s after the build.
#
# Environment: FEEDDECK_BENCH_BUILD_DIR (default build-bench/), BENCH_RELAY_RATE (messages per
# second upstream, default 10000), BENCH_RELAY_SECONDS (seconds of flow per run, default 8),
# BENCH_RELAY_DESKTOPS (default 20), BENCH_RELAY_PROCESSES (processes the desktops are spread
# over, default one per desktop), NATS_SERVER (default /usr/sbin/nats-server, from
# `packaging/bootstrap.sh deps`), BENCH_RELAY_FEEDDECK (the feeddeck binary that runs the relay,
# with --history 0; default the build's; to compare a change of the relay alone). Set by run.sh:
# FEEDDECK_BENCH_ROWS and FEEDDECK_BENCH_NOTES
# (files the rows and the notes are appended to instead of printed), FEEDDECK_BENCH_SKIP_BUILD=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
BUILD="${FEEDDECK_BENCH_BUILD_DIR:-$ROOT/build-bench}"
RATE="${BENCH_RELAY_RATE:-10000}"
FLOW_SECONDS="${BENCH_RELAY_SECONDS:-8}"
DESKTOPS="${BENCH_RELAY_DESKTOPS:-20}"
PROCESSES="${BENCH_RELAY_PROCESSES:-$DESKTOPS}"
NATS_SERVER="${NATS_SERVER:-/usr/sbin/nats-server}"
RELAY_BIN="${BENCH_RELAY_FEEDDECK:-$BUILD/bin/feeddeck}"
INSTRUMENTS=128
MESSAGES=$((RATE * FLOW_SECONDS))

say() { echo "$*" >&2; }
die() { say "relay/run.sh: $*"; exit 1; }

[ -x "$NATS_SERVER" ] || die "no nats-server at $NATS_SERVER; install it with packaging/bootstrap.sh deps (Debian: apt install nats-server)"
command -v node >/dev/null || die "needs Node.js for its JSON and percentiles (tests/bench/run.sh installs it)"
[ $((DESKTOPS % PROCESSES)) -eq 0 ] || die "BENCH_RELAY_DESKTOPS ($DESKTOPS) must be a multiple of BENCH_RELAY_PROCESSES ($PROCESSES)"
PER_PROCESS=$((DESKTOPS / PROCESSES))
[ "$FLOW_SECONDS" -ge 4 ] || die "BENCH_RELAY_SECONDS must be at least 4 (1.5 s warm-up, a window, 1 s tail)"

if [ "${FEEDDECK_BENCH_SKIP_BUILD:-0}" != 1 ]; then
    say "building the Release tree in $BUILD ..."
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" --target bench_load_source bench_relay_desk feeddeck --parallel 2 >/dev/null
fi

WORK="$(mktemp -d)"
PIDS=() # every process this script started and has not waited for yet
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/runtime" QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

json() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$1" "$2"; }
# last_json FILE PATTERN: the last line of FILE containing PATTERN, as a file of its own
last_json() { grep "$2" "$1" | tail -n 1 >"$1.last"; echo "$1.last"; }
now_ms() { date +%s%3N; }
TICK="$(getconf CLK_TCK)"
# cpu_ticks PID...: user + system time of the processes so far, in clock ticks (fields 14 and
# 15 of /proc/PID/stat, counted after the command name's closing parenthesis)
cpu_ticks() {
    local total=0 pid t
    for pid in "$@"; do
        t="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')" || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}
# wait_for FILE PATTERN SECONDS: until FILE has a line with PATTERN
wait_for() {
    local i
    for i in $(seq $(($3 * 20))); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    die "waited $3 s for \"$2\" in $(basename "$1"): $(tail -n 3 "$1" 2>/dev/null)"
}
forget() { # forget PID: waited for, no longer to be killed
    local keep=() pid
    for pid in "${PIDS[@]}"; do
        [ "$pid" = "$1" ] || keep+=("$pid")
    done
    PIDS=("${keep[@]}")
}

# start_source NAME: a paced load source that sends MESSAGES to each connection; sets SOURCE_PORT
start_source() {
    "$BUILD/bench/bench_load_source" --instruments "$INSTRUMENTS" --rate "$RATE" --messages "$MESSAGES" \
        >"$WORK/$1.out" &
    PIDS+=($!)
    wait_for "$WORK/$1.out" listening 10
    SOURCE_PORT="$(json "$(last_json "$WORK/$1.out" listening)" j.port)"
}
# workspace PORT: a workspace with one Coinbase feed on the load source
workspace() {
    node -e '
const symbols = [];
for (let i = 0; i < 128; ++i) symbols.push("X" + String(i).padStart(3, "0") + "-USD");
console.log(JSON.stringify({ version: 1, feeds: [{ id: "load", name: "Load source", protocol: "coinbase",
  url: "ws://127.0.0.1:" + process.argv[1], symbols, options: { channels: ["ticker"] } }] }));' "$1"
}
# start_desks NAME PROTOCOL URL: the desktops, PER_PROCESS in each of PROCESSES processes; sets DESK_PIDS
start_desks() {
    DESK_PIDS=()
    local i
    for i in $(seq "$PROCESSES"); do
        "$BUILD/bench/bench_relay_desk" --protocol "$2" --url "$3" --desktops "$PER_PROCESS" \
            --instruments "$INSTRUMENTS" --expect "$MESSAGES" --seconds $((FLOW_SECONDS + 60)) \
            --samples "$WORK/$1-samples-$i" >"$WORK/$1-desk-$i.out" 2>"$WORK/$1-desk-$i.err" &
        PIDS+=($!)
        DESK_PIDS+=($!)
    done
    for i in $(seq "$PROCESSES"); do
        wait_for "$WORK/$1-desk-$i.out" '"ready"' 60
    done
}
# wait_desks NAME: waits for the desktops, then RECEIVED holds every desktop's count
wait_desks() {
    local pid i
    for pid in "${DESK_PIDS[@]}"; do
        wait "$pid" || die "a desktop process failed: $(cat "$WORK/$1"-desk-*.err)"
        forget "$pid"
    done
    RECEIVED=()
    for i in $(seq "$PROCESSES"); do
        read -r -a got <<<"$(json "$(last_json "$WORK/$1-desk-$i.out" '"result"')" 'j.received.join(" ")')"
        RECEIVED+=("${got[@]}")
    done
}
# latency NAME: p50, p99, max and count over every sample of every desktop, and each leg's p50/p99
latency() {
    cat "$WORK/$1"-samples-* | node -e '
const cols = [[], [], []];
for (const line of require("fs").readFileSync(0, "utf8").split("\n")) {
    if (!line) continue;
    const f = line.split(" ");
    for (let i = 0; i < 3; ++i) cols[i].push(+f[i]);
}
const at = (v, p) => v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))] : 0;
for (const v of cols) v.sort((a, b) => a - b);
const [t, d, m] = cols;
console.log(JSON.stringify({ samples: t.length, p50: at(t, 0.5), p99: at(t, 0.99), max: t.length ? t[t.length - 1] : 0,
    decoded_p50: at(d, 0.5), decoded_p99: at(d, 0.99), model_p50: at(m, 0.5), model_p99: at(m, 0.99) }));' \
        >"$WORK/$1-latency.json"
}

LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 1. relay -> nats-server -> desktops ----------------------------------------------
# nats-server on free loopback ports (-1: the server picks them and logs them)
cat >"$WORK/nats.conf" <<'EOF'
listen: "127.0.0.1:-1"
logtime: false
websocket { listen: "127.0.0.1:-1", no_tls: true }
EOF
"$NATS_SERVER" -c "$WORK/nats.conf" >"$WORK/nats.log" 2>&1 &
NATS_PID=$!
PIDS+=("$NATS_PID")
wait_for "$WORK/nats.log" "Server is ready" 10
NATS_WS="$(grep -o 'websocket clients on ws://127.0.0.1:[0-9]*' "$WORK/nats.log" | grep -o 'ws://.*')"
NATS_PORT="$(grep -o 'client connections on 127.0.0.1:[0-9]*' "$WORK/nats.log" | grep -o '[0-9]*$')"
[ -n "$NATS_WS" ] && [ -n "$NATS_PORT" ] || die "nats-server named no ports: $(cat "$WORK/nats.log")"

start_source relay-source
workspace "$SOURCE_PORT" >"$WORK/relay.json"
# One direct connection, measured in the same window as the relay: its own load source at the
# same rate, so the relay's source serves the relay alone.
start_source one-source
workspace "$SOURCE_PORT" >"$WORK/one.json"

say "relay: $DESKTOPS desktops ($PROCESSES processes) subscribing to nats-server ..."
start_desks relay nats "$NATS_WS"
sleep 0.5 # their subscriptions registered at the server before the first publish
say "relay: feeddeck relay and one direct feeddeck at $RATE msg/s for $FLOW_SECONDS s ..."
# --history 0: the live path (this server has no JetStream; the desktops read with "history": false)
"$RELAY_BIN" relay --config "$WORK/relay.json" --nats "nats://127.0.0.1:$NATS_PORT" --history 0 \
    --duration $((FLOW_SECONDS + 3)) --stats "$WORK/relay-stats.json" 2>"$WORK/relay.err" &
RELAY_PID=$!
PIDS+=("$RELAY_PID")
"$BUILD/bin/feeddeck" --headless --config "$WORK/one.json" --duration $((FLOW_SECONDS + 3)) \
    --stats "$WORK/one-stats.json" 2>"$WORK/one.err" &
ONE_PID=$!
PIDS+=("$ONE_PID")
wait_for "$WORK/relay-source.out" '"opened"' 15
wait_for "$WORK/one-source.out" '"opened"' 15
# The steady window: from 1.5 s after the flows began to 1 s before they end. The sources are
# paced by their own clocks, so the window held RATE x its length messages for each.
sleep 1.5
t0="$(now_ms)"
relay0="$(cpu_ticks "$RELAY_PID")" one0="$(cpu_ticks "$ONE_PID")" nats0="$(cpu_ticks "$NATS_PID")"
desks0="$(cpu_ticks "${DESK_PIDS[@]}")"
sleep $((FLOW_SECONDS - 3)).5
t1="$(now_ms)"
relay1="$(cpu_ticks "$RELAY_PID")" one1="$(cpu_ticks "$ONE_PID")" nats1="$(cpu_ticks "$NATS_PID")"
desks1="$(cpu_ticks "${DESK_PIDS[@]}")"
load_in_window="$(cut -d' ' -f1 /proc/loadavg)"
wait "$RELAY_PID" || die "feeddeck relay failed: $(cat "$WORK/relay.err")"
forget "$RELAY_PID"
wait "$ONE_PID" || die "feeddeck --headless failed: $(cat "$WORK/one.err")"
forget "$ONE_PID"
wait_desks relay
relay_received=("${RECEIVED[@]}")
latency relay
kill "$NATS_PID" && wait "$NATS_PID" 2>/dev/null || true
forget "$NATS_PID"

window_ms=$((t1 - t0))
window_messages="$(node -p "Math.round($RATE * $window_ms / 1000)")"
us_per_msg() { node -p "(($2 - $1) / $TICK * 1e6 / $window_messages).toFixed(2)"; }
relay_us="$(us_per_msg "$relay0" "$relay1")"
one_us="$(us_per_msg "$one0" "$one1")"
nats_us="$(us_per_msg "$nats0" "$nats1")"
desks_us="$(node -p "(($desks1 - $desks0) / $TICK * 1e6 / ($window_messages * $DESKTOPS)).toFixed(2)")"
published="$(json "$WORK/relay-stats.json" j.relay.published)"
relay_in="$(json "$WORK/relay-stats.json" j.relay.received)"
relay_sent="$(json "$(last_json "$WORK/relay-source.out" '"finished"')" j.sent)"
relay_sent_ms="$(json "$(last_json "$WORK/relay-source.out" '"finished"')" j.ms)"
relay_upstream="$(grep -c '"opened"' "$WORK/relay-source.out")"
one_messages="$(json "$WORK/one-stats.json" j.feeds[0].messages)"
relay_cpu_all="$(node -p "((($relay1 - $relay0) / $TICK)).toFixed(2)")"

# --- 2. the same desktops straight on the venue ---------------------------------------
start_source direct-source
say "direct: $DESKTOPS desktops ($PROCESSES processes) on the load source at $RATE msg/s each for $FLOW_SECONDS s ..."
start_desks direct coinbase "ws://127.0.0.1:$SOURCE_PORT"
wait_desks direct
direct_received=("${RECEIVED[@]}")
latency direct
direct_upstream="$(grep -c '"opened"' "$WORK/direct-source.out")"
direct_sent_ms="$(grep '"finished"' "$WORK/direct-source.out" | grep -o '"ms":[0-9]*' | cut -d: -f2 | sort -n | sed -n '1p;$p' | paste -sd-)"

# --- rows ---------------------------------------------------------------------------
lost_stats() { # EXPECTED COUNTS...: "max total" of EXPECTED - count
    local expected="$1"
    shift
    printf '%s\n' "$@" | awk -v e="$expected" '{ l = e - $1; if (l > m) m = l; t += l } END { print m + 0, t + 0 }'
}
read -r relay_lost_max relay_lost_total <<<"$(lost_stats "$published" "${relay_received[@]}")"
read -r direct_lost_max direct_lost_total <<<"$(lost_stats "$MESSAGES" "${direct_received[@]}")"
upstream_lost=$((relay_sent - published))
r="$WORK/relay-latency.json" d="$WORK/direct-latency.json"
ROWS_OUT="$WORK/rows"
: >"$ROWS_OUT"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS_OUT"; }
verdict() { if node -e "process.exit(($1) ? 0 : 1)"; then echo ok; else echo MISSED; fi; }
rp99="$(json "$r" 'j.p99.toFixed(2)')"
row "relay: $DESKTOPS desktops via nats-server @ $RATE msg/s, relay receipt -> table model ($(json "$r" j.samples) updates, $PROCESSES processes)" \
    "p50 $(json "$r" 'j.p50.toFixed(2)') / p99 $rp99 / max $(json "$r" 'j.max.toFixed(2)') ms" \
    "direct, own receipt: p50 $(json "$d" 'j.p50.toFixed(2)') / p99 $(json "$d" 'j.p99.toFixed(2)') / max $(json "$d" 'j.max.toFixed(2)') ms" \
    "" "p99 < 16.7 ms" "$(verdict "$rp99 < 16.7")"
row "relay: messages lost per desktop (source sent $relay_sent, relay published $published)" \
    "max $relay_lost_max, total $relay_lost_total" "direct: max $direct_lost_max, total $direct_lost_total" \
    "$upstream_lost lost before NATS" "0" \
    "$(verdict "$relay_lost_total == 0 && $upstream_lost == 0 && $relay_lost_max == 0")"
row "relay: relay CPU per message vs one direct connection (same ${window_ms} ms window)" \
    "$relay_us us/msg" "direct $one_us us/msg" "$(node -p "($relay_us / $one_us).toFixed(2)")x" "" ""
row "relay: upstream connections for $DESKTOPS desktops" "$relay_upstream" "direct $direct_upstream" \
    "$relay_upstream vs $direct_upstream" "1 vs $DESKTOPS" \
    "$(verdict "$relay_upstream == 1 && $direct_upstream == $DESKTOPS")"

NOTES_OUT="$WORK/notes"
{
    echo "relay: $DESKTOPS desktops in $PROCESSES processes ($PER_PROCESS each), $MESSAGES messages at $RATE msg/s, $INSTRUMENTS instruments, load average ${load_in_window} in the window"
    echo "relay: legs of the relay path: relay receipt -> decoded on the desktop p50 $(json "$r" 'j.decoded_p50.toFixed(2)') / p99 $(json "$r" 'j.decoded_p99.toFixed(2)') ms; decoded -> table model p50 $(json "$r" 'j.model_p50.toFixed(2)') / p99 $(json "$r" 'j.model_p99.toFixed(2)') ms"
    echo "relay: legs of the direct path: own receipt -> decoded p50 $(json "$d" 'j.decoded_p50.toFixed(2)') / p99 $(json "$d" 'j.decoded_p99.toFixed(2)') ms; decoded -> table model p50 $(json "$d" 'j.model_p50.toFixed(2)') / p99 $(json "$d" 'j.model_p99.toFixed(2)') ms"
    echo "relay: received per desktop through the relay: ${relay_received[*]}; directly: ${direct_received[*]} (of $MESSAGES)"
    echo "relay: the relay's source sent its $relay_sent messages in $relay_sent_ms ms, the direct source each connection's in $direct_sent_ms ms"
    echo "relay: relay took $relay_in updates from its feed, published $published; the one direct feeddeck read $one_messages messages"
    echo "relay: CPU in the ${window_ms} ms window ($window_messages messages upstream): relay ${relay_cpu_all} s = $relay_us us/msg, one direct feeddeck $one_us us/msg, nats-server $nats_us us per upstream msg, each desktop $desks_us us/msg (clock tick $((1000 / TICK)) ms)"
} >"$NOTES_OUT"

if [ -n "${FEEDDECK_BENCH_ROWS:-}" ]; then
    cat "$ROWS_OUT" >>"$FEEDDECK_BENCH_ROWS"
    [ -z "${FEEDDECK_BENCH_NOTES:-}" ] || cat "$NOTES_OUT" >>"$FEEDDECK_BENCH_NOTES"
    exit 0
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(. /etc/os-release && echo "$PRETTY_NAME"), $("$NATS_SERVER" --version)"
echo "load average at the start: $LOAD_AT_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => l.split("\t"));
const head = ["benchmark", "FeedDeck", "baseline", "result", "target", ""];
const all = [head, ...rows];
const w = head.map((_, i) => Math.max(...all.map(r => (r[i] || "").length)));
const line = r => r.map((c, i) => (c || "").padEnd(w[i])).join("  ").trimEnd();
console.log(line(head));
console.log(w.map(n => "-".repeat(n)).join("  ").trimEnd());
rows.forEach(r => console.log(line(r)));' "$ROWS_OUT"
echo
sed 's/^/  /' "$NOTES_OUT"
