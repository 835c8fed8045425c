#!/usr/bin/env bash
# Router overhead: the same model call to a local stub, direct over HTTP and through Kor'tana's model router.
#   bench/router.sh [CALLS_PER_ROUND] [ROUNDS] [JDBC_URL|none]
# Needs the local PostgreSQL for the third row (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
exec java -Xms512m -Xmx512m -cp "$cp" -Dlogback.configurationFile=config/logback.xml \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.kortana.bench.RouterOverheadBench "$@"
