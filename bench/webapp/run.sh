#!/usr/bin/env bash
# Web app benchmark (docs/benchmarks.md, section "Web app"): not a test, run by hand.
#   bench/webapp/run.sh [INCIDENTS]     default 2000 (the most the map draws at once)
# Starts the service in demo mode on a private cluster under bench/webapp/work/, loads
# INCIDENTS incidents of colombia-mmv with SQL (as the table owner), then, in one run of
# Debian's headless Chromium (playwright-core from src/test/e2e), measures for the demo chair:
#   reference: the map's own OGC API request (same URL, same token), fetched by the page;
#   the map:   from navigation to every incident drawn (base map, zones, incidents, list).
# Prints a Markdown table; add it to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}
PORT=${PORT:-18081}
WORK=bench/webapp/work
rm -rf "$WORK" && mkdir -p "$WORK"

./mvnw -B -q -DskipTests package
(cd src/test/e2e && npm ci --no-audit --no-fund --loglevel=error)
source bench/demo-service.sh
start_demo_service "$WORK" "$PORT"

echo "loading $N incidents..." >&2
psql -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO incident (id, mechanism_code, level_code, team_code, status, category, severity, violations, deadline,
    geom, areas, observed_at, protocol_version, created_at, updated_at)
SELECT gen_random_uuid(), 'colombia-mmv', 'local', 'mmv-local-anori',
       (ARRAY['received','triaged','under_verification','finding_recorded','escalated','reviewed'])[1 + i % 6],
       (ARRAY['SMALL_ARMS_FIRE','INDIRECT_FIRE','EXPLOSION','ARMED_PRESENCE','AIR_INCURSION'])[1 + i % 5],
       1 + i % 5, '[]', now() + interval '2 days',
       ST_SetSRID(ST_MakePoint(-75.3 + (i % 97) * 0.0027, 7.17 + (i % 89) * 0.003), 4326),
       ARRAY['co-aor-local-anori'], now() - (i % 720) * interval '1 hour', 1, now(), now()
FROM generate_series(1, $N) AS i;
ANALYZE incident;
SQL

BASE_URL="http://127.0.0.1:$PORT" N=$N node bench/webapp/measure.mjs
