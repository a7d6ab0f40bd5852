-- Owned by review and notifications (docs/notifications.md). A chair who finds an incident held
-- by another asks them to release it: an incident event 'release_request' (its body names the
-- holder, and what the asker wrote), which the outbox trigger hands to the notifications job,
-- which notifies the holder alone (notification kind 'release').
ALTER TABLE incident_event
    DROP CONSTRAINT ck_incident_event_kind,
    ADD CONSTRAINT ck_incident_event_kind CHECK (kind IN ('created', 'transition', 'escalation', 'claim',
        'assignment', 'comment', 'link', 'split', 'position', 'merge', 'unmerge', 'release_request'));

DROP TRIGGER trg_incident_event_notify ON incident_event;
CREATE TRIGGER trg_incident_event_notify AFTER INSERT ON incident_event
    FOR EACH ROW WHEN (NEW.kind IN ('created', 'escalation', 'position', 'release_request'))
    EXECUTE FUNCTION incident_event_notify();

ALTER TABLE notification
    DROP CONSTRAINT ck_notification_kind,
    ADD CONSTRAINT ck_notification_kind CHECK (kind IN ('new', 'overdue', 'escalated', 'position', 'release'));
