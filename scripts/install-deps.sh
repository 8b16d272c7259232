#!/usr/bin/env bash
# Installs the Debian 12 packages loopdesk needs to build, run and test. Idempotent: runs
# apt-get only when something is missing. Needs root (or sudo).
set -euo pipefail

BUILD_PKGS=(build-essential cmake ninja-build ccache pkg-config
  libboost-dev libsqlite3-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libsodium-dev libicu-dev libhowardhinnant-date-dev libgtest-dev libgmock-dev libbenchmark-dev tzdata
  libxapian-dev libpq-dev
  nodejs npm)
# Browser tests: Debian's Chromium driven by playwright-core; a CJK font so Chinese renders.
# PostgreSQL 15: the PostgreSQL adapter's tests start their own throwaway cluster
# (scripts/pg-cluster.sh); psql creates the e2e databases.
TEST_PKGS=(python3 python3-pytest curl wrk jq sqlite3 chromium fonts-wqy-microhei
  postgresql-15 postgresql-client-15)
# bench/kpi_sql.sh: PostgreSQL 15 server (started by the benchmark itself) and Node for DuckDB.
BENCH_PKGS=(postgresql-15 nodejs npm)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi
if [[ "${1:-}" == "--bench" ]]; then want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js from the machine when it already has one (node >= 20: Vite needs it).
if command -v node >/dev/null && command -v npm >/dev/null; then
  kept=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || kept+=("$p"); done
  missing=("${kept[@]}")
fi
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web application's packages, exactly as locked (web/package-lock.json).
cd "$(dirname "$0")/../web"
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci in web/"
  # npm 11 leaves other platforms' optional packages (@rollup/rollup-*) out of the lock file
  # it writes, and `npm ci` then refuses the lock as out of sync (npm/cli#4828); `npm install`
  # installs the same locked versions.
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/dev/null; then
    echo "install-deps: npm ci refused the lock file; npm install with the locked versions"
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
