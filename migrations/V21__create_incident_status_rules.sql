-- The workflow's rules that queries need, each written once for SQL: repositories call
-- these functions instead of listing status codes. IncidentStatus (org.trucewatch.mechanisms)
-- is the definition; IncidentStatusSqlIT fails when a function here, or a status list of
-- a CHECK constraint, disagrees with it. To change a rule, change the enum and replace the
-- function in a new migration.
--
-- Plain SQL, IMMUTABLE, not STRICT: the planner inlines the body, so a query that calls
-- incident_status_is_open(status) still matches the partial index idx_incident_open_deadline
-- (V6), whose predicate is the same expression.

-- IncidentStatus.isOpen(): still being handled (not reviewed, not closed).
CREATE FUNCTION incident_status_is_open(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT status NOT IN ('reviewed', 'closed') $$;

-- IncidentStatus.isOnAgenda(): awaiting review at its level.
CREATE FUNCTION incident_status_is_on_agenda(status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT status IN ('finding_recorded', 'escalated') $$;
