#!/usr/bin/env bash
# Every check and test suite: typecheck, lint, unit, integration (real MariaDB, sandbox over HTTPS)
# and end-to-end (Chromium). Sets up first (idempotent). Ends with the line
# "N passed, N failed, N skipped" totalling all suites (typecheck and lint count as one test each)
# and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

mkdir -p test/artifacts
checks_passed=0
checks_failed=0
run_check() {
  local name=$1; shift
  echo "== $name" >&2
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "$name FAILED" >&2; fi
}
run_check typecheck npx tsc -b
run_check lint npx eslint --max-warnings 0 .
run_check import-cycles npm run --silent lint:cycles

echo "== tests (unit, integration, e2e)" >&2
rm -f test/artifacts/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test/artifacts/vitest.json
vitest_status=$?

node scripts/test-summary.mjs test/artifacts/vitest.json "$checks_passed" "$checks_failed" "$vitest_status"
