#!/usr/bin/env bash
# Fails when a pure layer includes an adapter library (DESIGN.md §2): no SQL, HTTP or JSON
# header in common, domain, ports or app; no upward include between layers.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() {  # check <folder> <regex of forbidden includes> <why>
  local hits
  hits=$(grep -rnE "#include [<\"]($2)" "src/$1" --include='*.h' --include='*.cc' \
         | grep -v '_test\.cc:' || true)
  if [[ -n "$hits" ]]; then
    echo "layer violation in src/$1 ($3):"; echo "$hits"; fail=1
  fi
}
adapters='sqlite3|libpq|boost/|nlohmann/|spdlog/|sodium|CLI/|codec/|storage/|http/|main/'
check common "$adapters|domain/|ports/|app/" "common is std only"
check domain "$adapters|ports/|app/" "domain is pure"
check routing "$adapters|ports/|app/" "routing knows only the domain"
check sla "$adapters|ports/|app/|rules/|routing/" "sla is pure"
check text "$adapters|domain/|ports/|app/|sla/|rules/|routing/" "text knows only common"
check analytics "$adapters|ports/|app/|sla/|rules/|routing/" "analytics knows only the domain"
check rules "$adapters|ports/|app/|sla/|routing/" "rules knows only the domain"
# search/ is the pure index port (std only); search/xapian/ is its adapter and may use Xapian.
hits=$(grep -rnE '#include [<"](xapian|'"$adapters"'|domain/|ports/|app/|text/)' src/search \
       --include='*.h' --include='*.cc' | grep -v '^src/search/xapian/' | grep -v '_test\.cc:' || true)
if [[ -n "$hits" ]]; then echo "layer violation in src/search (search knows only common):"; echo "$hits"; fail=1; fi
check search/xapian "$adapters|domain/|ports/|app/|text/" "the Xapian adapter knows only the search port"
check ports "$adapters|app/" "ports know only the domain"
check app "$adapters|xapian" "app knows only ports"
check codec "storage/|http/|app/|main/" "codec is a leaf helper of the adapters"
check storage "http/|main/" "storage does not know http"
check http "storage/|main/" "http does not know storage"
if ((fail)); then exit 1; fi
echo "check-layers: dependencies point down"
