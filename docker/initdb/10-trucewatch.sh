#!/bin/sh
# First-start setup of the postgis container for TruceWatch.
#
# The postgres image runs the files in /docker-entrypoint-initdb.d once, when it
# initialises an empty data directory, as the postgres OS user against a server
# that listens only on its Unix socket. POSTGRES_USER (the superuser),
# POSTGRES_DB and PGPASSWORD are exported by the image's entrypoint.
#
# docker/compose.yaml mounts this file as 20-trucewatch.sh so that it runs after
# the postgis image's own 10_postgis.sh. That script uses plain CREATE EXTENSION,
# which logs a harmless but alarming ERROR if postgis already exists; in the
# locale's sort order a file named 10-... may come before or after 10_postgis.sh.
# This script itself does not depend on the order: every step is idempotent.
#
# It:
#   - creates (or updates) the LOGIN role "trucewatch", NOT a superuser, with the
#     password in TRUCEWATCH_DB_PASSWORD;
#   - makes that role the owner of the database and of its schema public, so
#     Flyway (run by the service at start) can create tables there;
#   - makes sure the postgis extension exists in the database, created by the
#     superuser: the service's first migration runs
#     CREATE EXTENSION IF NOT EXISTS postgis, which a non-superuser can only
#     pass when the extension is already there.
#
# The password never enters the SQL text by string concatenation: psql reads it
# from the environment (\getenv, psql 15 or later) and quotes it as a literal
# (:'var'); it does not appear on any command line either.
#
# The body runs in a subshell so that it behaves the same whether the
# entrypoint executes this file (it is executable) or sources it (if the mode
# bit was lost): its shell options and variables stay inside, and a failure
# still stops the initialisation.
(
    set -eu

    app_role=trucewatch
    app_db=${POSTGRES_DB:-trucewatch}
    superuser=${POSTGRES_USER:-postgres}

    if [ -z "${TRUCEWATCH_DB_PASSWORD:-}" ]; then
        echo "10-trucewatch.sh: TRUCEWATCH_DB_PASSWORD is not set or empty;" \
             "it is the password of the database role '$app_role'." >&2
        exit 1
    fi
    if [ "$superuser" = "$app_role" ]; then
        echo "10-trucewatch.sh: POSTGRES_USER must not be '$app_role':" \
             "that role is the service's own, and must not be a superuser." >&2
        exit 1
    fi

    echo "10-trucewatch.sh: setting up role '$app_role' and database '$app_db'"

    psql --no-psqlrc --no-password --set ON_ERROR_STOP=1 \
         --username "$superuser" --dbname "$app_db" \
         --set app_role="$app_role" --set app_db="$app_db" <<'EOSQL'
\getenv app_password TRUCEWATCH_DB_PASSWORD

SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = :'app_role') AS app_role_missing
\gset
\if :app_role_missing
CREATE ROLE :"app_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
\else
ALTER ROLE :"app_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
\endif
\unset app_password

ALTER DATABASE :"app_db" OWNER TO :"app_role";
ALTER SCHEMA public OWNER TO :"app_role";

-- The postgis image has normally created it already (10_postgis.sh); then this
-- only notes that it exists.
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;

SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolcanlogin AS login,
       pg_catalog.pg_get_userbyid(d.datdba) AS database_owner,
       (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'postgis') AS postgis
  FROM pg_catalog.pg_roles r, pg_catalog.pg_database d
 WHERE r.rolname = :'app_role' AND d.datname = :'app_db';
EOSQL
)
