-- Owned by mechanisms. The incidents layer publishes what the statistics group incidents by, so
-- that a count of the statistics page opens the list of exactly the incidents it counts
-- (docs/webapp.md, "Statistics"; docs/gis.md, "incidents"):
--   zone_codes      the zones of the incident's mechanism that the report which opened it lies
--                   inside (zones' report_zone_v), each once, sorted; NULL when none;
--   alleged_parties every party any linked report alleges, each once, sorted; NULL when none.
-- "The report which opened it" and "every party alleged" are mechanisms' read models of V109
-- (incident_origin_v, incident_alleged_party_v), the rules the statistics count by.
-- Columns are added at the end (CREATE OR REPLACE VIEW keeps the others); a statement that does
-- not name them does not compute them.
CREATE OR REPLACE VIEW incident_layer_v AS
SELECT i.id, i.mechanism_code, i.level_code, i.team_code, i.status, i.category, i.severity,
       (SELECT string_agg(v.rule ->> 'rule', ',' ORDER BY v.n)
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.violations) = 'array' THEN i.violations
                                       ELSE '[]'::jsonb END) WITH ORDINALITY AS v(rule, n)) AS violation_rules,
       i.deadline, i.geom, i.areas, i.observed_at, i.observed_until, i.finding, i.finding_party,
       i.claimed_by, i.assigned_to, i.created_at,
       (SELECT count(*) FROM incident_report ir WHERE ir.incident_id = i.id) AS report_count,
       (SELECT max(r.event_count) FROM incident_report ir JOIN report_layer_v r ON r.id = ir.report_id
        WHERE ir.incident_id = i.id) AS max_event_count,
       (SELECT array_agg(DISTINCT z.zone_code ORDER BY z.zone_code)
        FROM incident_origin_v o JOIN report_zone_v z ON z.report_id = o.report_id
        WHERE o.incident_id = i.id AND z.mechanism_code = i.mechanism_code) AS zone_codes,
       (SELECT array_agg(p.party ORDER BY p.party)
        FROM incident_alleged_party_v p WHERE p.incident_id = i.id) AS alleged_parties
FROM incident i
WHERE i.status <> 'merged';
