-- Owned by reports. The monthly consolidated report (docs/reports.md, "Periodic reports") is
-- issued for the whole mechanism and for each of its levels: the level (null: the whole
-- mechanism) joins the key that makes a period's report unique, NULLS NOT DISTINCT so that the
-- whole mechanism's report, too, is stored once. A correction is a new version that names the
-- one it replaces.
ALTER TABLE issued_report
    ADD COLUMN level_code text,
    ADD COLUMN replaces   uuid REFERENCES issued_report (id),
    DROP CONSTRAINT ck_issued_report_kind,
    ADD CONSTRAINT ck_issued_report_kind CHECK (kind IN ('daily', 'monthly')),
    DROP CONSTRAINT uq_issued_report_period,
    ADD CONSTRAINT uq_issued_report_period UNIQUE NULLS NOT DISTINCT (mechanism_code, kind, level_code, period_start, version),
    ADD CONSTRAINT ck_issued_report_replaces CHECK ((version = 1) = (replaces IS NULL));

CREATE INDEX idx_issued_report_mechanism ON issued_report (mechanism_code, issued_at DESC);
