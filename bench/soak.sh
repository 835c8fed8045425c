#!/usr/bin/env bash
# The soak (docs/RELIABILITY.md): Kor'tana at half its measured maximum rate for a long while, with what would show a
# leak recorded once a minute: heap live after the last old-generation GC, old generation used, heap used, RSS, threads,
# open files and PostgreSQL connections of the process, and the minute's tasks/s, p50 and p99.
#   bench/soak.sh [--minutes M] [--rate R] [--goal TEXT] [LOAD_SH_ARGS...]
# Defaults: 30 minutes; the rate is half of what a closed-loop run (16 clients, 1,000 tasks) completes per second,
# measured first, unless --rate is given; the local PostgreSQL (--db local). LOAD_SH_ARGS go to bench/load.sh.
# Needs: mvn -B -q package -DskipTests (routes/target/kortana.jar) and mvn -q -f bench/pom.xml package.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
minutes=30
rate=""
goal="Summarize the quarterly report"
load_args=(--db local --schema bench_soak)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --goal) goal="$2"; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) load_args+=("$1"); shift ;;
  esac
done

script="$(mktemp)"
trap 'rm -f "$script"' EXIT
cat >"$script" <<'SCRIPT'
metric() { # the sum of a Prometheus metric's samples whose line matches $2 (all when empty); 0 when it cannot be read
  { curl -sf "$url/observe/metrics" || true; } | grep -E "^$1(\{|\s)" | grep -E "${2:-.}" \
    | awk '{ s += $NF } END { printf "%d", s }' || true
}
sample() {
  local live old heap rss threads files conns
  live=$(( $(metric jvm_gc_live_data_size_bytes) >> 20 ))
  old=$(( $(metric jvm_memory_used_bytes 'Old Gen|Tenured') >> 20 ))
  heap=$(( $(metric jvm_memory_used_bytes 'area="heap"') >> 20 ))
  rss=$(( $(awk '/^VmRSS/ { print $2 }' "/proc/$app_pid/status") >> 10 ))
  threads=$(ls "/proc/$app_pid/task" | wc -l)
  files=$(ls "/proc/$app_pid/fd" | wc -l)
  conns=$(ss -tnpH state established '( dport = :5432 )' | grep -c "pid=$app_pid," || true)
  printf '%s MB | %s MB | %s MB | %s MB | %s | %s | %s' "$live" "$old" "$heap" "$rss" "$threads" "$files" "$conns"
}
if [[ -z "$SOAK_RATE" ]]; then
  max=$(harness --tasks 1000 --warmup 200 --concurrency 16 --no-events --goal "$SOAK_GOAL" \
    | awk '/^throughput/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { print $i; exit } }')
  SOAK_RATE=$(awk -v m="$max" 'BEGIN { printf "%.1f", m / 2 }')
  echo "soak: closed loop (16 clients) completed $max tasks/s; soaking at half: $SOAK_RATE tasks/s"
fi
per_minute=$(awk -v r="$SOAK_RATE" 'BEGIN { n = int(r * 60); printf "%d", n < 1 ? 1 : n }')
echo "soak: $SOAK_MINUTES rounds of $per_minute tasks at $SOAK_RATE tasks/s (at most 64 in flight), pid $app_pid"
echo "SOAK | minute | tasks/s | p50 ms | p99 ms | failed | heap live after the last old GC | old generation used | heap used | RSS | threads | open files | PostgreSQL connections | load average |"
echo "SOAK | 0 | | | | | $(sample) | $(cut -d' ' -f1 /proc/loadavg) |"
for m in $(seq 1 "$SOAK_MINUTES"); do
  out=$(harness --tasks "$per_minute" --warmup 0 --concurrency 64 --rate "$SOAK_RATE" --no-events --goal "$SOAK_GOAL")
  tps=$(awk '/^throughput/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { print $i; exit } }' <<<"$out")
  lat=$(grep -m1 -F '| end-to-end, client-observed' <<<"$out" || true)
  p50=$(awk -F'|' '{ gsub(/ /, "", $4); print $4 }' <<<"$lat")
  p99=$(awk -F'|' '{ gsub(/ /, "", $6); print $6 }' <<<"$lat")
  failed=$(grep -m1 -oE 'not COMPLETED: [0-9]+' <<<"$out" | grep -oE '[0-9]+$' || echo 0)
  echo "SOAK | $m | $tps | $p50 | $p99 | $failed | $(sample) | $(cut -d' ' -f1 /proc/loadavg) |"
  if [[ "$m" == 1 ]]; then
    echo "soak: the harness's own report of minute 1:"
    sed 's/^/soak:   /' <<<"$out"
  fi
done
SCRIPT
SOAK_MINUTES="$minutes" SOAK_RATE="$rate" SOAK_GOAL="$goal" \
  "$here/load.sh" --work /tmp/bench-soak "${load_args[@]}" --script "$script"
