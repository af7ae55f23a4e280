#!/usr/bin/env bash
# Creates every Secret an overlay needs, with fresh random values, in its namespace (k8s/README.md, "Secrets").
#
#   k8s/scripts/create-secrets.sh dev|prod [namespace]
#
# A Secret that exists already is left as it is: the keys and passwords that stored data depends on (the checkpoint
# key, the database roles) must survive a second run. Nothing is written to disk outside a temporary directory
# that is removed on exit. KUBECTL names the kubectl to use; DRY_RUN=1 prints the Secrets as YAML instead of
# creating them (k8s-checks runs it that way). The prod overlay normally takes its Secrets from External Secrets
# (k8s/components/external-secrets): this script then shows what to put into the secret manager.
set -euo pipefail

overlay="${1:-}"
case "$overlay" in
  dev) namespace="${2:-waybill-guard-dev}" ;;
  prod) namespace="${2:-waybill-guard}" ;;
  *) echo "usage: $0 dev|prod [namespace]" >&2; exit 2 ;;
esac
kubectl="${KUBECTL:-kubectl}"
dry_run="${DRY_RUN:-0}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
umask 077

# 32 URL-safe characters (192 random bits): fits a Redis URL and a PostgreSQL password without quoting
password() { openssl rand -base64 24 | tr '+/' '-_'; }

# value <secret> <key> <value>: the option that gives the Secret that key, through a file (values never appear in
# a command line, where other users of the machine could read them)
value() {
  mkdir -p "$tmp/$1"
  printf '%s' "$3" > "$tmp/$1/$2"
  echo "--from-file=$2=$tmp/$1/$2"
}

# kubectl create secret <args>, unless the Secret exists (or, in a dry run, printed as YAML)
secret() {
  local name="$1"; shift
  if [ "$dry_run" = 1 ]; then
    "$kubectl" create secret "$@" --namespace "$namespace" --dry-run=client -o yaml
    echo "---"
  elif "$kubectl" get secret "$name" --namespace "$namespace" >/dev/null 2>&1; then
    echo "secret $name exists: kept" >&2
  else
    "$kubectl" create secret "$@" --namespace "$namespace" >&2
  fi
}

# Redis: one user per service, the operator, and in prod the replication and Sentinel users
users=(access-gateway waybill-service audit-service operator)
[ "$overlay" = prod ] && users+=(replication sentinel)
declare -A redis_password
args=()
for user in "${users[@]}"; do
  redis_password[$user]="$(password)"
  args+=("$(value wg-redis-users "$user" "${redis_password[$user]}")")
done
secret wg-redis-users generic wg-redis-users "${args[@]}"

args=()
for service in access-gateway waybill-service audit-service; do
  if [ "$overlay" = dev ]; then
    url="redis://$service:${redis_password[$service]}@redis:6379"
  else
    url=""
    for i in 0 1 2; do
      url="$url${url:+,}redis://$service:${redis_password[$service]}@redis-sentinel-$i.redis-sentinel:26379"
    done
  fi
  args+=("$(value wg-redis "$service-url" "$url")")
done
secret wg-redis generic wg-redis "${args[@]}"

# each service's key for signing its audit stream entries: 32 random bytes, base64
secret wg-stream-keys generic wg-stream-keys \
  "$(value wg-stream-keys access-gateway "$(openssl rand -base64 32)")" \
  "$(value wg-stream-keys waybill-service "$(openssl rand -base64 32)")" \
  "$(value wg-stream-keys audit-service "$(openssl rand -base64 32)")"

# the databases' roles: the owner runs the migrations, the app role is the service's
for database in waybill audit; do
  for role in owner app; do
    secret "wg-db-$database-$role" generic "wg-db-$database-$role" --type=kubernetes.io/basic-auth \
      "$(value "wg-db-$database-$role" username "${database}_$role")" \
      "$(value "wg-db-$database-$role" password "$(password)")"
  done
done

# the gateway's grant key (EC P-256) and audit-service's checkpoint key (Ed25519): PKCS#8 private key, then the
# public key, in one PEM file
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/grant.key" 2>/dev/null
{ cat "$tmp/grant.key"; openssl pkey -in "$tmp/grant.key" -pubout; } > "$tmp/grant-signing-key.pem"
secret wg-grant-signing-key generic wg-grant-signing-key --from-file=grant-signing-key.pem="$tmp/grant-signing-key.pem"
openssl genpkey -algorithm ed25519 -out "$tmp/checkpoint.key"
{ cat "$tmp/checkpoint.key"; openssl pkey -in "$tmp/checkpoint.key" -pubout; } > "$tmp/checkpoint-signing-key.pem"
secret wg-checkpoint-signing-key generic wg-checkpoint-signing-key \
  --from-file=checkpoint-signing-key.pem="$tmp/checkpoint-signing-key.pem"

# the consoles' session secret, the same for every gateway replica
secret wg-console-session generic wg-console-session "$(value wg-console-session secret "$(openssl rand -base64 32)")"

if [ "$overlay" = dev ]; then
  secret wg-dev-postgresql generic wg-dev-postgresql "$(value wg-dev-postgresql password "$(password)")"
  secret wg-dev-keycloak-admin generic wg-dev-keycloak-admin "$(value wg-dev-keycloak-admin password "$(password)")"
fi
