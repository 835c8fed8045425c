#!/usr/bin/env bash
# Memory in a long run: teach four incident reports, then send "summarize what memory knows about X" over the four
# topics in rounds, and compare the throughput and outcome size of the last rounds with the first. Then teach
# --fresh distinct facts one after another and report knowledge freshness (validated result -> searchable) p50/p99
# from each task's MEMORY_UPDATED event.
#   bench/memory-longrun.sh [--rounds R] [--tasks-per-round N] [--concurrency C] [--fresh F] [LOAD_SH_ARGS...]
# Defaults: 8 rounds of 250 tasks (2,000 recalls), 16 clients; LOAD_SH_ARGS go to bench/load.sh (e.g. --db local).
# Needs: mvn -B -q package -DskipTests (routes/target/kortana.jar) and mvn -q -f bench/pom.xml package
# (bench/target/kortana-bench.jar).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds=8
per_round=250
concurrency=16
fresh=200
load_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --tasks-per-round) per_round="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --fresh) fresh="$2"; shift 2 ;;
    -h|--help) sed -n 2,6p "$0"; exit 0 ;;
    *) load_args+=("$1"); shift ;;
  esac
done

script="$(mktemp)"
trap 'rm -f "$script"' EXIT
cat >"$script" <<SCRIPT
wait_task() {
  for _ in \$(seq 1 2400); do
    case "\$(curl -sf "\$url/api/tasks/\$1" | grep -o '"status":"[A-Z_]*"' | head -1)" in
      *COMPLETED*|*FAILED*|*REJECTED*|*CANCELLED*) return 0 ;;
    esac
    sleep 0.05
  done
  echo "memory-longrun: \$1 did not end" >&2
}
topics=("kafka outages" "database failovers" "certificate expiry" "deploy rollbacks")
reports=(
  "Kafka outage on 2 November: broker 3 ran out of disk and the cluster lost a partition leader. Consumers lagged for 40 minutes."
  "The PostgreSQL failover on 9 October took 42 seconds because the replica was 3 GB behind. We now alert on replication lag above 500 MB."
  "The API gateway certificate expired on 14 September and clients saw TLS errors for 25 minutes. Renewal is now automated 30 days before expiry."
  "The 21 August deploy was rolled back after checkout latency doubled; the cause was a missing index on orders.created_at.")
for i in 0 1 2 3; do
  curl -sf -o /dev/null -H 'Content-Type: application/json' "\$url/api/tasks" \\
    -d "{\"id\":\"teach-\$i\",\"goal\":\"summarize this incident report\",\"inputs\":{\"text\":\"\${reports[\$i]}\"}}"
done
for i in 0 1 2 3; do
  wait_task "teach-\$i"
done
echo "memory-longrun: taught 4 reports; \$(curl -sf "\$url/api/memories?q=incident+outage+failover+certificate+deploy&limit=50" | grep -o '"id":' | wc -l) facts found"
for r in \$(seq 1 $rounds); do
  topic="\${topics[\$(( (r - 1) % 4 ))]}"
  echo "memory-longrun: round \$r of $rounds, topic '\$topic', load \$(cut -d' ' -f1-3 /proc/loadavg)"
  harness --tasks $per_round --warmup 0 --concurrency $concurrency --no-events --goal "summarize what memory knows about \$topic" \\
    | grep -E "^throughput|^outcomes|p50" || true
done
for i in \$(seq 1 $fresh); do
  curl -sf -o /dev/null -H 'Content-Type: application/json' "\$url/api/tasks" \\
    -d "{\"id\":\"fresh-\$i\",\"goal\":\"summarize this note\",\"inputs\":{\"text\":\"Service \$i of the fleet moved to rack \$((i * 7 % 53)) in hall \$((i % 5)).\"}}" \\
    || echo "memory-longrun: fresh-\$i was refused"
  wait_task "fresh-\$i"
done
for i in \$(seq 1 $fresh); do
  curl -sf "\$url/api/tasks/fresh-\$i/events" | grep -o '"freshnessMs":[0-9]*' | cut -d: -f2
done | sort -n | awk '{ v[NR] = \$1 } END { if (NR) printf "memory-longrun: freshness of %d facts: p50 %d ms, p99 %d ms, max %d ms\\n", NR, v[int(NR * 0.5 + 0.5)], v[int(NR * 0.99 + 0.5)], v[NR] }'
echo "memory-longrun: largest memory \$(curl -sf "\$url/api/memories?q=kafka&limit=1" | grep -o '"content":"[^"]*"' | wc -c) bytes of content for kafka"
SCRIPT
"$here/load.sh" --work /tmp/bench-longrun "${load_args[@]}" --script "$script"
