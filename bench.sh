#!/usr/bin/env bash
# The benchmark of waybill-guard (issue 10): starts (or reuses) the local stack, loads a realistic data
# set in bulk, drives the public API with simulated clerks and couriers (wrk + bench/protected-read.lua),
# measures a pgbench baseline on the same PostgreSQL, writes target/bench/result.json and appends a
# row to BENCHMARKS.md. Every figure it reports is measured in this run. See BENCHMARKS.md for the
# columns; the settings below are environment variables.
#
# Needs: java (as ./run.sh), wrk, psql + pgbench, redis-cli, jq, curl
#   (Debian: apt-get install -y wrk postgresql-client redis-tools jq curl).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

# ---- settings ----
BENCH_REUSE=${BENCH_REUSE:-0}                  # 1: use a running stack (ports from WG_* variables) instead of starting one
BENCH_WAYBILLS=${BENCH_WAYBILLS:-1000000}      # bulk-loaded waybills (on top of the demo seed)
BENCH_AUDIT_EVENTS=${BENCH_AUDIT_EVENTS:-1000000}    # audit history pushed into the stream when not loaded yet
BENCH_AUDIT_REMEASURE=${BENCH_AUDIT_REMEASURE:-100000} # events pushed to measure ingest when the history is already there (0: skip)
BENCH_AUDIT_DRAIN_TIMEOUT=${BENCH_AUDIT_DRAIN_TIMEOUT:-420} # seconds to wait for ingest to catch up
BENCH_CLERKS=${BENCH_CLERKS:-40}
BENCH_COURIERS=${BENCH_COURIERS:-20}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-64}     # at saturation
BENCH_DURATION=${BENCH_DURATION:-20}           # seconds at saturation
BENCH_WARMUP=${BENCH_WARMUP:-240}              # seconds of warm-up (not reported; in runs of at most 120 s): on 2 cores the
                                               # JIT compilers of three JVMs need minutes of load (BENCHMARKS.md)
BENCH_RATES=${BENCH_RATES-"100 300"}           # fixed offered loads, protected reads/s ("" to skip)
BENCH_RATE_CONNECTIONS=${BENCH_RATE_CONNECTIONS:-16}
BENCH_RATE_DURATION=${BENCH_RATE_DURATION:-15}
BENCH_PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-10}
BENCH_PROFILE=${BENCH_PROFILE:-0}              # 1: a JFR recording of each service during the saturation run, summed up
                                               #    by bench/JfrTop.java into target/bench/profile-<service>.txt
BENCH_PGBENCH_CLIENTS=${BENCH_PGBENCH_CLIENTS:-8}
BENCH_SEARCH_REPEAT=${BENCH_SEARCH_REPEAT:-20}   # times each audit search is timed (step 4e)
BENCH_USER_PASSWORD=${BENCH_USER_PASSWORD:-bench-only-local-1}
BENCH_ADMIN_USER=${BENCH_ADMIN_USER:-admin}    # a realm admin (demo account) for the quota overrides
BENCH_ADMIN_PASSWORD=${BENCH_ADMIN_PASSWORD:-demo}

OUT=$ROOT/target/bench
mkdir -p "$OUT"
step() { printf '\n[bench] %s — %s\n' "$(date -u +%H:%M:%S)" "$*"; }
info() { printf '[bench]   %s\n' "$*"; }
die() { printf '[bench] FAILED: %s\n' "$*" >&2; exit 1; }
for tool in wrk psql pgbench redis-cli jq curl java ss; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y wrk postgresql-client redis-tools jq curl)"
done

port_busy() { ss -Hltn "sport = :$1" | grep -q .; }
# the default port when it is free, else the next free one from 20000 on (never one handed out already)
TAKEN=" "
pick_port() {
  local p=$1
  if port_busy "$p" || [[ $TAKEN == *" $p "* ]]; then
    p=20000
    while port_busy "$p" || [[ $TAKEN == *" $p "* ]]; do p=$((p + 1)); done
  fi
  TAKEN="$TAKEN$p "
  echo "$p"
}

# ---- 1. the stack ----
STACK_PID=""
stop_stack() {
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    step "7. stopping the stack this run started (pid $STACK_PID)"
    kill -TERM "$STACK_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$STACK_PID" 2>/dev/null && kill -KILL "$STACK_PID" 2>/dev/null || true
  fi
  [ -n "${SAMPLER_PID:-}" ] && kill "$SAMPLER_PID" 2>/dev/null || true
}
trap stop_stack EXIT

if [ "$BENCH_REUSE" = 1 ]; then
  step "1. reusing the running stack (BENCH_REUSE=1)"
  export WG_PG_PORT=${WG_PG_PORT:-15432} WG_REDIS_PORT=${WG_REDIS_PORT:-16379} WG_KEYCLOAK_PORT=${WG_KEYCLOAK_PORT:-8180}
  export WG_GATEWAY_PORT=${WG_GATEWAY_PORT:-8080} WG_WAYBILL_PORT=${WG_WAYBILL_PORT:-8081} WG_AUDIT_PORT=${WG_AUDIT_PORT:-8082}
  export WG_AUDIT_MANAGEMENT_PORT=${WG_AUDIT_MANAGEMENT_PORT:-9082}
  info "detection modes are the running stack's: start it with WG_DETECTION_*_MODE=shadow, or the simulated accounts get suspended"
