-- Mechanisms (their protocol, versioned) and incidents: one event, one or more reports,
-- routed to a level's team queue and worked through the verification workflow.

CREATE TABLE mechanism_protocol (
    code        text        NOT NULL,
    version     integer     NOT NULL,
    -- The protocol file as loaded (docs/mechanisms.md): parties, levels, teams, rules, deadlines.
    definition  jsonb       NOT NULL,
    loaded_at   timestamptz NOT NULL,
    loaded_by   text        NOT NULL,
    PRIMARY KEY (code, version),
    CONSTRAINT ck_mechanism_protocol_code CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    CONSTRAINT ck_mechanism_protocol_version CHECK (version >= 1)
);

CREATE TABLE incident (
    id               uuid        PRIMARY KEY,
    mechanism_code   text        NOT NULL,
    -- NULL level and team: the chair's triage queue (outside every area of responsibility).
    level_code       text,
    team_code        text,
    status           text        NOT NULL,
    category         text        NOT NULL,
    severity         smallint    NOT NULL,
    -- Violation rules of the protocol the incident matched: [{rule, article, severity}].
    violations       jsonb       NOT NULL DEFAULT '[]',
    deadline         timestamptz,
    geom             geometry(Geometry, 4326) NOT NULL,
    -- Codes of the areas of responsibility the first report lay in: where escalation goes next.
    areas            text[]      NOT NULL DEFAULT '{}',
    observed_at      timestamptz NOT NULL,
    observed_until   timestamptz,
    claimed_by       text,
    claimed_at       timestamptz,
    assigned_to      text,
    finding          text,
    finding_party    text,
    finding_summary  text,
    protocol_version integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT ck_incident_status CHECK (status IN ('received', 'triaged', 'under_verification',
        'finding_recorded', 'escalated', 'reviewed', 'closed', 'reopened')),
    CONSTRAINT ck_incident_finding CHECK (finding IS NULL OR finding IN ('violation_confirmed',
        'violation_unattributed', 'no_violation', 'inconclusive', 'not_verifiable')),
    CONSTRAINT ck_incident_queue CHECK ((level_code IS NULL) = (team_code IS NULL) OR level_code IS NOT NULL)
);
CREATE INDEX idx_incident_geom ON incident USING gist (geom);
-- Duplicate search is "within R metres": an index on the geography, not a cast per row.
CREATE INDEX idx_incident_geom_geography ON incident USING gist ((geom::geography));
CREATE INDEX idx_incident_queue ON incident (mechanism_code, level_code, team_code, severity DESC, deadline);
CREATE INDEX idx_incident_open_deadline ON incident (deadline) WHERE status NOT IN ('reviewed', 'closed');
CREATE INDEX idx_incident_observed_at ON incident (mechanism_code, observed_at);

-- A report belongs to exactly one incident. 'origin' opened it; 'suggested' was linked by
-- space-time proximity and awaits the chair; 'confirmed' was accepted by the chair.
CREATE TABLE incident_report (
    report_id   uuid        PRIMARY KEY REFERENCES report (id),
    incident_id uuid        NOT NULL REFERENCES incident (id),
    link        text        NOT NULL,
    linked_at   timestamptz NOT NULL,
    linked_by   text        NOT NULL,
    CONSTRAINT ck_incident_report_link CHECK (link IN ('origin', 'suggested', 'confirmed'))
);
CREATE INDEX idx_incident_report_incident ON incident_report (incident_id);

-- The incident's history: transitions, escalations, claims, assignments, comments, links.
CREATE TABLE incident_event (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id  uuid        NOT NULL REFERENCES incident (id),
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    kind         text        NOT NULL,
    from_status  text,
    to_status    text,
    from_level   text,
    to_level     text,
    body         text,
    CONSTRAINT ck_incident_event_kind CHECK (kind IN ('created', 'transition', 'escalation', 'claim',
        'assignment', 'comment', 'link', 'split', 'position'))
);
CREATE INDEX idx_incident_event_incident ON incident_event (incident_id, seq);

-- Each party's position on the incident, recorded at each level it reaches.
CREATE TABLE party_position (
    incident_id  uuid        NOT NULL REFERENCES incident (id),
    level_code   text        NOT NULL,
    party_code   text        NOT NULL,
    position     text        NOT NULL,
    statement    text,
    recorded_by  text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (incident_id, level_code, party_code),
    CONSTRAINT ck_party_position CHECK (position IN ('accepts', 'disputes', 'no_position', 'not_yet_stated'))
);

GRANT SELECT, INSERT ON mechanism_protocol TO "${approle}";
GRANT SELECT, INSERT, UPDATE ON incident TO "${approle}";
GRANT SELECT, INSERT, UPDATE ON incident_report TO "${approle}";
GRANT SELECT, INSERT ON incident_event TO "${approle}";
GRANT SELECT, INSERT, UPDATE ON party_position TO "${approle}";
