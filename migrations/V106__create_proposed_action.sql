-- The chair's proposed action on an incident for the meeting of one level (docs/mechanisms.md,
-- "The meeting pack"): one text per incident and level, replaced when the chair changes it; each
-- change is also in the incident's history and the audit chain (incident.propose).
CREATE TABLE proposed_action (
    incident_id  uuid        NOT NULL REFERENCES incident (id),
    level_code   text        NOT NULL,
    text         text        NOT NULL,
    recorded_by  text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (incident_id, level_code),
    CONSTRAINT ck_proposed_action_text CHECK (char_length(text) BETWEEN 1 AND 4000)
);

GRANT SELECT, INSERT, UPDATE ON proposed_action TO "${approle}";

-- A proposal is in the incident's history like any other chair edit.
ALTER TABLE incident_event
    DROP CONSTRAINT ck_incident_event_kind,
    ADD CONSTRAINT ck_incident_event_kind CHECK (kind IN ('created', 'transition', 'escalation', 'claim',
        'assignment', 'comment', 'link', 'split', 'position', 'merge', 'unmerge', 'release_request', 'proposal'));
