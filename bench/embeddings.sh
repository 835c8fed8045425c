#!/usr/bin/env bash
# Semantic memory's costs: model load, embedding latency (sentence, episode), the similarities behind
# kortana.memory.min-similarity, and the Lucene HNSW index's committed write and tenant-filtered search.
#   bench/embeddings.sh [TEXTS_PER_SIZE] [MEMORIES] [TENANTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
echo "embeddings.sh: $(uptime)"
java -Xms512m -Xmx512m -cp "$cp" -Dlogback.configurationFile=config/logback.xml dev.kortana.bench.EmbeddingBench "$@"
echo "embeddings.sh: after: $(uptime)"
