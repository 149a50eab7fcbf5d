#!/usr/bin/env bash
# Load test for the requests feature (issue 4) against a generated data set (bench/generate-requests.sh):
#   1. the SLA sweep over all open requests, as of the data set's "now" (liaison sla sweep), before serving;
#   2. wrk (2 threads, 16 connections, 30 s each, after a warm-up) against the release server:
#      mine   GET  /api/v1/requests?assignee=me            as random agents
#      create POST /api/v1/requests                        for random customers
#      reply  POST /api/v1/requests/{id}/messages          on random open requests
#      mixed  mine and create at once, half the connections each (not in the default MODES)
#      workload  the mixed workload of the foundations issue, all at once for DURATION (not in the default MODES):
#             8 connections "mine" (run the server with LIAISON_ANSWER_CACHE=off to measure it uncached),
#             4 creating and replying in turn, 2 searching broad Chinese words, 2 fetching request pages (HTML,
#             signed in as the first agent); one RESULT line per kind and a total
#      Every write is durable (synchronous=FULL) with its audit entry, timeline and search entries.
#      "mine" is answered from the answer cache while nothing changes (LIAISON_ANSWER_CACHE=off to measure without).
# The server is stopped (by its PID) at the end.
#
#   bench/load-requests.sh
#   DATA=bench/out/requests-s10 DURATION=10s bench/load-requests.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-bench/out/requests}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
MODES=${MODES:-mine create reply}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT

for f in "$DATA/liaison.sqlite" "$DATA/tokens.txt" "$DATA/customers.txt" "$DATA/open-requests.txt" "$DATA/now" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (run bench/generate-requests.sh first)" >&2; exit 1; }
done
export LIAISON_DATA_DIR=$DATA LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(swift --version 2>&1 | head -1)"
echo "== database: $(du -sh "$DATA"/liaison.sqlite | cut -f1) ($DATA)"
echo "== open requests: $(wc -l <"$DATA/open-requests.txt"), agents: $(wc -l <"$DATA/tokens.txt")"

echo "== $BIN sla sweep --at $(cat "$DATA/now")   (all open requests, as of the data set's now)"
"$BIN" sla sweep --at "$(cat "$DATA/now")" 2>&1 | grep -v journal_mode | tee "$DATA/sweep.txt"
echo "== the same sweep again (nothing new is due: the cost of looking)"
"$BIN" sla sweep --at "$(cat "$DATA/now")" 2>&1 | grep -v journal_mode | tee -a "$DATA/sweep.txt"

LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT "$BIN" serve --env production >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
echo "== server pid $SERVER_PID on port $PORT"
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$DATA/server.log" >&2; exit 1; fi
  sleep 0.5
done

echo "== sanity: my open requests as the first agent"
curl -sS -o /tmp/liaison-bench-mine.json -w 'HTTP %{http_code} in %{time_total}s, %{size_download} bytes\n' \
  -H "Authorization: Bearer $(head -1 "$DATA/tokens.txt")" "$URL/api/v1/requests?assignee=me"
head -c 400 /tmp/liaison-bench-mine.json; echo