else
  step "1. starting the local stack in the background (data in target/bench-stack, log target/bench/stack.log)"
  export WG_DATA_DIR=${WG_DATA_DIR:-$ROOT/target/bench-stack}
  export WG_PG_PORT=$(pick_port "${WG_PG_PORT:-15432}") WG_REDIS_PORT=$(pick_port "${WG_REDIS_PORT:-16379}")
  export WG_KEYCLOAK_PORT=$(pick_port "${WG_KEYCLOAK_PORT:-8180}") WG_KEYCLOAK_MANAGEMENT_PORT=$(pick_port "${WG_KEYCLOAK_MANAGEMENT_PORT:-9180}")
  export WG_GATEWAY_PORT=$(pick_port "${WG_GATEWAY_PORT:-8080}") WG_WAYBILL_PORT=$(pick_port "${WG_WAYBILL_PORT:-8081}")
  export WG_AUDIT_PORT=$(pick_port "${WG_AUDIT_PORT:-8082}") WG_GATEWAY_MANAGEMENT_PORT=$(pick_port "${WG_GATEWAY_MANAGEMENT_PORT:-9080}")
  export WG_WAYBILL_MANAGEMENT_PORT=$(pick_port "${WG_WAYBILL_MANAGEMENT_PORT:-9081}") WG_AUDIT_MANAGEMENT_PORT=$(pick_port "${WG_AUDIT_MANAGEMENT_PORT:-9082}")
  # Keycloak creates its admin on the first start of a data dir only: keep the password beside the data
  mkdir -p "$WG_DATA_DIR"
  if [ -z "${WG_KEYCLOAK_ADMIN_PASSWORD:-}" ]; then
    [ -s "$WG_DATA_DIR/bench-keycloak-admin" ] || head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WG_DATA_DIR/bench-keycloak-admin"
    WG_KEYCLOAK_ADMIN_PASSWORD=$(cat "$WG_DATA_DIR/bench-keycloak-admin")
  fi
  export WG_KEYCLOAK_ADMIN_PASSWORD
  # a benchmark is not an attack: every detection rule alerts only (shadow), none suspends
  export WG_DETECTION_ENUMERATION_MODE=shadow WG_DETECTION_SHARED_ACCOUNT_MODE=shadow WG_DETECTION_VOLUME_MODE=shadow
  export WG_DETECTION_SCOPE_PROBING_MODE=shadow WG_DETECTION_OFF_HOURS_MODE=shadow
  # the per-outlet daily ceiling (20,000 by default) would stop a benchmark day; accounts are lifted in step 3
  export WG_QUOTA_OUTLET_PER_DAY=${WG_QUOTA_OUTLET_PER_DAY:-100000000}
  # and the ceilings of an account override (step 3 lifts each account far above a clerk's day)
  export WG_QUOTA_OVERRIDE_MAX_PER_MINUTE=${WG_QUOTA_OVERRIDE_MAX_PER_MINUTE:-100000} WG_QUOTA_OVERRIDE_MAX_PER_HOUR=${WG_QUOTA_OVERRIDE_MAX_PER_HOUR:-1000000}
  export WG_QUOTA_OVERRIDE_MAX_PER_DAY=${WG_QUOTA_OVERRIDE_MAX_PER_DAY:-10000000}
  info "ports: gateway $WG_GATEWAY_PORT, waybill $WG_WAYBILL_PORT, audit $WG_AUDIT_PORT, PostgreSQL $WG_PG_PORT, Redis $WG_REDIS_PORT, Keycloak $WG_KEYCLOAK_PORT"
  : > "$OUT/stack.log"
  setsid ./run.sh > "$OUT/stack.log" 2>&1 &
  STACK_PID=$!
  info "waiting for 'waybill-guard ready' (builds first if needed; Keycloak's first start takes a minute or two)"
  for _ in $(seq 1 900); do
    grep -q "waybill-guard ready" "$OUT/stack.log" && break
    kill -0 "$STACK_PID" 2>/dev/null || { tail -20 "$OUT/stack.log"; die "the stack stopped; see target/bench/stack.log"; }
    sleep 1
  done
  grep -q "waybill-guard ready" "$OUT/stack.log" || die "the stack was not ready within 15 min"
  info "$(grep -m1 'Started in' "$OUT/stack.log" | sed 's/^ *//')"
fi
GW=http://127.0.0.1:$WG_GATEWAY_PORT
KC=http://127.0.0.1:$WG_KEYCLOAK_PORT
REALM=$KC/realms/waybill-guard
AUDIT_METRICS=http://127.0.0.1:$WG_AUDIT_MANAGEMENT_PORT/q/metrics
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$WG_PG_PORT" -U postgres)
SECRETS=${WG_DATA_DIR:-$ROOT/target/bench-stack}/secrets
# Redis has one ACL user per service and no anonymous access: the benchmark is the stack's operator
[ -s "$SECRETS/password-redis-operator" ] || die "no Redis operator password in $SECRETS (set WG_DATA_DIR to the stack's data directory)"
REDISCLI_AUTH=$(cat "$SECRETS/password-redis-operator")
export REDISCLI_AUTH
REDIS=(redis-cli -h 127.0.0.1 -p "$WG_REDIS_PORT" --user operator)
STREAM='{wg}:audit:events'

# ---- 2. the data set ----
step "2a. waybills: at least $BENCH_WAYBILLS bulk-loaded rows in the waybill database"
# the bulk rows are YT9 + 12 digits (15 characters); the demo seed's are shorter
have=$("${PSQL[@]}" -d waybill -tAc "select count(*) from waybill where waybill_no like 'YT9%' and length(waybill_no) = 15")
if [ "$have" -ge "$BENCH_WAYBILLS" ]; then
  info "already loaded ($have rows): skipped"
  waybill_load_s=null
