#!/usr/bin/env bash
# The fuzz suite (docs/RELIABILITY.md) at any length: FuzzIT sends CASES hostile and good tasks over HTTP, the inbox
# and Kafka (a third each) to one Kor'tana and fails on any server error, junk accepted, good task lost or changed.
#   bench/fuzz.sh [CASES] [SEED]       e.g. bench/fuzz.sh 200000      (the long run; CI runs 10,500)
# A failure prints its seed; bench/fuzz.sh CASES SEED replays the same cases. Needs PostgreSQL on 127.0.0.1:5432
# (or KORTANA_TEST_DB_URL). Results: routes/target/failsafe-reports/dev.kortana.it.FuzzIT-output.txt
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cases="${1:-200000}"
seed_arg=()
if [[ $# -ge 2 ]]; then
  seed_arg=("-Dkortana.fuzz.seed=$2")
fi
mvn -B -o -q verify -pl routes -am -Dit.test=FuzzIT -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false "-Dkortana.fuzz.cases=$cases" "${seed_arg[@]}"
grep -h '^FuzzIT\|^  ' routes/target/failsafe-reports/dev.kortana.it.FuzzIT-output.txt
