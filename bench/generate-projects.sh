#!/usr/bin/env bash
# Builds the release binaries in their own folder and generates the projects data set (issue 17): 5,000 projects of
# 400 tasks each (2,000,000 tasks with finish-to-start dependencies, RACI and statuses, 8 milestones each), 50,000
# requirements, 2,000 customers and 80 staff in 8 departments, into bench/out/projects. Projects, charters and
# requirements go through the application's own commands; tasks and milestones are written in bulk
# (liaison-bench generate-projects).
#
#   bench/generate-projects.sh                      # full size
#   SCALE=10 bench/generate-projects.sh             # 1/10 of the projects, requirements and customers (still 400
#                                                   # tasks per project) into bench/out/projects-s10
#   OUT=DIR SEED=N bench/generate-projects.sh       # elsewhere / another seed; extra arguments go to liaison-bench
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
PROJECTS=$((5000 / SCALE))
REQUIREMENTS=$((50000 / SCALE))
CUSTOMERS=$((2000 / SCALE))
if [ "$SCALE" = 1 ]; then DEFAULT_OUT=bench/out/projects; else DEFAULT_OUT=bench/out/projects-s$SCALE; fi
OUT=${OUT:-$DEFAULT_OUT}
SEED=${SEED:-17}
BUILD=${BUILD:-.build-bench}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== swift build -c release --scratch-path $BUILD --product liaison / liaison-bench"
  swift build -c release --scratch-path "$BUILD" --product liaison
  swift build -c release --scratch-path "$BUILD" --product liaison-bench
fi
BIN=$(swift build -c release --scratch-path "$BUILD" --show-bin-path)

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (this machine may be shared; the generator wants both cores)"
echo "== $BIN/liaison-bench generate-projects --data-dir $OUT --projects $PROJECTS --requirements $REQUIREMENTS --customers $CUSTOMERS --seed $SEED --force $*"
start=$(date +%s.%N)
"$BIN/liaison-bench" generate-projects --data-dir "$OUT" --projects "$PROJECTS" --requirements "$REQUIREMENTS" \
  --customers "$CUSTOMERS" --seed "$SEED" --liaison "$BIN/liaison" --force "$@"
end=$(date +%s.%N)
printf '== generator wall time: %.1f s\n' "$(echo "$end - $start" | bc)"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
du -sh "$OUT"/liaison.sqlite*
