-- Who may do what (users and their mechanism-scoped grants) and the append-only,
-- hash-chained audit log. ${approle} is the role the service connects as (a Flyway
-- placeholder, see application.yml); these migrations run as the schema's owner.

CREATE TABLE app_user (
    id             uuid        PRIMARY KEY,
    username       text        NOT NULL,
    display_name   text,
    -- Argon2id in PHC string form; NULL for users who sign in through OpenID Connect only.
    password_hash  text,
    enabled        boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    CONSTRAINT uq_app_user_username UNIQUE (username),
    CONSTRAINT ck_app_user_username CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$')
);

-- One row per role a user holds, scoped to a mechanism (and for chairs a level and team,
-- for party delegates a party). An admin grant has no mechanism.
CREATE TABLE user_grant (
    id             uuid        PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES app_user (id),
    role           text        NOT NULL,
    mechanism_code text,
    level_code     text,
    team_code      text,
    party_code     text,
    created_at     timestamptz NOT NULL,
    CONSTRAINT ck_user_grant_role CHECK (role IN ('monitor', 'chair', 'party_delegate', 'gis_analyst', 'admin')),
    CONSTRAINT ck_user_grant_scope CHECK (
        (role = 'admin' AND mechanism_code IS NULL) OR (role <> 'admin' AND mechanism_code IS NOT NULL)),
    CONSTRAINT ck_user_grant_party CHECK ((role = 'party_delegate') = (party_code IS NOT NULL)),
    CONSTRAINT uq_user_grant UNIQUE NULLS NOT DISTINCT (user_id, role, mechanism_code, level_code, team_code, party_code)
);
CREATE INDEX idx_user_grant_user_id ON user_grant (user_id);

-- Each row's hash is SHA-256(prev_hash || canonical form of the row), computed by the
-- service (org.trucewatch.audit.AuditCanonicalForm); appends are serialised with an
-- advisory lock so the chain never forks. Verification walks it in seq order.
CREATE TABLE audit_event (
    seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    action         text        NOT NULL,
    target_type    text,
    target_id      text,
    before_digest  text,
    after_digest   text,
    details        text,
    prev_hash      text        NOT NULL,
    hash           text        NOT NULL,
    CONSTRAINT uq_audit_event_hash UNIQUE (hash),
    CONSTRAINT ck_audit_event_action CHECK (action ~ '^[a-z_]+\.[a-z_]+$')
);
CREATE INDEX idx_audit_event_target ON audit_event (target_type, target_id);

-- Append-only for everyone, the owner included; only a superuser who switches triggers
-- off (session_replication_role = replica) can alter a row, and verification finds it.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

-- The service's rights: reports are only ever added, never changed or removed; the audit
-- log is read and appended to. When the service runs as the owner itself, the REVOKE
-- below takes UPDATE and DELETE on the audit log from the owner too.
GRANT SELECT, INSERT ON report TO "${approle}";
GRANT SELECT, INSERT, UPDATE, DELETE ON app_user, user_grant TO "${approle}";
GRANT SELECT, INSERT ON audit_event TO "${approle}";
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM "${approle}";
