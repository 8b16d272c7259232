#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every test:
# unit tests (ctest; the PostgreSQL adapter's start their own cluster), end-to-end tests
# against the real binary (pytest; a subset again with every server on PostgreSQL), the web app's unit
# tests (Vitest) and its browser tests (Playwright driving Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --test
./scripts/build.sh
./scripts/check-layers.sh
echo "== unit tests (ctest)"
ctest --test-dir build/release --output-on-failure -j "$(nproc)"
echo "== end-to-end tests (pytest, real binary over HTTP)"
LOOPDESK_BIN="$PWD/build/release/src/main/loopdesk" /usr/bin/python3 -m pytest -q tests/e2e
echo "== end-to-end tests on PostgreSQL (a subset; one throwaway cluster, a database per server)"
LOOPDESK_E2E_PG=1 LOOPDESK_BIN="$PWD/build/release/src/main/loopdesk" /usr/bin/python3 -m pytest -q \
  tests/e2e/test_lifecycle.py tests/e2e/test_tickets.py tests/e2e/test_customers.py \
  tests/e2e/test_sla.py tests/e2e/test_surveys.py tests/e2e/test_concurrency.py \
  tests/e2e/test_analytics.py tests/e2e/test_errors.py -k "not demo"  # --demo: minutes on PG
echo "== web unit tests (vitest)"
(cd web && npx vitest run)
echo "== browser tests (playwright-core + chromium against loopdesk serve --demo)"
LOOPDESK_BIN="$PWD/build/release/src/main/loopdesk" node tests/browser/run.mjs
