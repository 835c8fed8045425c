#!/usr/bin/env bash
# The self-healing scenario (issue 16): the packaged Kor'tana over HTTP, the inbox and Kafka while its models and
# tools fail in every way it is meant to heal from, and one kill -9 mid-call. Prints the SCENARIO lines: tasks,
# Autonomy Index, incidents by kind and Self-Healing Coverage. Needs PostgreSQL on 127.0.0.1:5432 (database test).
# Usage: bench/scenario.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q verify -pl routes -am -Dit.test=SelfHealingScenarioIT -Dtest=NoSuch \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
grep '^SCENARIO' routes/target/failsafe-reports/dev.kortana.it.SelfHealingScenarioIT-output.txt
