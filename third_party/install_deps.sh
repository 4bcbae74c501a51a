#!/usr/bin/env bash
# Installs every Debian (bookworm) package edgeq builds, tests and demos with. Idempotent: when all
# packages are already installed it does nothing, so reruns are fast. Needs root (uses sudo when run
# as another user and sudo exists).
set -euo pipefail

packages=(
  cmake ninja-build g++
  libxnnpack-dev libpthreadpool-dev libcpuinfo-dev
  libflatbuffers-dev flatbuffers-compiler
  libprotobuf-dev protobuf-compiler libonnx-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libonnx-testdata
  libpng-dev libjpeg62-turbo-dev dataset-fashion-mnist
  python3-numpy python3-onnx python3-torch python3-torchvision
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install_deps: all ${#packages[@]} packages are installed"
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install_deps: missing packages (${missing[*]}); run this script as root" >&2
    exit 1
  fi
fi

echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
