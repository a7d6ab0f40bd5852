#!/usr/bin/env bash
# Geofence benchmark: the in-memory engine against PostGIS on 1,000 zones / 200,000
# vertices. Not a test. Starts its own throwaway PostGIS cluster (or uses
# BENCH_DATASOURCE_URL/_USERNAME/_PASSWORD). Options as -D system properties, e.g.
#   bench/zones/run.sh -Dzones=1000 -Dvertices=200 -DpostgisQueries=5000
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "target/classes:$(cat target/bench-classpath.txt)" bench/zones/ZoneBench.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
TRUCEWATCH_LOG_LEVEL=WARN exec java -Xmx2g "$@" -cp "target/bench-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.trucewatch.zones.ZoneBench
