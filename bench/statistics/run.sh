#!/usr/bin/env bash
# Statistics benchmark (docs/benchmarks.md, section "Statistics"): not a test, run by hand.
#   bench/statistics/run.sh [N]       default 1000000 incidents
# Starts the service in demo mode on a private embedded PostGIS cluster under
# bench/statistics/work/, loads N incidents of lebanon-tripartite with SQL as the table owner
# (bench/statistics/load.sql: reports, incidents, links, history), then measures in one run,
# RUNS times each, interleaved, after one warm-up round that is not counted:
#   1. GET /api/v1/statistics by month × category, and by month × category × party, as chair.lb,
#      with workflow=false (the table alone: what plain.sql computes), against the plain GROUP BY
#      SQL of the same table (plain.sql) run with psql on the same cluster; the numbers of both must
#      be equal, or the run fails; and the whole answer by month × category (with the workflow
#      figures, which read every incident's history: no plain counterpart, shown beside);
#   2. a monthly report issued on demand (POST /api/v1/mechanisms/lebanon-tripartite/reports,
#      a different past month each time) and its HTML and PDF downloaded: request to last byte.
# Prints a Markdown section for docs/benchmarks.md; the whole output goes to
# bench/statistics/results/<UTC date>-<commit>.log. BENCH_EXPLAIN=1 also logs the statements
# the service runs and prints EXPLAIN ANALYZE of the slowest (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
PORT=${PORT:-18083}
RUNS=${RUNS:-5}
REPORT_RUNS=${REPORT_RUNS:-$RUNS}
# A request that takes longer is given up (the report step: the remaining rounds are skipped).
TIMEOUT=${BENCH_TIMEOUT:-1800}
HERE=bench/statistics
WORK=$HERE/work
RESULTS=$HERE/results
MECH=lebanon-tripartite
# The whole 24 months of the data (Asia/Beirut is +02:00 on both ends).
RANGE=2024-12-01T00:00:00%2B02:00/2026-11-30T23:59:59%2B02:00
rm -rf "$WORK" && mkdir -p "$WORK" "$RESULTS"
commit=$(git rev-parse --short HEAD)
LOG="$RESULTS/$(date -u +%Y-%m-%dT%H%MZ)-$commit.log"
exec > >(tee "$LOG") 2>&1
echo "bench/statistics N=$N RUNS=$RUNS commit $commit$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"

./mvnw -B -o -q -DskipTests package
# The service runs from a copy: a build of the working tree during the run rewrites target/*.jar under it.
DEMO_JAR="$WORK/trucewatch.jar"
cp target/trucewatch-*-SNAPSHOT.jar "$DEMO_JAR"
# The scheduled jobs would issue reports and escalate the loaded incidents in the middle of the
# measurements: started a day late here, so that only the requests measured run.
export TRUCEWATCH_REPORTS_MONTHLY_INITIAL_DELAY=24h TRUCEWATCH_REPORTS_DAILY_INITIAL_DELAY=24h \
  TRUCEWATCH_INCIDENTS_ESCALATION_INITIAL_DELAY=24h