else
  info "loading with INSERT ... SELECT generate_series (bench/load-waybills.sql), $have there"
  t0=$(date +%s.%N)
  "${PSQL[@]}" -d waybill -v rows="$BENCH_WAYBILLS" \
    -v outlets="$(cat waybill-service/src/main/resources/outlets/outlets-v1.json)" -f bench/load-waybills.sql
  waybill_load_s=$(echo "$(date +%s.%N) - $t0" | bc)
  info "loaded in ${waybill_load_s} s"
fi
waybills_total=$("${PSQL[@]}" -d waybill -tAc "select count(*) from waybill")
info "waybills in the database: $waybills_total"

metric() { # value of a Prometheus counter/gauge of audit-service (first series)
  curl -sf "$AUDIT_METRICS" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { print $2; exit }'
}
backlog() { "${REDIS[@]}" --eval bench/audit-backlog.lua "$STREAM" , audit-service | paste -sd' '; }

step "2b. audit events: at least $BENCH_AUDIT_EVENTS in the audit log, pushed into the stream $STREAM in bulk"
hist=$("${PSQL[@]}" -d audit -tAc "select count(*) from audit_event where actor_sub >= 'hist-' and actor_sub < 'hist.'")
if [ "$hist" -ge "$BENCH_AUDIT_EVENTS" ]; then
  push=$BENCH_AUDIT_REMEASURE
  info "history already loaded ($hist events); pushing $push more to measure ingest in this run"
else
  push=$((BENCH_AUDIT_EVENTS - hist))
  info "$hist there; pushing $push (bench/PushAuditEvents.java | redis-cli --pipe, signed, events of the last 7 days)"
fi
# the history is signed as the gateway and waybill-service sign their entries, with the stack's stream keys
for svc in access-gateway waybill-service; do
  [ -s "$SECRETS/stream-key-$svc" ] || die "no stream key in $SECRETS/stream-key-$svc (set WG_DATA_DIR to the stack's data directory)"
done
run_id=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
newest=$(($(date +%s) - 7200))
ingested0=$(metric wg_audit_events_ingested_total); ingested0=${ingested0:-0}
t0=$(date +%s.%N)
if [ "$push" -gt 0 ]; then
  BENCH_GATEWAY_STREAM_KEY=$(cat "$SECRETS/stream-key-access-gateway") BENCH_WAYBILL_STREAM_KEY=$(cat "$SECRETS/stream-key-waybill-service") \
    java bench/PushAuditEvents.java "$STREAM" "$run_id" "$push" "$newest" | "${REDIS[@]}" --pipe > "$OUT/push.txt" \
    || { cat "$OUT/push.txt"; die "pushing the history failed"; }
fi
t_pushed=$(date +%s.%N)
info "pushed $push events in $(echo "$t_pushed - $t0" | bc) s; waiting for audit-service to store them (at most ${BENCH_AUDIT_DRAIN_TIMEOUT} s)"
while :; do
  read -r age undelivered pending _ <<< "$(backlog)"
  now=$(date +%s.%N)
  elapsed=$(echo "$now - $t0" | bc)
  done_n=$(( $(printf '%.0f' "$(metric wg_audit_events_ingested_total)") - $(printf '%.0f' "$ingested0") ))
  info "$(printf '%5.0f s: %d stored, backlog age %d ms, pending %d' "$elapsed" "$done_n" "$age" "$pending")"
  [ "$age" -le 0 ] && break
  if [ "$(echo "$elapsed > $BENCH_AUDIT_DRAIN_TIMEOUT" | bc)" = 1 ]; then info "not drained in time: the load runs with a backlog (recorded)"; break; fi
  sleep 5
done
audit_drain_s=$(echo "$(date +%s.%N) - $t0" | bc)
audit_ingested=$done_n
if [ "$push" -gt 0 ]; then
  audit_ingest_events_per_s=$(echo "scale=1; $audit_ingested / $audit_drain_s" | bc)
else
  audit_ingest_events_per_s=null   # BENCH_AUDIT_REMEASURE=0: not measured in this run
fi
audit_backlog_at_load_ms=$age
audit_events_total=$("${PSQL[@]}" -d audit -tAc "select count(*) from audit_event")
info "ingest: $audit_ingested events stored in $audit_drain_s s = $audit_ingest_events_per_s events/s; audit log holds $audit_events_total events"

# ---- 3. accounts ----
step "3. $BENCH_CLERKS clerks and $BENCH_COURIERS couriers in the realm (Keycloak admin API), tokens, quotas lifted"
[ -n "${WG_KEYCLOAK_ADMIN_PASSWORD:-}" ] || die "WG_KEYCLOAK_ADMIN_PASSWORD is needed (the stack's Keycloak admin password)"
kc_admin=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin \
  --data-urlencode "password=$WG_KEYCLOAK_ADMIN_PASSWORD" "$KC/realms/master/protocol/openid-connect/token" | jq -r .access_token) \
  || die "no Keycloak admin token: WG_KEYCLOAK_ADMIN_PASSWORD must be the password Keycloak's admin got on its first start"
