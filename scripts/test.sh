#!/usr/bin/env bash
# The README's test command: install what the tests need (scripts/setup.sh, idempotent), run the
# suite, then the long reliability tests (marked slow), both with .venv's Python. Both parts run
# even when the first fails; the exit status is the worse of the two. Skipped tests say why
# (-rs), e.g. when ../shared/realdata is not beside the checkout. The suite runs on two workers
# (pytest-xdist, a test file per worker at a time, TEST_WORKERS to change it; 0 runs it in one
# process): the machine CI gives it has two cores, and one process left one idle for 15 minutes.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?
PY=.venv/bin/python
"$PY" -m pytest -q -rs -m "not slow" -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
fast=$?
"$PY" -m pytest -q -rs -m slow "$@"
slow=$?
[ "$fast" = 5 ] && fast=0  # 5: no tests selected (e.g. a path holding only slow tests)
[ "$slow" = 5 ] && slow=0
exit $(( fast > slow ? fast : slow ))