source bench/demo-service.sh
start_demo_service "$WORK" "$PORT"
DATA="$WORK/home/postgres/data"
stop_all() {
  kill "$SERVICE" 2>/dev/null || true
  wait "$SERVICE" 2>/dev/null || true
  # The service stops its cluster on exit; should it have died without, stop it here.
  if [ -f "$DATA/postmaster.pid" ]; then
    local pg_ctl; pg_ctl="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl"
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$DATA" -m fast -w stop || true
    else "$pg_ctl" -D "$DATA" -m fast -w stop || true; fi
  fi
  # The cluster holds gigabytes at N = 1,000,000: only the logs are kept.
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$DATA"
}
trap stop_all EXIT
SUPER() { PGUSER=postgres psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if [ -n "${BENCH_EXPLAIN:-}" ]; then
  SUPER -c "ALTER SYSTEM SET log_min_duration_statement = '${BENCH_EXPLAIN_MS:-200}'" -c "SELECT pg_reload_conf()" >/dev/null
fi

echo "loading $N incidents..." >&2
load_start=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -v n="$N" -f "$HERE/load.sql"
load_s=$(echo "$(date +%s.%N) - $load_start" | bc)
counts=$(psql -X -At -F ' ' -c "SELECT (SELECT count(*) FROM incident WHERE mechanism_code = '$MECH'),
  (SELECT count(*) FROM report WHERE mechanism_code = '$MECH'), (SELECT count(*) FROM incident_report),
  (SELECT count(*) FROM incident_event)")
echo "loaded in $(printf '%.1f' "$load_s") s: incidents, reports, links, history rows of $MECH: $counts"

BASE="http://127.0.0.1:$PORT"
TOKEN=$(curl -sf --max-time 60 -X POST "$BASE/login" -H 'Content-Type: application/json' \
  -d '{"username":"chair.lb","password":"demo-chair-lb"}' | jq -r .access_token)
AUTH="Authorization: Bearer $TOKEN"

# One timed request: seconds to the last byte; fails unless the status is the one expected.
timed_get() { # URL OUT
  local out; out=$(curl -s --max-time "$TIMEOUT" -o "$2" -w '%{http_code} %{time_total}' -H "$AUTH" "$1")
  [ "${out% *}" = 200 ] || { echo "GET $1 answered ${out% *}: $(head -c 500 "$2")" >&2; exit 1; }
  echo "${out#* }"
}
timed_sql() { # BY_PARTY OUT
  local s; s=$(date +%s.%N)
  psql -X -At -F $'\t' -v ON_ERROR_STOP=1 -v by_party="$1" -f "$HERE/plain.sql" -o "$2"
  echo "$(date +%s.%N) - $s" | bc
}
# Both answers as sorted TSV: month, category, party (empty: none or not grouped by), the eight figures.
api_tsv() { # JSON
  jq -r '.rows[] | select(.values.incidents.value > 0) | [.key.period, .key.category, .key.party // ""]
      + ([.values | .incidents, .events, .killed, .injured, .civiliansKilled, .civiliansInjured, .combatantsKilled,
          .combatantsInjured] | map(.value)) | @tsv' "$1" | LC_ALL=C sort
}
FULL_URL="$BASE/api/v1/statistics?mechanism=$MECH&period=month&datetime=$RANGE&groupBy=category"
CAT_URL="$FULL_URL&workflow=false"
PARTY_URL="$FULL_URL,party&workflow=false"

declare -A T
record() { T[$1]="${T[$1]:-} $2"; }
echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 0 "$RUNS"); do
  a=$(timed_get "$CAT_URL" "$WORK/api-category.json")
  s=$(timed_sql false "$WORK/sql-category.tsv")
  b=$(timed_get "$PARTY_URL" "$WORK/api-party.json")
  t=$(timed_sql true "$WORK/sql-party.tsv")
  w=$(timed_get "$FULL_URL" "$WORK/api-full.json")
  echo "round $round: API category ${a}s, SQL category ${s}s, API category,party ${b}s, SQL category,party ${t}s, API category with workflow ${w}s"
  if [ "$round" -gt 0 ]; then record api_cat "$a"; record sql_cat "$s"; record api_party "$b"; record sql_party "$t"; record api_full "$w"; fi
done

# The same without PostgreSQL's JIT compilation (jit = off for every session, as the superuser):
# it compiles each large statement anew, ~0.3-0.5 s here, which the service pays per statement
# and psql once per query. Not counted in the ratio above; shown beside it.
if [ -n "${BENCH_JIT_COMPARE-1}" ]; then
  SUPER -c "ALTER SYSTEM SET jit = off" -c "SELECT pg_reload_conf()" >/dev/null
  for round in $(seq 1 "$RUNS"); do
    a=$(timed_get "$CAT_URL" "$WORK/api-category-nojit.json"); s=$(timed_sql false "$WORK/sql-category-nojit.tsv")
    b=$(timed_get "$PARTY_URL" "$WORK/api-party-nojit.json"); t=$(timed_sql true "$WORK/sql-party-nojit.tsv")
    echo "jit off, round $round: API category ${a}s, SQL category ${s}s, API category,party ${b}s, SQL category,party ${t}s"
    record nojit_api_cat "$a"; record nojit_sql_cat "$s"; record nojit_api_party "$b"; record nojit_sql_party "$t"
  done
  SUPER -c "ALTER SYSTEM RESET jit" -c "SELECT pg_reload_conf()" >/dev/null
fi

api_tsv "$WORK/api-category.json" > "$WORK/api-category.tsv"
api_tsv "$WORK/api-party.json" > "$WORK/api-party.tsv"
LC_ALL=C sort -o "$WORK/sql-category.tsv" "$WORK/sql-category.tsv"
LC_ALL=C sort -o "$WORK/sql-party.tsv" "$WORK/sql-party.tsv"
same=yes
for k in category party; do
  if ! diff -q "$WORK/api-$k.tsv" "$WORK/sql-$k.tsv" >/dev/null; then
    same=no
    echo "DIFFERENT numbers by $k (API < >SQL), first lines:" >&2
    diff "$WORK/api-$k.tsv" "$WORK/sql-$k.tsv" | head -20 >&2
  fi
done
cat_rows=$(wc -l < "$WORK/sql-category.tsv"); party_rows=$(wc -l < "$WORK/sql-party.tsv")
total=$(awk -F'\t' '{n += $4} END {print n}' "$WORK/sql-category.tsv")
echo "groups compared: $cat_rows (month × category), $party_rows (month × category × party); incidents counted: $total"
[ "$same" = yes ] || { echo "FAILED: the API and the plain SQL give different numbers" >&2; exit 1; }

# Monthly reports on demand, a different ended month each round (October 2026 backwards), of the
# level chair.lb chairs (a level's chair issues that level's report; the whole mechanism's is the
# chair of every level's).
report_note=""
for round in $(seq 0 "$REPORT_RUNS"); do
  month=$(date -u -d "2026-10-15 -$round month" +%Y-%m)
  s=$(date +%s.%N)
  out=$(curl -s --max-time "$TIMEOUT" -o "$WORK/issued.json" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' \
    -X POST "$BASE/api/v1/mechanisms/$MECH/reports" -d "{\"kind\":\"monthly\",\"period\":\"$month\",\"level\":\"tripartite\"}")
  if [ "$out" = 000 ]; then
    report_note="round $round: no answer within $TIMEOUT s (given up)"; echo "$report_note"; break
  fi
  [ "$out" = 201 ] || { echo "POST report $month answered $out: $(head -c 500 "$WORK/issued.json")" >&2; exit 1; }
  issued=$(echo "$(date +%s.%N) - $s" | bc)
  id=$(jq -r .id "$WORK/issued.json")
  h=$(timed_get "$BASE/api/v1/mechanisms/$MECH/reports/$id.html" "$WORK/report.html")
  p=$(timed_get "$BASE/api/v1/mechanisms/$MECH/reports/$id.pdf" "$WORK/report.pdf")
  all=$(echo "$(date +%s.%N) - $s" | bc)
  pdfinfo "$WORK/report.pdf" >/dev/null 2>&1 || { echo "the PDF of $month does not open with pdfinfo" >&2; exit 1; }
  echo "round $round: report $month issued ${issued}s, HTML ${h}s ($(stat -c %s "$WORK/report.html") bytes), PDF ${p}s ($(stat -c %s "$WORK/report.pdf") bytes), request to PDF's last byte ${all}s"
  if [ "$round" -gt 0 ]; then record rep_issue "$issued"; record rep_all "$all"; fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average after measuring: $load_after"
month_count=$(psql -X -At -c "SELECT count(*) FROM incident WHERE mechanism_code = '$MECH' AND status <> 'merged'
  AND observed_at >= timestamp '2026-10-01' AT TIME ZONE 'Asia/Beirut' AND observed_at < timestamp '2026-11-01' AT TIME ZONE 'Asia/Beirut'")

if [ -n "${BENCH_EXPLAIN:-}" ]; then
  echo "statements over ${BENCH_EXPLAIN_MS:-200} ms in the cluster's log ($WORK/postgres.log):"
  cp "$WORK/home/postgres/run/postgres.log" "$WORK/postgres.log" 2>/dev/null || true
  grep -E "duration: [0-9.]+ ms" "$WORK/postgres.log" | sed -E 's/^.*duration: ([0-9.]+) ms.*(statement|execute [^:]*): (.{0,160}).*$/\1 ms: \3/' \
    | sort -rn | head -20 || true
fi

# Median and spread (min – max) of a list of seconds.
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%.3f %.3f %.3f", m, v[1], v[NR]}'; }
read -r ac ac_lo ac_hi <<<"$(stats "${T[api_cat]}")"; read -r sc sc_lo sc_hi <<<"$(stats "${T[sql_cat]}")"
read -r ap ap_lo ap_hi <<<"$(stats "${T[api_party]}")"; read -r sp sp_lo sp_hi <<<"$(stats "${T[sql_party]}")"
read -r af af_lo af_hi <<<"$(stats "${T[api_full]}")"
ri="-" ri_lo="-" ri_hi="-" ra="-" ra_lo="-" ra_hi="-"
if [ -n "${T[rep_all]:-}" ]; then
  read -r ri ri_lo ri_hi <<<"$(stats "${T[rep_issue]}")"; read -r ra ra_lo ra_hi <<<"$(stats "${T[rep_all]}")"
fi
ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }
jit_rows=""
if [ -n "${T[nojit_api_cat]:-}" ]; then
  read -r jc jc_lo jc_hi <<<"$(stats "${T[nojit_api_cat]}")"; read -r kc kc_lo kc_hi <<<"$(stats "${T[nojit_sql_cat]}")"
  read -r jp jp_lo jp_hi <<<"$(stats "${T[nojit_api_party]}")"; read -r kp kp_lo kp_hi <<<"$(stats "${T[nojit_sql_party]}")"
  jit_rows="| the same by category, \`jit = off\` on the server (not the default) | $jc s ($jc_lo – $jc_hi) | $kc s ($kc_lo – $kc_hi) | $(ratio "$jc" "$kc") |
| … by category and party, \`jit = off\` | $jp s ($jp_lo – $jp_hi) | $kp s ($kp_lo – $kp_hi) | $(ratio "$jp" "$kp") |"
fi
cat <<MD

### Run of $(date -u +%Y-%m-%dT%H:%MZ): $(printf "%'d" "$N") incidents (commit \`$commit\`)

$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, PostgreSQL $(psql -X -tAc 'SHOW server_version' | cut -d' ' -f1) + PostGIS $(psql -X -tAc 'SELECT postgis_lib_version()'), $(java -version 2>&1 | head -1). Loaded with SQL in $(printf '%.1f' "$load_s") s: $counts
(incidents, reports, report links, history rows of $MECH, with the demo data). Load average
$load_before before the measurements, $load_after after (2 cores: above 2, other work shared them).
Median of $RUNS rounds (reports: $REPORT_RUNS) after one warm-up, interleaved; spread = fastest – slowest.

| what | TruceWatch | plain SQL (psql) | **ratio** |
|---|---|---|---|
| monthly statistics by category, 24 months (\`GET /api/v1/statistics?…&period=month&groupBy=category&workflow=false\`, chair) | $ac s ($ac_lo – $ac_hi) | $sc s ($sc_lo – $sc_hi) | **$(ratio "$ac" "$sc")** |
| … by category and alleged party (\`groupBy=category,party\`) | $ap s ($ap_lo – $ap_hi) | $sp s ($sp_lo – $sp_hi) | **$(ratio "$ap" "$sp")** |
| the whole answer by category, with the workflow figures (no \`workflow=false\`; the plain SQL has no workflow) | $af s ($af_lo – $af_hi) | $sc s (the table) | $(ratio "$af" "$sc") |
$jit_rows

Same numbers on both sides: **$same** ($cat_rows month × category groups, $party_rows month × category × party groups,
$total incidents; eight figures each).

| monthly report on demand (a past month, ~$month_count incidents in October 2026) | median | spread |
|---|---|---|
| \`POST /api/v1/mechanisms/$MECH/reports\` → 201 (counted and stored) | $ri s | $ri_lo – $ri_hi |
| the request to the PDF's last byte (POST, then GET .html and .pdf) | **$ra s** | $ra_lo – $ra_hi |
${report_note:+
Reports: $report_note.}
MD
