-- pgbench script: the raw equivalent of a resend (run by bench/intake/run.sh).
-- What ReportService.submit does in SQL when the clientReportId is already stored: in
-- one transaction, the INSERT that hits the unique constraint and does nothing, then
-- the SELECT of the stored row by clientReportId with its geometries as EWKB. The ids
-- are those of the seed set that report.lua stored through the service
-- (-D prefix=8 hex digits, -D nseed=count).
\set i random(0, :nseed - 1)
\set lon 35.1 + random(0, 800000) / 1000000.0
\set lat 32.9 + random(0, 500000) / 1000000.0
BEGIN;
INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, observed_utc_offset_s,
    observed_until, time_precision, location_accuracy_m, observer_location, bearing_deg, estimated_distance_m,
    category, taxonomy_version, description, alleged_parties, civilians_killed, civilians_injured,
    combatants_killed, combatants_injured, event_count, source_type, source_reliability, source_credibility,
    source_identity, source_notes, mechanism_code, received_at, submitted_by)
VALUES (gen_random_uuid(), (CAST(:prefix AS text) || '-0000-4000-8000-' || lpad(to_hex(CAST(:i AS integer)), 12, '0'))::uuid,
    sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
    ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), now(), 0,
    NULL, 'exact', 25, NULL, NULL, NULL,
    'SMALL_ARMS_FIRE', '2026.1',
    NULL, '{}', NULL, NULL,
    NULL, NULL, NULL, 'DIRECT_OBSERVATION', NULL, NULL,
    NULL, NULL, NULL, clock_timestamp(), 'unauthenticated')
ON CONFLICT (client_report_id) DO NOTHING;
SELECT id, client_report_id, content_digest, ST_AsEWKB(geom) AS geom, observed_at, observed_utc_offset_s,
    observed_until, time_precision, location_accuracy_m, ST_AsEWKB(observer_location) AS observer_location,
    bearing_deg, estimated_distance_m, category, taxonomy_version, description, alleged_parties,
    civilians_killed, civilians_injured, combatants_killed, combatants_injured, event_count, source_type,
    source_reliability, source_credibility, source_identity, source_notes, mechanism_code, received_at,
    submitted_by
FROM report WHERE client_report_id = (CAST(:prefix AS text) || '-0000-4000-8000-' || lpad(to_hex(CAST(:i AS integer)), 12, '0'))::uuid;
COMMIT;
