#!/usr/bin/env bash
# Search at volume: loads ROWS synthetic events into a scratch database that has the audit-service
# migrations, then EXPLAIN ANALYZEs the search queries (one page of 50, newest first, per filter).
# Needs the psql client and a PostgreSQL you may create a database on, e.g. the local stack's:
#   PGHOST=127.0.0.1 PGPORT=15432 PGUSER=postgres ROWS=10000000 audit-service/bench/search-bench.sh
set -euo pipefail
cd "$(dirname "$0")"
: "${PGHOST:=127.0.0.1}" "${PGPORT:=15432}" "${PGUSER:=postgres}" "${ROWS:=10000000}"
export PGHOST PGPORT PGUSER
db=wg_search_bench
psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
for migration in ../src/main/resources/db/migration/V*.sql; do
  psql -q -d "$db" -v ON_ERROR_STOP=1 -f "$migration"
done
psql -d "$db" -v ON_ERROR_STOP=1 -v rows="$ROWS" -f search-load.sql | grep -E 'INSERT|Time'
psql -d "$db" -f search-explain.sql | grep -E '^Q|Planning Time|Execution Time'
echo "drop it when done: psql -d postgres -c 'DROP DATABASE $db'"
