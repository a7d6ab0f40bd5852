#!/usr/bin/env bash
# HTTP intake throughput of POST /api/v1/reports, measured against the raw PostgreSQL
# INSERT rate of the same row into the same table, in the same run, on the same
# throwaway PostGIS cluster, at the same client concurrency. See bench/README.md.
#
#   bench/intake/run.sh            build if needed, run everything (~3.5 min on 2 cores),
#                                  print the tables, update the "Intake" section of
#                                  docs/benchmarks.md
#
# Knobs (environment): BENCH_DURATION (s per measurement, 20), BENCH_ROUNDS (2: each
# measurement is that many interleaved slices), BENCH_CONNECTIONS ("8 32"),
# BENCH_WARMUP (s, 15), BENCH_THREADS (load generator threads, 2),
# BENCH_MAX_REQUESTS (count bound per run, 400000), BENCH_SEED_COUNT (1000),
# BENCH_DOC (file to update, docs/benchmarks.md; empty: do not write), BENCH_JAVA_OPTS,
# BENCH_INSTANCES (1 or 2: service instances on the one database, each taking half the
# connections), BENCH_RAW (file for the whole raw output, bench/intake/results/DATE-COMMIT.log;
# empty: none),
# BENCH_KEEP=1 (keep the work folder with every log), BENCH_STATEMENTS=1 (load
# pg_stat_statements and print, at the end, the statements that took the most server time,
# with calls and mean time: where a report's database work goes), BENCH_PG_SETTINGS (extra
# postgresql.conf lines), BENCH_DISTURBED_CORES (0.5: flag a run with ⚠ when more
# than this much CPU went to other work), and the service's own
# DATASOURCE_POOL_SIZE / TRUCEWATCH_LOG_LEVEL, passed through to it.
#
# Everything runs on 127.0.0.1 only; every load run is bounded in time (-d/-T and an
# outer `timeout`) and wrk runs also in count (each thread stops after its share of
# BENCH_MAX_REQUESTS). The cluster, the service and the work folder are removed on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

DURATION=${BENCH_DURATION:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-"8 32"}
WARMUP=${BENCH_WARMUP:-15}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-2}
MAX_REQUESTS=${BENCH_MAX_REQUESTS:-400000}
SEED_COUNT=${BENCH_SEED_COUNT:-1000}
DOC=${BENCH_DOC-docs/benchmarks.md}
INSTANCES=${BENCH_INSTANCES:-1}
BLOCK=intake; [ "${BENCH_INSTANCES:-1}" = 2 ] && BLOCK=intake-two-instances   # its own block in the doc
case $INSTANCES in 1|2) ;; *) echo "BENCH_INSTANCES must be 1 or 2" >&2; exit 2;; esac
# The whole raw output (every log line and table) is kept beside the results it produced.
RAW=${BENCH_RAW-bench/intake/results/$(date -u +%Y%m%dT%H%MZ)-$(git rev-parse --short HEAD 2>/dev/null || echo nogit)-x$INSTANCES.log}
if [ -n "$RAW" ]; then
  mkdir -p "$(dirname "$RAW")"
  exec > >(tee "$RAW") 2>&1
fi

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
pg_bindir() {
  # Any PostgreSQL major version (15 on Debian 12, 17 on Debian 13): the newest one that
  # has a server, pgbench and PostGIS.
  local dir v
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    v=$(basename "$(dirname "$dir")")
    if [ -x "$dir/initdb" ] && [ -x "$dir/pgbench" ] && [ -f "/usr/share/postgresql/$v/extension/postgis.control" ]; then
      echo "$dir"; return 0
    fi
  fi
  for v in $(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -rV); do
    dir=/usr/lib/postgresql/$v/bin
    if [ -x "$dir/initdb" ] && [ -x "$dir/pgbench" ] && [ -f "/usr/share/postgresql/$v/extension/postgis.control" ]; then
      echo "$dir"; return 0
    fi
  done
  return 1
}

install_missing() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(default-jdk-headless)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  pg_bindir >/dev/null || missing+=(postgresql postgresql-contrib postgresql-postgis)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_missing
PGBIN=$(pg_bindir) || die "no PostgreSQL with pgbench and PostGIS found under /usr/lib/postgresql"

# ---------------------------------------------------------------- build
find_jar() {
  local f
  for f in target/trucewatch-*-SNAPSHOT.jar; do
    [ -f "$f" ] && { echo "$f"; return 0; }
  done
  return 1
}
JAR=$(find_jar || true)
if [ -z "$JAR" ] || [ -n "$(find src migrations pom.xml -newer "$JAR" -type f -print -quit 2>/dev/null)" ]; then
  log "building the service jar"
  ./mvnw -B -q -DskipTests package
  JAR=$(find_jar) || die "the build made no target/trucewatch-*-SNAPSHOT.jar"
