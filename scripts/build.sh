#!/usr/bin/env bash
# Configures and builds loopdesk (release preset, Ninja, ccache) into build/release, and the
# web application (Vite) into web/dist, which `loopdesk serve` serves.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
(cd web && npx vite build --logLevel warn)
