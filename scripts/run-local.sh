#!/usr/bin/env bash
# Starts the stack on this machine: N transcription pods on the bundled demo model and the API gateway
# in front of them, all on loopback. Ctrl-C stops everything.
#
# Usage: scripts/run-local.sh [PODS]        (default 2 pods)
# Environment: LICENSE_KEY (generated when unset), ASR_MODEL_DIR (default models/demo-en),
#              SKIP_BUILD=1 to reuse the jars already under */target.
set -euo pipefail
cd "$(dirname "$0")/.."

pods="${1:-2}"
if ! [[ "$pods" =~ ^[1-9][0-9]?$ ]]; then
  echo "error: PODS must be an integer from 1 to 99, got '$pods'" >&2
  exit 2
fi

if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  echo "error: Java 21 or newer is required; set JAVA_HOME to a JDK 21+ installation" >&2
  exit 1
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "building asr-server and api-gateway (tests skipped)..."
  ./mvnw -B -q -pl asr-server,api-gateway -am package -DskipTests
fi

# A user-supplied key is never echoed; a generated one is shown once so that the curl example works.
if [ -n "${LICENSE_KEY:-}" ]; then
  key="$LICENSE_KEY"
  shown_key='$LICENSE_KEY'
else
  key="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  shown_key="$key"
  echo "LICENSE_KEY is unset: generated a development key for this run"
fi
logs="$(mktemp -d /tmp/lightning-asr.XXXXXX)"
children=()
cleanup() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped; logs are in $logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until a log file contains the ready line of a process, or fails when the process exits.
await_ready() {
  local pid="$1" log="$2" pattern="$3"
  for _ in $(seq 1 600); do
    if grep -q "$pattern" "$log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: process $pid exited during start-up; its log ($log):" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "error: process $pid was not ready after 120 s; see $log" >&2
  exit 1
}

base_urls=()
for i in $(seq 1 "$pods"); do
  port=$((2268 + i))
  metrics_port=$((9089 + i))
  log="$logs/asr-$i.log"
  ASR_HOST=127.0.0.1 ASR_PORT="$port" ASR_METRICS_PORT="$metrics_port" \
    ASR_MODEL_DIR="${ASR_MODEL_DIR:-models/demo-en}" \
    "$java_bin" -jar asr-server/target/asr-server.jar >"$log" 2>&1 &
  children+=("$!")
  await_ready "$!" "$log" "asr-server listening"
  echo "asr-server $i ready: http://127.0.0.1:$port (metrics http://127.0.0.1:$metrics_port/metrics)"
  base_urls+=("http://127.0.0.1:$port")
done

gateway_log="$logs/api-gateway.log"
API_HOST=127.0.0.1 API_PORT=7100 LICENSE_KEY="$key" \
  LIGHTNING_ASR_BASE_URL="$(IFS=,; echo "${base_urls[*]}")" \
  "$java_bin" -jar api-gateway/target/api-gateway.jar >"$gateway_log" 2>&1 &
children+=("$!")
await_ready "$!" "$gateway_log" "api-gateway listening"

cat <<MSG

Lightning ASR is running: gateway http://127.0.0.1:7100, $pods pod(s), logs in $logs
Try it:
  curl -s -X POST 'http://127.0.0.1:7100/v1/listen?timestamps=true' \\
    -H "Authorization: Token $shown_key" -H 'Content-Type: audio/wav' \\
    --data-binary @samples/$(ls samples 2>/dev/null | grep -m1 -E '\.wav$' || echo sample.wav)
Press Ctrl-C to stop.
MSG
wait
