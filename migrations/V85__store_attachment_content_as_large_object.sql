-- Media at field sizes (issue 15): a video of 100 MB cannot be a bytea value read whole into
-- the service's memory. The bytes move to PostgreSQL large objects, written and read in
-- chunks through the JDBC driver's LargeObject API, still in the report's own transaction (a
-- refused or failed submission leaves no large object behind) and still in the one database
-- whose backup is the backup of the evidence (docs/operations.md, "Media storage").
--
-- The service's role may neither change nor delete evidence (docs/operations.md, "Database
-- set-up"). A large object's owner could (lo_put, lo_unlink), so every one is owned by the
-- schema's owner: the service asks attachment_content_create() for a new one, on which it gets
-- SELECT and UPDATE, writes the file, and attachment_content_seal() takes UPDATE back in the same
-- transaction. Existing files are copied into large objects here, owned alike, SELECT granted.
ALTER TABLE report_attachment ADD COLUMN content_oid oid;
UPDATE report_attachment SET content_oid = lo_from_bytea(0, content);
DO $$
DECLARE
    o oid;
BEGIN
    FOR o IN SELECT content_oid FROM report_attachment LOOP
        EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO %I', o, '${approle}');
    END LOOP;
END
$$;
CREATE FUNCTION attachment_content_create() RETURNS oid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    o oid := lo_create(0);
BEGIN
    EXECUTE format('GRANT SELECT, UPDATE ON LARGE OBJECT %s TO %I', o, '${approle}');
    RETURN o;
END
$$;

-- UPDATE goes once the bytes are written; SELECT stays. True when the object exists.
CREATE FUNCTION attachment_content_seal(o oid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_largeobject_metadata WHERE oid = o) THEN
        RETURN false;
    END IF;
    EXECUTE format('REVOKE UPDATE ON LARGE OBJECT %s FROM %I', o, '${approle}');
    RETURN true;
END
$$;

-- For a file written by a POST that lost the race to another POST of the same file: removes the
-- object only while no attachment names it.
CREATE FUNCTION attachment_content_discard(o oid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM report_attachment WHERE content_oid = o)
            OR NOT EXISTS (SELECT 1 FROM pg_largeobject_metadata WHERE oid = o) THEN
        RETURN false;
    END IF;
    PERFORM lo_unlink(o);
    RETURN true;
END
$$;

REVOKE ALL ON FUNCTION attachment_content_create(), attachment_content_seal(oid), attachment_content_discard(oid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attachment_content_create(), attachment_content_seal(oid), attachment_content_discard(oid)
    TO "${approle}";

-- Drops the CHECK that tied the bytes to size_bytes with the column.
ALTER TABLE report_attachment DROP COLUMN content;
ALTER TABLE report_attachment ALTER COLUMN content_oid SET NOT NULL;
ALTER TABLE report_attachment ADD CONSTRAINT report_attachment_content_oid_key UNIQUE (content_oid);

-- The per-file limits are the mechanism's (its protocol's "media", default 100 MB for video),
-- under the service's ceiling (trucewatch.forms.max-file-bytes): no fixed bound here.
ALTER TABLE report_attachment DROP CONSTRAINT report_attachment_size_bytes_check;
ALTER TABLE report_attachment ALTER COLUMN size_bytes TYPE bigint;
ALTER TABLE report_attachment ADD CONSTRAINT report_attachment_size_bytes_check CHECK (size_bytes >= 0);

-- Where and when a photo says it was taken (its EXIF GPS position and time), read when it is
-- received and shown to the chair beside the report's own position (docs/api.md, attachments).
-- exif_taken_at: an instant (GPS time, UTC, or the camera's time with its EXIF offset);
-- exif_taken_local: the camera's clock when EXIF gives no offset.
ALTER TABLE report_attachment ADD COLUMN exif_position geometry(Point, 4326);
ALTER TABLE report_attachment ADD COLUMN exif_taken_at timestamptz;
ALTER TABLE report_attachment ADD COLUMN exif_taken_local timestamp;
CREATE INDEX idx_report_attachment_exif_position ON report_attachment USING gist (exif_position);
