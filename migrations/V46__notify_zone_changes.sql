-- Every change to zones now also sends NOTIFY trucewatch_zones, so that each service
-- instance (LISTEN, zones.ZoneChangeListener) rebuilds its in-memory index in the background
-- as soon as the change commits, instead of reading zone_revision before every report
-- (docs/zones.md, "Engine and refresh"). The payload is empty on purpose: PostgreSQL folds
-- identical notifications of one transaction into one, so an import of many statements
-- sends one. Zones change rarely; the notification-queue lock NOTIFY takes at commit is
-- paid by imports only, never by reports.
CREATE OR REPLACE FUNCTION zone_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE zone_revision SET revision = revision + 1;
    PERFORM pg_notify('trucewatch_zones', '');
    RETURN NULL;
END;
$$;
