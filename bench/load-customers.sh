#!/usr/bin/env bash
# Load test for the customers feature (issue 3) against a generated data set (bench/generate.sh):
# starts the release server on a free port, checks one timeline and one search, then runs wrk
# (2 threads, 16 connections, 30 s each) against
#   (a) GET /api/v1/customers/{id}/timeline  for ~1000 customers (timeline-ids.txt, incl. the 50 busiest)
#   (b) GET /api/v1/search?q=…               for the queries in search-queries.txt
# and stops the server (by its PID) at the end.
#
#   bench/load-customers.sh
#   DATA=bench/out/customers-s10 DURATION=10s bench/load-customers.sh
#   ONLY=search BIN=/path/to/other/liaison bench/load-customers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-bench/out/customers}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
TOKEN_FILE=$DATA/token
URL=http://127.0.0.1:$PORT

for f in "$DATA/liaison.sqlite" "$TOKEN_FILE" "$DATA/timeline-ids.txt" "$DATA/search-queries.txt" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (run bench/generate.sh first)" >&2; exit 1; }
done

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(swift --version 2>&1 | head -1)"
echo "== database: $(du -sh "$DATA"/liaison.sqlite | cut -f1) ($DATA)"

LIAISON_DATA_DIR=$DATA LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off \
  "$BIN" serve --env production >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
echo "== server pid $SERVER_PID on port $PORT"
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$DATA/server.log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "$URL/healthz" >/dev/null || { echo "server not healthy" >&2; exit 1; }

AUTH="Authorization: Bearer $(head -1 "$TOKEN_FILE")"
BUSIEST=$(awk -F'\t' '$2 + 0 > max { max = $2 + 0; id = $1 } END { print id }' "$DATA/timeline-ids.txt")
echo "== sanity: timeline of the busiest customer ($BUSIEST)"
curl -sS -o /tmp/liaison-bench-timeline.json -w 'HTTP %{http_code} in %{time_total}s, %{size_download} bytes\n' -H "$AUTH" \
  "$URL/api/v1/customers/$BUSIEST/timeline"
head -c 700 /tmp/liaison-bench-timeline.json; echo
echo "== sanity: search 合同"
curl -sS -o /tmp/liaison-bench-search.json -w 'HTTP %{http_code} in %{time_total}s, %{size_download} bytes\n' -H "$AUTH" \
  "$URL/api/v1/search?q=%E5%90%88%E5%90%8C"
head -c 700 /tmp/liaison-bench-search.json; echo

others() { # what else is using the CPU (this machine may be shared): load average and the busiest processes
  echo "   load average $(cut -d' ' -f1-3 /proc/loadavg); busiest: $(ps -eo pcpu,comm --sort=-pcpu | sed -n 2,4p | awk '{printf "%s %s%%  ", $2, $1}')"
}
run() { # label lua list
  echo "== warm-up $1 ($WARMUP)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s --latency -s "bench/wrk/$2" "$URL" -- "$3" "$TOKEN_FILE" "$1-warmup" | grep '^RESULT'
  echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s --latency -s bench/wrk/$2 $URL -- $3 $TOKEN_FILE $1"
  others
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "bench/wrk/$2" "$URL" -- "$3" "$TOKEN_FILE" "$1" \
    | tee "$DATA/wrk-$1.txt"
  others
}
ONLY=${ONLY:-timeline,search}
case ",$ONLY," in *,timeline,*) run timeline timeline.lua "$DATA/timeline-ids.txt" ;; esac
case ",$ONLY," in *,search,*) run search search.lua "$DATA/search-queries.txt" ;; esac

echo "== server RSS: $(ps -o rss= -p "$SERVER_PID" | awk '{printf "%.0f MB", $1 / 1024}')"
for label in timeline search; do case ",$ONLY," in *,$label,*) grep -h '^RESULT' "$DATA/wrk-$label.txt" ;; esac; done
