#!/usr/bin/env bash
# The province-scale load run of issue 8 (docs/performance.md reads its report):
#  1. builds the release binary, seeds (or reuses) a province database, copies it to work on;
#  2. starts `dutydesk serve` on it;
#  3. runs `dutydesk loadtest` (hidden): CONSOLES headless consoles (the real poller and update
#     function), IDLE_SECS without writes, then BUSY_SECS with WRITERS posting RATE check-ins a
#     second; per console: cycle times vs the poll interval, bytes per cycle idle and changing;
#     the server's CPU % and RSS from /proc;
#  4. meanwhile, over the same idle minute: one real console in tmux at 160x48 and
#     `watch -n 2 'curl -s …/dashboard | jq .'` in another, each recording the bytes written to
#     its terminal (`tmux pipe-pane -o 'cat >> FILE'`); the console's launch to LIVE, its CPU
#     over the idle minute, the time from `P` to its rows and its RSS after `P` (the largest list).
#
# Settings (environment): PRESET (province), CONSOLES (30), WARMUP_SECS (15), IDLE_SECS (60),
# BUSY_SECS (60), WRITERS (8), RATE (150), VIEW (dashboard), PORT (18080), SKIP_BUILD (unset),
# DB_URL (use this database as it is instead of the cached SQLite copy, e.g. a seeded
# postgres://…; it must be seeded and is written to).
# The seeded file is cached in target/bench-data/, keyed by preset, local date (the seed's
# history ends today) and a hash of the seed sources and migrations; seeding province costs
# several minutes the first time. Output: target/province-load/<time>/ (report.txt).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PRESET=${PRESET:-province}
CONSOLES=${CONSOLES:-30}
WARMUP_SECS=${WARMUP_SECS:-15}
IDLE_SECS=${IDLE_SECS:-60}
# The loadtest's idle phase is this much longer than the recorded terminal minute (see terminals).
IDLE_MARGIN_SECS=${IDLE_MARGIN_SECS:-6}
BUSY_SECS=${BUSY_SECS:-60}
WRITERS=${WRITERS:-8}
RATE=${RATE:-150}
VIEW=${VIEW:-dashboard}
PORT=${PORT:-18080}
BIN=$ROOT/target/release/dutydesk
API=http://127.0.0.1:$PORT

for tool in tmux curl jq watch getconf; do
    command -v "$tool" >/dev/null || { echo "province-load: $tool is not on PATH" >&2; exit 2; }
done

if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --quiet
fi

OUT=$ROOT/target/province-load/$(date -u +%Y%m%dT%H%M%SZ)
WORK=$OUT/work
mkdir -p "$WORK/home"
REPORT=$OUT/report.txt
say() { echo "$*" | tee -a "$REPORT"; }

SERVER_PID=
cleanup() {
    tmux kill-session -t ddload-console 2>/dev/null || true
    tmux kill-session -t ddload-watch 2>/dev/null || true
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -f "$WORK/load.db" "$WORK/load.db-wal" "$WORK/load.db-shm"
}
trap cleanup EXIT

say "province-load $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty') at $(date -u +%FT%TZ)"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2 " GB"}') memory, $(rustc --version)"

if [ -n "${DB_URL:-}" ]; then
    DB=$DB_URL
    say "database: $DB (as given)"
else
    KEY=$(cat $(find src/seed.rs src/seed src/store/bulk.rs src/store/bulk migrations -type f 2>/dev/null | sort) | sha256sum | cut -c1-12)
    CACHED=$ROOT/target/bench-data/load-$PRESET-$(TZ=Asia/Shanghai date +%Y%m%d)-$KEY.db
    mkdir -p "$(dirname "$CACHED")"
    if [ ! -f "$CACHED" ]; then
        say "seeding $PRESET into $CACHED (once a day; province takes minutes)"
        rm -f "$CACHED.loading"*
        start=$(date +%s)
        "$BIN" seed --db "$CACHED.loading" --preset "$PRESET" | tee -a "$REPORT"
        mv "$CACHED.loading" "$CACHED"
        say "seeded in $(( $(date +%s) - start )) s"
    fi
    cp "$CACHED" "$WORK/load.db"
    DB=$WORK/load.db
    say "database: copy of $CACHED"
fi

for i in $(seq 1 "$CONSOLES"); do
    "$BIN" token create --db "$DB" --role dispatcher --name "load console $i" | tail -n 1
done >"$WORK/consoles.tokens"
for i in $(seq 1 "$WRITERS"); do
    "$BIN" token create --db "$DB" --role admin --name "load writer $i" | tail -n 1
