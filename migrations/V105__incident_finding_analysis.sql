-- Owned by mechanisms (the incident row), written by review when a finding is recorded.
-- The incident report document (docs/reports.md, "The incident report document") gives the
-- chair's analysis of the information gathered and the mechanism's recommendation beside the
-- finding; until now only a one-line summary was kept. Both are optional, plain text, and go
-- with the finding: recording a new finding replaces them.
ALTER TABLE incident
    ADD COLUMN finding_analysis       text,
    ADD COLUMN finding_recommendation text,
    ADD CONSTRAINT ck_incident_finding_analysis_length CHECK (char_length(finding_analysis) <= 20000),
    ADD CONSTRAINT ck_incident_finding_recommendation_length CHECK (char_length(finding_recommendation) <= 20000);
