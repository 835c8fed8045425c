#!/usr/bin/env bash
# Policy evaluation: PolicyBook.decideStep over a 21-rule book, the built-in PolicyFilter, both together as the
# pipeline calls them (per step and per 5-step plan), and PolicyBook.decideModel; nanoseconds with HdrHistogram.
#   bench/policy.sh [DECISIONS_PER_ROUND] [ROUNDS]
# Needs no database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
echo "policy.sh: $(uptime)"
java -Xms512m -Xmx512m -cp "$cp" -Dlogback.configurationFile=config/logback.xml \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.kortana.bench.PolicyEvalBench "$@"
echo "policy.sh: after: $(uptime)"
