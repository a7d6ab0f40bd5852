-- Media sent with OpenRosa submissions (issue 7), and the link from an edited submission
-- (meta/deprecatedID) to the report it replaces.
--
-- Bytes live in the database (bytea, at most 10 MB each, checked here and in the service):
-- one transaction stores the report, its media and their audit events together, every
-- instance sees the same files without a shared disk, and the backup of the database is
-- the backup of the evidence.
CREATE TABLE report_attachment (
    report_id    uuid        NOT NULL REFERENCES report (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text        NOT NULL,
    size_bytes   integer     NOT NULL CHECK (size_bytes BETWEEN 0 AND 10485760),
    sha256       bytea       NOT NULL CHECK (length(sha256) = 32),
    content      bytea       NOT NULL,
    received_at  timestamptz NOT NULL,
    received_by  text        NOT NULL,
    PRIMARY KEY (report_id, name),
    CHECK (length(content) = size_bytes)
);

-- An edit made on a device or in Enketo arrives as a new instance whose meta/deprecatedID
-- names the instance it replaces (ODK XForms spec, "Metadata"): both stay, linked.
CREATE TABLE report_revision (
    report_id            uuid PRIMARY KEY REFERENCES report (id),
    supersedes_report_id uuid NOT NULL REFERENCES report (id),
    CHECK (report_id <> supersedes_report_id)
);
CREATE INDEX idx_report_revision_supersedes ON report_revision (supersedes_report_id);

GRANT SELECT, INSERT ON report_attachment TO "${approle}";
GRANT SELECT, INSERT ON report_revision TO "${approle}";
