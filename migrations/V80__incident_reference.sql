-- Incident references (docs/mechanisms.md, "Incident references"): the human name chairs and
-- parties use, e.g. LB-2026-0142: the mechanism's prefix (its protocol's referencePrefix,
-- else its code in capitals), the year the incident was opened (UTC), and its number in that
-- year, gap-free and unique across service instances.
--
-- Numbers are given shortly after the incident commits, not in its transaction: a counter
-- row updated by every new incident would hold a row lock through each commit and its WAL
-- flush, serialising the mechanism's intake (docs/architecture.md, "Incident references").
-- One assigner at a time (an advisory lock) numbers every committed, unnumbered incident in
-- one statement that also moves the counter, so a number is never used twice or skipped.
ALTER TABLE incident ADD COLUMN reference text;
ALTER TABLE incident ADD CONSTRAINT uq_incident_reference UNIQUE (reference);
CREATE INDEX idx_incident_reference_pending ON incident (created_at, id) WHERE reference IS NULL;

-- Keyed by prefix, not by mechanism: references are unique by construction even if two
-- mechanisms were given one prefix (loading a protocol refuses that; docs/mechanisms.md).
CREATE TABLE incident_reference_counter (
    prefix text    NOT NULL,
    year   integer NOT NULL,
    last   integer NOT NULL,
    PRIMARY KEY (prefix, year),
    CONSTRAINT ck_incident_reference_counter_last CHECK (last >= 1)
);
GRANT SELECT, INSERT, UPDATE ON incident_reference_counter TO "${approle}";

-- Numbers up to `batch` committed, unnumbered incidents (all of them when batch is NULL), oldest
-- first, in one statement: it moves each (prefix, year) counter by how many it numbers and writes
-- each reference from the counter's new value, so a number is neither skipped nor used twice
-- whatever fails. The service calls it holding the assigner's advisory lock
-- (mechanisms/IncidentReferenceRepository); this migration calls it once for the incidents
-- opened before it. Returns how many incidents it numbered.
CREATE FUNCTION incident_number_pending(batch integer) RETURNS integer
LANGUAGE sql VOLATILE AS $$
WITH pending AS (
    SELECT i.id, i.created_at, extract(year FROM i.created_at AT TIME ZONE 'UTC')::integer AS year,
           coalesce(p.prefix, upper(i.mechanism_code)) AS prefix
    FROM incident i
    LEFT JOIN LATERAL (SELECT mp.definition ->> 'referencePrefix' AS prefix FROM mechanism_protocol mp
                       WHERE mp.code = i.mechanism_code ORDER BY mp.version DESC LIMIT 1) p ON true
    WHERE i.reference IS NULL
    ORDER BY i.created_at, i.id
    LIMIT batch),
numbered AS (
    SELECT id, prefix, year,
           row_number() OVER (PARTITION BY prefix, year ORDER BY created_at, id)::integer AS n,
           count(*) OVER (PARTITION BY prefix, year)::integer AS added
    FROM pending),
counted AS (
    INSERT INTO incident_reference_counter AS c (prefix, year, last)
    SELECT DISTINCT prefix, year, added FROM numbered
    ON CONFLICT (prefix, year) DO UPDATE SET last = c.last + excluded.last
    RETURNING c.prefix, c.year, c.last),
updated AS (
    UPDATE incident i
    SET reference = n.prefix || '-' || n.year || '-'
            || lpad((c.last - n.added + n.n)::text, greatest(4, length((c.last - n.added + n.n)::text)), '0')
    FROM numbered n
    JOIN counted c ON c.prefix = n.prefix AND c.year = n.year
    WHERE i.id = n.id
    RETURNING 1)
SELECT count(*)::integer FROM updated
$$;
GRANT EXECUTE ON FUNCTION incident_number_pending(integer) TO "${approle}";

SELECT incident_number_pending(NULL);
