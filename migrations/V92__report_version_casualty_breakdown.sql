-- V81 made report_version LIKE report before V88 gave report the casualties by sex and age;
-- a replaced revision keeps them too (report_version holds a revision whole), and an edit may
-- change them (they are content, like the other casualty columns V81 lets the service update).
ALTER TABLE report_version
    ADD COLUMN women_killed  integer,
    ADD COLUMN men_killed    integer,
    ADD COLUMN girls_killed  integer,
    ADD COLUMN boys_killed   integer,
    ADD COLUMN women_injured integer,
    ADD COLUMN men_injured   integer,
    ADD COLUMN girls_injured integer,
    ADD COLUMN boys_injured  integer;

GRANT UPDATE (women_killed, men_killed, girls_killed, boys_killed, women_injured, men_injured, girls_injured,
    boys_injured) ON report TO "${approle}";
