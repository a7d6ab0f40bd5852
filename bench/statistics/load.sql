-- bench/statistics: N incidents of lebanon-tripartite with their reports, links and history,
-- straight into the owners' tables (run as the schema owner by run.sh: psql -v n=N).
-- Every value is derived from the incident's number i (hashint4 for spread, masked non-negative), so two runs with
-- the same N load the same data. Spread over the 24 months Dec 2024 – Nov 2026 in Asia/Beirut
-- local time (two daylight-saving changes a year). 70% of incidents have one report, 20% two
-- and 10% three, whose figures differ (the statistics take the largest, never the sum) and
-- whose alleged parties differ (an incident is alleged against every party any report names).
-- 1 in 199 incidents is merged into the one before it (counted nowhere), 1 in 97 was recorded
-- 15 days after it was observed (a late arrival).
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP TABLE bench_incident AS
SELECT i,
       md5('bench-incident-' || i)::uuid AS id,
       CASE WHEN i % 10 = 0 THEN 3 WHEN i % 10 IN (1, 2) THEN 2 ELSE 1 END AS reports,
       o.observed_at,
       o.observed_at + CASE WHEN i % 97 = 0 THEN interval '15 days' ELSE interval '1 second' * (60 + (hashint4(i + 1) & 2147483647) % 7200) END
           AS created_at,
       (ARRAY['SMALL_ARMS_FIRE','INDIRECT_FIRE','EXPLOSION','ARMED_PRESENCE','HEAVY_WEAPONS_MOVEMENT','AIR_INCURSION',
              'LINE_CROSSING','CONSTRUCTION','FREEDOM_OF_MOVEMENT_RESTRICTION','ATTACK_ON_CIVILIANS','EXPLOSIVE_HAZARD',
              'SEXUAL_VIOLENCE','CHILD_RECRUITMENT','INFRASTRUCTURE_DAMAGE','OTHER'])[1 + (hashint4(3 * i + 1) & 2147483647) % 15] AS category,
       CASE WHEN i % 199 = 0 AND i > 1 THEN 'merged'
            ELSE (ARRAY['received','triaged','under_verification','finding_recorded','finding_recorded','reviewed','closed',
                        'closed'])[1 + (hashint4(3 * i + 2) & 2147483647) % 8] END AS status,
       35.10 + ((hashint4(5 * i + 1) & 2147483647) % 8000) * 0.0001 AS lon,
       33.05 + ((hashint4(5 * i + 2) & 2147483647) % 3000) * 0.0001 AS lat,
       (hashint4(5 * i + 3) & 2147483647) AS h
FROM generate_series(1, :n) AS i
CROSS JOIN LATERAL (SELECT (timestamp '2024-12-01' + interval '1 second' * ((hashint4(i) & 2147483647) % (730 * 86400)))
                           AT TIME ZONE 'Asia/Beirut' AS observed_at) o;
ALTER TABLE bench_incident ADD COLUMN finding text;
UPDATE bench_incident SET finding = (ARRAY['violation_confirmed','violation_unattributed','no_violation','inconclusive',
        'not_verifiable'])[1 + h % 5]
WHERE status IN ('finding_recorded', 'reviewed', 'closed');

INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, observed_utc_offset_s, time_precision,
    location_accuracy_m, category, taxonomy_version, description, alleged_parties, civilians_killed, civilians_injured,
    combatants_killed, combatants_injured, event_count, women_killed, men_killed, girls_killed, boys_killed,
    source_type, source_reliability, mechanism_code, received_at, submitted_by)
