#!/usr/bin/env bash
# bin/trucewatch cluster [start|stop|status]: a whole high-availability deployment on this one
# machine, from Debian's packages only (docs/operations.md, "A cluster on one machine"):
#   etcd (Patroni's consensus store)                       127.0.0.1:$BASE+90 (client), +91 (peer)
#   PostgreSQL nodes pg1, pg2 under Patroni, synchronous   127.0.0.1:$BASE+21/+22, REST +31/+32
#   HAProxy: the primary on $BASE+40, the standby on +41 (the primary when no standby is fit),
#            the service on $BASE (both instances), its statistics on +49
#   two service instances (the built jar)                  127.0.0.1:$BASE+1, $BASE+2
# Everything lives under $TW_CLUSTER_DIR (default target/cluster) and is removed by `stop`.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${TW_CLUSTER_BASE_PORT:-18000}
DIR=$(realpath -m "${TW_CLUSTER_DIR:-target/cluster}")
ETCD_CLIENT=$((BASE + 90)); ETCD_PEER=$((BASE + 91))
PG=( "" $((BASE + 21)) $((BASE + 22)) ); REST=( "" $((BASE + 31)) $((BASE + 32)) )
HA_PRIMARY=$((BASE + 40)); HA_STANDBY=$((BASE + 41)); HA_STATS=$((BASE + 49))
APP=( "" $((BASE + 1)) $((BASE + 2)) ); FRONT=$BASE

log() { printf '[cluster %s] %s\n' "$(date +%T)" "$*" >&2; }

