#!/usr/bin/env bash
# Chaos run on the cluster of `bin/trucewatch cluster` (docs/operations.md): steady intake
# with resends from many clients (clients.py) while, in turn, the Patroni primary is killed
# (kill -9 of Patroni and its postmaster: the node dies), one service instance is killed
# (kill -9 of the JVM) and HAProxy is killed and started again. Then it proves that every
# acknowledged report is stored exactly once, that the audit chain verifies, that no
# escalation ran twice, and prints failover time, errors seen by clients and reports/s
# before, during and after each event. See bench/README.md.
#
#   bench/cluster/run.sh     (~5 min on 2 cores: cluster start ~45 s, load 150 s, checks)
#
# Knobs: CHAOS_SECONDS (150), CHAOS_CLIENTS (16), CHAOS_MAX_REPORTS (100000),
# CHAOS_PRIMARY_AT (30), CHAOS_APP_AT (75), CHAOS_HAPROXY_AT (110) seconds into the load,
# CHAOS_OUT (bench/cluster/results/<UTC time>), TW_CLUSTER_* as for bin/trucewatch cluster.
# Only 127.0.0.1 is a target; the load is bounded in time and count; the cluster is stopped
# and removed at the end (CHAOS_KEEP=1 keeps it running).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECONDS_LOAD=${CHAOS_SECONDS:-150}; CLIENTS=${CHAOS_CLIENTS:-16}; MAX=${CHAOS_MAX_REPORTS:-100000}
PRIMARY_AT=${CHAOS_PRIMARY_AT:-30}; APP_AT=${CHAOS_APP_AT:-75}; HAPROXY_AT=${CHAOS_HAPROXY_AT:-110}
OUT=${CHAOS_OUT:-bench/cluster/results/$(date -u +%Y%m%dT%H%M%SZ)}
DIR=$(realpath -m "${TW_CLUSTER_DIR:-target/cluster}")
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1
log() { printf '[chaos %s] %s\n' "$(date +%T)" "$*"; }

command -v bc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bc >/dev/null
bin/trucewatch cluster stop >/dev/null 2>&1 || true
# The sample protocols (lebanon-tripartite), so that reports are routed and escalations can run.
export TRUCEWATCH_MECHANISMS_LOAD_SAMPLES=true TRUCEWATCH_INCIDENTS_ESCALATION_INTERVAL=5s
bin/trucewatch cluster start
# shellcheck disable=SC1091
. "$DIR/env"
JAR=$(ls target/trucewatch-*-SNAPSHOT.jar | head -1)
sql() { PGPASSWORD=$APP_PASSWORD psql -qXtA -h 127.0.0.1 -p "$HA_PRIMARY" -U trucewatch_app -d trucewatch "$@"; }
[ "${CHAOS_KEEP:-}" = 1 ] || trap 'bin/trucewatch cluster stop >/dev/null 2>&1 || true' EXIT

PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
TRUCEWATCH_NEW_PASSWORD=$PASSWORD DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$HA_PRIMARY/trucewatch" \
  DATASOURCE_USERNAME=trucewatch_app DATASOURCE_PASSWORD="$APP_PASSWORD" FLYWAY_USERNAME=trucewatch \
  FLYWAY_PASSWORD="$OWNER_PASSWORD" JWT_SECRET="$JWT_SECRET" TRUCEWATCH_MIGRATIONS="filesystem:$ROOT/migrations" \
  java -jar "$JAR" users add chaos-monitor --role monitor --mechanism lebanon-tripartite >"$OUT/users.log" 2>&1
curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"chaos-monitor\",\"password\":\"$PASSWORD\"}" \
  "http://127.0.0.1:$FRONT/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' > "$DIR/token"
[ -s "$DIR/token" ] || { log "no token"; exit 1; }

