-- Owned by notifications (docs/notifications.md). A chair learns of what needs them without
-- looking: a new incident at or above a severity, an item gone overdue, an escalation received,
-- a party's position recorded, in the app and by e-mail.
--
-- notification_pending is the outbox: a trigger puts every incident_event of those kinds in it
-- within the transaction that wrote the event, so nothing is missed and nothing is sent for a
-- change that rolled back. The notifications job (one row at a time per instance, FOR UPDATE
-- SKIP LOCKED) turns each into a notification per recipient, chosen by the access policy, and
-- deletes it.
CREATE TABLE notification_pending (
    seq bigint PRIMARY KEY REFERENCES incident_event (seq)
);

CREATE FUNCTION incident_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO notification_pending (seq) VALUES (NEW.seq);
    RETURN NULL;
END $$;
CREATE TRIGGER trg_incident_event_notify AFTER INSERT ON incident_event
    FOR EACH ROW WHEN (NEW.kind IN ('created', 'escalation', 'position'))
    EXECUTE FUNCTION incident_event_notify();

-- A user's choices; without a row: severity 4 and above, in the app, no e-mail, English.
CREATE TABLE notification_preference (
    username     text        PRIMARY KEY,
    email        text,
    min_severity integer     NOT NULL DEFAULT 4,
    language     text        NOT NULL DEFAULT 'en',
    updated_at   timestamptz NOT NULL,
    CONSTRAINT ck_notification_preference_severity CHECK (min_severity BETWEEN 1 AND 5),
    CONSTRAINT ck_notification_preference_language CHECK (language IN ('en', 'fr', 'es', 'ar')),
    CONSTRAINT ck_notification_preference_email CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$')
);

CREATE TABLE notification (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text        NOT NULL,
    kind           text        NOT NULL,
    incident_id    uuid        NOT NULL REFERENCES incident (id),
    event_seq      bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    read_at        timestamptz,
    -- to whom it is e-mailed (null: not by e-mail), when it was, and failed tries so far
    email_to       text,
    emailed_at     timestamptz,
    email_attempts integer     NOT NULL DEFAULT 0,
    CONSTRAINT ck_notification_kind CHECK (kind IN ('new', 'overdue', 'escalated', 'position')),
    CONSTRAINT uq_notification_event UNIQUE (username, event_seq)
);
CREATE INDEX idx_notification_user ON notification (username, id DESC);
CREATE INDEX idx_notification_email_due ON notification (id) WHERE email_to IS NOT NULL AND emailed_at IS NULL;

-- UPDATE only because SELECT … FOR UPDATE needs it; nothing updates a pending row.
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_pending TO "${approle}";
GRANT SELECT, INSERT, UPDATE ON notification_preference TO "${approle}";
GRANT SELECT, INSERT, UPDATE ON notification TO "${approle}";
