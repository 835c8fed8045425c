#!/usr/bin/env bash
# Tool execution overhead: the same http.request POST to a local server, direct, through the ToolInvoker (in-line and
# through the tool-dispatch route), and with the PostgreSQL idempotency ledger.
#   bench/tools.sh [CALLS_PER_ROUND] [ROUNDS] [JDBC_URL|none]
# Needs the local PostgreSQL for the fourth row (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres); it
# migrates schema kortana_bench_tools from scratch and drops it afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
echo "tools.sh: $(uptime)"
java -Xms512m -Xmx512m -cp "$cp" -Dlogback.configurationFile=config/logback.xml \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.kortana.bench.ToolOverheadBench "$@"
echo "tools.sh: after: $(uptime)"