done >"$WORK/writers.tokens"
"$BIN" token create --db "$DB" --role dispatcher --name "load tmux console" | tail -n 1 >"$WORK/tmux.token"
TMUX_TOKEN=$(cat "$WORK/tmux.token")

"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" 2>"$OUT/server.log" &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -sf "$API/healthz" >/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "province-load: the server stopped; see $OUT/server.log" >&2; exit 1; }
    sleep 0.1
done
say "server: pid $SERVER_PID on $API, RSS at start $(awk '/VmRSS/ {print $2 " kB"}' /proc/$SERVER_PID/status)"

# The console in tmux and the watch comparison, recorded over the loadtest's idle phase.
terminals() {
    local started now live_ms="not LIVE within 30 s" pid cpu0 cpu1 ticks rss
    ticks=$(getconf CLK_TCK)
    started=$(date +%s%N)
    tmux new-session -d -s ddload-console -x 160 -y 48 \
        "exec env HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_STATE_HOME=$WORK/home/.state XDG_DATA_HOME=$WORK/home/.data TERM=xterm-256color $BIN --api $API --token-file $WORK/tmux.token"
    tmux new-session -d -s ddload-watch -x 160 -y 48 \
        "exec watch -n 2 'curl -s -H \"Authorization: Bearer $TMUX_TOKEN\" $API/api/v1/dashboard | jq .'"
    for _ in $(seq 1 600); do
        if tmux capture-pane -p -t ddload-console 2>/dev/null | grep -q 'LIVE'; then
            now=$(date +%s%N); live_ms="$(( (now - started) / 1000000 )) ms"; break
        fi
        sleep 0.05
    done
    # Recording starts 2 s into the loadtest's idle phase and ends IDLE_SECS later, while the
    # loadtest stays idle IDLE_MARGIN_SECS longer, so no write of the busy phase falls in the
    # recorded minute (launch and the loadtest's start are not in step to the millisecond).
    sleep "$((WARMUP_SECS + 2))"
    pid=$(tmux list-panes -t ddload-console -F '#{pane_pid}')
    cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    tmux pipe-pane -t ddload-console -o "cat >> $OUT/console.bytes"
    tmux pipe-pane -t ddload-watch -o "cat >> $OUT/watch.bytes"
    sleep "$IDLE_SECS"
    tmux pipe-pane -t ddload-console
    tmux pipe-pane -t ddload-watch
    cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    # Key to rows: `P` (the problem queue, the largest list), then the screen polled every
    # 20 ms until its summary says how many rows are loaded.
    local key_ms="no rows within 10 s" sent
    sent=$(date +%s%N)
    tmux send-keys -t ddload-console P
    for _ in $(seq 1 500); do
        if tmux capture-pane -p -t ddload-console 2>/dev/null | grep -q ' loaded'; then
            now=$(date +%s%N); key_ms="$(( (now - sent) / 1000000 )) ms"; break
        fi
        sleep 0.02
    done
    sleep 10
    {
        echo "tmux console (160x48): launch to LIVE: ${live_ms} (polled every 50 ms)"
        echo "tmux console: key to rows on P: ${key_ms} (polled every 20 ms)"
        echo "tmux console: $(stat -c %s "$OUT/console.bytes" 2>/dev/null || echo 0) terminal bytes in the idle ${IDLE_SECS} s"
        echo "watch -n 2 curl | jq: $(stat -c %s "$OUT/watch.bytes" 2>/dev/null || echo 0) terminal bytes in the same ${IDLE_SECS} s"
        echo "tmux console: CPU $(awk -v a="$cpu0" -v b="$cpu1" -v t="$ticks" -v s="$IDLE_SECS" 'BEGIN {printf "%.2f", 100 * (b - a) / t / s}') % of a core idle; RSS ${rss} kB idle, $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") kB 10 s after P"
    } >"$OUT/terminals.txt"
    tmux capture-pane -p -t ddload-console >"$OUT/console-after-P.txt"
}
terminals &
TERMINALS_PID=$!

"$BIN" loadtest --api "$API" --token-file "$WORK/consoles.tokens" --writer-token-file "$WORK/writers.tokens" \
    --consoles "$CONSOLES" --view "$VIEW" --warmup-secs "$WARMUP_SECS" --idle-secs "$((IDLE_SECS + IDLE_MARGIN_SECS))" \
    --busy-secs "$BUSY_SECS" --writers "$WRITERS" --rate "$RATE" --server-pid "$SERVER_PID" | tee -a "$REPORT"
wait "$TERMINALS_PID" || true
tee -a "$REPORT" <"$OUT/terminals.txt"
say "report: $REPORT"