SELECT md5('bench-report-' || b.i || '-' || j)::uuid, md5('bench-client-' || b.i || '-' || j)::uuid, '\x00',
       ST_SetSRID(ST_MakePoint(b.lon + j * 0.0003, b.lat), 4326), b.observed_at + (j - 1) * interval '1 minute', 7200,
       'exact', 50, b.category, 'trucewatch-ceasefire-violations/2026.1', 'bench report ' || b.i || '/' || j,
       CASE (hashint4(7 * b.i + j) & 2147483647) % 4 WHEN 0 THEN '{IDF}' WHEN 1 THEN '{LAF}' WHEN 2 THEN '{IDF,LAF}' ELSE '{}' END::text[],
       CASE WHEN (hashint4(11 * b.i + j) & 2147483647) % 3 = 0 THEN NULL ELSE (hashint4(13 * b.i + j) & 2147483647) % 3 END,
       (hashint4(17 * b.i + j) & 2147483647) % 5,
       CASE WHEN b.i % 6 = 0 THEN (hashint4(19 * b.i + j) & 2147483647) % 3 END,
       CASE WHEN b.i % 6 = 0 THEN (hashint4(23 * b.i + j) & 2147483647) % 4 END,
       CASE WHEN (b.i + j) % 4 = 0 THEN NULL ELSE 1 + (hashint4(29 * b.i + j) & 2147483647) % 6 END,
       CASE WHEN b.i % 8 = 0 THEN (hashint4(31 * b.i + j) & 2147483647) % 2 END,
       CASE WHEN b.i % 8 = 0 THEN (hashint4(37 * b.i + j) & 2147483647) % 2 END,
       CASE WHEN b.i % 8 = 0 THEN 0 END, CASE WHEN b.i % 8 = 0 THEN 0 END,
       'DIRECT_OBSERVATION', 'B', 'lebanon-tripartite', b.created_at + (j - 1) * interval '1 minute', 'bench'
FROM bench_incident b CROSS JOIN LATERAL generate_series(1, b.reports) AS j;

INSERT INTO incident (id, mechanism_code, level_code, team_code, status, category, severity, violations, deadline, geom,
    areas, observed_at, protocol_version, created_at, updated_at, reference, finding, finding_party, merged_into)
SELECT b.id, 'lebanon-tripartite', 'tripartite', CASE WHEN b.lon < 35.5 THEN 'sector-west' ELSE 'sector-east' END,
       b.status, b.category, 1 + b.h % 5, '[]', b.created_at + interval '3 days',
       ST_SetSRID(ST_MakePoint(b.lon, b.lat), 4326),
       ARRAY[CASE WHEN b.lon < 35.5 THEN 'lb-sector-west' ELSE 'lb-sector-east' END],
       b.observed_at, (SELECT max(version) FROM mechanism_protocol WHERE code = 'lebanon-tripartite'),
       b.created_at, b.created_at, 'LB-BENCH-' || b.i, b.finding,
       CASE WHEN b.finding = 'violation_confirmed' THEN (ARRAY['IDF','LAF'])[1 + b.h % 2] END,
       CASE WHEN b.status = 'merged' THEN md5('bench-incident-' || (b.i - 1))::uuid END
FROM bench_incident b ORDER BY b.i;

INSERT INTO incident_report (report_id, incident_id, link, linked_at, linked_by)
SELECT md5('bench-report-' || b.i || '-' || j)::uuid, b.id, CASE WHEN j = 1 THEN 'origin' ELSE 'confirmed' END,
       b.created_at + (j - 1) * interval '1 minute', 'bench'
FROM bench_incident b CROSS JOIN LATERAL generate_series(1, b.reports) AS j;

-- The workflow's history: created; then triaged / under verification an hour later, or the
-- finding after 2 to 200 hours, and reviewed or closed a week after that.
INSERT INTO incident_event (incident_id, at, actor, kind, from_status, to_status, from_level, to_level)
SELECT b.id, b.created_at, 'bench', 'created', NULL, 'received', NULL, 'tripartite' FROM bench_incident b
UNION ALL
SELECT b.id, b.created_at + CASE WHEN b.finding IS NULL THEN interval '1 hour'
                                 ELSE interval '1 hour' * (2 + b.h % 199) END,
       'bench', 'transition', 'received', CASE WHEN b.finding IS NULL THEN b.status ELSE 'finding_recorded' END,
       'tripartite', 'tripartite'
FROM bench_incident b WHERE b.status NOT IN ('received', 'merged')
UNION ALL
SELECT b.id, b.created_at + interval '1 hour' * (2 + b.h % 199) + interval '7 days', 'bench', 'transition',
       'finding_recorded', b.status, 'tripartite', 'tripartite'
FROM bench_incident b WHERE b.status IN ('reviewed', 'closed');

ANALYZE report;
ANALYZE incident;
ANALYZE incident_report;
ANALYZE incident_event;
