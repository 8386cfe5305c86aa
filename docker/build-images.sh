#!/bin/sh
# Builds the images with the names and tags that the Helm chart uses by default.
# Usage: docker/build-images.sh [cpu|gpu|gateway]...   (no argument builds all three)
# Extra arguments for every build go in DOCKER_BUILD_ARGS, for example
#   DOCKER_BUILD_ARGS="--build-arg REVISION=$(git rev-parse --short HEAD)" docker/build-images.sh cpu
set -eu

cd "$(dirname "$0")/.."
version="${VERSION:-0.1.0}"

build() {
  dockerfile="$1"
  tag="$2"
  echo "building $tag from $dockerfile"
  # shellcheck disable=SC2086
  docker build -f "$dockerfile" --build-arg VERSION="$version" ${DOCKER_BUILD_ARGS:-} -t "$tag" .
}

[ "$#" -gt 0 ] || set -- gpu cpu gateway
for image in "$@"; do
  case "$image" in
    gpu) build Dockerfile.gpu "lightning-asr/asr-server:$version-gpu" ;;
    cpu) build Dockerfile.cpu "lightning-asr/asr-server:$version-cpu" ;;
    gateway) build Dockerfile.gateway "lightning-asr/api-gateway:$version" ;;
    *) echo "build-images.sh: unknown image '$image', expected cpu, gpu or gateway" >&2; exit 2 ;;
  esac
done
