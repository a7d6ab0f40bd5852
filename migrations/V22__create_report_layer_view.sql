-- Owned by intake. What other packages may read of a report: the gis layers (through the
-- access policy's scope, which reads id, mechanism_code, category and submitted_by) and the
-- incidents' read model (event_count). Everything of the report but its idempotency keys
-- (client_report_id, content_digest) and the observer's position, which no layer publishes.
-- Confidential columns are here: the layer redacts them per reader, as the API does.
CREATE VIEW report_layer_v AS
SELECT r.id, r.geom, r.observed_at, r.observed_utc_offset_s, r.observed_until, r.time_precision,
       r.location_accuracy_m, r.bearing_deg, r.estimated_distance_m, r.category, r.description,
       r.alleged_parties, r.civilians_killed, r.civilians_injured, r.combatants_killed,
       r.combatants_injured, r.event_count, r.source_type, r.source_reliability,
       r.source_credibility, r.source_identity, r.source_notes, r.mechanism_code, r.received_at,
       r.submitted_by, r.taxonomy_version
FROM report r;

GRANT SELECT ON report_layer_v TO "${approle}";