fi

# ---------------------------------------------------------------- work folder, cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trucewatch-bench.XXXXXX")
chmod 755 "$WORK"
PGHOME=$WORK/pg          # the cluster's folder: data, socket and log, owned by the server's user
PGDATA=$PGHOME/data
APP_PID=
APP2_PID=
LOCK_SAMPLER=
PG_STARTED=

if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

cleanup() {
  local rc=$?
  set +e
  [ -n "$LOCK_SAMPLER" ] && kill "$LOCK_SAMPLER" 2>/dev/null
  local pid
  for pid in $APP_PID $APP2_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  done
  if [ -n "$PG_STARTED" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
# (a load generator runs in the foreground: on TERM the cleanup runs when it ends, at most
# one slice later; Ctrl-C reaches it directly)
trap 'exit 130' INT TERM

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 30000))
    if [ -z "$(ss -ltnH "sport = :$p" 2>/dev/null)" ]; then echo "$p"; return 0; fi
  done
  return 1
}

# ---------------------------------------------------------------- PostGIS cluster
PGPORT=$(free_port) || die "no free port"
DB=trucewatch
DB_USER=trucewatch
DB_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
mkdir -p "$PGHOME"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGHOME"; fi

log "initdb ($("$PGBIN/postgres" --version)) in $PGDATA, port $PGPORT"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
cat >>"$PGDATA/postgresql.conf" <<EOF
# bench/intake/run.sh: defaults otherwise (shared_buffers 128MB, fsync on)
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGHOME'
max_connections = 100
synchronous_commit = on
fsync = on
EOF
# extra settings for an investigation, e.g. BENCH_PG_SETTINGS="log_statement = 'all'"
if [ -n "${BENCH_PG_SETTINGS:-}" ]; then printf '%s\n' "$BENCH_PG_SETTINGS" >>"$PGDATA/postgresql.conf"; fi
if [ "${BENCH_STATEMENTS:-0}" = 1 ]; then
  printf '%s\n' "shared_preload_libraries = 'pg_stat_statements'" "pg_stat_statements.track = 'all'" >>"$PGDATA/postgresql.conf"
fi
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGHOME/postgres.log" -w -t 60 start >/dev/null \
  || { tail -n 30 "$PGHOME/postgres.log" >&2; die "PostgreSQL did not start"; }
PG_STARTED=1
PG_PID=$(head -n 1 "$PGDATA/postmaster.pid")

psql_super() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGHOME" -p "$PGPORT" -U postgres "$@"; }
psql_super -d postgres -v pw="$DB_PASSWORD" <<'EOF'
CREATE ROLE trucewatch LOGIN PASSWORD :'pw';
CREATE DATABASE trucewatch OWNER trucewatch;
EOF
psql_super -d "$DB" -c 'CREATE EXTENSION postgis'
PG_VERSION=$(psql_super -d "$DB" -At -c 'SHOW server_version')
POSTGIS_VERSION=$(psql_super -d "$DB" -At -c 'SELECT postgis_lib_version()')

# ---------------------------------------------------------------- the service
APP_PORT=$(free_port) || die "no free port"
POOL_SIZE=${DATASOURCE_POOL_SIZE:-10 (default)}
# The service needs what production has: a signing key, a user who may report (a monitor
# of the sample Lebanon mechanism), that mechanism's protocol and its zones, so every report
# is geofenced, routed into an incident and audited, as in the field.
export DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" DATASOURCE_USERNAME=$DB_USER DATASOURCE_PASSWORD=$DB_PASSWORD
export JWT_SECRET; JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export TRUCEWATCH_MECHANISMS_LOAD_SAMPLES=true TRUCEWATCH_HOME="$WORK/home"
BENCH_USER=bench-monitor
BENCH_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
log "creating the monitor $BENCH_USER and importing the south Lebanon zones"
TRUCEWATCH_NEW_PASSWORD=$BENCH_PASSWORD java -jar "$JAR" users add "$BENCH_USER" --role monitor \
  --mechanism lebanon-tripartite >"$WORK/users.log" 2>&1 || { cat "$WORK/users.log" >&2; die "users add failed"; }
java -jar "$JAR" zones import "$ROOT/sample-geodata/south-lebanon.geojson" >"$WORK/zones.log" 2>&1 \
  || { cat "$WORK/zones.log" >&2; die "zones import failed"; }
