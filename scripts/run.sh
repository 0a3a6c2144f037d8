#!/usr/bin/env bash
# The main job on the embedded defaults: install (scripts/setup.sh: Debian packages, .venv),
# initialise the home (this checkout), then the watcher and the web UI together (`evidence run`
# from .venv; falls back to `evidence watch` where the web UI is not available).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
export EVIDENCE_HOME="${EVIDENCE_HOME:-$PWD}"
evidence init
if evidence run --help >/dev/null 2>&1; then exec evidence run "$@"; else exec evidence watch "$@"; fi
