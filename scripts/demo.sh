#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start the server with
# demo data on the embedded SQLite default. Extra arguments go to `loopdesk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec ./build/release/src/main/loopdesk serve --demo "$@"
