#!/usr/bin/env bash
# Event-loop stall (the foundations issue, item 4): how much slow reads hold up cheap requests served by the same
# event loops. For each LIAISON_SQLITE_READ_THREADS setting in SETTINGS (default "0 auto": 0 runs every read on
# the event loops, as before there were reader threads; auto is the default, half the cores), the server is
# started on the data set and wrk measures, after a warm-up:
#   1. cheap alone:      CHEAP connections of cheap reads (CHEAP_MODE of bench/wrk/requests.lua, default "one":
#                        GET /api/v1/requests/{id} for a random open request) for DURATION;
#   2. cheap under slow: the same, while SLOW connections run slow reads (SLOW_MODE, default "search": broad
#                        Chinese words) at the same time;
# and prints one RESULT line per run (p50/p95/p99 of each), then a summary with the settings side by side.
# Reads only, with the answer cache off: the data set is not changed beyond the server's own start-up.
#
#   DATA=bench/out/requests-s10 bench/event-loop-stall.sh
#   BIN=.build/debug/liaison DATA=DIR DURATION=5s WARMUP=2s bench/event-loop-stall.sh   # try the script on a
#                                                                                       # debug build
# BUILD (default .build-bench) or BIN name the server binary; the script does not build it (bench/generate*.sh do).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-bench/out/requests}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CHEAP=${CHEAP:-8}
SLOW=${SLOW:-4}
CHEAP_MODE=${CHEAP_MODE:-one}
SLOW_MODE=${SLOW_MODE:-search}
SETTINGS=${SETTINGS:-0 auto}

for f in "$DATA/liaison.sqlite" "$DATA/tokens.txt" "$DATA/open-requests.txt" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (bench/generate-requests.sh makes a data set; BIN or BUILD names the server)" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
OUT=$DATA/stall
mkdir -p "$OUT"

load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg); busiest: $(ps -eo pcpu,comm --sort=-pcpu | sed -n 2,4p | tr -s ' ' | tr '\n' ';')"; }

echo "== machine: $(nproc) cores; $(swift --version 2>&1 | head -1)"
echo "== server: $BIN"
echo "== database: $(du -sh "$DATA"/liaison.sqlite | cut -f1) ($DATA), $(wc -l <"$DATA/open-requests.txt") open requests"
echo "== cheap: $CHEAP connections of '$CHEAP_MODE'; slow: $SLOW connections of '$SLOW_MODE'; $DURATION each after $WARMUP"

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=
}
trap cleanup EXIT

run_wrk() {  # connections mode label duration
  wrk -t1 -c"$1" -d"$4" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- "$2" "$DATA" "$3"
}

for setting in $SETTINGS; do
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  URL=http://127.0.0.1:$PORT
  LIAISON_DATA_DIR=$DATA LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off LIAISON_ANSWER_CACHE=off \
    LIAISON_SQLITE_READ_THREADS=$setting LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT \
    "$BIN" serve --env production >"$OUT/server-$setting.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$OUT/server-$setting.log" >&2; exit 1; fi
    sleep 0.5
  done
  label=threads-$setting
  echo "== LIAISON_SQLITE_READ_THREADS=$setting (server pid $SERVER_PID, port $PORT); $(load)"
  echo "   check: $(curl -sS -o /dev/null -w 'HTTP %{http_code} in %{time_total}s' -H "Authorization: Bearer $(head -1 "$DATA/tokens.txt")" \
    "$URL/api/v1/requests/$(head -1 "$DATA/open-requests.txt")") (cheap); $(curl -sS -o /dev/null -w 'HTTP %{http_code} in %{time_total}s' \
    -H "Authorization: Bearer $(head -1 "$DATA/tokens.txt")" "$URL/api/v1/search?q=%E5%8F%91%E7%A5%A8") (slow)"
  run_wrk "$CHEAP" "$CHEAP_MODE" "$label-warmup" "$WARMUP" | grep '^RESULT' >/dev/null
  run_wrk "$CHEAP" "$CHEAP_MODE" "$label-cheap-alone" "$DURATION" >"$OUT/wrk-$label-cheap-alone.txt"
  grep -h '^RESULT' "$OUT/wrk-$label-cheap-alone.txt"
  run_wrk "$SLOW" "$SLOW_MODE" "$label-slow-warmup" "$WARMUP" | grep '^RESULT' >/dev/null
  run_wrk "$SLOW" "$SLOW_MODE" "$label-slow" "$DURATION" >"$OUT/wrk-$label-slow.txt" &
  SLOW_PID=$!
  run_wrk "$CHEAP" "$CHEAP_MODE" "$label-cheap-under-slow" "$DURATION" >"$OUT/wrk-$label-cheap-under-slow.txt"
  wait "$SLOW_PID"
  grep -h '^RESULT' "$OUT/wrk-$label-cheap-under-slow.txt" "$OUT/wrk-$label-slow.txt"
  echo "   $(curl -sS "$URL/metrics" | grep -E '^liaison_sqlite_(statements|costly)' | tr '\n' ' ')"
  echo "   $(load)"
  cleanup
done
trap - EXIT

echo "== summary (ms): setting | cheap alone p50 p99 | cheap under slow reads p50 p99 | slow reads req/s p50 p99"
field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" "$1"; }
for setting in $SETTINGS; do
  alone=$OUT/wrk-threads-$setting-cheap-alone.txt
  under=$OUT/wrk-threads-$setting-cheap-under-slow.txt
  slow=$OUT/wrk-threads-$setting-slow.txt
  printf 'SUMMARY threads=%s | %s %s | %s %s | %s %s %s\n' "$setting" \
    "$(field "$alone" p50_ms)" "$(field "$alone" p99_ms)" "$(field "$under" p50_ms)" "$(field "$under" p99_ms)" \
    "$(field "$slow" rps)" "$(field "$slow" p50_ms)" "$(field "$slow" p99_ms)"
done
