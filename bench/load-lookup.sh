#!/usr/bin/env bash
# The customer picker's lookup under load (issue 14's target: p99 < 20 ms at 100,000 customers, 16 connections):
# GET /api/v1/lookup/customers?q=… for random two-character Chinese words, pinyin prefixes, pinyin, initials and
# English name prefixes drawn from the data set's customers (bench/lookup-queries.py), as a sales person (who sees
# internal and public customers and those of the accounts they are on, as most staff do).
#
#   bench/generate.sh                                   # the customers data set (or SCALE=10 for 1/10)
#   bench/load-lookup.sh                                # DATA=bench/out/customers BIN=.build-bench/release/liaison
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
URL=http://127.0.0.1:$PORT
DB=$DATA/liaison.sqlite
for f in "$DB" "$BIN"; do [ -e "$f" ] || { echo "missing $f (run bench/generate.sh first)" >&2; exit 1; }; done

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
echo "== database: $(du -sh "$DB" | cut -f1), $(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute('select count(*) from customers').fetchone()[0], 'customers,', d.execute('select count(*) from contacts').fetchone()[0], 'contacts')" "$DB")"
# The server migrates on start; the CLI below needs the schema it knows.
LIAISON_DATA_DIR=$DATA "$BIN" migrate -y >/dev/null
SALES=$(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute(\"select u.email from users u join user_roles r on r.user_id = u.id where r.role = 'sales' and u.active order by u.email limit 1\").fetchone()[0])" "$DB")
LIAISON_DATA_DIR=$DATA "$BIN" token create --user "$SALES" --name lookup-bench | tail -1 >"$DATA/token-sales"
echo "== as $SALES"
[ -s "$DATA/lookup-queries.txt" ] || python3 bench/lookup-queries.py "$DB" "$DATA/lookup-queries.txt"

LIAISON_DATA_DIR=$DATA LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off \
  "$BIN" serve --env production >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$DATA/server.log" >&2; exit 1; fi
  sleep 0.5
done
AUTH="Authorization: Bearer $(head -1 "$DATA/token-sales")"
for q in xinghe %E7%A7%91%E6%8A%80 sh; do
  echo "== sanity: q=$q"
  curl -sS -o /tmp/liaison-lookup.json -w 'HTTP %{http_code} in %{time_total}s, %{size_download} bytes\n' -H "$AUTH" \
    "$URL/api/v1/lookup/customers?q=$q"
  head -c 300 /tmp/liaison-lookup.json; echo
done

echo "== warm-up ($WARMUP)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s --latency -s bench/wrk/lookup.lua "$URL" -- \
  "$DATA/lookup-queries.txt" "$DATA/token-sales" lookup-warmup | grep '^RESULT'
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s --latency -s bench/wrk/lookup.lua $URL -- $DATA/lookup-queries.txt"
echo "   load average $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk/lookup.lua "$URL" -- \
  "$DATA/lookup-queries.txt" "$DATA/token-sales" lookup | tee "$DATA/wrk-lookup.txt"
for category in han2 prefix2 pinyin initials english; do
  grep "^$category	" "$DATA/lookup-queries.txt" >"$DATA/lookup-$category.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s --timeout 10s --latency -s bench/wrk/lookup.lua "$URL" -- \
    "$DATA/lookup-$category.txt" "$DATA/token-sales" "lookup-$category" | grep '^RESULT'
done
echo "== server RSS: $(ps -o rss= -p "$SERVER_PID" | awk '{printf "%.0f MB", $1 / 1024}')"
grep -h '^RESULT' "$DATA/wrk-lookup.txt"
