#!/usr/bin/env bash
# Outbound mail benchmark (issue 15), on a copy of the 100,000-request data set (SCALE=10 bench/generate-requests.sh)
# with the release server and its job runner on:
#   1. the reply load of bench/load-requests.sh (wrk, public replies on random open requests as random agents) for
#      DURATION, with a mailbox on the requests' queue pointing at a real SMTP server on 127.0.0.1 (aiosmtpd,
#      Tests/MailTestServers/Servers/smtp_server.py): every reply queues a mail in its write, and the job runner
#      sends them while the load runs;
#   2. then waits until every queued mail is sent and reports the delivery rate (mail sent per second, from the
#      first reply to the last delivery, and during the load) and the reply API's rate and latency;
#   MAIL=off runs the same load without a mailbox (nothing queued): the reply API's own baseline.
#
#   bench/mail-outbound.sh
#   MAIL=off bench/mail-outbound.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=${SOURCE:-bench/out/requests-s10}
WORK=${WORK:-bench/out/mail-outbound}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
MAIL=${MAIL:-on}
PYTHON=${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}
PORT=${PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT

for f in "$SOURCE/liaison.sqlite" "$SOURCE/tokens.txt" "$SOURCE/open-requests.txt" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (SCALE=10 bench/generate-requests.sh first)" >&2; exit 1; }
done
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r "$SOURCE" "$WORK/data"
DATA=$WORK/data
export LIAISON_DATA_DIR=$DATA LIAISON_LOG_LEVEL=warning LIAISON_JOBS=on
echo "== machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); mail $MAIL"

SMTP_PID=
if [ "$MAIL" = on ]; then
  mkdir -p "$WORK/smtp"
  exec 3> >("$PYTHON" Tests/MailTestServers/Servers/smtp_server.py --out "$WORK/smtp" >"$WORK/smtp.ready" 2>"$WORK/smtp.log")
  for _ in $(seq 1 100); do grep -q READY "$WORK/smtp.ready" 2>/dev/null && break; sleep 0.1; done
  SMTP_PORT=$(awk '/READY/ { print $2 }' "$WORK/smtp.ready")
  [ -n "$SMTP_PORT" ] || { echo "the SMTP server did not start" >&2; cat "$WORK/smtp.log" >&2; exit 1; }
  echo "== SMTP server (aiosmtpd) on 127.0.0.1:$SMTP_PORT"
fi

"$BIN" user create --email admin@bench.example --name 基准管理员 --role admin --password 'Bench-Passw0rd!' >/dev/null
ADMIN=$("$BIN" token create --user admin@bench.example --name bench | grep -o 'lia_[A-Za-z0-9_-]*' | head -1)

LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT "$BIN" serve --env production >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; fi
  sleep 0.5
done
if [ "$MAIL" = on ]; then
  QUEUE=$("$PYTHON" -c "
import sqlite3; db = sqlite3.connect('$DATA/liaison.sqlite')
print(db.execute('SELECT queue_id FROM requests WHERE queue_id IS NOT NULL GROUP BY queue_id ORDER BY COUNT(*) DESC').fetchone()[0])")
  curl -fsS -o /dev/null -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"address\": \"support@bench.example\", \"departmentId\": \"$QUEUE\", \"smtpHost\": \"127.0.0.1\", \"smtpPort\": $SMTP_PORT, \"smtpSecurity\": \"none\"}" \
    "$URL/api/v1/mailboxes"
fi

echo "== warm-up reply ($WARMUP)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s -s bench/wrk/requests.lua "$URL" -- reply "$DATA" reply-warmup | grep '^RESULT'
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency ... reply (mail $MAIL)"
started=$(date +%s.%N)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk/requests.lua "$URL" -- reply "$DATA" "reply-mail-$MAIL" \
  | tee "$WORK/wrk-reply.txt" | grep -E '^RESULT|Latency|99%'
ended=$(date +%s.%N)

if [ "$MAIL" = on ]; then
  "$PYTHON" - "$DATA/liaison.sqlite" "$started" "$ended" <<'EOF'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30)
started, ended = float(sys.argv[2]), float(sys.argv[3])
deadline = time.time() + 600
while True:
    left = db.execute("SELECT COUNT(*) FROM mail_messages WHERE direction = 'outbound' AND state = 'queued'").fetchone()[0]
    if left == 0 or time.time() > deadline:
        break
    time.sleep(0.5)
drained = time.time()
rows = dict(db.execute("SELECT state, COUNT(*) FROM mail_messages WHERE direction = 'outbound' GROUP BY state").fetchall())
sent = rows.get("sent", 0)
first = db.execute("SELECT MIN(created_at) FROM mail_messages WHERE direction = 'outbound'").fetchone()[0]
last = db.execute("SELECT MAX(sent_at) FROM mail_messages WHERE state = 'sent'").fetchone()[0]
during = db.execute("SELECT COUNT(*) FROM mail_messages WHERE state = 'sent' AND sent_at <= ?", (ended,)).fetchone()[0]
# Dates are stored as seconds since 1970 (REAL) by the SQLite driver.
span = (last - first) if first and last else 0
print("== outbound: %s; queued during the load and after warm-up" % rows)
print("RESULT outbound sent=%d span=%.1fs rate=%.0f/s sent-during-load=%d (%.0f/s) drained-after-load=%.1fs" % (
    sent, span, sent / span if span else 0, during, during / (ended - started), max(0, drained - ended)))
EOF
  echo "== SMTP server received: $(ls "$WORK/smtp" | grep -c '\.eml$') messages"
fi
grep -h '^RESULT' "$WORK/wrk-reply.txt"
