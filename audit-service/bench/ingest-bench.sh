#!/usr/bin/env bash
# Ingest benchmark of audit-service: XADDs N events (default 50,000) into a real Redis, lets the
# service chain them into a real PostgreSQL, and reports the ingest rate (events/s), the end-to-end
# lag (occurredAt -> ingestedAt, p50/p95/max) and the plans of the search queries on a few hundred
# thousand synthetic rows. Report: audit-service/target/ingest-bench.txt
#   audit-service/bench/ingest-bench.sh [events] [synthetic rows]
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS="${1:-50000}"
ROWS="${2:-300000}"
./mvnw -B -ntp -pl local-stack,test-support,audit-service verify \
  -Dtest=IngestBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dwg.bench=true -Dwg.bench.events="$EVENTS" -Dwg.bench.rows="$ROWS"
cat audit-service/target/ingest-bench.txt
