#!/usr/bin/env bash
# Where Kor'tana's CPU goes under load: the packaged app on the local PostgreSQL (database bench_profile, fresh) with
# Java Flight Recorder on, the load harness at concurrency C with the 3-step plan of bench/peers.sh; then the hottest
# methods (top frames) and the hottest Kor'tana, Camel and library frames anywhere on the stack, from the samples.
#   bench/profile.sh [--tasks 3000] [--concurrency 16] [--jar routes/target/kortana.jar] [--out DIR]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks=3000 concurrency=16 jar="$root/routes/target/kortana.jar" out=/tmp/bench-profile
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tasks) tasks="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n 2,5p "$0"; exit 0 ;;
    *) echo "profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$root/bench/target/kortana-bench.jar" ]] || mvn -B -q -f "$root/bench/pom.xml" package
psql_test() { PGOPTIONS='--client-min-messages=warning' psql -qAt -h 127.0.0.1 -U postgres test -c "$1"; }
psql_test "DROP DATABASE IF EXISTS bench_profile"; psql_test "CREATE DATABASE bench_profile"
rm -rf "$out"; mkdir -p "$out"
port=18231
java -XX:StartFlightRecording=settings=profile,filename="$out/kortana.jfr" -jar "$jar" run --port "$port" \
  --data-dir "$out/data" --db-url 'jdbc:postgresql://127.0.0.1:5432/bench_profile?user=postgres' >"$out/app.log" 2>&1 &
app_pid=$!
trap 'kill -TERM $app_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do
  [[ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port/observe/health/ready" || true)" == 200 ]] && break
  sleep 0.2
done
step='{"tool":"text.summarize","args":{"text":"{{goal}}","sentences":1}}'
java -jar "$root/bench/target/kortana-bench.jar" --url "http://127.0.0.1:$port" --tasks "$tasks" --warmup 200 \
  --concurrency "$concurrency" --no-events --plan "[$step,$step,$step]" | grep -E '^(throughput|outcomes)'
jcmd "$app_pid" JFR.dump filename="$out/kortana.jfr" >/dev/null
kill -TERM "$app_pid"; wait "$app_pid" 2>/dev/null || true
trap - EXIT
psql_test "DROP DATABASE IF EXISTS bench_profile"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$out/kortana.jfr" >"$out/samples.txt"
total=$(grep -c 'jdk.ExecutionSample' "$out/samples.txt")
echo "samples: $total ($out/samples.txt)"
echo "--- top frames (where the CPU is spent), share of samples"
awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' "$out/samples.txt" \
  | sort | uniq -c | sort -rn | head -25 | awk -v t="$total" '{ c = $1; $1 = ""; printf "%5.1f%% %s\n", 100 * c / t, $0 }'
echo "--- frames anywhere on the stack (inclusive), share of samples"
awk '/jdk.ExecutionSample/ { delete seen } /^[ \t]+[a-z].*line:/ { f = $0; sub(/^[ \t]+/, "", f); sub(/line:.*/, "", f);
  if (!(f in seen)) { seen[f] = 1; print f } }' "$out/samples.txt" \
  | grep -E 'dev\.kortana|org\.apache\.camel\.(impl|processor|support)|jackson|postgresql|hikari|EdDSA|ed25519|lucene|djl|opentelemetry|regex' \
  | sort | uniq -c | sort -rn | head -40 | awk -v t="$total" '{ c = $1; $1 = ""; printf "%5.1f%% %s\n", 100 * c / t, $0 }'
