#!/usr/bin/env bash
# Render time of the staff pages people open all day (issue 14: the new-request form and the request page stay
# within 5 ms of their render time before it), for one or more builds on copies of the same data set:
# for each binary, a fresh copy of DATA is served, an agent signs in through the form, and wrk fetches
#   page    GET /requests/{id}   random open requests
#   form    GET /requests/new
#   search  GET /api/v1/search?q=…   broad Chinese words (MODES="page form search"; not by default)
# with CONNECTIONS connections for DURATION each (after a warm-up), printing wrk's RESULT line and the server's
# processor time per page (user + system time from /proc over the run, divided by the pages served).
#
#   BINS="/work/base/.build-bench/release/liaison .build-bench/release/liaison" DATA=bench/out/requests-s100 \
#     bench/load-pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA:-bench/out/requests-s100}
BINS=${BINS:-.build-bench/release/liaison}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-4}
ROUNDS=${ROUNDS:-2}
MODES=${MODES:-page form}
for f in "$DATA/liaison.sqlite" "$DATA/open-requests.txt" "$DATA/tokens.txt"; do
  [ -e "$f" ] || { echo "missing $f (run bench/generate-requests.sh first)" >&2; exit 1; }
done
TICKS=$(getconf CLK_TCK)
echo "== machine: $(nproc) cores; data set $DATA ($(du -sh "$DATA/liaison.sqlite" | cut -f1))"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

for round in $(seq 1 "$ROUNDS"); do
  for BIN in $BINS; do
    COPY=$(mktemp -d /tmp/liaison-pages.XXXXXX)
    cp "$DATA"/liaison.sqlite* "$DATA/open-requests.txt" "$DATA/tokens.txt" "$COPY/"
    [ -e "$DATA/customers.txt" ] && cp "$DATA/customers.txt" "$COPY/"
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    URL=http://127.0.0.1:$PORT
    LIAISON_DATA_DIR=$COPY LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off \
      "$BIN" serve --env production >"$COPY/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 240); do
      if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
      kill -0 "$SERVER_PID" 2>/dev/null || { cat "$COPY/server.log" >&2; exit 1; }
      sleep 0.5
    done
    jar=$COPY/cookies.txt
    csrf=$(curl -sS -c "$jar" "$URL/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -sS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$csrf" \
      --data-urlencode "email=agent000@bench.liaison.local" --data-urlencode "password=Bench-Passw0rd!" "$URL/sign-in"
    awk '$6 == "liaison_session" { print "liaison_session=" $7 }' "$jar" >"$COPY/session-cookie.txt"
    [ -s "$COPY/session-cookie.txt" ] || { echo "could not sign in as agent000" >&2; exit 1; }
    echo "== round $round, $BIN ($(git -C "$(dirname "$BIN")/../.." rev-parse --short HEAD 2>/dev/null || echo '?'))"
    for mode in $MODES; do
      wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/wrk/requests.lua "$URL" -- "$mode" "$COPY" warm >/dev/null
      before=$(cpu_ticks "$SERVER_PID")
      out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/requests.lua "$URL" -- "$mode" "$COPY" "$mode")
      after=$(cpu_ticks "$SERVER_PID")
      pages=$(echo "$out" | awk '/requests in/ { print $1 }')
      echo "$out" | grep '^RESULT'
      awk -v t="$((after - before))" -v n="$pages" -v hz="$TICKS" -v m="$mode" \
        'BEGIN { printf "CPU %s: %.2f ms of server processor time per answer (%d answers)\n", m, 1000 * t / hz / n, n }'
    done
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$COPY"
  done
done
