#!/usr/bin/env bash
# Load test for projects and work plans (issue 17) against a generated data set (bench/generate-projects.sh):
# starts the release server on a free port, signs in (for the HTML pages), checks one of each answer, then runs wrk
# (2 threads, 16 connections, 30 s each after a 10 s warm-up) in each mode of bench/wrk/projects.lua:
#   api       GET  /api/v1/projects/{id}              random projects (projects.txt)
#   page      GET  /projects/{id}                     the project's page, signed in as the bench admin
#   tasks     GET  /api/v1/projects/{id}/tasks        the first page of the task list
#   gantt     GET  /api/v1/projects/{id}/gantt.svg    the Gantt chart of 400 tasks and 8 milestones
#   gantt1    the same on one connection (-t1 -c1): the time of one chart with nothing else running
#   workplan  GET  /projects/{id}/workplan            the work-plan page (not in the default MODES)
#   dashboard GET  /api/v1/projects/{id}/dashboard    the project dashboard (issue 18)
#   report1   POST /api/v1/projects/{id}/reports      a progress report drafted from 400 tasks, on one connection
#                                                     (issue 18; writes a draft each time)
#   meetings  GET  /api/v1/meetings?mine=true&from=…  a person's meetings, 50 from a random day (issue 18): the
#                                                     bench admin, who attends every meeting that
#                                                     bench/seed-meetings.py scheduled (MEETINGS of them, default
#                                                     20,000, scheduled through the API before the mode runs, once
#                                                     per data set)
#   create    POST /api/v1/projects/{id}/tasks        new tasks in random open projects (open-projects.txt), each
#                                                     waiting for its project's last task, with an owner; durable
#                                                     (synchronous=FULL) with its audit entry. Runs last: it adds
#                                                     tasks to the plans the other modes read.
# The server is stopped (by its PID) at the end; the audit trail is verified after it.
#
#   bench/load-projects.sh
#   DATA=bench/out/projects-s10 DURATION=10s bench/load-projects.sh
#   MODES="gantt1 workplan" bench/load-projects.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-bench/out/projects}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
MODES=${MODES:-api page tasks gantt gantt1 dashboard report1 meetings create}
MEETINGS=${MEETINGS:-20000}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT

for f in "$DATA/liaison.sqlite" "$DATA/token" "$DATA/projects.txt" "$DATA/open-projects.txt" "$DATA/staff.txt" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (run bench/generate-projects.sh first)" >&2; exit 1; }
done
export LIAISON_DATA_DIR=$DATA LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(swift --version 2>&1 | head -1)"
echo "== database: $(du -sh "$DATA"/liaison.sqlite | cut -f1) ($DATA)"
echo "== projects: $(wc -l <"$DATA/projects.txt") ($(wc -l <"$DATA/open-projects.txt") open); $(grep -h '^rows_project_tasks\|^rows_requirements=' "$DATA/generate-summary.txt" | tr '\n' ' ')"
others() { # what else is using the CPU (this machine may be shared): load average and the busiest processes
  echo "   load average $(cut -d' ' -f1-3 /proc/loadavg); busiest: $(ps -eo pcpu,comm --sort=-pcpu | sed -n 2,4p | awk '{printf "%s %s%%  ", $2, $1}')"
}
others

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

# The HTML pages need a session: sign in as the bench admin through the form, as a browser would.
jar=$(mktemp)
csrf=$(curl -sS -c "$jar" "$URL/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -sS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
  --data-urlencode "email=bench@bench.test" --data-urlencode "password=Perf-Test-Passw0rd!" "$URL/sign-in"
awk '$6 == "liaison_session" { print "liaison_session=" $7 }' "$jar" >"$DATA/session-cookie.txt"
rm -f "$jar"
[ -s "$DATA/session-cookie.txt" ] || { echo "could not sign in as bench@bench.test for the pages" >&2; exit 1; }

AUTH="Authorization: Bearer $(head -1 "$DATA/token")"
ID=$(awk -F'\t' '$3 == "active" { print $1; exit }' "$DATA/projects.txt")
echo "== sanity: an active project ($ID), as the API and as pages (first request: cold cache)"
for path in "api/v1/projects/$ID" "api/v1/projects/$ID/tasks" "api/v1/projects/$ID/gantt.svg" "api/v1/projects/$ID/milestones"; do
  curl -sS -o "/tmp/liaison-bench-projects.out" -w "GET /$path: HTTP %{http_code} in %{time_total}s, %{size_download} bytes\n" \
    -H "$AUTH" "$URL/$path"
done
head -c 600 /tmp/liaison-bench-projects.out; echo
for path in "projects/$ID" "projects/$ID/workplan"; do
  curl -sS -o /dev/null -w "GET /$path (page): HTTP %{http_code} in %{time_total}s, %{size_download} bytes\n" \
    -H "Cookie: $(cat "$DATA/session-cookie.txt")" "$URL/$path"
done

for mode in $MODES; do
  if [ "$mode" = meetings ] && [ ! -s "$DATA/meetings.txt" ]; then
    echo "== scheduling $MEETINGS meetings through the API (bench/seed-meetings.py)"
    python3 bench/seed-meetings.py "$URL" "$DATA" "$MEETINGS"
  fi
  threads=$THREADS connections=$CONNECTIONS lua_mode=$mode
  if [ "$mode" = gantt1 ]; then threads=1 connections=1 lua_mode=gantt; fi
  if [ "$mode" = report1 ]; then threads=1 connections=1 lua_mode=report; fi
  echo "== warm-up $mode ($WARMUP)"
  wrk -t"$threads" -c"$connections" -d"$WARMUP" --timeout 10s --latency -s bench/wrk/projects.lua "$URL" -- "$lua_mode" "$DATA" "$mode-warmup" | grep '^RESULT'
  echo "== wrk -t$threads -c$connections -d$DURATION --timeout 10s --latency -s bench/wrk/projects.lua $URL -- $lua_mode $DATA $mode"
  others
  wrk -t"$threads" -c"$connections" -d"$DURATION" --timeout 10s --latency -s bench/wrk/projects.lua "$URL" -- "$lua_mode" "$DATA" "$mode" \
    | tee "$DATA/wrk-$mode.txt"
  others
done

echo "== server RSS: $(ps -o rss= -p "$SERVER_PID" | awk '{printf "%.0f MB", $1 / 1024}')"
curl -sS "$URL/metrics" | grep -E '^liaison_(write|sqlite)' | sort >"$DATA/metrics.txt" || true
awk '$1 == "liaison_writes" { w = $2 } $1 == "liaison_write_run_seconds" { r = $2 } $1 == "liaison_write_commit_seconds" { c = $2 }
  END { if (w > 0) printf "== writer time per write: (%.2f run + %.2f commit) s / %d writes = %.3f ms\n", r, c, w, 1000 * (r + c) / w }' \
  "$DATA/metrics.txt"
awk '$1 == "liaison_writes" { w = $2 } $1 == "liaison_write_run_cpu_seconds" { r = $2 } $1 == "liaison_write_commit_cpu_seconds" { c = $2 }
  END { if (w > 0) printf "== writer processor time per write: (%.2f run + %.2f commit) s / %d writes = %.3f ms\n", r, c, w, 1000 * (r + c) / w }' \
  "$DATA/metrics.txt"
cleanup
trap - EXIT
echo "== audit trail after the load: $("$BIN" audit verify 2>&1 | grep -v journal_mode)"
for mode in $MODES; do grep -h '^RESULT' "$DATA/wrk-$mode.txt"; done
