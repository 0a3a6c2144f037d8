#!/usr/bin/env bash
# The README's test command: install what the tests need (idempotent), run the suite, then the
# long reliability tests (marked slow).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 -m pytest -q -m "not slow" "$@"
python3 -m pytest -q -m slow "$@" || { rc=$?; [ "$rc" = 5 ] || exit "$rc"; }  # 5: no slow tests
