#!/usr/bin/env bash
# Installs everything Evidence Archive and its tests need on Debian (run as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
PACKAGES="tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei fonts-noto-cjk chromium libgl1 libglib2.0-0"
missing=""
for p in $PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
