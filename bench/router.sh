#!/usr/bin/env bash
# Router overhead: the same model call to a local stub, direct over HTTP, through Kor'tana's model router (without and
# with the budget work, exact and sliced) and through the Portkey AI gateway (npm @portkey-ai/gateway, bench/peers/portkey).
#   bench/router.sh [CALLS_PER_ROUND] [ROUNDS] [JDBC_URL|none] [--no-gateway]
# Needs the local PostgreSQL for the budget rows (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
args=()
gateway=yes
for a in "$@"; do
  if [[ "$a" == "--no-gateway" ]]; then gateway=no; else args+=("$a"); fi
done
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
while [[ ${#args[@]} -lt 3 ]]; do
  case ${#args[@]} in 0) args+=(5000) ;; 1) args+=(3) ;; 2) args+=("jdbc:postgresql://127.0.0.1:5432/test?user=postgres") ;; esac
done
if [[ "$gateway" == yes ]]; then
  [[ -d "$root/bench/peers/portkey/node_modules" ]] || (cd "$root/bench/peers/portkey" && npm install --no-audit --no-fund)
  port=18787
  node "$root/bench/peers/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" --port=$port --headless \
    > target/portkey.log 2>&1 &
  pk=$!
  trap 'kill $pk 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
  args+=("http://127.0.0.1:$port")
fi
java -Xms512m -Xmx512m -cp "$cp" -Dlogback.configurationFile=config/logback.xml \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.kortana.bench.RouterOverheadBench "${args[@]}"
