-- Owned by mechanisms. The read models the statistics (package reports, docs/reports.md) count
-- over; reports never reads incident, incident_report or incident_event itself.
--
-- incident_statistics_v: one row per incident with what is counted and grouped by. Linked
-- duplicate reports make one row. The figures of the event come from its reports as the
-- incident page aggregates them (review.IncidentQueries.aggregate): each the LARGEST any linked
-- report gives, never their sum, so three reports of one shelling that each say 12 give 12.
-- NULL: no linked report gave that figure. alleged_parties: every party any linked report
-- alleges, once, sorted. origin_report_id: the report that opened the incident (whose zones
-- are the incident's).
CREATE VIEW incident_statistics_v AS
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
CROSS JOIN LATERAL (
    SELECT count(*) AS report_count, max(r.event_count) AS event_count,
           max(r.civilians_killed) AS civilians_killed, max(r.civilians_injured) AS civilians_injured,
           max(r.combatants_killed) AS combatants_killed, max(r.combatants_injured) AS combatants_injured,
           max(r.women_killed) AS women_killed, max(r.men_killed) AS men_killed,
           max(r.girls_killed) AS girls_killed, max(r.boys_killed) AS boys_killed,
           max(r.women_injured) AS women_injured, max(r.men_injured) AS men_injured,
           max(r.girls_injured) AS girls_injured, max(r.boys_injured) AS boys_injured
    FROM incident_report ir JOIN report_layer_v r ON r.id = ir.report_id
    WHERE ir.incident_id = i.id) f;

-- incident_history_v: the workflow's moves only (creation, transitions, escalations) with
-- their time and the status and level they led to; no actor, no text (those are the chair's
-- staff's, docs/security.md). Backlog at a moment = the last move before it.
CREATE VIEW incident_history_v AS
SELECT e.incident_id, e.seq, e.at, e.kind, e.from_status, e.to_status, e.from_level, e.to_level
FROM incident_event e
WHERE e.kind IN ('created', 'transition', 'escalation');

GRANT SELECT ON incident_statistics_v TO "${approle}";
GRANT SELECT ON incident_history_v TO "${approle}";
