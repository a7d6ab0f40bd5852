-- Owned by mechanisms. A chair merges two incidents the system did not link (docs/mechanisms.md,
-- "Merging incidents"): the absorbed incident's reports move to the surviving one, the absorbed
-- incident takes the status 'merged' (not open, in no queue, counted nowhere) and names the
-- survivor in merged_into, so that its id and reference lead there. Its own history and the
-- parties' positions stay its rows (history is append-only) and the survivor's page shows them
-- with its own. incident_merge records each merge with what it moved, so that it can be undone.
ALTER TABLE incident
    DROP CONSTRAINT ck_incident_status,
    ADD CONSTRAINT ck_incident_status CHECK (status IN ('received', 'triaged', 'under_verification',
        'finding_recorded', 'escalated', 'reviewed', 'closed', 'reopened', 'merged')),
    ADD COLUMN merged_into uuid REFERENCES incident (id),
    ADD CONSTRAINT ck_incident_merged CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
    ADD CONSTRAINT ck_incident_merged_not_self CHECK (merged_into IS DISTINCT FROM id);
-- The survivor's history says what was merged into it, and when a merge was undone.
ALTER TABLE incident_event
    DROP CONSTRAINT ck_incident_event_kind,
    ADD CONSTRAINT ck_incident_event_kind CHECK (kind IN ('created', 'transition', 'escalation', 'claim',
        'assignment', 'comment', 'link', 'split', 'position', 'merge', 'unmerge'));
CREATE INDEX idx_incident_merged_into ON incident (merged_into) WHERE merged_into IS NOT NULL;

-- IncidentStatus.isOpen(): a merged incident is no longer handled (its survivor is).
CREATE OR REPLACE FUNCTION incident_status_is_open(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT status NOT IN ('reviewed', 'closed', 'merged') $$;
-- The partial index's predicate is the function's old body: rebuilt with the new one.
DROP INDEX idx_incident_open_deadline;
CREATE INDEX idx_incident_open_deadline ON incident (deadline) WHERE status NOT IN ('reviewed', 'closed', 'merged');

CREATE TABLE incident_merge (
    id              uuid        PRIMARY KEY,
    survivor_id     uuid        NOT NULL REFERENCES incident (id),
    absorbed_id     uuid        NOT NULL REFERENCES incident (id),
    -- what the undo restores: the absorbed incident's status, and each moved report's link
    absorbed_status text        NOT NULL,
    links           jsonb       NOT NULL,
    merged_at       timestamptz NOT NULL,
    merged_by       text        NOT NULL,
    undone_at       timestamptz,
    undone_by       text,
    CONSTRAINT ck_incident_merge_undone CHECK ((undone_at IS NULL) = (undone_by IS NULL)),
    CONSTRAINT ck_incident_merge_two CHECK (survivor_id <> absorbed_id)
);
-- At most one merge of an incident is in force.
CREATE UNIQUE INDEX uq_incident_merge_in_force ON incident_merge (absorbed_id) WHERE undone_at IS NULL;
CREATE INDEX idx_incident_merge_survivor ON incident_merge (survivor_id);
GRANT SELECT, INSERT, UPDATE ON incident_merge TO "${approle}";

-- The read models count and draw incidents, not merged-away ones: their reports count in the survivor.
-- incident_statistics_v also takes its figures in a LEFT JOIN LATERAL … ON true (V89: CROSS JOIN
-- LATERAL): the aggregate gives one row per incident either way, but a left join to a one-row
-- aggregate whose columns a statement does not use is removed by the planner, so the workflow
-- figures, which read only ids, times and deadlines, no longer gather every incident's reports
-- (bench/statistics: docs/benchmarks.md, "Statistics").
CREATE OR REPLACE VIEW incident_layer_v AS
SELECT i.id, i.mechanism_code, i.level_code, i.team_code, i.status, i.category, i.severity,
       (SELECT string_agg(v.rule ->> 'rule', ',' ORDER BY v.n)
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.violations) = 'array' THEN i.violations
                                       ELSE '[]'::jsonb END) WITH ORDINALITY AS v(rule, n)) AS violation_rules,
       i.deadline, i.geom, i.areas, i.observed_at, i.observed_until, i.finding, i.finding_party,
       i.claimed_by, i.assigned_to, i.created_at,
       (SELECT count(*) FROM incident_report ir WHERE ir.incident_id = i.id) AS report_count,
       (SELECT max(r.event_count) FROM incident_report ir JOIN report_layer_v r ON r.id = ir.report_id
        WHERE ir.incident_id = i.id) AS max_event_count
FROM incident i
WHERE i.status <> 'merged';

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