pid() { cat "$DIR/pids/$1"; }
primary_node() { local n; for n in 1 2; do curl -sf -o /dev/null "http://127.0.0.1:$((BASE + 30 + n))/primary" && { echo $n; return; }; done; }
writable() { sql -c 'SELECT 1 WHERE NOT pg_is_in_recovery()' 2>/dev/null | grep -q 1; }

log "load: $CLIENTS clients for ${SECONDS_LOAD}s through http://127.0.0.1:$FRONT"
timeout $((SECONDS_LOAD + 60)) /usr/bin/python3 bench/cluster/clients.py "http://127.0.0.1:$FRONT" "$DIR/token" "$OUT" \
  "$SECONDS_LOAD" "$CLIENTS" "$MAX" > "$OUT/clients.log" 2>&1 &
LOAD=$!
# Fault times are kept on the clients' clock (t = 0 when they start), so that an error is
# counted in the phase of the fault that caused it.
for _ in $(seq 1 100); do [ -s "$OUT/clients-start" ] && break; sleep 0.1; done
T0=$(cat "$OUT/clients-start")
at() { local t; t=$(echo "$T0 + $1" | bc); while [ "$(echo "$(date +%s.%N) < $t" | bc)" = 1 ]; do sleep 0.2; done; }
since() { echo "$(date +%s.%N) - $T0" | bc; }

at "$PRIMARY_AT"
OLD=$(primary_node)
log "t=$(since)s kill -9 the primary pg$OLD (Patroni and its postmaster)"
PM=$(head -1 "$DIR/pg$OLD/data/postmaster.pid")
# runuser waits for Patroni in the process group setsid gave it; Patroni's postmaster too.
kill -9 -- "-$(pid "patroni$OLD")" 2>/dev/null || true
kill -9 "$PM" 2>/dev/null || true
KILLED=$(date +%s.%N)
until writable; do sleep 0.2; done
FAILOVER=$(echo "$(date +%s.%N) - $KILLED" | bc)
log "t=$(since)s pg$(primary_node) is primary and writable through HAProxy: failover ${FAILOVER}s"
echo "failover_s=$FAILOVER" > "$OUT/events.txt"
echo "primary_killed_at=$(echo "$KILLED - $T0" | bc)" >> "$OUT/events.txt"
bin/trucewatch cluster restart "patroni$OLD"
log "t=$(since)s pg$OLD restarted (rejoins as a standby)"

at "$APP_AT"
log "t=$(since)s kill -9 service instance 1"
kill -9 "$(pid app1)"; echo "app_killed_at=$(since)" >> "$OUT/events.txt"
sleep 10
bin/trucewatch cluster restart app1
log "t=$(since)s instance 1 restarting"

at "$HAPROXY_AT"
log "t=$(since)s kill -9 HAProxy, start it again"
kill -9 "$(pid haproxy)"; echo "haproxy_killed_at=$(since)" >> "$OUT/events.txt"
sleep 1
bin/trucewatch cluster restart haproxy
echo "haproxy_restarted_at=$(since)" >> "$OUT/events.txt"

wait "$LOAD" || true
cat "$OUT/clients.log"
log "load over; the cluster now:"
bin/trucewatch cluster status | tee "$OUT/status.txt"

# ---------------------------------------------------------------- the proofs
log "every acknowledged report stored exactly once"
cut -f1 "$OUT/acks.tsv" | sort -u > "$DIR/acked-ids.txt"   # derived: not kept
ACKED=$(wc -l < "$DIR/acked-ids.txt")
sql -c "CREATE TEMP TABLE acked (client_report_id uuid)" -c "\\copy acked FROM '$DIR/acked-ids.txt'" \
  -c "SELECT count(*) FILTER (WHERE n = 0) AS lost, count(*) FILTER (WHERE n > 1) AS doubled, count(*) AS acked
      FROM (SELECT a.client_report_id, count(r.id) AS n FROM acked a LEFT JOIN report r USING (client_report_id)
            GROUP BY a.client_report_id) x" | tee "$OUT/exactly-once.txt"
