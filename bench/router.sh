#!/usr/bin/env bash
# Router overhead: the same model call to a local stub, direct over HTTP and through Kor'tana's model router.
#   bench/router.sh [CALLS_PER_ROUND] [ROUNDS] [JDBC_URL|none]
# Needs the local PostgreSQL for the third row (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -pl routes -am test-compile -DskipTests >/dev/null
mvn -B -q -pl routes dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="routes/target/test-classes:routes/target/classes:processors/target/classes:contracts/target/classes:$(cat routes/target/bench.classpath)"
exec java -Xms512m -Xmx512m -cp "$cp" -Dlogback.configurationFile=config/logback.xml \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.kortana.bench.RouterOverheadBench "$@"
