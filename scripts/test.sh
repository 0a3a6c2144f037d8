#!/usr/bin/env bash
# The README's test command: the suite, then the long reliability tests (marked slow).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pytest -q -m "not slow" "$@"
python3 -m pytest -q -m slow "$@" || { rc=$?; [ "$rc" = 5 ] || exit "$rc"; }  # 5: no slow tests
