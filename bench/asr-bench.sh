#!/usr/bin/env bash
# Benchmarks Lightning ASR's in-process pipeline (OnnxTranscriber: WAV decoding, features, inference, CTC
# decoding) against sherpa-onnx-node on the same WAV files, model and thread count, in one run.
# Prints real-time factor (wall time / audio time, lower is faster) and latency per concurrency level, and the
# Java/sherpa ratio (below 1 means Java is faster).
#
# Usage: bench/asr-bench.sh [--model DIR] [--samples DIR] [--threads N] [--concurrency 1,2,4,8] [--rounds N]
# Needs JDK 21+ (JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64 when present), node and npm.
# Installs sherpa-onnx-node into bench/node/ (git-ignored) on first use. Results and sherpa-onnx's log go
# to bench/target/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL="$ROOT/models/demo-en"
SAMPLES="$ROOT/samples"
THREADS=1
CONCURRENCY=1,2,4,8
ROUNDS=20
SHERPA_VERSION=1.13.8

while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$(cd "$2" && pwd)"; shift 2 ;;
    --samples) SAMPLES="$(cd "$2" && pwd)"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

shopt -s nullglob
FILES=("$SAMPLES"/*.wav)
if [ ${#FILES[@]} -eq 0 ]; then
  echo "no .wav files in $SAMPLES" >&2
  exit 1
fi

OUT="$ROOT/bench/target"
mkdir -p "$OUT"
if [ ! -d "$ROOT/bench/node/node_modules/sherpa-onnx-node" ]; then
  echo "installing sherpa-onnx-node@$SHERPA_VERSION into bench/node" >&2
  npm install --silent --no-audit --no-fund --prefix "$ROOT/bench/node" "sherpa-onnx-node@$SHERPA_VERSION" >&2
fi

echo "building asr-server test classes" >&2
(cd "$ROOT" && ./mvnw -B -q -pl asr-server test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >&2)
CP="$ROOT/asr-server/target/classes:$ROOT/asr-server/target/test-classes:$(cat "$OUT/classpath.txt")"

RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
echo "model=$MODEL files=${#FILES[@]} threads=$THREADS concurrency=$CONCURRENCY rounds=$ROUNDS" >&2
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores" >&2

echo "running Java (OnnxTranscriber)" >&2
"$JAVA" -cp "$CP" io.lightningasr.asr.bench.AsrBench "$MODEL" "$THREADS" "$CONCURRENCY" "$ROUNDS" "${FILES[@]}" \
  | tee -a "$RESULTS" >&2

echo "running sherpa-onnx-node $SHERPA_VERSION" >&2
MAX_LEVEL=$(echo "$CONCURRENCY" | tr ',' '\n' | sort -n | tail -1)
UV_THREADPOOL_SIZE=$(( MAX_LEVEL > 4 ? MAX_LEVEL : 4 )) \
  node "$ROOT/bench/sherpa-bench.js" "$MODEL" "$THREADS" "$CONCURRENCY" "$ROUNDS" "${FILES[@]}" \
  2> "$OUT/sherpa.log" | tee -a "$RESULTS" >&2

node "$ROOT/bench/compare.js" "$RESULTS"