# The same report id for every acknowledgement of one clientReportId (a resend answers the stored one).
MISMATCH=$(cut -f1,2 "$OUT/acks.tsv" | sort -u | cut -f1 | uniq -d | wc -l)
echo "clientReportIds acknowledged with two different report ids: $MISMATCH" | tee -a "$OUT/exactly-once.txt"
STORED=$(sql -c "SELECT count(*) FROM report")
echo "reports stored: $STORED (acknowledged: $ACKED; the difference was sent but never acknowledged)" | tee -a "$OUT/exactly-once.txt"

log "audit chain"
DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$HA_PRIMARY/trucewatch" DATASOURCE_USERNAME=trucewatch_app \
  DATASOURCE_PASSWORD="$APP_PASSWORD" FLYWAY_USERNAME=trucewatch FLYWAY_PASSWORD="$OWNER_PASSWORD" \
  JWT_SECRET="$JWT_SECRET" TRUCEWATCH_MIGRATIONS="filesystem:$ROOT/migrations" \
  java -jar "$JAR" audit verify > "$OUT/audit-verify.txt" 2>&1; echo "exit $?" >> "$OUT/audit-verify.txt"
grep -v "^[0-9-]*T[0-9:.]*Z" "$OUT/audit-verify.txt" | tail -5

log "escalations"
sql -c "SELECT count(*) AS escalations, count(*) - count(DISTINCT (incident_id, from_level)) AS repeated
        FROM incident_event WHERE kind = 'escalation'" | tee "$OUT/escalations.txt"

log "rates"
/usr/bin/python3 - "$OUT" <<'PY' | tee "$OUT/rates.txt"
import sys, os
out = sys.argv[1]
ev = dict(l.strip().split("=") for l in open(os.path.join(out, "events.txt")))
acks = [float(l.split("\t")[3]) for l in open(os.path.join(out, "acks.tsv")) if l.split("\t")[2] == "201"]
errs = [l.split("\t") for l in open(os.path.join(out, "errors.tsv"))]
def rate(a, b):
    n = sum(1 for t in acks if a <= t < b)
    return "%6.1f reports/s (%d in %.0f s)" % (n / (b - a), n, b - a) if b > a else "-"
def errors(a, b):
    return sum(1 for e in errs if a <= float(e[0]) < b)
k = float(ev["primary_killed_at"]); f = float(ev["failover_s"]); app = float(ev["app_killed_at"]); hk = float(ev["haproxy_killed_at"])
end = max(acks) if acks else 0
print("new reports acknowledged (201) per second, by phase:")
print("  before any fault      [0, %.0f)     %s, errors %d" % (k, rate(0, k), errors(0, k)))
print("  primary failover      [%.0f, %.0f)   %s, errors %d" % (k, k + f + 5, rate(k, k + f + 5), errors(k, k + f + 5)))
print("  after the failover    [%.0f, %.0f)   %s, errors %d" % (k + f + 5, app, rate(k + f + 5, app), errors(k + f + 5, app)))
print("  one instance killed   [%.0f, %.0f)   %s, errors %d" % (app, hk, rate(app, hk), errors(app, hk)))
print("  HAProxy restarted     [%.0f, %.0f)   %s, errors %d" % (hk, hk + 5, rate(hk, hk + 5), errors(hk, hk + 5)))
print("  after                 [%.0f, %.0f)   %s, errors %d" % (hk + 5, end, rate(hk + 5, end), errors(hk + 5, end)))
gaps = sorted(((b - a, a) for a, b in zip(sorted(acks), sorted(acks)[1:])), reverse=True)[:3]
print("longest pauses between two acknowledgements: " + ", ".join("%.1f s at t=%.0f s" % g for g in gaps))
kinds = {}
for e in errs:
    kinds[e[1].strip()] = kinds.get(e[1].strip(), 0) + 1
print("errors seen by clients: %d (%s)" % (len(errs), ", ".join("%s: %d" % kv for kv in sorted(kinds.items()))))
PY
