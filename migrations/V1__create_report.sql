-- The field monitor's report: one row per clientReportId, forever.
-- PostGIS itself is created by whoever creates the database, as a superuser
-- (docs/operations.md); IF NOT EXISTS only warns when it is already there.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE report (
    id                    uuid        PRIMARY KEY,
    client_report_id      uuid        NOT NULL,
    -- SHA-256 of the report's canonical content: a resend with the same id and the
    -- same content is answered with the stored row, a different content is a conflict.
    content_digest        bytea       NOT NULL,
    geom                  geometry(Geometry, 4326) NOT NULL,
    observed_at           timestamptz NOT NULL,
    -- The UTC offset the monitor wrote observedAt with: local time matters to readers.
    observed_utc_offset_s integer     NOT NULL,
    observed_until        timestamptz,
    time_precision        text        NOT NULL,
    location_accuracy_m   double precision,
    observer_location     geometry(Point, 4326),
    bearing_deg           double precision,
    estimated_distance_m  double precision,
    category              text        NOT NULL,
    taxonomy_version      text        NOT NULL,
    description           text,
    alleged_parties       text[]      NOT NULL DEFAULT '{}',
    -- NULL means "not reported", 0 means "none": the difference matters in a finding.
    civilians_killed      integer,
    civilians_injured     integer,
    combatants_killed     integer,
    combatants_injured    integer,
    event_count           integer,
    source_type           text        NOT NULL,
    source_reliability    text,
    source_credibility    smallint,
    source_identity       text,
    source_notes          text,
    mechanism_code        text,
    received_at           timestamptz NOT NULL,
    submitted_by          text        NOT NULL,

    CONSTRAINT uq_report_client_report_id UNIQUE (client_report_id),
    CONSTRAINT ck_report_geom_type CHECK (GeometryType(geom) IN ('POINT', 'LINESTRING', 'POLYGON')),
    CONSTRAINT ck_report_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    CONSTRAINT ck_report_observed_interval CHECK (observed_until IS NULL OR observed_until >= observed_at),
    CONSTRAINT ck_report_time_precision CHECK (time_precision IN ('exact', 'approximate', 'day', 'week')),
    CONSTRAINT ck_report_accuracy CHECK (location_accuracy_m IS NULL OR location_accuracy_m >= 0),
    CONSTRAINT ck_report_bearing CHECK (bearing_deg IS NULL OR (bearing_deg >= 0 AND bearing_deg < 360)),
    CONSTRAINT ck_report_distance CHECK (estimated_distance_m IS NULL OR estimated_distance_m >= 0),
    CONSTRAINT ck_report_casualties CHECK (
        coalesce(civilians_killed, 0) >= 0 AND coalesce(civilians_injured, 0) >= 0 AND
        coalesce(combatants_killed, 0) >= 0 AND coalesce(combatants_injured, 0) >= 0),
    CONSTRAINT ck_report_event_count CHECK (event_count IS NULL OR event_count >= 1),
    CONSTRAINT ck_report_source_reliability CHECK (source_reliability IS NULL OR source_reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    CONSTRAINT ck_report_source_credibility CHECK (source_credibility IS NULL OR source_credibility BETWEEN 1 AND 6)
);

CREATE INDEX idx_report_geom ON report USING gist (geom);
CREATE INDEX idx_report_observed_at ON report (observed_at);
CREATE INDEX idx_report_category_id ON report (category, id);

COMMENT ON COLUMN report.id IS 'Server id, UUIDv7: time-ordered, so keyset pages follow receipt order';
COMMENT ON COLUMN report.source_identity IS 'Confidential: visible only to the chair''s staff';
COMMENT ON COLUMN report.source_notes IS 'Confidential: visible only to the chair''s staff';
