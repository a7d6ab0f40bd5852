-- Owned by zones. The zones layer's read model: one row per zone version, with the name in
-- English and the type-specific properties the layer publishes, and the layer's key
-- code@version in byte order ("C" collation; zone codes never contain '@').
CREATE VIEW zone_layer_v AS
SELECT (z.code || '@' || v.version::text) COLLATE "C" AS key, z.code, z.type, z.mechanism_code, v.version,
       v.name ->> 'en' AS name_en, v.valid_from, v.valid_to, v.properties ->> 'party' AS party,
       v.properties ->> 'securityZoneM' AS security_zone_m, v.properties ->> 'nearLineM' AS near_line_m,
       v.properties ->> 'team' AS team, v.properties ->> 'level' AS level, v.geom
FROM zone_version v JOIN zone z ON z.id = v.zone_id;

GRANT SELECT ON zone_layer_v TO "${approle}";
