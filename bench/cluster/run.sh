#!/usr/bin/env bash
# Chaos run on the cluster of `bin/trucewatch cluster` (docs/operations.md): steady intake
# with resends from many clients (clients.py) while, in turn, the Patroni primary is killed
# (kill -9 of Patroni and its postmaster: the node dies), one service instance is killed
# (kill -9 of the JVM) and HAProxy is killed and started again. Meanwhile reports of a bench
# mechanism whose deadlines are seconds (setup.py, overdue.py) make incidents fall due for the
# escalation job of both instances, and queue streams (streams.py) stay open through HAProxy
# and reconnect with Last-Event-ID after each fault. Then it proves that every acknowledged
# report is stored exactly once, that the audit chain verifies, that every overdue incident was
# escalated exactly once, and that every queue change reached each stream (check.py), and
# prints failover time, errors seen by clients, reports/s before, during and after each event,
# and the streams' reconnections and gaps. See bench/README.md. Exits 1 when a proof fails.
#
#   bench/cluster/run.sh     (~5 min on 2 cores: cluster start ~45 s, load 150 s, checks)
#
# Knobs: CHAOS_SECONDS (150), CHAOS_CLIENTS (16), CHAOS_MAX_REPORTS (100000),
# CHAOS_PRIMARY_AT (30), CHAOS_APP_AT (75), CHAOS_HAPROXY_AT (110) seconds into the load,
# CHAOS_DEADLINE (20 s: every deadline of the bench mechanism), CHAOS_ESCALATION_INTERVAL (2s:
# the job's interval on both instances), CHAOS_OVERDUE_RATE (2 reports/s of the bench
# mechanism), CHAOS_OVERDUE_BURSTS (N@T,...: N more at T s; default 100 falling due at the
# primary kill, 200 at the instance kill, 100 at the HAProxy kill), CHAOS_DRAIN (120 s: how long
# the job may take after the load to escalate what is left), CHAOS_OUT
# (bench/cluster/results/<UTC time>), TW_CLUSTER_* as for bin/trucewatch cluster.
# Only 127.0.0.1 is a target; the load is bounded in time and count; the cluster is stopped
# and removed at the end (CHAOS_KEEP=1 keeps it running).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECONDS_LOAD=${CHAOS_SECONDS:-150}; CLIENTS=${CHAOS_CLIENTS:-16}; MAX=${CHAOS_MAX_REPORTS:-100000}
PRIMARY_AT=${CHAOS_PRIMARY_AT:-30}; APP_AT=${CHAOS_APP_AT:-75}; HAPROXY_AT=${CHAOS_HAPROXY_AT:-110}
DEADLINE=${CHAOS_DEADLINE:-20}; OVERDUE_RATE=${CHAOS_OVERDUE_RATE:-2}; DRAIN=${CHAOS_DRAIN:-120}
# Each burst is sent DEADLINE + 1 s before a fault, so that it falls due as the fault strikes.
BURSTS=${CHAOS_OVERDUE_BURSTS:-100@$((PRIMARY_AT - DEADLINE - 1)),200@$((APP_AT - DEADLINE - 1)),100@$((HAPROXY_AT - DEADLINE - 1))}
OUT=${CHAOS_OUT:-bench/cluster/results/$(date -u +%Y%m%dT%H%M%SZ)}
DIR=$(realpath -m "${TW_CLUSTER_DIR:-target/cluster}")
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1
log() { printf '[chaos %s] %s\n' "$(date +%T)" "$*"; }

