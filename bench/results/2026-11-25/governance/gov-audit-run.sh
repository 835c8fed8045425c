#!/usr/bin/env bash
# Governance diagnostic: one local-PostgreSQL load run whose schema is kept until the audit log is counted and
# verified, then a short profiled run (jstack samples of the app), then cleanup.
set -uo pipefail
jar=/tmp/bench-app-gov/kortana.jar
bench=/tmp/loadbench/bench/target/kortana-bench.jar
port=18230; schema=bench_gov_audit; work=/tmp/bench-gov-audit; out=${1:-/tmp/bench-results/gov-audit}
mkdir -p "$work" "$out"
psql_test() { PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres test "$@"; }
printf 'kortana.db.schema = %s\n' "$schema" >"$work/bench.properties"
psql_test -c "DROP SCHEMA IF EXISTS $schema CASCADE"
rm -rf "$work/data"
echo "before start: $(uptime)"
java -jar "$jar" run --port $port --data-dir "$work/data" --db-url 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' --config "$work/bench.properties" >"$work/app.log" 2>&1 &
app=$!
trap 'kill -TERM $app 2>/dev/null; wait $app 2>/dev/null; psql_test -c "DROP SCHEMA IF EXISTS '$schema' CASCADE"; rm -rf "$work/data"' EXIT
for _ in $(seq 1 900); do [[ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' http://127.0.0.1:$port/observe/health/ready)" == 200 ]] && break; sleep 0.2; done
echo "ready: $(uptime)"
java -jar "$bench" --url http://127.0.0.1:$port --tasks 2000 --concurrency 16 --warmup 200 >"$out/load-local-audit.txt" 2>&1
grep -E '^(throughput|outcomes)' "$out/load-local-audit.txt"
{
  echo "== audit entries by kind ($schema, after 200 warmup + 2000 measured tasks)"
  psql_test -c "SELECT count(*) AS tasks, count(*) FILTER (WHERE status='COMPLETED') AS completed FROM $schema.tasks"
  psql_test -c "SELECT kind, count(*), count(DISTINCT task_id) AS tasks, round(count(*)::numeric / NULLIF(count(DISTINCT task_id),0), 2) AS per_task FROM $schema.audit_log GROUP BY kind ORDER BY kind"
  psql_test -c "SELECT count(*) AS entries, count(DISTINCT task_id) AS tasks, round(count(*)::numeric / count(DISTINCT task_id), 2) AS per_task, count(*) FILTER (WHERE task_id IS NULL) AS no_task FROM $schema.audit_log"
  psql_test -c "SELECT pg_size_pretty(pg_total_relation_size('$schema.audit_log')) AS audit_log_size, (SELECT seq FROM $schema.audit_head) AS head_seq"
  echo "== task_events per task for comparison"
  psql_test -c "SELECT round(count(*)::numeric / count(DISTINCT task_id), 2) AS events_per_task FROM $schema.task_events"
  echo "== GET /api/audit/verify, 3 times (load: $(uptime))"
  for i in 1 2 3; do
    curl -s -o "$work/verify-$i.json" -w "verify $i: http %{http_code}, %{time_total} s\n" http://127.0.0.1:$port/api/audit/verify
    head -c 400 "$work/verify-$i.json"; echo
  done
} >"$out/audit-counts.txt" 2>&1
cat "$out/audit-counts.txt"
# profile: jstack samples during a shorter run on the same app
echo "profile run: $(uptime)"
java -jar "$bench" --url http://127.0.0.1:$port --tasks 1500 --concurrency 16 --warmup 0 --no-events >"$out/load-local-profiled.txt" 2>&1 &
h=$!
sleep 3
for i in $(seq 1 20); do jstack $app >"$work/jstack-$i.txt" 2>/dev/null; sleep 0.4; done
wait $h
grep -E '^(throughput|outcomes)' "$out/load-local-profiled.txt"
cat "$work"/jstack-*.txt > "$out/jstack-samples.txt"