for mode in $MODES; do
  if [ "$mode" = workload ]; then
    jar=$(mktemp)
    csrf=$(curl -sS -c "$jar" "$URL/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -sS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
      --data-urlencode "email=agent000@bench.liaison.local" --data-urlencode "password=Bench-Passw0rd!" "$URL/sign-in"
    awk '$6 == "liaison_session" { print "liaison_session=" $7 }' "$jar" >"$DATA/session-cookie.txt"
    rm -f "$jar"
    [ -s "$DATA/session-cookie.txt" ] || { echo "could not sign in as agent000 for the page load" >&2; exit 1; }
    echo "== workload page check: $(curl -sS -o /dev/null -w 'HTTP %{http_code}' -H "Cookie: $(cat "$DATA/session-cookie.txt")" \
      "$URL/requests/$(head -1 "$DATA/open-requests.txt")")"
    echo "== workload: 8 mine, 4 create+reply, 2 search, 2 pages for $DURATION after a $WARMUP warm-up"
    pids=()
    for spec in "mine 8" "write 4" "search 2" "page 2"; do
      set -- $spec
      ( wrk -t1 -c"$2" -d"$WARMUP" --timeout 10s -s bench/wrk/requests.lua "$URL" -- "$1" "$DATA" "workload-warmup-$1" >/dev/null
        wrk -t1 -c"$2" -d"$DURATION" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- "$1" "$DATA" "workload-$1" \
          >"$DATA/wrk-workload-$1.txt" ) &
      pids+=($!)
    done
    wait "${pids[@]}"
    cat "$DATA"/wrk-workload-{mine,write,search,page}.txt >"$DATA/wrk-workload.txt"
    grep -h '^RESULT' "$DATA/wrk-workload.txt"
    grep -h '^RESULT' "$DATA/wrk-workload.txt" | sed 's/.*rps=\([0-9.]*\).*/\1/' | awk '{ t += $1 } END { printf "RESULT label=workload-total rps=%.1f\n", t }' \
      | tee -a "$DATA/wrk-workload.txt"
    continue
  fi
  if [ "$mode" = mixed ]; then
    # Reads and writes at once: half the connections list "mine", half create requests (one wrk thread each).
    echo "== warm-up mine ($WARMUP)"
    wrk -t1 -c$((CONNECTIONS / 2)) -d"$WARMUP" --timeout 10s -s bench/wrk/requests.lua "$URL" -- mine "$DATA" mixed-warmup | grep '^RESULT'
    echo "== mixed: wrk -t1 -c$((CONNECTIONS / 2)) -d$DURATION ... mine, and at the same time the same for create"
    wrk -t1 -c$((CONNECTIONS / 2)) -d"$DURATION" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- mine "$DATA" mixed-mine \
      >"$DATA/wrk-mixed-mine.txt" &
    READER=$!
    wrk -t1 -c$((CONNECTIONS / 2)) -d"$DURATION" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- create "$DATA" mixed-create \
      >"$DATA/wrk-mixed-create.txt"
    wait "$READER"
    cat "$DATA/wrk-mixed-mine.txt" "$DATA/wrk-mixed-create.txt" >"$DATA/wrk-mixed.txt"
    grep '^RESULT' "$DATA/wrk-mixed.txt"
    continue
  fi
  echo "== warm-up $mode ($WARMUP)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- "$mode" "$DATA" "$mode-warmup" | grep '^RESULT'
  echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s --latency -s bench/wrk/requests.lua $URL -- $mode $DATA $mode"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- "$mode" "$DATA" "$mode" \
    | tee "$DATA/wrk-$mode.txt"
done

echo "== server RSS: $(ps -o rss= -p "$SERVER_PID" | awk '{printf "%.0f MB", $1 / 1024}')"
echo "== /metrics: writes and their groups, SQLite log pages, time running and committing writes, answer cache"
curl -sS "$URL/metrics" | grep -E '^liaison_(write|sqlite|answer)' | sort | tee "$DATA/metrics.txt"
# Throughput does not carry from one machine to another; the writer's time per write and the disk's fsync cost do
# (bench/RESULTS.md records them beside every throughput figure).
awk '$1 == "liaison_writes" { w = $2 } $1 == "liaison_write_run_seconds" { r = $2 } $1 == "liaison_write_commit_seconds" { c = $2 }
  END { if (w > 0) printf "== writer time per write: (%.2f run + %.2f commit) s / %d writes = %.3f ms\n", r, c, w, 1000 * (r + c) / w }' \
  "$DATA/metrics.txt"
# The same spans in processor time on the write thread: the rest of the time above it waited, for the disk's sync
# or for a core while other threads (event loops, readers, the load generator) ran.
awk '$1 == "liaison_writes" { w = $2 } $1 == "liaison_write_run_cpu_seconds" { r = $2 } $1 == "liaison_write_commit_cpu_seconds" { c = $2 }
  END { if (w > 0) printf "== writer processor time per write: (%.2f run + %.2f commit) s / %d writes = %.3f ms\n", r, c, w, 1000 * (r + c) / w }' \
  "$DATA/metrics.txt"
awk '$1 == "liaison_sqlite_log_syncs" { n = $2 } $1 == "liaison_sqlite_log_sync_seconds" { s = $2 }
  END { if (n > 0) printf "== log syncs on their own thread (LIAISON_SQLITE_LOG_SYNC=apart): %d syncs, %.2f s, %.3f ms each\n", n, s, 1000 * s / n }' \
  "$DATA/metrics.txt"
echo "== fsync cost on this disk: $(python3 bench/fsync-cost.py --dir "$DATA" --seconds 2 | grep -E '^\| 1 ' || echo unknown)"
cleanup
trap - EXIT
echo "== audit trail after the load: $("$BIN" audit verify 2>&1 | grep -v journal_mode)"
cat "$DATA/sweep.txt"
for mode in $MODES; do grep -h '^RESULT' "$DATA/wrk-$mode.txt"; done