KCA=(-H "Authorization: Bearer $kc_admin" -H "Content-Type: application/json")
# outlets a clerk attribute may name (the realm's pattern ^[A-Z]{2}-[A-Z]{2,4}$)
mapfile -t OUTLETS < <(jq -r '.outlets[].id | select(test("^[A-Z]{2}-[A-Z]{2,4}$"))' waybill-service/src/main/resources/outlets/outlets-v1.json)
role_json() { curl -sf "${KCA[@]}" "$KC/admin/realms/waybill-guard/roles/$1"; }
CLERK_ROLE=$(role_json clerk); COURIER_ROLE=$(role_json courier)
ensure_user() { # username role attributes-json -> prints the user id (sub)
  local username=$1 role=$2 attrs=$3 id
  id=$(curl -sf "${KCA[@]}" "$KC/admin/realms/waybill-guard/users?username=$username&exact=true" | jq -r '.[0].id // empty')
  if [ -z "$id" ]; then
    curl -sf "${KCA[@]}" -X POST "$KC/admin/realms/waybill-guard/users" -d "$(jq -n --arg u "$username" --arg p "$BENCH_USER_PASSWORD" --argjson a "$attrs" \
      '{username: $u, enabled: true, emailVerified: true, email: ($u + "@bench.waybill-guard.invalid"),
        firstName: "Bench", lastName: "User", attributes: $a,
        credentials: [{type: "password", value: $p, temporary: false}]}')" > /dev/null
    id=$(curl -sf "${KCA[@]}" "$KC/admin/realms/waybill-guard/users?username=$username&exact=true" | jq -r '.[0].id')
    curl -sf "${KCA[@]}" -X POST "$KC/admin/realms/waybill-guard/users/$id/role-mappings/realm" -d "[$role]" > /dev/null
  fi
  echo "$id"
}
: > "$OUT/accounts.tsv"
for i in $(seq 1 "$BENCH_CLERKS"); do
  outlet=${OUTLETS[$(((i - 1) % ${#OUTLETS[@]}))]}
  u=$(printf 'bench.clerk.%03d' "$i")
  printf '%s\tclerk\t%s\t%s\t-\n' "$u" "$(ensure_user "$u" "$CLERK_ROLE" "{\"outlet_id\": [\"$outlet\"]}")" "$outlet" >> "$OUT/accounts.tsv"
done
for i in $(seq 1 "$BENCH_COURIERS"); do
  outlet=${OUTLETS[$(((i - 1) % ${#OUTLETS[@]}))]}
  courier=C-$((1099 + i))   # the bulk data's couriers are C-1100 … C-1499
  u=$(printf 'bench.courier.%03d' "$i")
  printf '%s\tcourier\t%s\t%s\t%s\n' "$u" "$(ensure_user "$u" "$COURIER_ROLE" "{\"outlet_id\": [\"$outlet\"], \"courier_id\": [\"$courier\"]}")" "$outlet" "$courier" >> "$OUT/accounts.tsv"
done
info "$(wc -l < "$OUT/accounts.tsv") accounts in target/bench/accounts.tsv"

token() { curl -sf -d grant_type=password -d client_id=wg-cli -d "username=$1" --data-urlencode "password=$2" \
  "$REALM/protocol/openid-connect/token" | jq -r .access_token; }
ADMIN_TOKEN=$(token "$BENCH_ADMIN_USER" "$BENCH_ADMIN_PASSWORD")
while IFS=$'\t' read -r u role sub outlet courier; do
  answer=$(curl -s -w ' %{http_code}' -X PUT "$GW/api/v1/admin/quotas/accounts/$sub" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H "Content-Type: application/json" -d '{"perMinute": 100000, "perHour": 1000000, "perDay": 10000000}')
  [ "${answer##* }" = 200 ] || die "could not lift the quota of $u: $answer"
done < "$OUT/accounts.tsv"
info "quotas lifted to 100,000/min, 1,000,000/h, 10,000,000/day per account (PUT /api/v1/admin/quotas/accounts/{sub})"

# each account reads waybills it has a reason to read: a clerk its outlet's (COUNTER_INQUIRY, origin or
# destination), a courier its pickups (CREATED) and deliveries (OUT_FOR_DELIVERY); 300 of them at random
waybills_for() { # role outlet courier
  if [ "$1" = clerk ]; then
    "${PSQL[@]}" -d waybill -tA -F' ' -c "select waybill_no, 'COUNTER_INQUIRY' from (
        select waybill_no from waybill where origin_outlet_id = '$2' and waybill_no like 'YT9%' and not canary
        union all select waybill_no from waybill where destination_outlet_id = '$2' and waybill_no like 'YT9%' and not canary
      ) w order by random() limit 300"
  else
    "${PSQL[@]}" -d waybill -tA -F' ' -c "select * from (
        select waybill_no, 'PICKUP' from waybill where pickup_courier_id = '$3' and status = 'CREATED' and not canary
        union all select waybill_no, 'DELIVERY' from waybill where delivery_courier_id = '$3' and status = 'OUT_FOR_DELIVERY' and not canary
      ) w order by random() limit 300"
  fi
}
pick_reads() { # the waybills each account reads in this run -> target/bench/reads-<user>.lua
  rm -f "$OUT"/reads-*.lua
  while IFS=$'\t' read -r u role sub outlet courier; do
    waybills_for "$role" "$outlet" "$courier" | awk 'NF == 2 { printf "{\"%s\", \"%s\"}, ", $1, $2 }' > "$OUT/reads-$u.lua"
    [ -s "$OUT/reads-$u.lua" ] || die "$u has no bulk-loaded waybill to read: load more (BENCH_WAYBILLS, at least 100000)"
  done < "$OUT/accounts.tsv"
}
write_accounts_lua() { # fresh tokens (they live 300 s) and the picked waybills -> target/bench/accounts.lua
  {
    echo "return {"
    while IFS=$'\t' read -r u role sub outlet courier; do
      t=$(token "$u" "$BENCH_USER_PASSWORD")
      [ -n "$t" ] && [ "$t" != null ] || die "no token for $u"
      printf '  {user = "%s", token = "%s", device = "bench-%s", reads = {%s}},\n' "$u" "$t" "${u//./-}" "$(cat "$OUT/reads-$u.lua")"
    done < "$OUT/accounts.tsv"
    echo "}"
  } > "$OUT/accounts.lua.tmp"
  mv "$OUT/accounts.lua.tmp" "$OUT/accounts.lua"
}

# ---- 5. baseline: pgbench -S against the same PostgreSQL ----
step "5. baseline: pgbench -S ($BENCH_PGBENCH_CLIENTS clients, ${BENCH_PGBENCH_SECONDS} s) against the same PostgreSQL, database bench_pgbench"
if [ "$("${PSQL[@]}" -d postgres -tAc "select count(*) from pg_database where datname = 'bench_pgbench'")" = 0 ]; then
  "${PSQL[@]}" -d postgres -c "create database bench_pgbench"
  PGPASSWORD= pgbench -h 127.0.0.1 -p "$WG_PG_PORT" -U postgres -i -s 10 -q bench_pgbench 2>&1 | tail -1
fi
pgbench -h 127.0.0.1 -p "$WG_PG_PORT" -U postgres -S -c "$BENCH_PGBENCH_CLIENTS" -j 2 -T "$BENCH_PGBENCH_SECONDS" bench_pgbench > "$OUT/pgbench.txt" 2>&1
baseline_selects_per_s=$(awk '/^tps = / { printf "%.0f", $3; exit }' "$OUT/pgbench.txt")
info "baseline: $baseline_selects_per_s selects/s (scale 10, $BENCH_PGBENCH_CLIENTS clients, simple protocol)"

# ---- 4. load ----
sample_lag() { # samples the audit backlog age 4 times a second into $1 until killed
  while :; do backlog | awk '{ print $1 }' >> "$1"; sleep 0.25; done
}
lag_p99() { sort -n "$1" | awk '{ a[NR] = $1 } END { if (NR == 0) { print "null"; exit } i = int(NR * 0.99 + 0.999999); if (i < 1) i = 1; print a[i] }'; }
# CPU time of each process of the stack, to say where the time of a protected read goes: "name pid ..." pairs
# of the processes listening on the stack's ports, plus every backend of the stack's PostgreSQL
pid_of_port() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
stack_pids() {
  local pm
  echo "access-gateway $(pid_of_port "$WG_GATEWAY_PORT")"
  echo "waybill-service $(pid_of_port "$WG_WAYBILL_PORT")"
  echo "audit-service $(pid_of_port "$WG_AUDIT_PORT")"
  echo "keycloak $(pid_of_port "$WG_KEYCLOAK_PORT")"
  echo "redis $(pid_of_port "$WG_REDIS_PORT")"
  pm=$(pid_of_port "$WG_PG_PORT")
  echo "postgres $pm $(pgrep -P "$pm" | tr '\n' ' ')"
}
cpu_ticks() { # "name ticks" for each of stack_pids (user + system, all of a name's processes) and "machine ticks"
  stack_pids | while read -r name pids; do
    local t=0 p
    for p in $pids; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
    echo "$name $t"
  done
  awk '/^cpu / { print "machine", $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
HZ=$(getconf CLK_TCK)
run_wrk() { # name connections seconds rate-per-connection (tokens refreshed first: they live 300 s)
  local name=$1 c=$2 d=$3 r=$4 before after wrk_ticks
  [ "$d" -lt 280 ] || die "a run of ${d} s would outlive the access tokens (300 s): split it"
  write_accounts_lua
  : > "$OUT/lag-$name.txt"
  sample_lag "$OUT/lag-$name.txt" & SAMPLER_PID=$!
  before=$(cpu_ticks)
  # wrk's own CPU: the subshell's waited-for children (fields 16 + 17 of its /proc stat)
  wrk_ticks=$(BENCH_ACCOUNTS=$OUT/accounts.lua BENCH_OUT=$OUT/wrk-$name.json bash -c '
    wrk -t "$1" -c "$1" -d "$2s" --timeout 10s -s bench/protected-read.lua "$3" -- "$4" > "$5" 2>&1 || exit 1
    awk "{ print \$16 + \$17 }" /proc/$$/stat' _ "$c" "$d" "$GW" "$r" "$OUT/wrk-$name.txt") \
    || { cat "$OUT/wrk-$name.txt"; die "wrk failed"; }
  after=$(cpu_ticks)
  kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
  # CPU ms per protected read of each process (and of wrk, and of the rest of the machine)
  cpu_json=$(printf '%s\n' "$before" "---" "$after" | awk -v hz="$HZ" -v wrk="$wrk_ticks" \
    -v reads="$(jq .protected_reads "$OUT/wrk-$name.json")" '
      $0 == "---" { phase = 1; next }
      phase == 0 { b[$1] = $2; order[++n] = $1; next }
      { a[$1] = $2 }
      END {
        out = "{"; known = 0
        for (i = 1; i <= n; i++) { k = order[i]; if (k == "machine") continue
          d = a[k] - b[k]; known += d; out = out sprintf("\"%s\": %.2f, ", k, reads ? d * 1000 / hz / reads : 0) }
        out = out sprintf("\"wrk\": %.2f, ", reads ? wrk * 1000 / hz / reads : 0)
        rest = (a["machine"] - b["machine"]) - known - wrk
        out = out sprintf("\"rest of the machine\": %.2f, ", reads ? (rest > 0 ? rest : 0) * 1000 / hz / reads : 0)
        out = out sprintf("\"machine\": %.2f}", reads ? (a["machine"] - b["machine"]) * 1000 / hz / reads : 0)
        print out
      }')
  jq --argjson lag "$(lag_p99 "$OUT/lag-$name.txt")" --argjson cpu "$cpu_json" \
    '. + {audit_lag_p99_ms: $lag, cpu_ms_per_read: $cpu}' "$OUT/wrk-$name.json" > "$OUT/wrk-$name.json.tmp"
  mv "$OUT/wrk-$name.json.tmp" "$OUT/wrk-$name.json"
  info "$(jq -r '"\(.protected_reads_per_s) protected reads/s, p50 \(.protected_read.p50_ms) ms, p99 \(.protected_read.p99_ms) ms, p99.9 \(.protected_read.p999_ms) ms, non-2xx \(.non_2xx) \(.failures), lost \(.lost), audit lag p99 \(.audit_lag_p99_ms) ms"' "$OUT/wrk-$name.json")"
  info "CPU ms per protected read: $(jq -c .cpu_ms_per_read "$OUT/wrk-$name.json")"
}
# BENCH_PROFILE=1: JFR on each service for the next $1 seconds, then summed up (jcmd of the services' Java)
profile_start() {
  [ "$BENCH_PROFILE" = 1 ] || return 0
  local svc pid jcmd
  for svc in access-gateway waybill-service audit-service; do
    pid=$(stack_pids | awk -v s="$svc" '$1 == s { print $2 }')
    jcmd=$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd
    "$jcmd" "$pid" JFR.start name=bench settings=profile duration="${1}s" filename="$OUT/profile-$svc.jfr" > /dev/null
  done
}
profile_report() {
  [ "$BENCH_PROFILE" = 1 ] || return 0
  local svc java
  sleep 2   # the recordings end with the run; give them a moment to be written
  java=$(dirname "$(readlink -f "/proc/$(pid_of_port "$WG_GATEWAY_PORT")/exe")")/java
  for svc in access-gateway waybill-service audit-service; do
    "$java" bench/JfrTop.java "$OUT/profile-$svc.jfr" 30 > "$OUT/profile-$svc.txt"
    info "$svc, where its CPU goes (target/bench/profile-$svc.txt):"
    sed -n '3,10p' "$OUT/profile-$svc.txt" | sed 's/^/[bench]     /'
  done
}

step "4a. the waybills each account reads (target/bench/reads-*.lua; tokens are fetched before every run)"
pick_reads
step "4b. warm-up: $BENCH_CONNECTIONS connections for ${BENCH_WARMUP} s (not reported)"
for ((left = BENCH_WARMUP; left > 0; left -= 120)); do
  run_wrk warmup "$BENCH_CONNECTIONS" "$((left < 120 ? left : 120))" 0
done
step "4c. saturation: $BENCH_CONNECTIONS connections, each grant + read as fast as answered, ${BENCH_DURATION} s"
profile_start "$BENCH_DURATION"
run_wrk saturation "$BENCH_CONNECTIONS" "$BENCH_DURATION" 0
profile_report
rate_names=()
for rate in $BENCH_RATES; do
  step "4d. fixed offered load: $rate protected reads/s over $BENCH_RATE_CONNECTIONS connections, ${BENCH_RATE_DURATION} s (paced in Lua; latency from the scheduled start)"
  name="rate-$rate-${#rate_names[@]}"   # the same rate may be asked for twice
  run_wrk "$name" "$BENCH_RATE_CONNECTIONS" "$BENCH_RATE_DURATION" "$(echo "scale=4; $rate / $BENCH_RATE_CONNECTIONS" | bc)"
  rate_names+=("$name")
done

step "4e. audit search latency: 7 searches through the gateway as auditor.zhou, each ${BENCH_SEARCH_REPEAT} times"
AUDITOR_TOKEN=$(token auditor.zhou demo)
[ -n "$AUDITOR_TOKEN" ] && [ "$AUDITOR_TOKEN" != null ] || die "no token for auditor.zhou (demo account)"
IFS=$'\t' read -r s_user _ s_sub s_outlet _ < "$OUT/accounts.tsv"
s_waybill=$(grep -o 'YT9[0-9]*' "$OUT/reads-$s_user.lua" | awk 'NR == 1')   # awk reads it all: no SIGPIPE under pipefail
s_hour_ago=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
s_day_ago=$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ)
audit_get() { curl -sf -H "Authorization: Bearer $AUDITOR_TOKEN" "$GW/api/v1/audit/$1"; }
s_cursor=$(audit_get "events?actor=$s_sub&size=50" | jq -r '.nextCursor // empty')
# name, then the path and query under /api/v1/audit/
SEARCHES=(
  "newest-50|events?size=50"
  "account-50|events?actor=$s_sub&size=50"
  "account-next-page|events?actor=$s_sub&size=50&cursor=$(jq -rn --arg c "$s_cursor" '$c | @uri')"
  "history-account-day|events?actor=hist-00000042&from=$s_day_ago&size=50"
  "waybill-history|waybills/$s_waybill/history"
  "outlet-reads-last-hour|events?outletId=$s_outlet&action=WAYBILL_READ&from=$s_hour_ago&size=50"
  "refusals-50|events?decision=DENY&size=50"
)
search_json="{}"
for entry in "${SEARCHES[@]}"; do
  s_name=${entry%%|*}; s_path=${entry#*|}
  : > "$OUT/search-$s_name.txt"
  for _ in $(seq 1 "$BENCH_SEARCH_REPEAT"); do
    curl -s -o "$OUT/search-$s_name.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $AUDITOR_TOKEN" \
      "$GW/api/v1/audit/$s_path" >> "$OUT/search-$s_name.txt"
  done
  grep -qv '^200 ' "$OUT/search-$s_name.txt" && die "search $s_name answered $(grep -v '^200 ' "$OUT/search-$s_name.txt" | head -1)"
  s_rows=$(jq '.items | length' "$OUT/search-$s_name.json")
  s_stats=$(awk '{ print $2 * 1000 }' "$OUT/search-$s_name.txt" | sort -n | awk -v rows="$s_rows" '{ a[NR] = $1 }
    END { printf "{\"p50_ms\": %.1f, \"max_ms\": %.1f, \"rows\": %d}", a[int((NR + 1) / 2)], a[NR], rows }')
  search_json=$(jq -c --arg n "$s_name" --argjson v "$s_stats" '. + {($n): $v}' <<< "$search_json")
  info "$s_name: $s_stats"
done

# ---- 6. result ----
step "6. RSS after the run, target/bench/result.json, BENCHMARKS.md"
rss_of_port() { # VmRSS in MB of the process listening on a port
  local pid
  pid=$(ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] && awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" || echo null
}
rss_json=$(jq -n --argjson g "$(rss_of_port "$WG_GATEWAY_PORT")" --argjson w "$(rss_of_port "$WG_WAYBILL_PORT")" \
  --argjson a "$(rss_of_port "$WG_AUDIT_PORT")" --argjson k "$(rss_of_port "$WG_KEYCLOAK_PORT")" \
  --argjson r "$(rss_of_port "$WG_REDIS_PORT")" --argjson p "$(rss_of_port "$WG_PG_PORT")" \
  '{"access-gateway": $g, "waybill-service": $w, "audit-service": $a, keycloak: $k, redis: $r, "postgres (postmaster only)": $p}')
service_java=$(grep -m1 'the services run on Java' "$OUT/stack.log" 2>/dev/null | sed 's/.*the services run on //' || true)
if [ -z "$service_java" ]; then # a reused stack: the Java the gateway runs on
  gw_java=$(readlink -f "/proc/$(pid_of_port "$WG_GATEWAY_PORT")/exe" 2>/dev/null || true)
  [ -n "$gw_java" ] && service_java="Java $("$gw_java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }') (${gw_java%/bin/java})"
fi
rates_json=$(for n in "${rate_names[@]}"; do cat "$OUT/wrk-$n.json"; done | jq -s '.')
sat=$OUT/wrk-saturation.json
jq -n --slurpfile sat "$sat" --argjson rates "${rates_json:-[]}" --argjson rss "$rss_json" \
  --arg commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!BENCHMARKS.md' 2>/dev/null || echo '+dirty')" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg nproc "$(nproc)" \
  --arg mem "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)" \
  --arg cpu "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
  --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg launcher_java "$(java -version 2>&1 | head -1)" --arg service_java "${service_java:-unknown (reused stack)}" \
  --argjson baseline "${baseline_selects_per_s:-null}" --argjson ingest "$audit_ingest_events_per_s" \
  --argjson ingested "$audit_ingested" --argjson drain "$audit_drain_s" --argjson backlog_ms "$audit_backlog_at_load_ms" \
  --argjson waybills "$waybills_total" --argjson events "$audit_events_total" --argjson waybill_load_s "$waybill_load_s" \
  --argjson search "$search_json" \
  --arg reuse "$BENCH_REUSE" --arg conns "$BENCH_CONNECTIONS" --arg dur "$BENCH_DURATION" --arg warm "$BENCH_WARMUP" \
  --arg rates "$BENCH_RATES" --arg rconns "$BENCH_RATE_CONNECTIONS" --arg rdur "$BENCH_RATE_DURATION" \
  --arg clerks "$BENCH_CLERKS" --arg couriers "$BENCH_COURIERS" --arg pgc "$BENCH_PGBENCH_CLIENTS" --arg pgs "$BENCH_PGBENCH_SECONDS" \
  --arg jopts "${WG_SERVICE_JAVA_OPTS:-default of the launcher}" '
  $sat[0] as $s | {
    protected_reads_per_s: $s.protected_reads_per_s,
    p50_ms: $s.protected_read.p50_ms, p99_ms: $s.protected_read.p99_ms, p999_ms: $s.protected_read.p999_ms,
    grants_per_s: $s.grants_per_s,
    errors: ($s.non_2xx + $s.lost + $s.socket_errors.connect + $s.socket_errors.read + $s.socket_errors.write + $s.socket_errors.timeout),
    audit_ingest_events_per_s: $ingest,
    audit_lag_p99_ms: $s.audit_lag_p99_ms,
    audit_lag_method: "age of the oldest stream entry not yet acknowledged by audit-service, sampled 4x/s during the run (bench/audit-backlog.lua); p99 of the samples",
    baseline_selects_per_s: $baseline,
    reads_per_baseline_select: (if $baseline then ($s.protected_reads_per_s / $baseline) else null end),
    rss_mb: $rss,
    cpu_ms_per_read: $s.cpu_ms_per_read,
    saturation: $s,
    fixed_loads: $rates,
    audit_search_ms: $search,
    audit_ingest: {events: $ingested, seconds: $drain, backlog_age_ms_when_load_started: $backlog_ms},
    data: {waybills: $waybills, audit_events: $events, waybill_bulk_load_s: $waybill_load_s},
    commit: $commit, date: $date,
    machine: {nproc: ($nproc | tonumber), memory: $mem, cpu: $cpu, loadavg_after: $load,
              launcher_java: $launcher_java, service_java: $service_java},
    settings: {reuse: ($reuse == "1"), connections: ($conns | tonumber), seconds: ($dur | tonumber), warmup_s: ($warm | tonumber),
               fixed_rates: $rates, rate_connections: ($rconns | tonumber), rate_seconds: ($rdur | tonumber),
               clerks: ($clerks | tonumber), couriers: ($couriers | tonumber),
               pgbench: ("-S -c " + $pgc + " -j 2 -T " + $pgs + ", scale 10"),
               service_java_opts: $jopts, detection: "every rule shadow (alerts only)", wrk: "one thread per connection, --timeout 10s"}
  }' > "$OUT/result.json"
info "target/bench/result.json written"

if [ ! -f BENCHMARKS.md ]; then
  cat > BENCHMARKS.md <<'EOF'
# Benchmarks

Rows are appended by `./bench.sh` (issue 10); each row is one run on one machine, everything on it:
the whole local stack (Keycloak, PostgreSQL, Redis, the three services) and the load generator.
The full figures of a run are in `target/bench/result.json`.

Rerun: `./bench.sh` (needs `wrk`, `psql`/`pgbench`, `redis-cli`, `jq`, `curl`; Debian:
`apt-get install -y wrk postgresql-client redis-tools jq curl`). It starts its own stack (data in
`target/bench-stack`, free ports), loads 1,000,000 waybills and 1,000,000 audit events once (kept for
later runs), creates 40 clerks and 20 couriers in Keycloak, and stops what it started.
`BENCH_REUSE=1` uses a running stack instead (with `WG_DATA_DIR` naming its data directory: the audit
history is signed with the stack's stream keys kept there); every setting is an environment variable at the top of
`bench.sh`.

Columns:

* **reads/s**: protected reads per second at saturation (a protected read = `POST /api/v1/grants`
  then `GET /api/v1/waybills/{no}` with that grant, answered 201 and 200), `conns` connections;
* **p50 / p99 / p99.9**: latency of a protected read (grant request sent → read answered) at saturation;
* **errors**: answers other than 201/200 plus lost requests and socket errors at saturation;
* **p99 @ rate**: protected-read p99 at a fixed offered load (paced in the Lua script, latency counted
  from the scheduled start), with the achieved rate;
* **ingest/s**: audit events stored per second by audit-service while draining a bulk push into the
  stream (the history load, or 100,000 events when the history is already there);
* **audit lag p99**: p99 of the age of the oldest audit event not yet stored, sampled 4×/s during the
  saturation run;
* **pgbench -S**: selects/s of `pgbench -S` on the same PostgreSQL in the same run; **ratio** =
  reads/s ÷ that;
* **CPU ms/read**: CPU time per protected read at saturation, by process (read from `/proc` before and
  after the run): gateway / waybill-service / audit-service / Redis / PostgreSQL (all its backends) /
  wrk, and in brackets the whole machine's (including Keycloak and everything else);
* **RSS**: gateway / waybill-service / audit-service resident memory after the run, MB;
* **notes**: the data set, the load average after the run and, from 2026-11-30T09:03 on, the **audit
  search latency** through the gateway as the demo auditor (step 4e): p50/max ms of 20 timings of each
  of seven searches (the newest 50 events; one account's newest 50 and the next page by cursor; a
  historical account's day; a waybill's history; an outlet's reads of the last hour; refusals).

| date (UTC) | commit | machine | conns | reads/s | p50 ms | p99 ms | p99.9 ms | errors | p99 @ rate | ingest/s | audit lag p99 ms | pgbench -S | ratio | CPU ms/read gw/wb/au/rd/pg/wrk (machine) | RSS MB gw/wb/au | notes |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
fi
jq -r '[
  .date[0:16], .commit,
  "\(.machine.nproc) cores, \(.machine.memory), \(.machine.service_java)",
  (.settings.connections | tostring),
  (.protected_reads_per_s | tostring), (.p50_ms | tostring), (.p99_ms | tostring), (.p999_ms | tostring),
  ((.errors | tostring) + (if .saturation.failures == {} then "" else " " + (.saturation.failures | tostring) end)),
  ([.fixed_loads[] | "\(.protected_read.p99_ms) ms @ \(.offered_reads_per_s) (got \(.protected_reads_per_s))"] | join("; ")),
  (.audit_ingest_events_per_s | tostring), (.audit_lag_p99_ms | tostring),
  (.baseline_selects_per_s | tostring),
  (if .reads_per_baseline_select then "1 : \((1 / .reads_per_baseline_select) | floor)" else "-" end),
  (.cpu_ms_per_read | "\(.["access-gateway"])/\(.["waybill-service"])/\(.["audit-service"])/\(.redis)/\(.postgres)/\(.wrk) (\(.machine))"),
  "\(.rss_mb["access-gateway"])/\(.rss_mb["waybill-service"])/\(.rss_mb["audit-service"])",
  "\(.data.waybills) waybills, \(.data.audit_events) audit events; load avg after \(.machine.loadavg_after)"
    + "; audit search p50/max ms: " + ([.audit_search_ms | to_entries[] | "\(.key) \(.value.p50_ms)/\(.value.max_ms)"] | join(", "))
] | "| " + join(" | ") + " |"' "$OUT/result.json" >> BENCHMARKS.md
info "row appended to BENCHMARKS.md:"
tail -1 BENCHMARKS.md
jq '{protected_reads_per_s, p50_ms, p99_ms, p999_ms, grants_per_s, errors, audit_ingest_events_per_s, audit_lag_p99_ms, baseline_selects_per_s, rss_mb}' "$OUT/result.json"
