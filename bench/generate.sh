#!/usr/bin/env bash
# Builds the release binaries in their own folder and generates the customers data set (issue 3):
# 100,000 customers, 300,000 contacts, 5,000,000 interactions into bench/out/customers, timing the generator.
#
#   bench/generate.sh                 # full size
#   SCALE=10 bench/generate.sh        # 1/10 size (10k / 30k / 500k) into bench/out/customers-s10
#   OUT=DIR SEED=N bench/generate.sh  # elsewhere / another seed; extra arguments go to liaison-bench
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
CUSTOMERS=$((100000 / SCALE))
CONTACTS=$((300000 / SCALE))
INTERACTIONS=$((5000000 / SCALE))
if [ "$SCALE" = 1 ]; then DEFAULT_OUT=bench/out/customers; else DEFAULT_OUT=bench/out/customers-s$SCALE; fi
OUT=${OUT:-$DEFAULT_OUT}
SEED=${SEED:-1}
BUILD=${BUILD:-.build-bench}

build() { # a source edited mid-build (someone else working in the tree) fails the build: try again
  for attempt in 1 2 3; do
    swift build -c release --scratch-path "$BUILD" --product "$1" && return 0
    echo "build of $1 failed (attempt $attempt)" >&2; sleep 20
  done
  return 1
}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== swift build -c release --scratch-path $BUILD --product liaison / liaison-bench"
  build liaison
  build liaison-bench
fi
BIN=$(swift build -c release --scratch-path "$BUILD" --show-bin-path)

echo "== df -h $(dirname "$OUT")"; mkdir -p "$OUT"; df -h "$OUT" | tail -1
echo "== $BIN/liaison-bench generate --data-dir $OUT --customers $CUSTOMERS --contacts $CONTACTS --interactions $INTERACTIONS --seed $SEED --force $*"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (this machine may be shared; the generator wants both cores)"
TIMEFORMAT='== generator: %R s wall, %U s user + %S s system CPU (target: < 600 s wall)'
time "$BIN/liaison-bench" generate --data-dir "$OUT" --customers "$CUSTOMERS" --contacts "$CONTACTS" \
  --interactions "$INTERACTIONS" --seed "$SEED" --liaison "$BIN/liaison" --force "$@"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
du -sh "$OUT"/liaison.sqlite*
