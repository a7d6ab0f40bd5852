-- Owned by mechanisms. The incidents layer's read model: one row per incident with exactly
-- what the layer publishes, the violated rules already unpacked from the violations JSONB
-- (their ids, comma-separated, in the order matched), the number of linked reports and the
-- largest event count among them (read from intake's report_layer_v); and the columns the
-- access policy's scope reads (id, mechanism_code, level_code, team_code, category, areas).
-- The subqueries run on incident_report's index; a count(*) over the view skips them.
CREATE VIEW incident_layer_v AS
SELECT i.id, i.mechanism_code, i.level_code, i.team_code, i.status, i.category, i.severity,
       (SELECT string_agg(v.rule ->> 'rule', ',' ORDER BY v.n)
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.violations) = 'array' THEN i.violations
                                       ELSE '[]'::jsonb END) WITH ORDINALITY AS v(rule, n)) AS violation_rules,
       i.deadline, i.geom, i.areas, i.observed_at, i.observed_until, i.finding, i.finding_party,
       i.claimed_by, i.assigned_to, i.created_at,
       (SELECT count(*) FROM incident_report ir WHERE ir.incident_id = i.id) AS report_count,
       (SELECT max(r.event_count) FROM incident_report ir JOIN report_layer_v r ON r.id = ir.report_id
        WHERE ir.incident_id = i.id) AS max_event_count
FROM incident i;

GRANT SELECT ON incident_layer_v TO "${approle}";
