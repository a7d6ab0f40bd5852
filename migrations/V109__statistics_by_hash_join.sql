-- Owned by mechanisms. The statistics' read models, rewritten so that counting a whole mechanism
-- costs about what the plain GROUP BY a GIS officer would write costs (bench/statistics,
-- docs/benchmarks.md "Statistics"; docs/reports.md says what is counted, unchanged here).
--
-- incident_statistics_v (V89, V102) gathered each incident's figures in a subquery per incident:
-- for a mechanism of 1,000,000 incidents a nested loop of a million index probes into
-- incident_report and more into report, scattered over a table far larger than shared buffers.
-- It is now one GROUP BY over incident ⋈ incident_report ⋈ report, which the planner may
-- hash-join for a whole series and still probe by index for one month: a filter on the
-- incident's own columns (grouped by its primary key) is pushed below the grouping.
--
-- Its rows and figures are those of V102: one row per incident that is not merged away; each
-- figure the LARGEST any linked report gives (NULL: none gave it); report_count the linked
-- reports. Two columns changed meaning:
--   alleged_parties  every party any linked report alleges, in report order, a party repeated
--                    when several reports allege it (an ordered DISTINCT per incident cost a sort
--                    per incident); readers that count per party take each party once
--                    (StatisticsRepository: first occurrence only). NULL when no report.
--   origin_report_id is gone: the report whose zones are the incident's is incident_origin_v's.
DROP VIEW incident_statistics_v;

-- Arrays concatenated over a group (array_cat as an aggregate); parallel-safe, combined the same way.
CREATE AGGREGATE array_cat_agg(anycompatiblearray) (
    SFUNC = array_cat,
    STYPE = anycompatiblearray,
    COMBINEFUNC = array_cat,
    PARALLEL = SAFE
);

CREATE VIEW incident_statistics_v AS
SELECT i.id, i.mechanism_code, i.level_code, i.team_code, i.status, i.category, i.areas, i.geom,
       i.observed_at, i.observed_until, i.created_at, i.deadline, i.finding, i.finding_party,
       array_cat_agg(r.alleged_parties) AS alleged_parties,
       count(ir.report_id) AS report_count, max(r.event_count) AS event_count,
       max(r.civilians_killed) AS civilians_killed, max(r.civilians_injured) AS civilians_injured,
       max(r.combatants_killed) AS combatants_killed, max(r.combatants_injured) AS combatants_injured,
       max(r.women_killed) AS women_killed, max(r.men_killed) AS men_killed,
       max(r.girls_killed) AS girls_killed, max(r.boys_killed) AS boys_killed,
       max(r.women_injured) AS women_injured, max(r.men_injured) AS men_injured,
       max(r.girls_injured) AS girls_injured, max(r.boys_injured) AS boys_injured
FROM incident i
LEFT JOIN incident_report ir ON ir.incident_id = i.id
LEFT JOIN report_layer_v r ON r.id = ir.report_id
WHERE i.status <> 'merged'
GROUP BY i.id;

-- The incidents that count, without their reports' figures: what the workflow figures and a
-- report's incident list read (ids, times, deadlines, where and what), so that they never
-- gather every incident's reports.
CREATE VIEW incident_countable_v AS
SELECT i.id, i.mechanism_code, i.level_code, i.team_code, i.status, i.category, i.areas, i.geom,
       i.observed_at, i.observed_until, i.created_at, i.deadline, i.finding, i.finding_party
FROM incident i
WHERE i.status <> 'merged';

-- The report that opened each incident (whose zones are the incident's): its origin link, else
-- the earliest linked report.
CREATE VIEW incident_origin_v AS
SELECT DISTINCT ON (ir.incident_id) ir.incident_id, ir.report_id
FROM incident_report ir
ORDER BY ir.incident_id, (ir.link = 'origin') DESC, ir.linked_at, ir.report_id;

-- The parties any linked report of an incident alleges, one row per incident and party: the
-- statistics' party filter asks it with EXISTS, whichever of the views above it counts over.
CREATE VIEW incident_alleged_party_v AS
SELECT DISTINCT ir.incident_id, p.party
FROM incident_report ir
JOIN report r ON r.id = ir.report_id
CROSS JOIN LATERAL unnest(r.alleged_parties) AS p(party);

-- The workflow figures of a recent period read the history of the incidents moved since its start
-- (and of those open now), found by the time of their moves (StatisticsRepository.workflow).
CREATE INDEX idx_incident_event_move_at ON incident_event (at) WHERE kind IN ('created', 'transition', 'escalation');

GRANT SELECT ON incident_statistics_v, incident_countable_v, incident_origin_v, incident_alleged_party_v TO "${approle}";
