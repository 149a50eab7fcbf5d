#!/usr/bin/env bash
# Mail intake benchmark (issue 15): typical inbound mail (bench/mail-corpus.py: half GBK/GB18030, a third with an
# attachment, a quarter answering earlier mail, one sender in ten unknown) taken into a copy of the 100,000-request
# data set (bench/generate-requests.sh with SCALE=10) by the release server:
#   1. POST /api/v1/mail/inbound, COUNT messages from CONCURRENCY concurrent senders (bench/mail-send.py), as a
#      service account's token; the mailbox acknowledges new requests (the default), jobs are off (nothing is sent);
#   2. `liaison mail ingest`, one process per message as an MTA pipe runs it, CLI_COUNT more messages one after
#      another, then CLI_COUNT more with PIPES processes at a time (a mail server runs several pipes at once), while
#      the server runs.
# Then checks that every message is on a request or in quarantine. The server is stopped at the end.
#
#   bench/mail-ingest.sh
#   SOURCE=bench/out/requests-s100 COUNT=2000 CLI_COUNT=200 bench/mail-ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=${SOURCE:-bench/out/requests-s10}
WORK=${WORK:-bench/out/mail-ingest}
BUILD=${BUILD:-.build-bench}
BIN=${BIN:-$BUILD/release/liaison}
COUNT=${COUNT:-10000}
CLI_COUNT=${CLI_COUNT:-1000}
CONCURRENCY=${CONCURRENCY:-8}
PIPES=${PIPES:-4}
PYTHON=${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}
PORT=${PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT

for f in "$SOURCE/liaison.sqlite" "$BIN"; do
  [ -e "$f" ] || { echo "missing $f (SCALE=10 bench/generate-requests.sh first)" >&2; exit 1; }
done
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r "$SOURCE" "$WORK/data"
export LIAISON_DATA_DIR=$WORK/data LIAISON_LOG_LEVEL=warning LIAISON_JOBS=off

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" - "$WORK/data/liaison.sqlite" "$WORK/senders.txt" <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
requests = db.execute("SELECT COUNT(*) FROM requests").fetchone()[0]
rows = db.execute("SELECT emails FROM contacts WHERE deleted_at IS NULL").fetchall()
senders = [json.loads(r[0])[0] for r in rows if json.loads(r[0])]
open(sys.argv[2], "w").write("\n".join(senders) + "\n")
print("== data set: %d requests, %d contacts with an address" % (requests, len(senders)))
EOF

"$BIN" user create --email admin@bench.example --name 基准管理员 --role admin --password 'Bench-Passw0rd!' >/dev/null
"$BIN" user create --email relay@bench.example --name 邮件中继 --role service --password 'Bench-Passw0rd!' >/dev/null
ADMIN=$("$BIN" token create --user admin@bench.example --name bench | grep -o 'lia_[A-Za-z0-9_-]*' | head -1)
RELAY=$("$BIN" token create --user relay@bench.example --name bench | grep -o 'lia_[A-Za-z0-9_-]*' | head -1)

echo "== corpus: $COUNT messages for HTTP, $CLI_COUNT for the CLI"
"$PYTHON" bench/mail-corpus.py --out "$WORK/http" --count "$COUNT" --senders "$WORK/senders.txt" --prefix h --seed 7
"$PYTHON" bench/mail-corpus.py --out "$WORK/cli" --count "$CLI_COUNT" --senders "$WORK/senders.txt" --prefix c --seed 8
"$PYTHON" bench/mail-corpus.py --out "$WORK/pipes" --count "$CLI_COUNT" --senders "$WORK/senders.txt" --prefix p --seed 9

LIAISON_HOST=127.0.0.1 LIAISON_PORT=$PORT "$BIN" serve --env production >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; fi
  sleep 0.5
done
DEPARTMENT=$(curl -fsS -H "Authorization: Bearer $ADMIN" "$URL/api/v1/departments" \
  | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')
curl -fsS -o /dev/null -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"address\": \"support@bench.example\", \"departmentId\": \"$DEPARTMENT\", \"smtpHost\": \"127.0.0.1\"}" \
  "$URL/api/v1/mailboxes"

echo "== HTTP: $CONCURRENCY senders"
"$PYTHON" bench/mail-send.py --url "$URL" --token "$RELAY" --dir "$WORK/http" --concurrency "$CONCURRENCY" \
  | tee "$WORK/http.txt"

echo "== CLI: one process per message, $CLI_COUNT messages in a row (server running)"
failed=0
start=$(date +%s.%N)
for f in "$WORK"/cli/*.eml; do
  "$BIN" mail ingest --mailbox support@bench.example <"$f" >/dev/null 2>>"$WORK/cli-errors.log" || failed=$((failed + 1))
done
end=$(date +%s.%N)
"$PYTHON" -c "
import sys
n, s, f = $CLI_COUNT, $end - $start, $failed
print('RESULT cli-ingest messages=%d seconds=%.2f rate=%.0f/s per-message=%.1fms failed=%d' % (n, s, n / s, s / n * 1000, f))
" | tee "$WORK/cli.txt"

echo "== CLI: $PIPES processes at a time, $CLI_COUNT messages"
start=$(date +%s.%N)
ls "$WORK"/pipes/*.eml | xargs -P "$PIPES" -I{} sh -c "\"$BIN\" mail ingest --mailbox support@bench.example <{} >/dev/null 2>>\"$WORK/cli-errors.log\""
end=$(date +%s.%N)
"$PYTHON" -c "
n, s = $CLI_COUNT, $end - $start
print('RESULT cli-ingest-parallel pipes=$PIPES messages=%d seconds=%.2f rate=%.0f/s' % (n, s, n / s))
" | tee -a "$WORK/cli.txt"

cleanup
trap - EXIT
"$PYTHON" - "$WORK/data/liaison.sqlite" $((COUNT + 2 * CLI_COUNT)) <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
mail = db.execute("SELECT COUNT(*) FROM mail_messages WHERE direction = 'inbound'").fetchone()[0]
held = db.execute("SELECT COUNT(*) FROM mail_quarantine").fetchone()[0]
acks = db.execute("SELECT COUNT(*) FROM mail_messages WHERE direction = 'outbound'").fetchone()[0]
unlinked = db.execute("SELECT COUNT(*) FROM requests WHERE customer_id IS NULL").fetchone()[0]
print("== stored: %d messages on requests, %d in quarantine, %d acknowledgements queued, %d requests without a "
      "customer; %d sent in" % (mail, held, acks, unlinked, int(sys.argv[2])))
print("RESULT accounted=%s" % ("yes" if mail + held == int(sys.argv[2]) else "NO"))
EOF
