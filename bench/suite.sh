#!/usr/bin/env bash
# The load runs behind docs/BENCHMARKS.md: R rounds, each one embedded and one local-PostgreSQL run, alternating so
# that a change in background load hits both. Before each run it waits (at most --max-wait s) until the 1-minute
# load average is under --quiet, which also lets the previous run's own load decay.
#   bench/suite.sh [--rounds R] [--jar JAR] [--out DIR] [--quiet L] [--max-wait S] [-- HARNESS_ARGS...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds=3
jar="$here/../routes/target/kortana.jar"
out=/tmp/bench-results
quiet=1.5
max_wait=300
harness_args=(--tasks 2000 --concurrency 16 --warmup 200)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --quiet) quiet="$2"; shift 2 ;;
    --max-wait) max_wait="$2"; shift 2 ;;
    --) shift; harness_args=("$@"); break ;;
    -h|--help) sed -n 2,5p "$0"; exit 0 ;;
    *) echo "suite.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"

wait_for_quiet() {
  local waited=0
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v q="$quiet" 'BEGIN { exit !(l >= q) }' && (( waited < max_wait )); do
    sleep 10; waited=$(( waited + 10 ))
  done
  echo "suite.sh: waited ${waited} s; $(uptime)"
}

for round in $(seq 1 "$rounds"); do
  for db in embedded local; do
    wait_for_quiet
    file="$out/load-$db-$round.txt"
    echo "suite.sh: round $round, $db → $file"
    "$here/load.sh" --db "$db" --jar "$jar" --port 18220 --work "/tmp/bench-load-$db" --schema bench_load -- "${harness_args[@]}" >"$file" 2>&1
    grep -E '^(throughput|outcomes)' "$file"
  done
done
