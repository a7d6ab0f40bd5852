-- Edits as revisions (issue 15): a corrected report replaces the original as the current
-- revision under the same report id. `report` keeps the current revision (its
-- client_report_id is the current instance's id); every revision it replaced is kept in
-- `report_version`, whole, with who made it and when.

ALTER TABLE report
    ADD COLUMN revision   integer     NOT NULL DEFAULT 1,
    ADD COLUMN revised_at timestamptz,
    ADD COLUMN revised_by text,
    ADD CONSTRAINT ck_report_revision CHECK (revision >= 1),
    ADD CONSTRAINT ck_report_revised CHECK ((revision = 1) = (revised_at IS NULL AND revised_by IS NULL));

COMMENT ON COLUMN report.revision IS 'The current revision, from 1; the ETag of the report names it';
COMMENT ON COLUMN report.revised_at IS 'When the current revision replaced the one before (NULL for revision 1)';

-- The same columns as `report` (LIKE: they cannot drift apart, and one mapping reads
-- both), one row per replaced revision, plus when the next revision replaced it.
CREATE TABLE report_version (
    LIKE report INCLUDING COMMENTS,
    superseded_at timestamptz NOT NULL,
    PRIMARY KEY (id, revision),
    CONSTRAINT fk_report_version_report FOREIGN KEY (id) REFERENCES report (id),
    -- An instance id names one revision of one report, forever: a resend of a replaced
    -- instance is found here and answered with the report as it now stands.
    CONSTRAINT uq_report_version_client_report_id UNIQUE (client_report_id)
);
CREATE INDEX idx_report_version_geom ON report_version USING gist (geom);

COMMENT ON TABLE report_version IS 'Replaced revisions of a report; the current one is in report';

-- Only the revision's content may change; id, received_at and submitted_by never do.
GRANT UPDATE (client_report_id, content_digest, geom, observed_at, observed_utc_offset_s, observed_until,
    time_precision, location_accuracy_m, observer_location, bearing_deg, estimated_distance_m, category,
    taxonomy_version, description, alleged_parties, civilians_killed, civilians_injured, combatants_killed,
    combatants_injured, event_count, source_type, source_reliability, source_credibility, source_identity,
    source_notes, revision, revised_at, revised_by) ON report TO "${approle}";
GRANT SELECT, INSERT ON report_version TO "${approle}";

-- Before V81 an edit was stored as a second report and linked here. Those links are kept
-- for the record, read by nobody, written by nobody.
ALTER TABLE report_revision RENAME TO report_edit_before_v81;
REVOKE INSERT ON report_edit_before_v81 FROM "${approle}";
COMMENT ON TABLE report_edit_before_v81 IS 'Edits stored as separate reports before V81 (issue 15); not written any more';
