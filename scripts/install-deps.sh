#!/usr/bin/env bash
# Installs the Debian 12 packages loopdesk needs to build, run and test. Idempotent: runs
# apt-get only when something is missing. Needs root (or sudo).
set -euo pipefail

BUILD_PKGS=(build-essential cmake ninja-build ccache pkg-config
  libboost-dev libsqlite3-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libsodium-dev libicu-dev libhowardhinnant-date-dev libgtest-dev libgmock-dev libbenchmark-dev tzdata)
TEST_PKGS=(python3 python3-pytest curl wrk jq sqlite3)
# bench/kpi_sql.sh: PostgreSQL 15 server (started by the benchmark itself) and Node for DuckDB.
BENCH_PKGS=(postgresql-15 nodejs npm)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi
if [[ "${1:-}" == "--bench" ]]; then want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
