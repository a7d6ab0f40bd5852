-- The audit chain is sealed after commit instead of under a lock held through every commit
-- (docs/architecture.md, "The audit chain at scale"). An append inserts its event unsealed,
-- in the transaction of the change it records and without any lock: chain_pos, prev_hash
-- and hash stay NULL. One sealer at a time (org.trucewatch.audit.AuditSealer) then gives
-- each committed unsealed row the next chain position, the previous row's hash and its own
-- hash, a batch of rows in one UPDATE, which the triggers below allow once per row.

ALTER TABLE audit_event ADD COLUMN chain_pos bigint;
ALTER TABLE audit_event ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;

-- The service's rights: it inserts only the content columns (a row never arrives sealed)
-- and updates only the sealing columns (the trigger allows that once, NULL to value).
-- Granted before the UPDATE below, which needs it when one role is both owner and service.
REVOKE INSERT ON audit_event FROM "${approle}";
GRANT INSERT (at, actor, action, target_type, target_id, before_digest, after_digest, details)
    ON audit_event TO "${approle}";
GRANT UPDATE (chain_pos, prev_hash, hash) ON audit_event TO "${approle}";

-- The chain so far keeps its hashes. Until now every append took the chain lock before its
-- seq was drawn, so seq order was chain order: the rows get positions 1..n in seq order.
-- Their hashes never covered a position and the canonical form is unchanged ("v1"), so they
-- verify exactly as before. The append-only trigger would refuse this UPDATE; it is off for
-- this one statement, inside this migration's transaction (DISABLE TRIGGER locks the table
-- exclusively until commit, so no other session ever sees the table without it).
ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete;
UPDATE audit_event e SET chain_pos = n.pos
FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS pos FROM audit_event) n
WHERE e.seq = n.seq;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete;

ALTER TABLE audit_event
    ADD CONSTRAINT uq_audit_event_chain_pos UNIQUE (chain_pos),
    ADD CONSTRAINT ck_audit_event_chain_pos CHECK (chain_pos > 0),
    -- Sealed means all three sealing columns, unsealed none of them.
    ADD CONSTRAINT ck_audit_event_sealed
        CHECK ((chain_pos IS NULL) = (prev_hash IS NULL) AND (chain_pos IS NULL) = (hash IS NULL));
-- What the sealer reads: the unsealed rows in seq order (a few, sealed within a second).
CREATE INDEX idx_audit_event_unsealed ON audit_event (seq) WHERE chain_pos IS NULL;

-- Append-only, with one exception: sealing. A sealed row never changes; an unsealed row
-- changes only from unsealed to sealed, every other column (any added later too) as it was.
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sealed record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.chain_pos IS NULL AND NEW.prev_hash IS NULL AND NEW.hash IS NULL THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event: a row is inserted unsealed; the sealer seals it'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL THEN
        sealed := OLD;
        sealed.chain_pos := NEW.chain_pos;
        sealed.prev_hash := NEW.prev_hash;
        sealed.hash := NEW.hash;
        IF NEW IS NOT DISTINCT FROM sealed THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_event: seal of row % refused: only chain_pos, prev_hash and hash may be set, once',
            OLD.seq USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_arrives_unsealed BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

-- And in line: once an UPDATE statement is done (the row trigger above lets it only seal),
-- every row it sealed sits at position 1 after 64 zeros, or right after a sealed row and
-- linked to that row's hash. With the unique chain_pos, the service's role can neither fork
-- the chain nor leave a gap; a wrong hash it can still write is named by verification, and
-- stays (a sealed row never changes). Checked per statement, not per row, so that the sealer
-- seals a batch in one UPDATE whatever order PostgreSQL updates its rows in. The linked row
-- is looked up by schema-qualified name (the schema these migrations create the table in),
-- never through the search path: a temporary table of the same name must not stand in for it.
CREATE FUNCTION audit_event_refuse_unlinked_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unlinked bigint;
BEGIN
    SELECT n.seq INTO unlinked FROM sealed_now n
    WHERE n.prev_hash IS DISTINCT FROM CASE WHEN n.chain_pos = 1 THEN repeat('0', 64) ELSE
        (SELECT p.hash FROM "${flyway:defaultSchema}".audit_event p WHERE p.chain_pos = n.chain_pos - 1) END
    ORDER BY n.chain_pos
    LIMIT 1;
    IF unlinked IS NOT NULL THEN
        RAISE EXCEPTION 'audit_event: seal of row % refused: it is not at the position right after a sealed row '
            'and linked to that row''s hash', unlinked USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_event_sealed_in_line AFTER UPDATE ON audit_event REFERENCING NEW TABLE AS sealed_now
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_unlinked_seal();
