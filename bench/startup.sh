#!/usr/bin/env bash
# Startup time of Kor'tana: launch → first 200 from /observe/health/ready, on a fresh and on a reused data dir.
#   bench/startup.sh [--runs N] [--port P] [--work DIR] [--jar JAR | --launcher CMD] [--before-fresh CMD] [-- APP_ARGS...]
# --jar         the app jar (default <repo>/routes/target/kortana.jar), started with java -jar
# --launcher    how to start the app instead (default: java -jar JAR); "run --port P
#               --data-dir D" and APP_ARGS are appended. Pass "./kortana" to include the launcher script.
# --before-fresh a shell command run before each fresh start, e.g. dropping the schema of an external database.
# Every started process is stopped (SIGTERM, then SIGKILL after 60 s); fresh data dirs are removed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
port=18210
work=/tmp/bench-startup
launcher="java -jar $root/routes/target/kortana.jar"
before_fresh=""
app_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --jar) launcher="java -jar $2"; shift 2 ;;
    --launcher) launcher="$2"; shift 2 ;;
    --before-fresh) before_fresh="$2"; shift 2 ;;
    --) shift; app_args=("$@"); break ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "startup.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

app_pid=""
ready_ms=0
stop_app() {
  [[ -z "$app_pid" ]] && return 0
  kill -TERM "$app_pid" 2>/dev/null || true
  for _ in $(seq 1 600); do
    kill -0 "$app_pid" 2>/dev/null || { wait "$app_pid" 2>/dev/null || true; app_pid=""; return 0; }
    sleep 0.1
  done
  echo "startup.sh: $app_pid did not stop within 60 s, killing it" >&2
  kill -KILL "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}
trap stop_app EXIT INT TERM

# Starts the app on data dir $1 and sets ready_ms to the milliseconds until ready answers 200.
time_start() {
  local dir="$1" log="$1.log" start now code
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # the launcher is a command line on purpose
  $launcher run --port "$port" --data-dir "$dir" "${app_args[@]}" >"$log" 2>&1 &
  app_pid=$!
  while true; do
    code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port/observe/health/ready" || true)
    now=$(date +%s%N)
    [[ "$code" == 200 ]] && break
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "startup.sh: the app exited before it was ready; see $log" >&2
      exit 1
    fi
    (( (now - start) > 180000000000 )) && { echo "startup.sh: not ready after 180 s; see $log" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( (now - start) / 1000000 ))
}

summary() {
  local label="$1"; shift
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  local n=$#
  local min max median
  min=$(echo "$sorted" | head -1)
  max=$(echo "$sorted" | tail -1)
  if (( n % 2 == 1 )); then
    median=$(echo "$sorted" | sed -n "$(( n / 2 + 1 ))p")
  else
    median=$(( ( $(echo "$sorted" | sed -n "$(( n / 2 ))p") + $(echo "$sorted" | sed -n "$(( n / 2 + 1 ))p") ) / 2 ))
  fi
  printf '| %s | %d | %d | %d | %d | %s |\n' "$label" "$n" "$min" "$median" "$max" "$(echo $sorted | tr ' ' ',')"
}

mkdir -p "$work"
echo "startup.sh: launcher '$launcher', port $port, runs $runs, app args '${app_args[*]}'"

fresh=()
for i in $(seq 1 "$runs"); do
  dir="$work/fresh-$i"
  rm -rf "$dir" "$dir.log"
  [[ -n "$before_fresh" ]] && bash -c "$before_fresh" >/dev/null
  echo "fresh   run $i: load $(cut -d' ' -f1-3 /proc/loadavg)"
  time_start "$dir"
  stop_app
  rm -rf "$dir"
  echo "fresh   run $i: ready after $ready_ms ms"
  fresh+=("$ready_ms")
done

reused_dir="$work/reused"
rm -rf "$reused_dir"
[[ -n "$before_fresh" ]] && bash -c "$before_fresh" >/dev/null
echo "reused: priming $reused_dir (not counted)"
time_start "$reused_dir"
stop_app
reused=()
for i in $(seq 1 "$runs"); do
  echo "reused  run $i: load $(cut -d' ' -f1-3 /proc/loadavg)"
  time_start "$reused_dir"
  stop_app
  echo "reused  run $i: ready after $ready_ms ms"
  reused+=("$ready_ms")
done
rm -rf "$reused_dir"

echo
echo "| data dir | runs | min ms | median ms | max ms | all ms |"
echo "|---|---:|---:|---:|---:|---|"
summary fresh "${fresh[@]}"
summary reused "${reused[@]}"
