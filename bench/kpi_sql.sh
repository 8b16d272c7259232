#!/usr/bin/env bash
# The KPI benchmark against SQL engines on the same rows (docs/benchmarks.md):
#   1. bench/kpi_bench generates N tickets (seeded), times the loopdesk engine and dumps the
#      rows as CSV;
#   2. PostgreSQL 15, started here on 127.0.0.1 with initdb in a temp dir (stopped on exit),
#      loads them into an indexed table and runs bench/kpi_queries.sql;
#   3. DuckDB (npm @duckdb/node-api, bench/duckdb) runs the same SQL in memory.
# Usage: N=1000000 RUNS=5 bench/kpi_sql.sh        (needs a release build of kpi_bench)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-1000000}
RUNS=${RUNS:-5}
PORT=${PORT:-54329}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DUCK_THREADS=${DUCK_THREADS:-1}
WORK=$(mktemp -d /tmp/kpi-sql.XXXXXX)
chmod 755 "$WORK"
END=1793491200  # 2026-11-01T00:00:00Z, the end of kpi_bench's year
FROM=$((END - 365 * 86400)); FROM90=$((END - 90 * 86400)); NOW=$END

echo "== loopdesk engine (N=$N)"
"$ROOT/build/release/bench/kpi_bench" --n "$N" --runs "$RUNS" --dump "$WORK/facts.csv" | tee "$WORK/engine.txt"

python3 - <<PY
import pathlib, re
sql = pathlib.Path("$ROOT/bench/kpi_queries.sql").read_text()
sql = sql.replace("@FROM@", "$FROM").replace("@TO@", "$END").replace("@FROM90@", "$FROM90").replace("@NOW@", "$NOW")
parts = [p.strip() for p in sql.split(";") if re.sub(r"--.*", "", p).strip()]
for name, q in zip("ab", parts):
    pathlib.Path("$WORK/q%s.sql" % name).write_text(q + ";\n")
PY

echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
chown -R postgres "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -U bench --auth=trust >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg.log" \
  -o "-k $WORK -p $PORT -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=256MB -c jit=off" start >/dev/null
stop_pg() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true; }
trap 'stop_pg; rm -rf "$WORK"' EXIT
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U bench -d postgres -v ON_ERROR_STOP=1)
t0=$(date +%s)
"${PSQL[@]}" -f "$ROOT/bench/kpi_schema.sql"
"${PSQL[@]}" -c "\\copy facts FROM '$WORK/facts.csv' WITH (FORMAT csv, HEADER true)"
"${PSQL[@]}" -c "CREATE INDEX facts_created ON facts (created_at)"
"${PSQL[@]}" -c "CREATE INDEX facts_slice ON facts (channel, tier, category, created_at)"
"${PSQL[@]}" -c "VACUUM ANALYZE facts"
echo "postgres: loaded and indexed in $(( $(date +%s) - t0 )) s (parallel workers: default)"
for q in a b; do
  { echo '\timing on'; echo '\o /dev/null'; for _ in $(seq "$RUNS"); do cat "$WORK/q$q.sql"; done; } \
    | "${PSQL[@]}" 2>&1 | grep -o 'Time: [0-9.]* ms' | awk -v q=$q '{print $2}' | sort -n \
    | awk -v q=$q '{a[NR]=$1} END {printf "postgres query %s: median %.1f ms, best %.1f ms\n", q, a[int((NR+1)/2)], a[1]}'
done

echo "== DuckDB (npm @duckdb/node-api, threads=$DUCK_THREADS)"
if [[ ! -d "$ROOT/bench/duckdb/node_modules/@duckdb/node-api" ]]; then
  (cd "$ROOT/bench/duckdb" && npm install --no-audit --no-fund >/dev/null)
fi
node "$ROOT/bench/duckdb/kpi_duckdb.mjs" "$WORK/facts.csv" "$ROOT/bench/kpi_queries.sql" \
  "$FROM" "$END" "$FROM90" "$NOW" "$RUNS" "$DUCK_THREADS"