log "starting the service on port $APP_PORT (pool size $POOL_SIZE)"
# shellcheck disable=SC2086
MICRONAUT_SERVER_PORT=$APP_PORT java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/service.log" 2>&1 &
APP_PID=$!
BASE=http://127.0.0.1:$APP_PORT
for i in $(seq 1 120); do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; die "the service exited"; }
  curl -fsS -o /dev/null --max-time 2 "$BASE/health" 2>/dev/null && break
  [ "$i" -eq 120 ] && { tail -n 40 "$WORK/service.log" >&2; die "the service did not answer /health in 60 s"; }
  sleep 0.5
done

BASE2=
if [ "$INSTANCES" = 2 ]; then
  APP2_PORT=$(free_port) || die "no free port"
  log "starting a second service instance on port $APP2_PORT, same database"
  # shellcheck disable=SC2086
  MICRONAUT_SERVER_PORT=$APP2_PORT TRUCEWATCH_HOME="$WORK/home2" java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/service2.log" 2>&1 &
  APP2_PID=$!
  BASE2=http://127.0.0.1:$APP2_PORT
  for i in $(seq 1 120); do
    kill -0 "$APP2_PID" 2>/dev/null || { tail -n 40 "$WORK/service2.log" >&2; die "the second instance exited"; }
    curl -fsS -o /dev/null --max-time 2 "$BASE2/health" 2>/dev/null && break
    [ "$i" -eq 120 ] && { tail -n 40 "$WORK/service2.log" >&2; die "the second instance did not answer /health in 60 s"; }
    sleep 0.5
  done
fi

BENCH_TOKEN=$(curl -sS --max-time 10 -H 'Content-Type: application/json' \
  -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" "$BASE/login" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$BENCH_TOKEN" ] || die "cannot sign in as $BENCH_USER"
export BENCH_TOKEN

# One report by hand: fail early and clearly if the request shape is refused.
probe=$(printf '{"type":"Feature","geometry":{"type":"Point","coordinates":[35.5,33.1]},"properties":{"clientReportId":"%s","observedAt":"%s","category":"SMALL_ARMS_FIRE","locationAccuracyM":25}}' \
  "$(cat /proc/sys/kernel/random/uuid)" "$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)")
code=$(curl -sS -o "$WORK/probe.json" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/geo+json' \
  -H "Authorization: Bearer $BENCH_TOKEN" \
  --data-binary "$probe" "$BASE/api/v1/reports")
[ "$code" = 201 ] || { cat "$WORK/probe.json" >&2; die "probe report answered $code, not 201"; }

# ---------------------------------------------------------------- measuring
CLK_TCK=$(getconf CLK_TCK)
proc_ticks() {  # utime+stime+cutime+cstime of one process (0 if gone)
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }   # drop "pid (comm) "
  awk '{print $12 + $13 + $14 + $15}' <<<"$s"
}
pg_ticks() {  # the postmaster (with its reaped backends) and its live children
  local t p
  t=$(proc_ticks "$PG_PID")
  for p in $(ps --ppid "$PG_PID" -o pid= 2>/dev/null); do t=$((t + $(proc_ticks "$p"))); done
  echo "$t"
}
app_ticks() {  # every service instance's JVM
  local t
  t=$(proc_ticks "$APP_PID")
  [ -n "$APP2_PID" ] && t=$((t + $(proc_ticks "$APP2_PID")))
  echo "$t"
}
pg_children() { ps --ppid "$PG_PID" -o pid= 2>/dev/null | wc -l; }
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
secs() { awk -v t="$1" -v h="$CLK_TCK" 'BEGIN{printf "%.1f", t / h}'; }

declare -A R   # results: R[label.key], summed over the slices of a measurement

add() {  # add KEY NUMBER: R[KEY] += NUMBER
  R[$1]=$(awk -v a="${R[$1]:-0}" -v b="$2" 'BEGIN{printf "%.3f", a + b}')
}

