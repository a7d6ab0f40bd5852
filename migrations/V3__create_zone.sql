-- Zones: the areas and lines a mechanism's protocol names, versioned in time, and the
-- relation of each report to the zone versions valid when it was observed.
-- btree_gist lets one exclusion constraint keep a zone's versions from overlapping in
-- time; it is a trusted extension (PostgreSQL 13+), so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE zone (
    id             uuid        PRIMARY KEY,
    -- Stable across versions: files, exports and protocols name a zone by its code.
    code           text        NOT NULL,
    type           text        NOT NULL,
    mechanism_code text        NOT NULL,
    -- A security zone is derived from its cantonment area, never drawn.
    derived_from   uuid        REFERENCES zone (id),
    created_at     timestamptz NOT NULL,

    CONSTRAINT uq_zone_code UNIQUE (code),
    CONSTRAINT ck_zone_type CHECK (type IN ('buffer_zone', 'area_of_separation', 'area_of_limitation',
        'cantonment_area', 'security_zone', 'ceasefire_line', 'area_of_responsibility')),
    CONSTRAINT ck_zone_derived CHECK ((type = 'security_zone') = (derived_from IS NOT NULL))
);

CREATE TABLE zone_version (
    zone_id     uuid        NOT NULL REFERENCES zone (id),
    version     integer     NOT NULL,
    -- Language tag -> label, e.g. {"en": "Sector West", "fr": "Secteur Ouest", "ar": "..."}.
    name        jsonb       NOT NULL,
    -- Type-specific: securityZoneM, party, nearLineM, sides, level, team, limits, ...
    properties  jsonb       NOT NULL DEFAULT '{}',
    -- WGS 84 longitude/latitude. Edges are great-circle arcs (geography); import densifies
    -- them to at most 1 km, so geometry and geography answers agree to about a centimetre.
    geom        geometry(Geometry, 4326) NOT NULL,
    -- Stored geography so that ST_DWithin / ST_Distance in metres use a GiST index.
    geog        geography(Geometry, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
    valid_from  timestamptz NOT NULL,
    valid_to    timestamptz,
    recorded_at timestamptz NOT NULL,
    recorded_by text        NOT NULL,

    PRIMARY KEY (zone_id, version),
    CONSTRAINT ck_zone_version_version CHECK (version >= 1),
    CONSTRAINT ck_zone_version_name CHECK (jsonb_typeof(name) = 'object'),
    CONSTRAINT ck_zone_version_properties CHECK (jsonb_typeof(properties) = 'object'),
    CONSTRAINT ck_zone_version_geom_type CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON', 'LINESTRING', 'MULTILINESTRING')),
    CONSTRAINT ck_zone_version_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    CONSTRAINT ck_zone_version_validity CHECK (valid_to IS NULL OR valid_to > valid_from),
    -- At most one version of a zone is valid at any instant.
    CONSTRAINT ex_zone_version_validity EXCLUDE USING gist (zone_id WITH =, tstzrange(valid_from, valid_to) WITH &&)
);

CREATE INDEX idx_zone_version_geom ON zone_version USING gist (geom);
CREATE INDEX idx_zone_version_geog ON zone_version USING gist (geog);

-- "Reports within N metres of a zone": ST_DWithin(report.geom::geography, …) uses this
-- expression index instead of casting every row (stack-notes: ~6 queries/s without it).
CREATE INDEX idx_report_geom_geography ON report USING gist ((geom::geography));

-- One number that changes whenever any zone version does: each service instance compares
-- it with the revision its in-memory index was built from, so instances sharing the
-- database refresh without talking to each other.
CREATE TABLE zone_revision (
    singleton boolean PRIMARY KEY DEFAULT true,
    revision  bigint  NOT NULL,
    CONSTRAINT ck_zone_revision_singleton CHECK (singleton)
);
INSERT INTO zone_revision (singleton, revision) VALUES (true, 0);

CREATE FUNCTION zone_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE zone_revision SET revision = revision + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_zone_version_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zone_version
    FOR EACH STATEMENT EXECUTE FUNCTION zone_revision_bump();
CREATE TRIGGER trg_zone_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zone
    FOR EACH STATEMENT EXECUTE FUNCTION zone_revision_bump();

-- What the geofence found for a report against one zone version.
CREATE TABLE report_zone_relation (
    report_id           uuid             NOT NULL REFERENCES report (id) ON DELETE CASCADE,
    zone_id             uuid             NOT NULL,
    zone_version        integer          NOT NULL,
    -- inside / outside, or indeterminate when the report's accuracy circle straddles the
    -- boundary (for a ceasefire line: the edge of the band within nearLineM).
    relation            text             NOT NULL,
    -- Metres on the WGS 84 ellipsoid from the report to the zone's boundary (or line).
    distance_m          double precision NOT NULL,
    -- The report's geometry as reported meets the zone (area) or touches the line.
    intersects          boolean          NOT NULL,
    -- Ceasefire lines only: which side (relative to the digitising direction) and its label.
    side                text,
    side_label          text,
    crosses             boolean,
    near                boolean,
    accuracy_m          double precision NOT NULL,
    evaluated_at        timestamptz      NOT NULL,

    PRIMARY KEY (report_id, zone_id, zone_version),
    FOREIGN KEY (zone_id, zone_version) REFERENCES zone_version (zone_id, version),
    CONSTRAINT ck_report_zone_relation_relation CHECK (relation IN ('inside', 'outside', 'indeterminate')),
    CONSTRAINT ck_report_zone_relation_side CHECK (side IS NULL OR side IN ('left', 'right')),
    CONSTRAINT ck_report_zone_relation_distance CHECK (distance_m >= 0 AND accuracy_m >= 0)
);

CREATE INDEX idx_report_zone_relation_zone_relation ON report_zone_relation (zone_id, zone_version, relation);
