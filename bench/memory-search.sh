#!/usr/bin/env bash
# Top-10 memory search at scale: latency (p50/p99/max) through VectorIndex.nearest, tenant-filtered, and recall@10
# against an exact brute-force top 10, with build time, index size and heap, as built and merged to one segment.
#   bench/memory-search.sh [MEMORIES ...]        (default 100000; e.g. 100000 1000000)
# Options as environment: QUERIES (2000), POOL (30000 sentences embedded with MiniLM), SHARES (tenant shares,
# 0.5,0.3,0.15,0.04,0.01), WORK (/tmp/kortana-memory-bench: embedding cache and indexes), HEAP (-Xmx, 4g), INDEX (an
# index of that size an earlier run left, e.g. `cp -al` of WORK/index-N taken after its compact: measured, not built).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One reactor run, so the sibling modules resolve to their freshly compiled classes.
mvn -B -q -o -pl routes -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.classpath)"
echo "memory-search.sh: $(uptime); commit $(git rev-parse --short HEAD); $(nproc) CPUs"
ps -eo pcpu,etime,comm --sort=-pcpu | head -6
# nice: the machine is shared; the numbers are single-thread latencies, so they need one free CPU, not priority.
nice -n 15 java -Xmx"${HEAP:-4g}" -cp "$cp" -Dlogback.configurationFile=config/logback.xml \
  -Dqueries="${QUERIES:-2000}" -Dpool="${POOL:-30000}" -Dshares="${SHARES:-0.5,0.3,0.15,0.04,0.01}" \
  -Dwork="${WORK:-/tmp/kortana-memory-bench}" ${INDEX:+-Dindex="$INDEX"} dev.kortana.bench.MemorySearchBench "$@"
echo "memory-search.sh: after: $(uptime)"