# run_load LABEL DURATION COMMAND...: runs a load generator that stops by itself after
# DURATION s, killed by `timeout` if it has not 30 s later; adds the CPU it took to
# LABEL's sums. The tool's output goes to $WORK/LABEL.out and .err.
run_load() {
  local label=$1 LIMIT=$(($2 + 30)); shift 2
  local j0 p0 m0 j1 p1 m1 t0 t1 app pg load busy
  local backends
  backends=$(pg_children)
  j0=$(app_ticks); p0=$(pg_ticks); m0=$(machine_busy_ticks); t0=$(date +%s.%N)
  local TIMEFORMAT='%3U %3S'
  { time timeout -k 5 "$LIMIT" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" ; } 2>"$WORK/$label.time" \
    || { tail -n 20 "$WORK/$label.err" "$WORK/$label.out" >&2; die "$label failed"; }
  # pgbench's backends exit with it: wait (up to 5 s) until the postmaster has reaped
  # them, so that their CPU time is in its cutime and not lost between two reads
  for _ in $(seq 1 50); do [ "$(pg_children)" -le "$backends" ] && break; sleep 0.1; done
  t1=$(date +%s.%N); j1=$(app_ticks); p1=$(pg_ticks); m1=$(machine_busy_ticks)
  app=$(secs $((j1 - j0))); pg=$(secs $((p1 - p0))); busy=$(secs $((m1 - m0)))
  load=$(awk '{printf "%.2f", $1 + $2}' "$WORK/$label.time")
  add "$label.wall" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')"
  add "$label.cpu_app" "$app"
  add "$label.cpu_pg" "$pg"
  add "$label.cpu_load" "$load"
  add "$label.cpu_other" "$(awk -v m="$busy" -v a="$app" -v p="$pg" -v l="$load" 'BEGIN{o = m - a - p - l; print (o < 0 ? 0 : o)}')"
}

# Latencies of every slice go to $WORK/LABEL.lat as "microseconds count" lines.
pgbench_slice() {  # LABEL CONNS SCRIPT DURATION
  local label=$1 c=$2 script=$3 d=$4 j=$THREADS
  [ "$j" -gt "$c" ] && j=$c
  rm -f "$WORK/pgblog".*
  PGPASSWORD=$DB_PASSWORD run_load "$label" "$d" "$PGBIN/pgbench" -n -M prepared -h 127.0.0.1 -p "$PGPORT" -U "$DB_USER" \
    -c "$c" -j "$j" -T "$d" -D prefix="$SEED_PREFIX" -D nseed="$SEED_COUNT" -f "$script" \
    -l --log-prefix="$WORK/pgblog" "$DB"
  local out=$WORK/$label.out tps ok failed
  tps=$(awk '/^tps = /{print $3}' "$out")
  ok=$(awk -F': ' '/^number of transactions actually processed/{split($2, a, "/"); print a[1]}' "$out")
  failed=$(awk -F': ' '/^number of failed transactions/{split($2, a, " "); print a[1]}' "$out")
  add "$label.ok" "$ok"
  add "$label.failed" "${failed:-0}"
  add "$label.secs" "$(awk -v n="$ok" -v t="$tps" 'BEGIN{print (t > 0 ? n / t : 0)}')"   # time without connecting
  cat "$WORK/pgblog".* | awk '{print $3, 1}' >>"$WORK/$label.lat"   # 3rd field: the transaction's latency, µs
  rm -f "$WORK/pgblog".*
}

# wrk_pair THREADS CONNS DURATION MODE PER_THREAD: one wrk per instance, in parallel
wrk_pair() {
  local j=$1 c=$2 d=$3 mode=$4 per_thread=$5
  wrk -t "$j" -c "$c" -d "${d}s" --timeout 10s -s "$HERE/report.lua" "$BASE/api/v1/reports" \
    -- "$mode" "$per_thread" "$SEED_PREFIX" "$SEED_COUNT" "$BASE_EPOCH" "$WORK/wrk.hist" &
  local a=$!
  wrk -t "$j" -c "$c" -d "${d}s" --timeout 10s -s "$HERE/report.lua" "$BASE2/api/v1/reports" \
    -- "$mode" "$per_thread" "$SEED_PREFIX" "$SEED_COUNT" "$BASE_EPOCH" "$WORK/wrk.hist2" &
  local b=$!
  wait "$a" && wait "$b"
}

# The WRK_RESULT line of a run, summed over its wrk processes (durations: the longest).
sum_results() {
  grep '^WRK_RESULT ' "$1" | awk '
    { n++; for (i = 2; i <= NF; i++) { split($i, kv, "="); k = kv[1]; v = kv[2];
        if (!(k in sum)) order[++m] = k
        if (k ~ /_ms$|^rps$/) { if (v > sum[k]) sum[k] = v } else if (k == "duration_s") { if (v > sum[k]) sum[k] = v } else sum[k] += v } }
    END { if (!n) exit 1; printf "WRK_RESULT"; for (i = 1; i <= m; i++) printf " %s=%s", order[i], sum[order[i]]; print "" }'
}

wrk_slice() {  # LABEL CONNS MODE DURATION
  local label=$1 c=$2 mode=$3 d=$4 j=$THREADS
  [ "$j" -gt "$c" ] && j=$c
  local per_thread=$((MAX_REQUESTS / j))
  [ "$mode" = seed ] && per_thread=$SEED_COUNT   # seed: one thread, one connection, exactly the seed set
  rm -f "$WORK/wrk.hist" "$WORK/wrk.hist2"
  if [ -n "$BASE2" ] && [ "$mode" != seed ] && [ "$c" -ge 2 ]; then
    # half the connections (and threads) to each instance, at once
    local j2=$(( j > 1 ? j / 2 : 1 ))
    export -f wrk_pair
    export HERE BASE BASE2 SEED_PREFIX SEED_COUNT BASE_EPOCH WORK
    run_load "$label" "$d" bash -c 'wrk_pair "$@"' wrk_pair "$j2" "$((c / 2))" "$d" "$mode" "$per_thread"
  else
    run_load "$label" "$d" wrk -t "$j" -c "$c" -d "${d}s" --timeout 10s -s "$HERE/report.lua" "$BASE/api/v1/reports" \
      -- "$mode" "$per_thread" "$SEED_PREFIX" "$SEED_COUNT" "$BASE_EPOCH" "$WORK/wrk.hist"
  fi
  [ -f "$WORK/wrk.hist2" ] && cat "$WORK/wrk.hist2" >>"$WORK/wrk.hist"
  local line kv
  line=$(sum_results "$WORK/$label.out") || { cat "$WORK/$label.out" "$WORK/$label.err" >&2; die "$label: no result"; }
  declare -A W=()
  for kv in ${line#WRK_RESULT }; do W[${kv%%=*}]=${kv#*=}; done
  local expected
  if [ "$mode" = resend ]; then expected=${W[s200]}; else expected=${W[s201]}; fi
  add "$label.ok" "$expected"
  add "$label.s201" "${W[s201]}"
  add "$label.failed" $(( W[requests] - expected + W[err_connect] + W[err_read] + W[err_write] + W[err_timeout] ))
  add "$label.secs" "${W[duration_s]}"
  cat "$WORK/wrk.hist" >>"$WORK/$label.lat"
  if [ "$mode" != seed ] && [ "${W[requests]}" -ge $((per_thread * j)) ]; then
    # a thread that reached its count idles until -d: the rate is then too low
    log "WARNING: $label reached the count bound (BENCH_MAX_REQUESTS=$MAX_REQUESTS); its rate is a lower bound"
    R[$label.bound]=1
  fi
}

finish() {  # LABEL: rate and latency percentiles over all of its slices
  local label=$1 lat=$WORK/$1.lat
  R[$label.rate]=$(awk -v n="${R[$label.ok]}" -v s="${R[$label.secs]}" 'BEGIN{printf "%.0f", (s > 0 ? n / s : 0)}')
  [ -n "${R[$label.bound]:-}" ] && R[$label.rate]="≥${R[$label.rate]}"
  local q
  sort -n -k1,1 "$lat" -o "$lat"
  for q in 50 90 99 99.9; do
    R[$label.p$q]=$(awk -v q="$q" 'NR == FNR {n += $2; next}
      {c += $2; if (c >= n * q / 100) {printf "%.2f", $1 / 1000; exit}}' "$lat" "$lat")
  done
  R[$label.max]=$(awk 'END{printf "%.2f", $1 / 1000}' "$lat")
  rm -f "$lat"
}

# pg_locks, sampled every 0.2 s while new reports arrive: how many lock requests wait, and
# on what. A report's transaction waiting on another's (a transactionid or advisory lock)
# is what serialises commits; "none" is the goal.
start_lock_sampler() {
  local out=$WORK/$1.locks
  ( while :; do
      psql_super -d "$DB" -At -F ' ' -c "SELECT count(*), coalesce(string_agg(DISTINCT locktype, ','), '-') FROM pg_locks WHERE NOT granted" 2>/dev/null || true
      sleep 0.2
    done ) >>"$out" &
  LOCK_SAMPLER=$!
}
stop_lock_sampler() {
  if [ -n "$LOCK_SAMPLER" ]; then
    kill "$LOCK_SAMPLER" 2>/dev/null || true
    wait "$LOCK_SAMPLER" 2>/dev/null || true   # a killed job's status is not a failure here
  fi
  LOCK_SAMPLER=
  return 0
}
lock_summary() {  # LABEL: "samples, samples with a waiter, most waiting at once, lock types seen waiting"
  local f=$WORK/$1.locks
  [ -s "$f" ] || { echo "no samples"; return; }
  awk '{n++; if ($1 > 0) {w++; split($2, t, ","); for (i in t) seen[t[i]] = 1} if ($1 > mx) mx = $1}
    END {s = ""; for (k in seen) s = s (s ? "," : "") k; printf "%d samples, %d with a waiter (max %d at once)%s", n, w, mx, (s ? ": " s : "")}' "$f"
}

SEED_PREFIX=b$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-7)   # starts with a letter: pgbench keeps it a string
BASE_EPOCH=$(($(date +%s) - 3600))
read -r -a CONN_LIST <<<"$CONNECTIONS"
FIRST_C=${CONN_LIST[0]}
SLICE=$((DURATION / ROUNDS))
[ "$SLICE" -ge 1 ] || die "BENCH_DURATION ($DURATION) must be at least BENCH_ROUNDS ($ROUNDS) seconds"

log "warm-up: ${WARMUP}s of new reports at $FIRST_C connections, 5 s of raw INSERTs"
wrk_slice warmup "$FIRST_C" new "$WARMUP"
pgbench_slice warmup_sql "$FIRST_C" "$HERE/insert.sql" 5
log "seeding $SEED_COUNT reports for the resend runs"
# By count, not by time: wrk stops a thread after its count but ends the run only at -d,
# so each pass is short; a pass resends what earlier passes stored (200) and goes on with
# the rest, until the whole seed set is stored (at most 10 minutes on a slow machine).
seed_stored() {
  psql_super -d "$DB" -At -v prefix="$SEED_PREFIX" -v n="$SEED_COUNT" <<'SQL'
SELECT count(*) FROM report WHERE client_report_id IN (
  SELECT (:'prefix' || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid FROM generate_series(0, :n - 1) AS i);
SQL
}
seeded=0
seed_deadline=$(( $(date +%s) + 600 ))
pass=0
while [ "$seeded" -lt "$SEED_COUNT" ]; do
  [ "$(date +%s)" -lt "$seed_deadline" ] || die "seeding stored $seeded of $SEED_COUNT reports in 10 minutes"
  pass=$((pass + 1))
  wrk_slice "seed$pass" 1 seed $((5 + SEED_COUNT / 200))
  seeded=$(seed_stored)
  log "seed pass $pass: $seeded of $SEED_COUNT stored"
done

# Each measurement is $ROUNDS slices of $SLICE s, interleaved (raw, intake, raw, intake,
# ...), so that a burst of other work on the machine falls on both sides of a ratio.
for c in "${CONN_LIST[@]}"; do
  for round in $(seq 1 "$ROUNDS"); do
    log "c=$c, round $round/$ROUNDS: raw INSERT, intake new, raw resend-equivalent, intake resend (${SLICE}s each)"
    pgbench_slice "raw_new_$c" "$c" "$HERE/insert.sql" "$SLICE"
    start_lock_sampler "http_new_$c"
    wrk_slice "http_new_$c" "$c" new "$SLICE"
    stop_lock_sampler
    pgbench_slice "raw_resend_$c" "$c" "$HERE/resend.sql" "$SLICE"
    wrk_slice "http_resend_$c" "$c" resend "$SLICE"
  done
  for l in raw_new http_new raw_resend http_resend; do finish "${l}_$c"; done
  log "c=$c: raw INSERT ${R[raw_new_$c.rate]}/s, intake new ${R[http_new_$c.rate]}/s, raw resend-equivalent ${R[raw_resend_$c.rate]}/s, intake resend ${R[http_resend_$c.rate]}/s"
done
ROWS=$(psql_super -d "$DB" -At -c 'SELECT count(*) FROM report')
if [ "${BENCH_STATEMENTS:-0}" = 1 ]; then
  log "statements by total server time (all runs; pgbench's own are among them):"
  psql_super -d "$DB" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null
  psql_super -d "$DB" -P pager=off -c "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms,
      round(mean_exec_time::numeric, 3) AS mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 150) AS query
      FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" | tee -a "$WORK/statements.txt"
fi
# Flyway's "extension postgis already exists" WARN is expected (the script created it as superuser)
SERVICE_ERRORS=$(grep -E ' (ERROR|WARN) ' "$WORK/service.log" | grep -c -v 'already exists' || true)

# ---------------------------------------------------------------- report
num() { awk -v d="$1" -v x="$2" 'BEGIN{printf "%.*f", d, x}'; }   # num DECIMALS NUMBER
ratio() { awk -v a="${1#≥}" -v b="${2#≥}" 'BEGIN{if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
# "⚠" when more than DISTURBED cores on average went to other work during any of the runs named
DISTURBED=${BENCH_DISTURBED_CORES:-0.5}
warn() {
  local l
  for l in "$@"; do
    if awk -v c="${R[$l.cpu_other]}" -v w="${R[$l.wall]}" -v t="$DISTURBED" 'BEGIN{exit !(w > 0 && c / w > t)}'; then
      echo " ⚠"; return
    fi
  done
}
# server-side CPU per unit of work, ms: PostgreSQL for a raw run, service JVM + PostgreSQL for an intake run
server_ms() {
  local l=$1 app=0
  case $l in http_*) app=${R[$l.cpu_app]};; esac
  awk -v a="$app" -v p="${R[$l.cpu_pg]}" -v n="${R[$l.ok]}" 'BEGIN{if (n > 0) printf "%.3f", (a + p) * 1000 / n; else print "n/a"}'
}
cores() { awk -v c="$1" -v w="$2" 'BEGIN{if (w > 0) printf "%.2f", c / w; else print "n/a"}'; }

# the runs on which other work took more than DISTURBED cores (empty: a quiet machine)
DISTURBED_RUNS=
for c in "${CONN_LIST[@]}"; do
  for run in raw_new http_new raw_resend http_resend; do
    [ -n "$(warn "${run}_$c")" ] && DISTURBED_RUNS="$DISTURBED_RUNS ${run}_$c"
  done
done

TABLE=$WORK/table.md
{
  echo "| connections | raw INSERT/s (pgbench) | intake new reports/s | **new ÷ raw INSERT** | intake resends/s | **resend ÷ raw INSERT** | raw resend-equivalent tx/s | resend ÷ raw resend-equivalent |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${CONN_LIST[@]}"; do
    echo "| $c | ${R[raw_new_$c.rate]}$(warn "raw_new_$c") | ${R[http_new_$c.rate]}$(warn "http_new_$c") | **$(ratio "${R[http_new_$c.rate]}" "${R[raw_new_$c.rate]}")**$(warn "raw_new_$c" "http_new_$c") | ${R[http_resend_$c.rate]}$(warn "http_resend_$c") | **$(ratio "${R[http_resend_$c.rate]}" "${R[raw_new_$c.rate]}")**$(warn "raw_new_$c" "http_resend_$c") | ${R[raw_resend_$c.rate]}$(warn "raw_resend_$c") | $(ratio "${R[http_resend_$c.rate]}" "${R[raw_resend_$c.rate]}")$(warn "raw_resend_$c" "http_resend_$c") |"
  done
  if [ -n "$DISTURBED_RUNS" ]; then
    echo
    echo "⚠: more than $DISTURBED of the 2 cores, on average, went to other work on the machine during that run (or one of the two runs of that ratio): read that number with suspicion, and the CPU-per-unit table below instead."
  fi
  echo
  echo "Lock waits in PostgreSQL while new reports arrived (\`pg_locks WHERE NOT granted\`, sampled every 0.2 s):"
  echo
  for c in "${CONN_LIST[@]}"; do echo "- $c connections: $(lock_summary "http_new_$c")"; done
  echo
  echo "Server-side CPU per unit of work (core-milliseconds: PostgreSQL for a raw run, service JVM + PostgreSQL for an intake run). It moves less than a rate when other work shares the machine; raw ÷ intake says what share of a report's server CPU the bare INSERT is. It does not see time spent waiting for the disk (every new report's COMMIT waits for its WAL flush), which the rates do, and which other work's disk writes lengthen:"
  echo
  echo "| connections | raw INSERT | intake new report | **raw ÷ intake (new)** | raw resend-equivalent | intake resend | raw INSERT ÷ intake (resend) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${CONN_LIST[@]}"; do
    a=$(server_ms "raw_new_$c"); b=$(server_ms "http_new_$c"); r=$(server_ms "raw_resend_$c"); h=$(server_ms "http_resend_$c")
    echo "| $c | $a | $b | **$(ratio "$a" "$b")** | $r | $h | $(ratio "$a" "$h") |"
  done
  echo
  echo "Every run in detail (latency per request or transaction, as the load generator saw it; CPU in core-seconds over the run: service JVM / PostgreSQL / load generator / everything else on the machine):"
  echo
  echo "| run | connections | rate/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | expected answers | other answers or failures | CPU s: service / PostgreSQL / load gen / other | other work, cores | server CPU ms per unit |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
  for c in "${CONN_LIST[@]}"; do
    for run in raw_new http_new raw_resend http_resend; do
      l=${run}_$c
      case $run in
        raw_new) name="raw INSERT (pgbench)";;
        http_new) name="intake, new report → 201 (wrk)";;
        raw_resend) name="raw resend-equivalent: INSERT … ON CONFLICT + SELECT (pgbench)";;
        http_resend) name="intake, resend → 200 (wrk)";;
      esac
      echo "| $name | $c | ${R[$l.rate]}$(warn "$l") | ${R[$l.p50]} | ${R[$l.p90]} | ${R[$l.p99]} | ${R[$l.p99.9]} | ${R[$l.max]} | $(num 0 "${R[$l.ok]}") | $(num 0 "${R[$l.failed]}") | $(num 1 "${R[$l.cpu_app]}") / $(num 1 "${R[$l.cpu_pg]}") / $(num 1 "${R[$l.cpu_load]}") / $(num 1 "${R[$l.cpu_other]}") | $(cores "${R[$l.cpu_other]}" "${R[$l.wall]}") | $(server_ms "$l") |"
    done
  done
} >"$TABLE"

