-- Owned by review. The chair marks an incident notable for the periodic reports, with a short
-- summary and whether the public report may name it (docs/reports.md, "Notable incidents").
--
-- One row per mark, change or withdrawal, never updated or deleted: a report counted as of its
-- cut-off reads the mark in force then (the incident's latest row before the cut-off), so a mark
-- made, changed or withdrawn later cannot change what a report issued, or issued again for the
-- same cut-off, says. A withdrawal is a row without a summary. Marks of one incident are written
-- under its row lock, so their seq order is the order they were made in.
CREATE TABLE notable_mark (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id  uuid        NOT NULL REFERENCES incident (id),
    summary      text,
    publishable  boolean     NOT NULL,
    marked_by    text        NOT NULL,
    marked_at    timestamptz NOT NULL,
    CONSTRAINT ck_notable_mark_summary CHECK (summary IS NULL OR char_length(summary) BETWEEN 1 AND 1000),
    CONSTRAINT ck_notable_mark_withdrawn CHECK (summary IS NOT NULL OR NOT publishable)
);
CREATE INDEX idx_notable_mark_incident ON notable_mark (incident_id, seq);

GRANT SELECT, INSERT ON notable_mark TO "${approle}";

-- What the reports read: each mark with its time, not who made it (the chair's staff's, docs/security.md).
CREATE VIEW notable_mark_v AS
SELECT m.incident_id, m.seq, m.marked_at, m.summary, m.publishable
FROM notable_mark m;

GRANT SELECT ON notable_mark_v TO "${approle}";

-- A mark is in the incident's history like any other chair edit: marked (or changed) not for the
-- public, marked (or changed) publishable, withdrawn.
ALTER TABLE incident_event
    DROP CONSTRAINT ck_incident_event_kind,
    ADD CONSTRAINT ck_incident_event_kind CHECK (kind IN ('created', 'transition', 'escalation', 'claim',
        'assignment', 'comment', 'link', 'split', 'position', 'merge', 'unmerge', 'release_request', 'proposal',
        'notable', 'notable_publishable', 'notable_withdrawn'));
