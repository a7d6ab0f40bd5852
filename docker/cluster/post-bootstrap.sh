#!/bin/sh
# Patroni's post_bootstrap on the first primary: the two roles of docs/operations.md
# ("Database set-up"), the database and PostGIS. Passwords come from the environment and
# are quoted by psql (:'var'), never pasted into the SQL.
set -eu
psql -X -v ON_ERROR_STOP=1 -d "$1" \
  -v owner_pw="$TRUCEWATCH_OWNER_PASSWORD" -v app_pw="$TRUCEWATCH_APP_PASSWORD" <<'SQL'
CREATE ROLE trucewatch LOGIN PASSWORD :'owner_pw';
CREATE ROLE trucewatch_app LOGIN PASSWORD :'app_pw';
CREATE DATABASE trucewatch OWNER trucewatch;
\c trucewatch
CREATE EXTENSION postgis;
SQL
