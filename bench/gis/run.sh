#!/usr/bin/env bash
# GIS benchmarks (docs/benchmarks.md, section "GIS"): not tests, run by hand.
#   bench/gis/run.sh [ROWS]       default 1000000
# Starts the service on a private embedded PostGIS cluster under bench/gis/work/, loads ROWS
# reports straight with SQL (generate_series) as the table owner, then measures in one run:
#   1. GeoPackage export (GET /api/v1/exports/reports.gpkg) vs ogr2ogr -f GPKG from the table;
#   2. a full read of the layer through GDAL's OAPIF driver vs ogr2ogr straight from PostGIS
#      (both write GeoJSON to /dev/null-like temp files, so only the reading path differs).
# Prints a Markdown table; append it to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
PORT=${PORT:-18080}
WORK=bench/gis/work
USERPWD=gis:demo-gis-analyst   # the demo GIS analyst (demo mode only), sees lebanon-tripartite redacted
rm -rf "$WORK" && mkdir -p "$WORK"

./mvnw -B -q -DskipTests package
source bench/demo-service.sh
start_demo_service "$WORK" "$PORT"
PG="PG:host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER password=$PGPASSWORD"

echo "loading $ROWS reports..." >&2
load_start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, observed_utc_offset_s, time_precision,
    location_accuracy_m, category, taxonomy_version, description, alleged_parties, civilians_injured, source_type,
    source_reliability, source_identity, mechanism_code, received_at, submitted_by)
SELECT gen_random_uuid(), gen_random_uuid(), '\x00',
       CASE WHEN i % 20 = 0 THEN ST_MakeLine(ST_MakePoint(35 + (i % 997) * 0.0005, 33 + (i % 991) * 0.0005),
                                             ST_MakePoint(35.001 + (i % 997) * 0.0005, 33.002 + (i % 991) * 0.0005))
            WHEN i % 20 = 1 THEN ST_Expand(ST_MakePoint(35 + (i % 997) * 0.0005, 33 + (i % 991) * 0.0005), 0.0004)
            ELSE ST_MakePoint(35 + (i % 997) * 0.0005, 33 + (i % 991) * 0.0005) END::geometry(Geometry, 4326),
       timestamptz '2025-01-01' + i * interval '30 seconds', 10800, 'exact', 25,
       (ARRAY['SMALL_ARMS_FIRE','INDIRECT_FIRE','EXPLOSION','ARMED_PRESENCE','AIR_INCURSION'])[1 + i % 5],
       'trucewatch-ceasefire-violations/2026.1', 'bulk report ' || i || ': shots heard north-east of the position',
       ARRAY['IDF'], i % 3, 'DIRECT_OBSERVATION', 'B', 'source ' || i, 'lebanon-tripartite', now(), 'bench'
FROM generate_series(1, $ROWS) AS i;
ANALYZE report;
SQL
load_end=$(date +%s.%N)

seconds() {
  local s; s=$(date +%s.%N)
  "$@" >"$WORK/step.log" 2>&1 || { echo "failed: $* (see $WORK/step.log)" >&2; tail -5 "$WORK/step.log" >&2; }
  echo "$(date +%s.%N) - $s" | bc
}

# GDAL reads the same rows and columns the layer serves the demo GIS analyst (redacted: no
# source identity or notes, no submittedBy), in the same order, so both sides move the same data.
LAYER_SQL="SELECT id, geom, observed_at, observed_until, time_precision, location_accuracy_m, bearing_deg,
  estimated_distance_m, category, description, array_to_string(alleged_parties, ',') AS alleged_parties,
  civilians_killed, civilians_injured, combatants_killed, combatants_injured, event_count, source_type,
  source_reliability, source_credibility, mechanism_code, received_at, taxonomy_version
  FROM report WHERE mechanism_code IN ('lebanon-tripartite', 'colombia-mmv')
  AND category NOT IN ('SEXUAL_VIOLENCE', 'CHILD_RECRUITMENT') ORDER BY id"

echo "measuring..." >&2
gpkg_ours=$(seconds curl -sf -u "$USERPWD" -o "$WORK/ours.gpkg" "http://127.0.0.1:$PORT/api/v1/exports/reports.gpkg")
gpkg_gdal=$(seconds ogr2ogr -f GPKG "$WORK/gdal.gpkg" "$PG" -sql "$LAYER_SQL" -nln reports -nlt GEOMETRY -forceNullable)
oapif=$(seconds ogr2ogr -f GeoJSON "$WORK/oapif.geojson" "OAPIF:http://127.0.0.1:$PORT/ogc" reports \
  -oo PAGE_SIZE=10000 --config GDAL_HTTP_USERPWD "$USERPWD")
# The server's share of the OAPIF read: every page fetched by following next links, nothing parsed.
pages_only=$(seconds /usr/bin/python3 - "http://127.0.0.1:$PORT/ogc/collections/reports/items?limit=10000" "$USERPWD" <<'PY'
import base64, json, sys, urllib.request
url, auth = sys.argv[1], base64.b64encode(sys.argv[2].encode()).decode()
while url:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": "Basic " + auth})) as r:
        page = json.loads(r.read())
    url = next((l["href"] for l in page["links"] if l["rel"] == "next"), None)
PY
)
pg_read=$(seconds ogr2ogr -f GeoJSON "$WORK/pg.geojson" "$PG" -sql "$LAYER_SQL" -nln reports -forceNullable)

# Features in every layer of a file but QGIS's layer_styles (our GeoPackage holds one table per geometry kind).
count() { ogrinfo -ro -so -al "$1" 2>/dev/null | awk '/^Layer name: /{skip = ($3 == "layer_styles")} /^Feature Count: /{if (!skip) n += $3} END{print n}'; }
n_ours=$(count "$WORK/ours.gpkg"); n_gdal=$(count "$WORK/gdal.gpkg")
n_oapif=$(count "$WORK/oapif.geojson"); n_pg=$(count "$WORK/pg.geojson")
validate=$(/usr/bin/python3 -m osgeo_utils.samples.validate_gpkg --extra --warning-as-error "$WORK/ours.gpkg" >/dev/null 2>&1 \
  && echo passes || echo FAILS)

ratio() { echo "scale=2; $1 / $2" | bc; }
cat <<MD

### Run of $(date -u +%Y-%m-%dT%H:%MZ): $ROWS rows ($(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(ogrinfo --version | cut -d, -f1), PostGIS $(psql -tAc 'SELECT postgis_lib_version()'))

Load with one INSERT … SELECT generate_series: $(echo "$load_end - $load_start" | bc | xargs printf '%.1f') s.

| what | TruceWatch | GDAL | ratio (ours / GDAL) | features (ours / GDAL) |
|---|---|---|---|---|
| GeoPackage of the layer (\`/api/v1/exports/reports.gpkg\` vs \`ogr2ogr -f GPKG\` from the same rows and columns) | $(printf '%.1f' "$gpkg_ours") s | $(printf '%.1f' "$gpkg_gdal") s | $(ratio "$gpkg_ours" "$gpkg_gdal") | $n_ours / $n_gdal |
| full read to GeoJSON (\`ogr2ogr\` from \`OAPIF:\`, 10,000 per page, Basic auth vs from \`PG:\`) | $(printf '%.1f' "$oapif") s | $(printf '%.1f' "$pg_read") s | $(ratio "$oapif" "$pg_read") | $n_oapif / $n_pg |
| … of which the server's share: every page fetched and parsed by Python, following \`next\` links | $(printf '%.1f' "$pages_only") s | | | |

Our GeoPackage $validate \`validate_gpkg --extra --warning-as-error\`.
MD
