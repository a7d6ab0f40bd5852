-- Owned by intake. Casualties by sex and age group where the monitor recorded them (issue 16):
-- women, men, girls and boys killed and injured. All optional: NULL means "not recorded",
-- 0 means "none", as for the other casualty columns (V1).
ALTER TABLE report
    ADD COLUMN women_killed  integer,
    ADD COLUMN men_killed    integer,
    ADD COLUMN girls_killed  integer,
    ADD COLUMN boys_killed   integer,
    ADD COLUMN women_injured integer,
    ADD COLUMN men_injured   integer,
    ADD COLUMN girls_injured integer,
    ADD COLUMN boys_injured  integer,
    ADD CONSTRAINT ck_report_casualties_by_sex_age CHECK (
        coalesce(women_killed, 0) >= 0 AND coalesce(men_killed, 0) >= 0 AND
        coalesce(girls_killed, 0) >= 0 AND coalesce(boys_killed, 0) >= 0 AND
        coalesce(women_injured, 0) >= 0 AND coalesce(men_injured, 0) >= 0 AND
        coalesce(girls_injured, 0) >= 0 AND coalesce(boys_injured, 0) >= 0);

-- The read model (V22) gains the new columns at its end (CREATE OR REPLACE VIEW may only append).
CREATE OR REPLACE VIEW report_layer_v AS
SELECT r.id, r.geom, r.observed_at, r.observed_utc_offset_s, r.observed_until, r.time_precision,
       r.location_accuracy_m, r.bearing_deg, r.estimated_distance_m, r.category, r.description,
       r.alleged_parties, r.civilians_killed, r.civilians_injured, r.combatants_killed,
       r.combatants_injured, r.event_count, r.source_type, r.source_reliability,
       r.source_credibility, r.source_identity, r.source_notes, r.mechanism_code, r.received_at,
       r.submitted_by, r.taxonomy_version,
       r.women_killed, r.men_killed, r.girls_killed, r.boys_killed,
       r.women_injured, r.men_injured, r.girls_injured, r.boys_injured
FROM report r;
