#!/usr/bin/env bash
# Installs the Debian packages the Python recipe (training) and its linter (flake8) need, skipping those already present.
# Non-interactive; CI calls it on a fresh Debian machine. No PyPI: torch, onnx, numpy, Pillow come from Debian.
# `--print-missing` only prints the packages still to install (one line, space-separated) and exits, so .ci/run can
# install them in its own single apt call; apt-get update runs here only when something must be installed.
set -euo pipefail
PKGS=(python3 python3-torch python3-onnx python3-numpy python3-pil python3-flake8 libopenblas0-openmp dataset-fashion-mnist)
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${1:-}" = "--print-missing" ]; then
  echo "${missing[*]}"
  exit 0
fi
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-python: all present (${PKGS[*]})"
else
  echo "setup-python: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
/usr/bin/python3 -c "import torch, onnx, numpy, PIL, flake8; print('setup-python: torch', torch.__version__, 'onnx', onnx.__version__)"
test -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz || { echo "setup-python: Fashion-MNIST missing under /usr/share/datasets/fashion-mnist" >&2; exit 1; }
