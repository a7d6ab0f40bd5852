-- Owned by reports. The periodic reports a mechanism has issued (docs/reports.md, "Periodic
-- reports"): each issued once per mechanism, kind and period, whatever the number of service
-- instances running the scheduler (the unique constraint decides, not a lock in memory), and
-- never changed: the service may insert and read, not update or delete. The content is kept as
-- the exact text issued, with its SHA-256, so that it can be served byte for byte.
CREATE TABLE issued_report (
    id             uuid        PRIMARY KEY,
    mechanism_code text        NOT NULL,
    kind           text        NOT NULL,
    period_start   timestamptz NOT NULL,
    period_end     timestamptz NOT NULL,
    -- A correction is a new version of the same period (not built yet); the first is 1.
    version        integer     NOT NULL DEFAULT 1,
    content        text        NOT NULL,
    sha256         bytea       NOT NULL,
    issued_at      timestamptz NOT NULL,
    issued_by      text        NOT NULL,
    CONSTRAINT uq_issued_report_period UNIQUE (mechanism_code, kind, period_start, version),
    CONSTRAINT ck_issued_report_kind CHECK (kind IN ('daily')),
    CONSTRAINT ck_issued_report_period CHECK (period_end > period_start),
    CONSTRAINT ck_issued_report_version CHECK (version >= 1),
    CONSTRAINT ck_issued_report_sha256 CHECK (sha256 = sha256(convert_to(content, 'UTF8')))
);

GRANT SELECT, INSERT ON issued_report TO "${approle}";