command -v bc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bc >/dev/null
bin/trucewatch cluster stop >/dev/null 2>&1 || true
# The sample protocols (lebanon-tripartite, which the intake reports are for); the deadline job
# on both instances every CHAOS_ESCALATION_INTERVAL.
export TRUCEWATCH_MECHANISMS_LOAD_SAMPLES=true TRUCEWATCH_INCIDENTS_ESCALATION_INTERVAL=${CHAOS_ESCALATION_INTERVAL:-2s}
bin/trucewatch cluster start
# shellcheck disable=SC1091
. "$DIR/env"
JAR=$(ls target/trucewatch-*-SNAPSHOT.jar | head -1)
sql() { PGPASSWORD=$APP_PASSWORD psql -qXtA -h 127.0.0.1 -p "$HA_PRIMARY" -U trucewatch_app -d trucewatch "$@"; }
STREAMS=; LOAD=; FEED=
cleanup() { # the run's own clients (by pid), then the cluster
  local p; for p in $STREAMS $LOAD $FEED; do kill "$p" 2>/dev/null || true; done
  [ "${CHAOS_KEEP:-}" = 1 ] || bin/trucewatch cluster stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The run's admin, through whom setup.py loads the bench mechanism and its zones and creates the
# run's users (a monitor for the intake, one for the bench mechanism, a chair and a delegate of
# it, a chair of lebanon-tripartite), each with a token in $DIR.
CHAOS_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'); export CHAOS_ADMIN_PASSWORD
TRUCEWATCH_NEW_PASSWORD=$CHAOS_ADMIN_PASSWORD DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$HA_PRIMARY/trucewatch" \
  DATASOURCE_USERNAME=trucewatch_app DATASOURCE_PASSWORD="$APP_PASSWORD" FLYWAY_USERNAME=trucewatch \
  FLYWAY_PASSWORD="$OWNER_PASSWORD" JWT_SECRET="$JWT_SECRET" TRUCEWATCH_MIGRATIONS="filesystem:$ROOT/migrations" \
  java -jar "$JAR" users add chaos-admin --role admin >"$OUT/users.log" 2>&1
/usr/bin/python3 bench/cluster/setup.py "http://127.0.0.1:$FRONT" "$DIR" "$DEADLINE" | tee -a "$OUT/users.log"
cp "$DIR/token-chaos-monitor" "$DIR/token"

pid() { cat "$DIR/pids/$1"; }
primary_node() { local n; for n in 1 2; do curl -sf -o /dev/null "http://127.0.0.1:$((BASE + 30 + n))/primary" && { echo $n; return; }; done; }
# An instance's warnings and errors, each with its exception's message and causes (not the frames).
warnings() { awk '/^[0-9][0-9TZ:.-]+ /{p=($2=="WARN"||$2=="ERROR")} p&&!/^[ \t]/' "$1"; }
writable() { sql -c 'SELECT 1 WHERE NOT pg_is_in_recovery()' 2>/dev/null | grep -q 1; }

# Queue streams through HAProxy for the whole run: the bench mechanism's chair on all their
# queues (two clients) and on the plenary queue the escalations go to, its party delegate (two),
# and lebanon-tripartite's chair, whose queues take every intake report.
STOP="$DIR/sse-stop"; rm -f "$STOP"
timeout $((SECONDS_LOAD + DRAIN + 240)) /usr/bin/python3 bench/cluster/streams.py "http://127.0.0.1:$FRONT" "$OUT" "$STOP" \
  $((SECONDS_LOAD + DRAIN + 180)) \
  "chair-all-1=$DIR/token-chaos-chair=/api/v1/queues/events" "chair-all-2=$DIR/token-chaos-chair=/api/v1/queues/events" \
  "chair-plenary=$DIR/token-chaos-chair=/api/v1/queues/chaos-escalation.sector/events" \
  "delegate-all-1=$DIR/token-chaos-delegate=/api/v1/queues/events" \
  "delegate-all-2=$DIR/token-chaos-delegate=/api/v1/queues/events" \
  "lb-chair-all=$DIR/token-chaos-chair-lb=/api/v1/queues/events" > "$OUT/streams.log" 2>&1 &
STREAMS=$!
for _ in $(seq 1 300); do [ -e "$OUT/sse-ready" ] && break; sleep 0.1; done
[ -e "$OUT/sse-ready" ] || { log "the queue streams did not open within 30 s"; exit 1; }

log "load: $CLIENTS clients for ${SECONDS_LOAD}s through http://127.0.0.1:$FRONT; the bench mechanism's incidents fall due ${DEADLINE}s after they open"
timeout $((SECONDS_LOAD + 60)) /usr/bin/python3 bench/cluster/clients.py "http://127.0.0.1:$FRONT" "$DIR/token" "$OUT" \
  "$SECONDS_LOAD" "$CLIENTS" "$MAX" > "$OUT/clients.log" 2>&1 &
LOAD=$!
# Fault times are kept on the clients' clock (t = 0 when they start), so that an error is
# counted in the phase of the fault that caused it.
for _ in $(seq 1 100); do [ -s "$OUT/clients-start" ] && break; sleep 0.1; done
T0=$(cat "$OUT/clients-start")
timeout $((SECONDS_LOAD + 60)) /usr/bin/python3 bench/cluster/overdue.py "http://127.0.0.1:$FRONT" "$DIR/token-chaos-overdue" \
  "$OUT" "$T0" "$SECONDS_LOAD" "$OVERDUE_RATE" "$BURSTS" > "$OUT/overdue.log" 2>&1 &
FEED=$!
at() { local t; t=$(echo "$T0 + $1" | bc); while [ "$(echo "$(date +%s.%N) < $t" | bc)" = 1 ]; do sleep 0.2; done; }
since() { echo "$(date +%s.%N) - $T0" | bc; }

at "$PRIMARY_AT"
OLD=$(primary_node)
log "t=$(since)s kill -9 the primary pg$OLD (Patroni and its postmaster)"
PM=$(head -1 "$DIR/pg$OLD/data/postmaster.pid")
# Each fault's time is taken just before it, so that what it causes falls in its phase.
KILLED=$(date +%s.%N)
# runuser waits for Patroni in the process group setsid gave it; Patroni's postmaster too.
kill -9 -- "-$(pid "patroni$OLD")" 2>/dev/null || true
kill -9 "$PM" 2>/dev/null || true
until writable; do sleep 0.2; done
FAILOVER=$(echo "$(date +%s.%N) - $KILLED" | bc)
log "t=$(since)s pg$(primary_node) is primary and writable through HAProxy: failover ${FAILOVER}s"
echo "failover_s=$FAILOVER" > "$OUT/events.txt"
echo "primary_killed_at=$(echo "$KILLED - $T0" | bc)" >> "$OUT/events.txt"
bin/trucewatch cluster restart "patroni$OLD"
log "t=$(since)s pg$OLD restarted (rejoins as a standby)"

at "$APP_AT"
log "t=$(since)s kill -9 service instance 1"
echo "app_killed_at=$(since)" >> "$OUT/events.txt"; kill -9 "$(pid app1)"
sleep 10
# Its deadline job's passes until the kill, and what it warned of (the restart starts its log afresh).
grep -E "^[0-9][0-9TZ:.-]+ .*EscalationJob" "$DIR/logs/app1.log" > "$OUT/jobs-app1-until-killed.log" || true
warnings "$DIR/logs/app1.log" > "$OUT/warnings-app1-until-killed.log"
bin/trucewatch cluster restart app1
log "t=$(since)s instance 1 restarting"

at "$HAPROXY_AT"
log "t=$(since)s kill -9 HAProxy, start it again"
echo "haproxy_killed_at=$(since)" >> "$OUT/events.txt"; kill -9 "$(pid haproxy)"
sleep 1
bin/trucewatch cluster restart haproxy
echo "haproxy_restarted_at=$(since)" >> "$OUT/events.txt"

wait "$LOAD" || true
wait "$FEED" || true
echo "load_s=$SECONDS_LOAD" >> "$OUT/events.txt"
cat "$OUT/clients.log" "$OUT/overdue.log"
log "load over; the cluster now:"
bin/trucewatch cluster status | tee "$OUT/status.txt"

# ---------------------------------------------------------------- the proofs
FAILED=""
log "every acknowledged report stored exactly once"
# The intake's and overdue.py's acknowledgements alike.
cat "$OUT/acks.tsv" "$OUT/overdue-acks.tsv" > "$DIR/acks-all.tsv"   # derived: not kept
cut -f1 "$DIR/acks-all.tsv" | sort -u > "$DIR/acked-ids.txt"
ACKED=$(wc -l < "$DIR/acked-ids.txt")
sql -c "CREATE TEMP TABLE acked (client_report_id uuid)" -c "\\copy acked FROM '$DIR/acked-ids.txt'" \
  -c "SELECT count(*) FILTER (WHERE n = 0) AS lost, count(*) FILTER (WHERE n > 1) AS doubled, count(*) AS acked
      FROM (SELECT a.client_report_id, count(r.id) AS n FROM acked a LEFT JOIN report r USING (client_report_id)
            GROUP BY a.client_report_id) x" | tee "$OUT/exactly-once.txt"
# The same report id for every acknowledgement of one clientReportId (a resend answers the stored one).
MISMATCH=$(cut -f1,2 "$DIR/acks-all.tsv" | sort -u | cut -f1 | uniq -d | wc -l)
echo "clientReportIds acknowledged with two different report ids: $MISMATCH" | tee -a "$OUT/exactly-once.txt"
STORED=$(sql -c "SELECT count(*) FROM report")
echo "reports stored: $STORED (acknowledged: $ACKED; the difference was sent but never acknowledged)" | tee -a "$OUT/exactly-once.txt"
{ head -1 "$OUT/exactly-once.txt" | grep -q '^0|0|' && [ "$MISMATCH" = 0 ]; } || FAILED+=" exactly-once"

log "audit chain"
DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$HA_PRIMARY/trucewatch" DATASOURCE_USERNAME=trucewatch_app \
  DATASOURCE_PASSWORD="$APP_PASSWORD" FLYWAY_USERNAME=trucewatch FLYWAY_PASSWORD="$OWNER_PASSWORD" \
  JWT_SECRET="$JWT_SECRET" TRUCEWATCH_MIGRATIONS="filesystem:$ROOT/migrations" \
  java -jar "$JAR" audit verify > "$OUT/audit-verify.txt" 2>&1 && AUDIT=0 || AUDIT=$?
echo "exit $AUDIT" >> "$OUT/audit-verify.txt"
[ "$AUDIT" = 0 ] || FAILED+=" audit-chain"
grep -v "^[0-9-]*T[0-9:.]*Z" "$OUT/audit-verify.txt" | tail -5

log "escalations: waiting (at most ${DRAIN}s) until no incident of the bench mechanism is left in a team's queue"
pending() { sql -c "SELECT count(*) FROM incident WHERE mechanism_code = 'chaos-escalation' AND team_code IS NOT NULL"; }
END=$((SECONDS + DRAIN))
until [ "$(pending)" = 0 ] || [ $SECONDS -ge $END ]; do sleep 1; done
date +%s.%N > "$OUT/escalation-checked-at"
log "t=$(since)s $(pending) left in a team's queue"
sql -F $'\t' -c "SELECT i.id, extract(epoch FROM i.created_at), coalesce(c.to_level, ''),
          coalesce(extract(epoch FROM i.deadline)::text, ''), i.status, coalesce(i.level_code, ''), coalesce(i.team_code, '')
        FROM incident i LEFT JOIN incident_event c ON c.incident_id = i.id AND c.kind = 'created'
        WHERE i.mechanism_code = 'chaos-escalation'" > "$OUT/escalation-incidents.tsv"
sql -F $'\t' -c "SELECT e.incident_id, extract(epoch FROM e.at), e.actor, coalesce(e.from_level, ''), coalesce(e.to_level, ''),
          translate(coalesce(e.body, ''), E'\t\n', '  ')
        FROM incident_event e JOIN incident i ON i.id = e.incident_id
        WHERE i.mechanism_code = 'chaos-escalation' AND e.kind = 'escalation' ORDER BY e.seq" > "$OUT/escalation-events.tsv"
sql -c "SELECT count(*) AS escalations, count(*) - count(DISTINCT (incident_id, from_level)) AS repeated
        FROM incident_event WHERE kind = 'escalation'" | tee "$OUT/escalations.txt"
grep -E "^[0-9][0-9TZ:.-]+ .*EscalationJob" "$DIR/logs/app1.log" > "$OUT/jobs-app1-restarted.log" || true
grep -E "^[0-9][0-9TZ:.-]+ .*EscalationJob" "$DIR/logs/app2.log" > "$OUT/jobs-app2.log" || true
warnings "$DIR/logs/app1.log" > "$OUT/warnings-app1-restarted.log"
warnings "$DIR/logs/app2.log" > "$OUT/warnings-app2.log"

log "queue streams: a few seconds more for the last changes, then stop them"
sleep 3
date +%s.%N > "$OUT/sse-stop"; touch "$STOP"
wait "$STREAMS" || true
cat "$OUT/streams.log"
sql -F $'\t' -c "SELECT queue, incident_id, extract(epoch FROM noticed_at) FROM queue_notice ORDER BY id" \
  | gzip > "$OUT/notices.tsv.gz"
/usr/bin/python3 bench/cluster/check.py "$OUT" "$DEADLINE" | tee "$OUT/check.txt" || FAILED+=" escalations-or-streams"

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

if [ -n "$FAILED" ]; then log "FAIL:$FAILED"; exit 1; fi
log "PASS: every proof held (exactly once, audit chain, escalations, queue streams)"