install_missing() {
  local missing=() pkg
  # Ask the package database first (apt-cache policy): install only what is not there.
  for pkg in etcd-server patroni python3-etcd haproxy postgresql postgresql-postgis default-jdk-headless curl; do
    # (Captured first: grep -q closing the pipe early would fail the test under pipefail.)
    local policy; policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
    if ! grep -q 'Installed: [0-9]' <<<"$policy"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Runs a command as the postgres system user (PostgreSQL refuses root), or as ourselves otherwise.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() { # description, seconds, command...
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then log "gave up waiting for $what after ${limit}s"; return 1; fi
    sleep 0.5
  done
}

start_bg() { # name, command... (pid in $DIR/pids/name, output in $DIR/logs/name.log)
  local name=$1; shift
  setsid "$@" >"$DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$DIR/pids/$name"
}

secret() { head -c 18 /dev/urandom | base64 | tr -d '/+=' ; }

patroni_config() { # node number
  local n=$1 other=$((3 - $1)) bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  cat <<YML
scope: trucewatch
name: pg$n
restapi:
  listen: 127.0.0.1:${REST[$n]}
  connect_address: 127.0.0.1:${REST[$n]}
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT
bootstrap:
  dcs:
    # A dead primary's leader key expires after ttl; the standby then takes over within about
    # ttl + loop_wait seconds (the chaos harness measures it).
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    # An acknowledged commit is on both nodes: Patroni keeps synchronous_standby_names naming the
    # standby, and only a synchronous standby may be promoted.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        # remote_apply: a commit returns once the standby has applied it, so a GIS read on the
        # standby sees every report acknowledged before it (docs/operations.md, staleness bound).
        synchronous_commit: remote_apply
        shared_buffers: 64MB
        max_connections: 60
        max_worker_processes: 4
        max_parallel_workers: 0
        max_wal_senders: 5
        max_replication_slots: 5
        wal_level: replica
        wal_log_hints: "on"
        hot_standby: "on"
        hot_standby_feedback: "on"
        max_standby_streaming_delay: 30s
        wal_keep_size: 128MB
  initdb:
    - encoding: UTF8
    - data-checksums
  pg_hba:
    - local all all peer
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:${PG[$n]}
  connect_address: 127.0.0.1:${PG[$n]}
  data_dir: $DIR/pg$n/data
  bin_dir: $bindir
  pgpass: $DIR/pg$n/pgpass
  # A new standby copies the primary at once rather than after a spread checkpoint (minutes).
  basebackup:
    - checkpoint: fast
  authentication:
    superuser: {username: postgres, password: "$SUPERUSER_PASSWORD"}
    replication: {username: replicator, password: "$REPLICATION_PASSWORD"}
    rewind: {username: rewinder, password: "$REWIND_PASSWORD"}
  parameters:
    unix_socket_directories: $DIR/pg$n
tags: {nofailover: false, noloadbalance: false, clonefrom: false, nosync: false}
YML
}

haproxy_config() {
  cat <<CFG
global
    maxconn 2000
    pidfile $DIR/pids/haproxy
    stats socket $DIR/haproxy.sock mode 600 level admin
defaults
    mode tcp
    timeout connect 2s
    timeout client 30m
    timeout server 30m
    timeout check 1s
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
# PostgreSQL, read-write: only the node whose Patroni answers 200 on /primary.
listen postgres_primary
    bind 127.0.0.1:$HA_PRIMARY
    option httpchk OPTIONS /primary
    http-check expect status 200
    server pg1 127.0.0.1:${PG[1]} check port ${REST[1]}
    server pg2 127.0.0.1:${PG[2]} check port ${REST[2]}
# PostgreSQL, GIS reads: a streaming standby at most 1 MB of WAL behind; when none is fit
# (one node left, or the standby lags), the primary (the backup servers).
listen postgres_standby
    bind 127.0.0.1:$HA_STANDBY
    option httpchk OPTIONS /replica?lag=1MB
    http-check expect status 200
    server pg1 127.0.0.1:${PG[1]} check port ${REST[1]}
    server pg2 127.0.0.1:${PG[2]} check port ${REST[2]}
    # The backups are up exactly when the same node is up as the primary (its check there).
    server pg1-primary 127.0.0.1:${PG[1]} backup track postgres_primary/pg1
    server pg2-primary 127.0.0.1:${PG[2]} backup track postgres_primary/pg2
frontend trucewatch
    mode http
    bind 127.0.0.1:$FRONT
    option forwardfor
    timeout client 30m
    default_backend trucewatch_instances
backend trucewatch_instances
    mode http
    balance roundrobin
    option httpchk GET /health/readiness
    http-check expect status 200
    # A request that met a dead instance goes to the other one: every write here is idempotent
    # (intake by clientReportId), so a resend never doubles anything.
    option redispatch
    retries 3
    retry-on conn-failure empty-response response-timeout 503
    timeout server 30m
    server app1 127.0.0.1:${APP[1]} check
    server app2 127.0.0.1:${APP[2]} check
listen stats
    mode http
    bind 127.0.0.1:$HA_STATS
    stats enable
    stats uri /
CFG
}

leader_rest() { # prints the REST port of the current primary, if any
  local n
  for n in 1 2; do
    if curl -sf -o /dev/null "http://127.0.0.1:${REST[$n]}/primary"; then echo "${REST[$n]}"; return 0; fi
  done
  return 1
}

start_app() { # instance number
  local n=$1
  local jar; jar=$(ls target/trucewatch-*-SNAPSHOT.jar | head -1)
  start_bg "app$n" env \
    DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$HA_PRIMARY/trucewatch" \
    DATASOURCE_USERNAME=trucewatch_app DATASOURCE_PASSWORD="$APP_PASSWORD" DATASOURCE_POOL_SIZE=8 \
    FLYWAY_USERNAME=trucewatch FLYWAY_PASSWORD="$OWNER_PASSWORD" \
    DATASOURCE_REPLICA_URL="jdbc:postgresql://127.0.0.1:$HA_STANDBY/trucewatch" DATASOURCE_REPLICA_POOL_SIZE=4 \
    JWT_SECRET="$JWT_SECRET" MICRONAUT_SERVER_PORT="${APP[$n]}" \
    TRUCEWATCH_SECURITY_TRUSTED_PROXIES=127.0.0.1 \
    TRUCEWATCH_MIGRATIONS="filesystem:$PWD/migrations" \
    java ${TW_CLUSTER_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} -jar "$jar"
}

start() {
  if [ -d "$DIR/pids" ] && ls "$DIR/pids"/* >/dev/null 2>&1; then
    log "already started under $DIR (bin/trucewatch cluster stop first)"; exit 1
  fi
  install_missing
  if [ "${TW_CLUSTER_SKIP_BUILD:-}" != 1 ] || ! ls target/trucewatch-*-SNAPSHOT.jar >/dev/null 2>&1; then
    log "building the service jar"
    ./mvnw -B -q -o -DskipTests package 2>/dev/null || ./mvnw -B -q -DskipTests package
  fi
  rm -rf "$DIR"; mkdir -p "$DIR/pids" "$DIR/logs" "$DIR/pg1" "$DIR/pg2" "$DIR/etcd"
  # Secrets of this throwaway cluster, readable by root (and the harness) only.
  umask 077
  SUPERUSER_PASSWORD=$(secret); REPLICATION_PASSWORD=$(secret); REWIND_PASSWORD=$(secret)
  OWNER_PASSWORD=$(secret); APP_PASSWORD=$(secret); JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  declare -p SUPERUSER_PASSWORD OWNER_PASSWORD APP_PASSWORD JWT_SECRET BASE FRONT HA_PRIMARY HA_STANDBY \
    > "$DIR/env"
  umask 022
  for n in 1 2; do patroni_config "$n" > "$DIR/pg$n/patroni.yml"; done
  chmod 700 "$DIR/pg1" "$DIR/pg2"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$DIR/pg1" "$DIR/pg2"
  chmod 755 "$DIR"

  log "etcd on 127.0.0.1:$ETCD_CLIENT"
  start_bg etcd etcd --name tw --data-dir "$DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "tw=http://127.0.0.1:$ETCD_PEER" --initial-cluster-token "tw-$BASE" \
    --heartbeat-interval 100 --election-timeout 1000 --quota-backend-bytes 268435456
  wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_CLIENT/health"

  log "PostgreSQL pg1 (Patroni), then pg2 as its synchronous standby"
  start_bg patroni1 runuser -u postgres -- patroni "$DIR/pg1/patroni.yml"
  wait_for "pg1 as primary" 90 curl -sf "http://127.0.0.1:${REST[1]}/primary"
  start_bg patroni2 runuser -u postgres -- patroni "$DIR/pg2/patroni.yml"

  log "roles, database and PostGIS (as the superuser, on the primary)"
  PGPASSWORD=$SUPERUSER_PASSWORD psql -qX -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${PG[1]}" -U postgres -d postgres \
    -v owner_pw="$OWNER_PASSWORD" -v app_pw="$APP_PASSWORD" <<'SQL'
CREATE ROLE trucewatch LOGIN PASSWORD :'owner_pw';
CREATE ROLE trucewatch_app LOGIN PASSWORD :'app_pw';
CREATE DATABASE trucewatch OWNER trucewatch;
\c trucewatch
CREATE EXTENSION postgis;
SQL
  wait_for "pg2 as synchronous standby" 120 sh -c \
    "curl -sf http://127.0.0.1:${REST[2]}/sync >/dev/null || curl -sf http://127.0.0.1:${REST[2]}/synchronous >/dev/null"

  log "HAProxy: primary :$HA_PRIMARY, standby :$HA_STANDBY, service :$FRONT, stats :$HA_STATS"
  haproxy_config > "$DIR/haproxy.cfg"
  haproxy -c -q -f "$DIR/haproxy.cfg"
  start_bg haproxy haproxy -db -f "$DIR/haproxy.cfg"
  wait_for "HAProxy to the primary" 30 sh -c \
    "PGPASSWORD='$APP_PASSWORD' psql -qXtA -h 127.0.0.1 -p $HA_PRIMARY -U trucewatch_app -d trucewatch -c 'SELECT 1'"

  log "service instance 1 on :${APP[1]} (runs the migrations), then 2 on :${APP[2]}"
  start_app 1
  wait_for "instance 1" 180 curl -sf "http://127.0.0.1:${APP[1]}/health/readiness"
  start_app 2
  wait_for "instance 2" 180 curl -sf "http://127.0.0.1:${APP[2]}/health/readiness"
  wait_for "the service through HAProxy" 30 curl -sf "http://127.0.0.1:$FRONT/health"
  status
  log "up: the service at http://127.0.0.1:$FRONT (first admin: bin/trucewatch cluster admin NAME)"
}

stop() {
  [ -d "$DIR/pids" ] || { log "nothing started under $DIR"; return 0; }
  local name pid
  # The service first, then its proxy, the databases (Patroni stops PostgreSQL), etcd last.
  for name in app2 app1 haproxy patroni2 patroni1 etcd; do
    [ -f "$DIR/pids/$name" ] || continue
    pid=$(cat "$DIR/pids/$name")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$DIR/pids/$name"
  done
  # A postmaster whose Patroni was killed outright (the chaos harness does that) is stopped here.
  for n in 1 2; do
    if [ -f "$DIR/pg$n/data/postmaster.pid" ]; then
      pid=$(head -1 "$DIR/pg$n/data/postmaster.pid")
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  sleep 1
  [ "${TW_CLUSTER_KEEP:-}" = 1 ] || rm -rf "$DIR"
  log "stopped"
}

status() {
  [ -f "$DIR/pg1/patroni.yml" ] || { log "nothing started under $DIR"; return 1; }
  runuser -u postgres -- patronictl -c "$DIR/pg1/patroni.yml" list 2>/dev/null || true
  local n
  for n in 1 2; do
    printf 'instance %s (:%s): %s\n' "$n" "${APP[$n]}" \
      "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${APP[$n]}/health/readiness" || true)"
  done
  printf 'service via HAProxy (:%s): %s\n' "$FRONT" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRONT/health" || true)"
}

admin() { # creates an admin user on the cluster's database: NAME, password from TRUCEWATCH_NEW_PASSWORD
  # shellcheck disable=SC1091
  . "$DIR/env"
  local jar; jar=$(ls target/trucewatch-*-SNAPSHOT.jar | head -1)
  DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$HA_PRIMARY/trucewatch" DATASOURCE_USERNAME=trucewatch_app \
    DATASOURCE_PASSWORD="$APP_PASSWORD" FLYWAY_USERNAME=trucewatch FLYWAY_PASSWORD="$OWNER_PASSWORD" \
    JWT_SECRET="$JWT_SECRET" TRUCEWATCH_MIGRATIONS="filesystem:$PWD/migrations" \
    java -jar "$jar" users add "$1" --role admin
}

restart() { # what: app1|app2|haproxy|patroni1|patroni2 (after it was killed; used by bench/cluster)
  # shellcheck disable=SC1091
  . "$DIR/env"
  case "$1" in
    app1|app2) start_app "${1#app}" ;;
    haproxy) start_bg haproxy haproxy -db -f "$DIR/haproxy.cfg" ;;
    patroni1|patroni2) start_bg "$1" runuser -u postgres -- patroni "$DIR/pg${1#patroni}/patroni.yml" ;;
    *) echo "restart what?" >&2; exit 2 ;;
  esac
}

case "${1:-start}" in
  start) start ;;
  restart) shift; restart "$1" ;;
  stop) stop ;;
  status) status ;;
  admin) shift; admin "$@" ;;
  config) # prints the generated configurations (for review; no secrets are real here)
    SUPERUSER_PASSWORD=x REPLICATION_PASSWORD=x REWIND_PASSWORD=x; patroni_config 1; haproxy_config ;;
  *) echo "usage: bin/trucewatch cluster [start|stop|status|admin NAME|restart WHAT|config]" >&2; exit 2 ;;
esac