RUN_DATE=$(date -u +%Y-%m-%dT%H:%MZ)
# (whole outputs read, no `head`: under pipefail an early-closing reader fails the pipe)
JAVA_VERSION=$(java -version 2>&1 | awk 'NR == 1')
CPU_MODEL=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ && !m {m = $2} END {print m}' || true)
OS_NAME=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)
WRK_VERSION=$(wrk --version 2>&1 | awk 'NR == 1 {print $2}' || true)
MACHINE="$(nproc) cores (${CPU_MODEL:-?}), $(awk '/^MemTotal/{printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) memory, ${OS_NAME:-?}, PostgreSQL $PG_VERSION + PostGIS $POSTGIS_VERSION, $JAVA_VERSION, wrk ${WRK_VERSION:-?}"
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)

SECTION=$WORK/section.md
{
  echo "<!-- BEGIN $BLOCK: generated by bench/intake/run.sh, replaced on every run -->"
  echo "Run of $RUN_DATE on $MACHINE. Service: \`$(basename "$JAR")\` at commit \`$(git rev-parse --short HEAD 2>/dev/null || echo '?')\`$(git diff --quiet HEAD -- src pom.xml migrations 2>/dev/null || echo ' (with uncommitted changes)'), $INSTANCES service instance(s) on the one database, connection pool $POOL_SIZE each, JVM options \`${BENCH_JAVA_OPTS:-none}\`. ${DURATION} s per measurement, run as ${ROUNDS} slices of ${SLICE} s interleaved with the other measurements at the same concurrency, ${THREADS} load-generator threads, after a ${WARMUP} s warm-up; load average at the end: $LOADAVG."
  echo
  if [ -n "$DISTURBED_RUNS" ]; then
    echo "**The machine was shared**: other work took more than $DISTURBED cores during${DISTURBED_RUNS} (the \"other work, cores\" column), so absolute rates and especially the latency tails are noisy there. The ratios compare measurements interleaved in time on the same cluster and are the numbers to read; the CPU-per-unit ratios move less. Rerun on a quiet machine before trusting a small change."
  else
    echo "The machine was quiet: no run lost more than $DISTURBED cores to other work (the \"other work, cores\" column)."
  fi
  echo
  cat "$TABLE"
  echo
  echo "$ROWS rows in \`report\` at the end; $SERVICE_ERRORS WARN/ERROR lines in the service log."
  echo "<!-- END $BLOCK -->"
} >"$SECTION"

