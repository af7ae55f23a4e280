#!/usr/bin/env bash
# Starts the whole waybill-guard suite on this machine, in the foreground:
# PostgreSQL, Redis and Keycloak from Maven artifacts, then the three services.
# Ctrl-C stops everything it started. Every port, URL and credential can be
# overridden by environment variable (see the README's configuration table).
set -euo pipefail
cd "$(dirname "$0")"

modules=(local-stack access-gateway waybill-service audit-service)
artifact() {
  case "$1" in
    local-stack) echo "local-stack/target/local-stack.jar" ;;
    *) echo "$1/target/quarkus-app/quarkus-run.jar" ;;
  esac
}

# Builds when a jar is missing or any source or POM is newer than it.
stale() {
  local m jar
  for m in "${modules[@]}"; do
    jar=$(artifact "$m")
    [ -f "$jar" ] || return 0
    [ -z "$(find "$m/src" "$m/pom.xml" pom.xml -newer "$jar" -print -quit)" ] || return 0
  done
  return 1
}

if stale; then
  echo "[run.sh] building the services (first run or sources changed)..."
  ./mvnw -B -ntp -q package -DskipTests
fi

# the launcher's own libraries (embedded PostgreSQL and Redis) sit beside it in target/lib
exec java -cp "$(artifact local-stack):local-stack/target/lib/*" com.waybillguard.stack.LocalStack "$PWD"
