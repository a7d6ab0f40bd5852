-- Owned by mechanisms. The map's read model (gis.map, docs/gis.md "The map at volume"): one row
-- per incident that is drawn (merged-away ones are not: their reports count in the survivor),
-- with only what a marker or a cluster needs, and the columns the access policy's scope reads
-- (id, mechanism_code, level_code, team_code, category, areas). Unlike incident_layer_v it has
-- no per-row subqueries, so the map's grid aggregation reads the incident table and its indexes
-- only (idx_incident_geom for the box, idx_incident_observed_at for the period).
CREATE VIEW incident_map_v AS
SELECT i.id, i.reference, i.mechanism_code, i.level_code, i.team_code, i.areas, i.status, i.category, i.severity,
       i.geom, i.observed_at, i.observed_until, i.finding_party
FROM incident i
WHERE i.status <> 'merged';

GRANT SELECT ON incident_map_v TO "${approle}";
