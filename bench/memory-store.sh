#!/usr/bin/env bash
# What memory adds to a task, against a real PostgreSQL holding N memories: MemoryStore.search (a memory.search step)
# and MemoryStore.remember (the memory stage), p50/p99 per call with the statements sent, and a search's parts.
#   bench/memory-store.sh [ROWS=100000] [CALLS=2000] [JDBC_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
# Makes the schema bench_memory and drops it after. WORK (/tmp/kortana-memory-bench) holds the embedding cache shared
# with memory-search.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -o -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
echo "memory-store.sh: $(uptime); commit $(git rev-parse --short HEAD); $(nproc) CPUs"
ps -eo pcpu,etime,comm --sort=-pcpu | head -6
nice -n 15 java -Xmx1g -cp "$cp" -Dlogback.configurationFile=config/logback.xml -Dpool="${POOL:-30000}" \
  -Dwork="${WORK:-/tmp/kortana-memory-bench}" dev.kortana.bench.MemoryStoreBench "$@"
echo "memory-store.sh: after: $(uptime)"
