-- The service's rights on the zone tables (V3 was written before the access migration
-- drew the line between the owner and the service's role). Zone versions are closed by
-- setting valid_to, never deleted; a report's relations are replaced when it is re-evaluated.
-- UPDATE only because an import locks the zone rows it changes (SELECT … FOR UPDATE).
GRANT SELECT, INSERT, UPDATE ON zone TO "${approle}";
GRANT SELECT, INSERT, UPDATE ON zone_version TO "${approle}";
GRANT SELECT, UPDATE ON zone_revision TO "${approle}";
GRANT SELECT, INSERT, DELETE ON report_zone_relation TO "${approle}";
