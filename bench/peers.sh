#!/usr/bin/env bash
# Kor'tana and its peers side by side, on the same PostgreSQL (127.0.0.1:5432, user postgres), doing the same 3-step
# durable work at the same concurrency, in interleaved rounds (the starting peer rotates), the load average recorded:
#   floor      a bare JDBC program: the task, 3 step checkpoints and the outcome, each committed (bench/peers, Java)
#   dbos       DBOS Transact for Java 1.1.0-m6: a @Workflow of three runSteps (bench/peers, Java)
#   langgraph  LangGraph.js with @langchain/langgraph-checkpoint-postgres, durability "sync" (bench/peers/langgraph)
#   kortana    the packaged Kor'tana, tasks over HTTP with an explicit plan of three text.summarize steps on the
#              offline model, driven by bench/target/kortana-bench.jar (closed loop; completion seen by polling)
# Each peer gets a fresh database bench_<peer>. Every line reports tasks/s, p50/p99 end to end, write transactions
# per task (transaction ids handed out during the measured tasks, on the whole server: run on a quiet machine) and
# CPU-ms per task of the peer's process and of all PostgreSQL processes (from /proc).
#   bench/peers.sh [--rounds 3] [--tasks 2000] [--warmup 200] [--concurrency 16] [--jar routes/target/kortana.jar]
#                  [--peers "floor dbos langgraph kortana"] [--goal TEXT] [--rate R]
# --goal  Kor'tana's task goal ("{n}" in it becomes a number of its own per task: goals that never repeat)
# --rate  open loop: every peer starts R tasks a second on a fixed schedule, at most --concurrency at once (default:
#         closed loop); a rate a peer cannot hold shows as fewer tasks/s than R and a long p99
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3 tasks=2000 warmup=200 concurrency=16
jar="$root/routes/target/kortana.jar"
peers="floor dbos langgraph kortana"
goal="Summarize the quarterly report"
rate=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --tasks) tasks="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --goal) goal="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    *) echo "peers.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

[[ -f "$jar" ]] || { echo "peers.sh: no app jar at $jar; build it with: mvn -B -q -DskipTests package" >&2; exit 2; }
[[ -f "$root/bench/target/kortana-bench.jar" ]] || mvn -B -q -f "$root/bench/pom.xml" package
[[ -f "$root/bench/peers/target/kortana-peers.jar" ]] || mvn -B -q -f "$root/bench/peers/pom.xml" package
[[ -d "$root/bench/peers/langgraph/node_modules" ]] || (cd "$root/bench/peers/langgraph" && npm ci --no-audit --no-fund)

psql_test() { PGOPTIONS='--client-min-messages=warning' psql -qAt -h 127.0.0.1 -U postgres test -c "$1"; }
fresh_db() { psql_test "DROP DATABASE IF EXISTS $1"; psql_test "CREATE DATABASE $1"; }
xid() { psql_test "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"; }
# utime + stime of every postgres process, plus the ended backends' (cutime + cstime of the postmaster), in ticks
pg_ticks() { cat /proc/[0-9]*/stat 2>/dev/null | awk '{ i = index($0, ") "); name = substr($0, index($0, "(") + 1, i - index($0, "(") - 1);
  if (name ~ /^postgres/) { n = split(substr($0, i + 2), f, " "); t += f[12] + f[13] + f[14] + f[15] } } END { print t + 0 }'; }
proc_ticks() { awk '{ i = index($0, ") "); split(substr($0, i + 2), f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }

run_kortana() {
  local port=18230 work=/tmp/bench-peers-kortana app_pid
  rm -rf "$work"; mkdir -p "$work"
  java ${KORTANA_JAVA_OPTS:-} -jar "$jar" run --port "$port" --data-dir "$work/data" \
    --db-url 'jdbc:postgresql://127.0.0.1:5432/bench_kortana?user=postgres' >"$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 900); do
    [[ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port/observe/health/ready" || true)" == 200 ]] && break
    kill -0 "$app_pid" 2>/dev/null || { echo "peers.sh: Kor'tana exited; see $work/app.log" >&2; return 1; }
    sleep 0.2
  done
  local plan='[{"tool":"text.summarize","args":{"text":"{{goal}}","sentences":1}},'
  plan+='{"tool":"text.summarize","args":{"text":"{{goal}}","sentences":1}},'
  plan+='{"tool":"text.summarize","args":{"text":"{{goal}}","sentences":1}}]'
  local harness=(java -jar "$root/bench/target/kortana-bench.jar" --url "http://127.0.0.1:$port" --concurrency "$concurrency"
    --warmup 0 --no-events --plan "$plan" --goal "$goal" --rate "$rate")
  "${harness[@]:0:${#harness[@]}-2}" --tasks "$warmup" >/dev/null # warm-up in a closed loop
  local x0 p0 a0 x1 p1 a1 out
  x0=$(xid); p0=$(pg_ticks); a0=$(proc_ticks "$app_pid")
  out=$("${harness[@]}" --tasks "$tasks")
  x1=$(xid); p1=$(pg_ticks); a1=$(proc_ticks "$app_pid")
  kill -TERM "$app_pid"; wait "$app_pid" 2>/dev/null || true
  echo "$out" >"$work/harness.txt"
  local done_rate p50 p99
  done_rate=$(echo "$out" | awk '/^throughput:/ { print $2 }')
  p50=$(echo "$out" | awk -F'|' '/end-to-end, client-observed/ { gsub(/ /, "", $4); print $4 }')
  p99=$(echo "$out" | awk -F'|' '/end-to-end, client-observed/ { gsub(/ /, "", $6); print $6 }')
  awk -v t="$tasks" -v c="$concurrency" -v o="$([[ "$rate" != 0 ]] && echo " | rate $rate/s")" -v r="$done_rate" -v p50="$p50" -v p99="$p99" -v x=$((x1 - x0)) -v a=$((a1 - a0)) \
      -v p=$((p1 - p0)) -v la="$(cat /proc/loadavg)" 'BEGIN { printf "PEER kortana | tasks %d | concurrency %d%s | %s tasks/s | p50 %s ms | p99 %s ms | %.2f write tx/task | app %.2f cpu-ms/task | postgres %.2f cpu-ms/task | load %s\n", t, c, o, r, p50, p99, x / t, a * 10 / t, p * 10 / t, la }'
}

run_peer() {
  fresh_db "bench_$1"
  case "$1" in
    floor|dbos) java -jar "$root/bench/peers/target/kortana-peers.jar" --peer "$1" --tasks "$tasks" --warmup "$warmup" \
      --concurrency "$concurrency" --rate "$rate" --url "jdbc:postgresql://127.0.0.1:5432/bench_$1?user=postgres" 2>/dev/null \
      | grep '^PEER' ;;
    langgraph) (cd "$root/bench/peers/langgraph" && node bench.mjs --tasks "$tasks" --warmup "$warmup" \
      --concurrency "$concurrency" --rate "$rate" --url "postgresql://postgres@127.0.0.1:5432/bench_langgraph") | grep '^PEER' ;;
    kortana) run_kortana ;;
    *) echo "peers.sh: unknown peer $1" >&2; return 2 ;;
  esac
  psql_test "DROP DATABASE IF EXISTS bench_$1"
}

read -r -a list <<<"$peers"
echo "peers.sh: $(date -u +%FT%TZ) | $(nproc) cpus | $(psql_test 'SHOW server_version') | app $(sha256sum "$jar" | cut -c1-12) | load $(cat /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for i in "${!list[@]}"; do
    peer="${list[$(((i + round - 1) % ${#list[@]}))]}"
    echo "round $round: $(run_peer "$peer")"
  done
done
