#!/usr/bin/env bash
# Installs everything Evidence Archive and its tests need on Debian (run as root, or with sudo):
# the Debian packages, then the Python package with its test extras in a virtual environment in
# the checkout (.venv): Debian's own Python refuses `pip install` outside one (PEP 668).
# Idempotent: a second run installs nothing unless pyproject.toml has changed.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
PACKAGES="tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei fonts-noto-cjk chromium python3-venv libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils libgl1 libglib2.0-0 postgresql redis-server"
missing=""
for p in $PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
VENV=.venv
if ! "$VENV/bin/python" -c "" >/dev/null 2>&1; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ] || ! "$VENV/bin/evidence" --help >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
