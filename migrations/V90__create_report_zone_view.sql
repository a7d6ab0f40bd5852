-- Owned by zones. Which zones (code and type) a report lies inside, as the geofence judged it:
-- the statistics group incidents by the zones of the report that opened them (docs/reports.md).
-- A report judged against several versions of one zone appears once per zone.
CREATE VIEW report_zone_v AS
SELECT DISTINCT rel.report_id, z.code AS zone_code, z.type AS zone_type, z.mechanism_code
FROM report_zone_relation rel JOIN zone z ON z.id = rel.zone_id
WHERE rel.relation = 'inside';

GRANT SELECT ON report_zone_v TO "${approle}";
