-- pgbench script: the raw reference for a new report (run by bench/intake/run.sh).
-- One autocommitted single-row INSERT of a report-shaped row: every column the service
-- writes (ReportRepository.INSERT, NULL where a minimal report has none), a random
-- UUID id and clientReportId, a random point in the same box as report.lua, and the
-- same ON CONFLICT clause. The table has the service's GiST, btree and unique indexes
-- and CHECK constraints because Flyway created it.
\set lon 35.1 + random(0, 800000) / 1000000.0
\set lat 32.9 + random(0, 500000) / 1000000.0
\set ago random(60, 86400)
\set acc random(5, 500)
\set cat random(1, 5)
INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, observed_utc_offset_s,
    observed_until, time_precision, location_accuracy_m, observer_location, bearing_deg, estimated_distance_m,
    category, taxonomy_version, description, alleged_parties, civilians_killed, civilians_injured,
    combatants_killed, combatants_injured, event_count, source_type, source_reliability, source_credibility,
    source_identity, source_notes, mechanism_code, received_at, submitted_by)
VALUES (gen_random_uuid(), gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
    ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), now() - make_interval(secs => :ago), 0,
    NULL, 'exact', :acc, NULL, NULL, NULL,
    (ARRAY['SMALL_ARMS_FIRE', 'INDIRECT_FIRE', 'EXPLOSION', 'ARMED_PRESENCE', 'AIR_INCURSION'])[:cat], '2026.1',
    NULL, '{}', NULL, NULL,
    NULL, NULL, NULL, 'DIRECT_OBSERVATION', NULL, NULL,
    NULL, NULL, NULL, clock_timestamp(), 'unauthenticated')
ON CONFLICT (client_report_id) DO NOTHING;