echo
cat "$SECTION"

if [ -n "$DOC" ]; then
  mkdir -p "$(dirname "$DOC")"
  if [ ! -f "$DOC" ]; then
    cat >"$DOC" <<EOF
# Benchmarks

Each section is written by a harness under \`bench/\` (see bench/README.md for what each
one measures) and names the machine, versions and date of its own run. Rerun one with
its script from the repository root, e.g. \`bench/intake/run.sh\`; it replaces only its
own section and leaves the others as they are.

This file was created on $RUN_DATE on $MACHINE.
Every machine of this project has 2 cores and 24 GiB: numbers are small-machine numbers,
and ratios measured within one run travel better than absolute rates.
EOF
  fi
  tmp=$WORK/doc.md
  if grep -q "^<!-- BEGIN $BLOCK:" "$DOC"; then
    # replace only the generated block; text around it in the section is kept
    awk -v sec="$SECTION" -v b="<!-- BEGIN $BLOCK:" -v e="<!-- END $BLOCK -->" '
      index($0, b) == 1 { while ((getline line < sec) > 0) print line; skip = 1; next }
      skip && $0 == e { skip = 0; next }
      !skip { print }' "$DOC" >"$tmp"
  elif [ "$BLOCK" != intake ] && grep -q '^<!-- END intake -->' "$DOC"; then
    # the two-instance block goes right after the one-instance block
    awk -v sec="$SECTION" '{ print } $0 == "<!-- END intake -->" { print ""; while ((getline line < sec) > 0) print line }' "$DOC" >"$tmp"
  elif grep -q '^## Intake[[:space:]]*$' "$DOC"; then
    awk -v sec="$SECTION" '
      /^## / && skip { skip = 0 }
      /^## Intake[[:space:]]*$/ { print; print ""; while ((getline line < sec) > 0) print line; print ""; skip = 1; next }
      !skip { print }' "$DOC" >"$tmp"
  else
    { cat "$DOC"; echo; echo "## Intake"; echo
      echo "HTTP intake (\`POST /api/v1/reports\`, one new report per request) against the raw PostgreSQL single-row INSERT of the same row into the same \`report\` table, same cluster, same run, same number of client connections. Rerun: \`bench/intake/run.sh\` (bench/README.md)."
      echo; cat "$SECTION"; } >"$tmp"
  fi
  cat "$tmp" >"$DOC"
  log "updated $DOC"
fi
