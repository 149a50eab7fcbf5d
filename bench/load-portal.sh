#!/usr/bin/env bash
# The customer portal under load (issue 16): on a copy of the 100,000-request data set (SCALE=10
# bench/generate-requests.sh), 2,000 contacts get portal accounts with signed-in sessions (bench/portal-accounts.py:
# half see their organisation's requests, half their own), then wrk (2 threads, 16 connections, DURATION after a
# WARMUP) fetches, each request as a random contact:
#   list   GET /portal                      its requests in progress
#   page   GET /portal/requests/{number}    one of its requests with the conversation
# printing wrk's RESULT line per mode. The server is stopped at the end; the copy is removed.
#
#   DATA=bench/out/requests-s10 bench/load-portal.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-bench/out/requests-s10}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
ACCOUNTS=${ACCOUNTS:-2000}
MODES=${MODES:-list page}
for f in "$DATA/liaison.sqlite" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (run SCALE=10 bench/generate-requests.sh and build $BIN first)" >&2; exit 1; }
done
COPY=$(mktemp -d /tmp/liaison-portal.XXXXXX)
cp "$DATA"/liaison.sqlite* "$COPY/"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
export LIAISON_DATA_DIR=$COPY LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== database: $(du -sh "$COPY"/liaison.sqlite | cut -f1) (a copy of $DATA)"
"$BIN" migrate -y >/dev/null
python3 bench/portal-accounts.py "$COPY/liaison.sqlite" "$COPY/portal-sessions.txt" "$ACCOUNTS"

LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT "$BIN" serve --env production >"$COPY/server.log" 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$COPY"; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$COPY/server.log" >&2; exit 1; fi
  sleep 0.5
done
first=$(head -1 "$COPY/portal-sessions.txt")
token=${first%% *}
number=$(echo "$first" | awk '{print $2}')
echo "== sanity: $(curl -sS -o /dev/null -w 'list HTTP %{http_code} %{size_download} bytes' -H "Cookie: liaison_session=$token" "$URL/portal"),"\
" $(curl -sS -o /dev/null -w 'page HTTP %{http_code} %{size_download} bytes' -H "Cookie: liaison_session=$token" "$URL/portal/requests/$number")"
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
for mode in $MODES; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s -s bench/wrk/portal.lua "$URL" -- \
    "$COPY/portal-sessions.txt" "$mode" "warmup" >/dev/null
  before=$(cpu_ticks "$SERVER_PID")
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk/portal.lua "$URL" -- \
    "$COPY/portal-sessions.txt" "$mode" "portal-$mode" | grep RESULT)
  after=$(cpu_ticks "$SERVER_PID")
  served=$(echo "$result" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
  echo "$result server_cpu_ms_per_request=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$served" \
    'BEGIN { printf "%.3f", t / hz * 1000 / n }')"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
