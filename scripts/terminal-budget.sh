#!/usr/bin/env bash
# What an idle console costs: bytes written to its terminal in one minute at 160x48, its CPU
# over that minute and its resident memory, measured on the real binary in tmux
# (`tmux pipe-pane -o` records everything the console writes to its pane).
#
#   scripts/terminal-budget.sh idle   # `--api` to a `dutydesk serve` on a seeded database
#                                      # with no simulator: the data does not change
#   scripts/terminal-budget.sh demo   # the embedded demo: its simulator changes the data
#
# Environment: BIN (default target/release/dutydesk; build it with `cargo build --release`),
# PRESET (loudi), SECS (60), WIDTH (160), HEIGHT (48), SETTLE (10: seconds before measuring,
# for the first poll and the first frame). Everything lives in a temporary folder (its own
# XDG folders, so the user's demo database and settings are untouched) removed at the end.
# Not a CI test: it takes a minute and a release build.
#
# Measured 2026-12-01 on the 2-core machine (loaded by other builds), release binary, loudi,
# 160x48, one minute after 10 s to settle (before: main at a5cafac; after: branch terminal):
#   idle (--api, no simulator)  before 4,940 bytes/min, CPU 0.17 %, RSS 21.0 MB
#                               after     87 bytes/min, CPU 0.03 %, RSS 21.8 MB
#   demo (simulator changes)    before 61,815 bytes/min, CPU 1.72 %, RSS 60.0 MB
#                               after  51,051 bytes/min, CPU 1.73 %, RSS 63.5 MB
#                               (the demo's CPU and RSS include its in-process server and
#                               simulator; its bytes are the data changing, not the clock)
# Province scale was not measured here (seeding it takes long on this machine).
set -euo pipefail

MODE=${1:-idle}
BIN=$(realpath "${BIN:-target/release/dutydesk}")
PRESET=${PRESET:-loudi}
SECS=${SECS:-60}
WIDTH=${WIDTH:-160}
HEIGHT=${HEIGHT:-48}
SETTLE=${SETTLE:-10}
command -v tmux >/dev/null || { echo "tmux not on PATH (apt-get install tmux)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no binary at $BIN: run cargo build --release, or set BIN" >&2; exit 2; }

WORK=$(mktemp -d)
SOCKET="dutydesk-budget-$$"
SERVER=""
cleanup() {
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state" XDG_CONFIG_HOME="$WORK/config"
export XDG_CACHE_HOME="$WORK/cache"
unset DUTYDESK_API DUTYDESK_TOKEN DUTYDESK_TOKEN_FILE DUTYDESK_DB

case "$MODE" in
    idle)
        "$BIN" seed --db "$WORK/idle.db" --preset "$PRESET" >/dev/null
        "$BIN" token create --db "$WORK/idle.db" --role dispatcher --name "budget" | tail -n 1 >"$WORK/token"
        PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        "$BIN" serve --db "$WORK/idle.db" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
        SERVER=$!
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
        CONSOLE="exec '$BIN' --api http://127.0.0.1:$PORT --token-file '$WORK/token'"
        ;;
    demo) CONSOLE="exec '$BIN'" ;;
    *) echo "usage: $0 idle|demo" >&2; exit 2 ;;
esac

tmux -L "$SOCKET" -f /dev/null new-session -d -s budget -x "$WIDTH" -y "$HEIGHT" "$CONSOLE"
PID=$(tmux -L "$SOCKET" display-message -p -t budget '#{pane_pid}')
sleep "$SETTLE"
TICK=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
tmux -L "$SOCKET" pipe-pane -o -t budget "cat >'$WORK/bytes'"
C0=$(cpu)
T0=$(date +%s.%N)
sleep "$SECS"
C1=$(cpu)
T1=$(date +%s.%N)
tmux -L "$SOCKET" pipe-pane -t budget
sleep 0.2
BYTES=$(wc -c <"$WORK/bytes")
RSS=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
SCREEN=$(tmux -L "$SOCKET" capture-pane -p -t budget | head -n 1)
awk -v b="$BYTES" -v c0="$C0" -v c1="$C1" -v t0="$T0" -v t1="$T1" -v tick="$TICK" -v rss="$RSS" \
    -v mode="$MODE" -v preset="$PRESET" -v w="$WIDTH" -v h="$HEIGHT" 'BEGIN {
    secs = t1 - t0
    printf "%s (%s) %dx%d over %.0f s: %d bytes to the terminal (%.0f a minute), CPU %.2f %%, RSS %.1f MB\n",
        mode, preset, w, h, secs, b, b * 60 / secs, 100 * (c1 - c0) / tick / secs, rss / 1024
}'
echo "status line: $SCREEN"
