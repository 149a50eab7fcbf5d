#!/usr/bin/env bash
# Load test of the public feedback form (issue 16): wrk (2 threads, 16 connections, DURATION after a warm-up)
# against a server on a fresh SQLite data folder. Each visitor GETs /public/feedback and POSTs it filled in, from a
# new client address each time; every spam check is on (hidden field, signed stamp, anti-forgery token, the
# per-address limit, size limits), with the minimum fill time set to 0 s so that the load needs no waiting. Each
# accepted message is one durable write: a feedback request, its opening message, its audit entry and its
# acknowledgment job. Prints the accepted submissions per second.
#
#   bench/load-feedback.sh                          # the release binary in $BUILD (build it first)
#   BIN=.build/debug/liaison DURATION=10s bench/load-feedback.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-.build-release}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT
[ -x "$BIN" ] || { echo "missing $BIN (swift build -c release --scratch-path $BUILD)" >&2; exit 1; }

DATA=$(mktemp -d)
export LIAISON_DATA_DIR=$DATA LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off LIAISON_TRUSTED_PROXIES=127.0.0.1 \
  LIAISON_FEEDBACK_MIN_SECONDS=0 LIAISON_FEEDBACK_PER_ADDRESS=10

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT "$BIN" serve --env production >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$DATA/server.log" >&2; exit 1; fi
  sleep 0.5
done

echo "== warm-up ($WARMUP)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/wrk/feedback.lua "$URL" >/dev/null
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION: GET the form, POST it ($BIN)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/feedback.lua "$URL"
echo "== requests stored: $(sqlite3 "$DATA/liaison.sqlite" "SELECT COUNT(*) FROM requests WHERE kind = 'feedback'" 2>/dev/null || echo '?')"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
