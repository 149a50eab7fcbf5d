#!/usr/bin/env bash
# Builds the release binaries in their own folder and generates the requests data set (issue 4):
# 1,000,000 requests (30% open, spread over 50 agents) with 5 messages each, for 20,000 customers, written through
# the application's own commands into bench/out/requests, then the SLA sweep up to "now".
#
#   bench/generate-requests.sh                      # full size
#   SCALE=10 bench/generate-requests.sh             # 1/10 size into bench/out/requests-s10
#   OUT=DIR SEED=N bench/generate-requests.sh       # elsewhere / another seed; extra arguments go to liaison-bench
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
REQUESTS=$((1000000 / SCALE))
CUSTOMERS=$((20000 / SCALE))
if [ "$SCALE" = 1 ]; then DEFAULT_OUT=bench/out/requests; else DEFAULT_OUT=bench/out/requests-s$SCALE; fi
OUT=${OUT:-$DEFAULT_OUT}
SEED=${SEED:-4}
BUILD=${BUILD:-.build-bench}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== swift build -c release --scratch-path $BUILD --product liaison / liaison-bench"
  swift build -c release --scratch-path "$BUILD" --product liaison
  swift build -c release --scratch-path "$BUILD" --product liaison-bench
fi
BIN=$(swift build -c release --scratch-path "$BUILD" --show-bin-path)

echo "== $BIN/liaison-bench generate-requests --data-dir $OUT --requests $REQUESTS --customers $CUSTOMERS --seed $SEED --force $*"
start=$(date +%s.%N)
"$BIN/liaison-bench" generate-requests --data-dir "$OUT" --requests "$REQUESTS" --customers "$CUSTOMERS" --seed "$SEED" \
  --liaison "$BIN/liaison" --force "$@"
end=$(date +%s.%N)
printf '== generator wall time: %.1f s\n' "$(echo "$end - $start" | bc)"
du -sh "$OUT"/liaison.sqlite*
