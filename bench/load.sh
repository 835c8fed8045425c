#!/usr/bin/env bash
# One load run: start the packaged Kor'tana, wait until ready, run the harness against it, stop it, clean up.
#   bench/load.sh [--db embedded|local] [--jar JAR] [--port P] [--work DIR] [--schema NAME] [--kafka] [--script FILE]
#                 [-- HARNESS_ARGS...]
# --jar          the app (default routes/target/kortana.jar; point it at a copy so a rebuild cannot change it mid-run)
# --db embedded  embedded PostgreSQL under a fresh data dir in --work (default)
# --db local     the PostgreSQL server on 127.0.0.1:5432 (database test, user postgres), in schema --schema,
#                which is dropped before and after the run
# HARNESS_ARGS go to java -jar bench/target/kortana-bench.jar (its --url is set here).
# --kafka        start a KRaft broker (the tests' one, as a process: dev.kortana.it.StandaloneKafka), turn Kor'tana's
#                Kafka channel on and send the harness's tasks over it (its --kafka)
# --script FILE  instead of one harness run, source FILE once the app is ready: it sees $url and calls
#                `harness ARGS...` as often as it likes (bench/memory-longrun.sh uses this)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db=embedded
jar="$root/routes/target/kortana.jar"
port=18220
work=/tmp/bench-load
schema=bench_load
harness_args=()
script=""
kafka=no
kafka_pid=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --schema) schema="$2"; shift 2 ;;
    --script) script="$2"; shift 2 ;;
    --kafka) kafka=yes; shift ;;
    --) shift; harness_args=("$@"); break ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$schema" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "load.sh: schema must match [a-z_][a-z0-9_]*" >&2; exit 2; }

psql_test() { PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres test -c "$1"; }
# What else is using the CPU (another build?): the busiest processes over one second.
busiest() { top -b -n 2 -d 1 -w 160 | awk '/^top -/ { n++ } n == 2' | sed -n '7,11p'; }

app_args=()
if [[ "$db" == local ]]; then
  mkdir -p "$work"
  printf 'kortana.db.schema = %s\n' "$schema" >"$work/bench.properties"
  app_args=(--db-url 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' --config "$work/bench.properties")
  psql_test "DROP SCHEMA IF EXISTS $schema CASCADE"
elif [[ "$db" != embedded ]]; then
  echo "load.sh: --db is embedded or local" >&2; exit 2
fi

data="$work/data"
rm -rf "$data"
mkdir -p "$work"
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [[ -n "$kafka_pid" ]]; then
    kill -TERM "$kafka_pid" 2>/dev/null || true
    wait "$kafka_pid" 2>/dev/null || true
  fi
  rm -rf "$data" "$work/kafka"
  [[ "$db" == local ]] && psql_test "DROP SCHEMA IF EXISTS $schema CASCADE"
  return 0
}
trap cleanup EXIT INT TERM

echo "load.sh: db $db, port $port, app $jar ($(sha256sum "$jar" | cut -c1-12)); before start: $(uptime)"
busiest
kafka_args=()
if [[ "$kafka" == yes ]]; then
  # One reactor run, so the sibling modules resolve to their freshly compiled classes (as bench/router.sh).
  (cd "$root" && mvn -B -q -pl routes -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath)
  kcp="$root/routes/target/test-classes:$root/routes/target/classes:$(cat "$root/routes/target/bench.classpath")"
  rm -rf "$work/kafka"
  java -Xmx512m -cp "$kcp" dev.kortana.it.StandaloneKafka "$work/kafka" >"$work/kafka.log" 2>&1 &
  kafka_pid=$!
  bootstrap=""
  for _ in $(seq 1 300); do
    bootstrap=$(sed -n 's/^bootstrap=//p' "$work/kafka.log")
    [[ -n "$bootstrap" ]] && break
    kill -0 "$kafka_pid" 2>/dev/null || { echo "load.sh: the broker exited; see $work/kafka.log" >&2; exit 1; }
    sleep 0.2
  done
  [[ -n "$bootstrap" ]] || { echo "load.sh: the broker did not come up; see $work/kafka.log" >&2; exit 1; }
  echo "load.sh: Kafka at $bootstrap"
  app_args+=(--kafka-brokers "$bootstrap")
  kafka_args=(--kafka "$bootstrap")
fi
java -jar "$jar" run --port "$port" --data-dir "$data" "${app_args[@]}" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 900); do
  [[ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port/observe/health/ready" || true)" == 200 ]] && break
  kill -0 "$app_pid" 2>/dev/null || { echo "load.sh: the app exited; see $work/app.log" >&2; exit 1; }
  sleep 0.2
done
echo "load.sh: ready; before load: $(uptime)"
busiest
url="http://127.0.0.1:$port"
harness() { java -jar "$root/bench/target/kortana-bench.jar" --url "$url" "${kafka_args[@]}" "$@"; }
if [[ -n "$script" ]]; then
  # shellcheck source=/dev/null
  source "$script"
else
  harness "${harness_args[@]}"
fi
echo "load.sh: after load: $(uptime)"
