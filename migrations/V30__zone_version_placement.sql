-- How each zone version's geometry reached WGS 84: the file's CRS, the coordinate
-- operations applied (name, EPSG code, EPSG's stated accuracy in metres), the limit it was
-- held to and on what basis it passed ("exact", "within-limit", or "named"/"accepted" by the
-- admin, who is named). Null for versions imported before this was recorded.
ALTER TABLE zone_version ADD COLUMN placement jsonb;
