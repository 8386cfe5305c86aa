#!/bin/sh
# Fails the image build unless exactly the expected ONNX Runtime artifact is in a class-path directory.
# Both artifacts contain the same classes and native library names, and with only the CPU artifact
# DJL runs every model on the CPU, so a wrong mix must not reach an image.
# Usage: check-classpath.sh cpu|gpu DIR
set -eu

variant="${1:?usage: check-classpath.sh cpu|gpu DIR}"
dir="${2:?usage: check-classpath.sh cpu|gpu DIR}"

cpu_jars=$(find "$dir" -maxdepth 1 -name 'onnxruntime-[0-9]*.jar' | wc -l)
gpu_jars=$(find "$dir" -maxdepth 1 -name 'onnxruntime_gpu-[0-9]*.jar' | wc -l)

case "$variant" in
  cpu) expected_cpu=1; expected_gpu=0 ;;
  gpu) expected_cpu=0; expected_gpu=1 ;;
  *) echo "check-classpath.sh: invalid variant '$variant', expected cpu or gpu" >&2; exit 2 ;;
esac

if [ "$cpu_jars" -ne "$expected_cpu" ] || [ "$gpu_jars" -ne "$expected_gpu" ]; then
  echo "check-classpath.sh: $dir has $cpu_jars onnxruntime and $gpu_jars onnxruntime_gpu jar(s)," \
       "expected $expected_cpu and $expected_gpu for the $variant image (build the gpu image with -Pgpu)" >&2
  ls "$dir" >&2
  exit 1
fi
echo "check-classpath.sh: $dir contains only the $variant build of ONNX Runtime"
