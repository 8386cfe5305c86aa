#!/usr/bin/env bash
# Compares the request rate of `loadtest run` with hey against the API gateway's GET /health, at equal
# concurrency and duration, in one script run. Prints both rates and their ratio (loadtest / hey).
#
# Usage: loadtest/bench/loadtest-vs-hey.sh [-c CLIENTS] [-z DURATION] [-r ROUNDS]
#   defaults: -c 8 -z 10s -r 2
# Needs: hey (Debian package hey), a JDK 21+ in JAVA_HOME or on PATH, and built jars:
#   ./mvnw -B -pl api-gateway,loadtest -am package -DskipTests
# Set GATEWAY_URL=http://host:port to measure a running gateway instead of starting one on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."

clients=8
duration=10s
rounds=2
while getopts "c:z:r:" option; do
  case "$option" in
    c) clients="$OPTARG" ;;
    z) duration="$OPTARG" ;;
    r) rounds="$OPTARG" ;;
    *) echo "usage: $0 [-c CLIENTS] [-z DURATION] [-r ROUNDS]" >&2; exit 2 ;;
  esac
done

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v hey >/dev/null || { echo "error: hey is not installed; run: apt-get install -y hey" >&2; exit 1; }
[ -f loadtest/target/loadtest.jar ] || { echo "error: loadtest/target/loadtest.jar is missing; build it first" >&2; exit 1; }

gateway_pid=""
cleanup() {
  if [ -n "$gateway_pid" ]; then
    kill "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ -z "${GATEWAY_URL:-}" ]; then
  [ -d api-gateway/target/classes ] || { echo "error: api-gateway is not built; build it first" >&2; exit 1; }
  classpath_file=$(mktemp)
  maven_log=$(mktemp)
  if ! ./mvnw -B -q -pl api-gateway dependency:build-classpath -Dmdep.outputFile="$classpath_file" >"$maven_log" 2>&1; then
    echo "error: resolving the gateway's class path failed:" >&2
    cat "$maven_log" >&2
    exit 1
  fi
  log=$(mktemp)
  # The gateway needs a license key and an ASR URL to start; /health answers without a reachable pod.
  API_HOST=127.0.0.1 API_PORT=0 LICENSE_KEY=bench-key-0123456789 LIGHTNING_ASR_BASE_URL=http://127.0.0.1:9 \
    "$java" -cp "api-gateway/target/classes:$(cat "$classpath_file")" io.lightningasr.gateway.Main >"$log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 120); do
    port=$(sed -n 's/^api-gateway listening port=\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && break
    sleep 0.5
  done
  [ -n "${port:-}" ] || { echo "error: the gateway did not start:" >&2; cat "$log" >&2; exit 1; }
  GATEWAY_URL="http://127.0.0.1:$port"
fi
url="$GATEWAY_URL/health"

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "java: $("$java" -version 2>&1 | head -1)"
echo "hey: $(dpkg-query -W -f '${Version}' hey 2>/dev/null || echo unknown)"
echo "target: $url, -c $clients, -z $duration, $rounds rounds each, alternating"

# Warm the gateway's JIT so neither tool measures its start-up.
hey -c "$clients" -z 5s "$url" >/dev/null

loadtest_rates=()
hey_rates=()
for round in $(seq 1 "$rounds"); do
  rate=$("$java" -jar loadtest/target/loadtest.jar run --quiet -c "$clients" -z "$duration" "$url" \
    | sed -n 's/^ *throughput *\([0-9.]*\) requests\/s.*/\1/p')
  loadtest_rates+=("$rate")
  echo "round $round loadtest: $rate requests/s"
  rate=$(hey -c "$clients" -z "$duration" "$url" | sed -n 's/^[[:space:]]*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p')
  hey_rates+=("$rate")
  echo "round $round hey:      $rate requests/s"
done

mean() { printf '%s\n' "$@" | awk '{ sum += $1 } END { printf "%.1f", sum / NR }'; }
loadtest_mean=$(mean "${loadtest_rates[@]}")
hey_mean=$(mean "${hey_rates[@]}")
echo "loadtest mean: $loadtest_mean requests/s"
echo "hey mean:      $hey_mean requests/s"
echo "ratio loadtest/hey: $(awk -v a="$loadtest_mean" -v b="$hey_mean" 'BEGIN { printf "%.2f", a / b }')"
