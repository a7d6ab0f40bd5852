-- Owned by mechanisms. incident_statistics_v (V102) as before, row for row and column for column,
-- but with its figures in a LEFT JOIN LATERAL … ON true instead of a CROSS JOIN LATERAL. The
-- aggregate gives exactly one row per incident either way, so the rows are the same; the
-- difference is for the planner: a left join to a one-row aggregate whose columns a statement does
-- not use is removed, so the statistics' workflow figures, which read only the incidents' ids,
-- creation times and deadlines, no longer gather every incident's reports (bench/statistics found
-- it: docs/benchmarks.md, "Statistics").
CREATE OR REPLACE VIEW incident_statistics_v AS
SELECT i.id, i.mechanism_code, i.level_code, i.team_code, i.status, i.category, i.areas, i.geom,
       i.observed_at, i.observed_until, i.created_at, i.deadline, i.finding, i.finding_party,
       (SELECT ir.report_id FROM incident_report ir WHERE ir.incident_id = i.id
        ORDER BY (ir.link = 'origin') DESC, ir.linked_at, ir.report_id LIMIT 1) AS origin_report_id,
       (SELECT coalesce(array_agg(DISTINCT p.party ORDER BY p.party), '{}')
        FROM incident_report ir JOIN report_layer_v r ON r.id = ir.report_id
             CROSS JOIN LATERAL unnest(r.alleged_parties) AS p(party)
        WHERE ir.incident_id = i.id) AS alleged_parties,
       f.report_count, f.event_count, f.civilians_killed, f.civilians_injured, f.combatants_killed,
       f.combatants_injured, f.women_killed, f.men_killed, f.girls_killed, f.boys_killed,
       f.women_injured, f.men_injured, f.girls_injured, f.boys_injured
FROM incident i
LEFT JOIN LATERAL (
    SELECT count(*) AS report_count, max(r.event_count) AS event_count,
           max(r.civilians_killed) AS civilians_killed, max(r.civilians_injured) AS civilians_injured,
           max(r.combatants_killed) AS combatants_killed, max(r.combatants_injured) AS combatants_injured,
           max(r.women_killed) AS women_killed, max(r.men_killed) AS men_killed,
           max(r.girls_killed) AS girls_killed, max(r.boys_killed) AS boys_killed,
           max(r.women_injured) AS women_injured, max(r.men_injured) AS men_injured,
           max(r.girls_injured) AS girls_injured, max(r.boys_injured) AS boys_injured
    FROM incident_report ir JOIN report_layer_v r ON r.id = ir.report_id
    WHERE ir.incident_id = i.id) f ON TRUE
WHERE i.status <> 'merged';
