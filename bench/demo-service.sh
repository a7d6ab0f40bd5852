# Sourced by the benchmarks that measure the service in demo mode (bench/gis, bench/webapp):
#   start_demo_service WORK PORT
# Starts target/trucewatch-*.jar on a private embedded PostGIS cluster under WORK/home, waits
# for /health, stops it when the calling script exits, and exports PGHOST, PGPORT,
# PGDATABASE, PGUSER and PGPASSWORD for psql as the schema's owner.
start_demo_service() {
  local work=$1 port=$2
  # DEMO_JAR: a copy of the jar to run, so that a build during a long run cannot rewrite it underneath.
  local jar=${DEMO_JAR:-$(ls target/trucewatch-*-SNAPSHOT.jar)}
  TRUCEWATCH_HOME="$work/home" MICRONAUT_SERVER_PORT=$port java -Xmx512m -jar "$jar" \
    > "$work/service.log" 2>&1 &
  SERVICE=$!
  trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true; exit' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null
  PGPORT=$(sed -n 4p "$work/home/postgres/data/postmaster.pid")
  export PGHOST=127.0.0.1 PGPORT PGDATABASE=trucewatch PGUSER=trucewatch
  PGPASSWORD=$(cat "$work/home/postgres/password"); export PGPASSWORD
}
