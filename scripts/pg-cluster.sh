#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, on 127.0.0.1 only, trust auth, user `loopdesk`.
#   scripts/pg-cluster.sh start DIR PORT   initdb in DIR/data (if new) and start; socket in DIR
#   scripts/pg-cluster.sh stop DIR         stop it (fast) — the caller removes DIR
# As root the server runs as user `postgres` (PostgreSQL refuses to run as root).
# fsync is off: test data need not survive a machine crash. Exits non-zero with a message
# when the PostgreSQL binaries are missing (install: scripts/install-deps.sh --test).
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start DIR PORT | stop DIR}
dir=${2:?DIR missing}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  echo "pg-cluster: PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb);" \
       "install postgresql-15 (scripts/install-deps.sh --test)" >&2
  exit 2
fi
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?PORT missing}
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_pg "$PGBIN/initdb" -D "$dir/data" -U loopdesk --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=32MB" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "pg-cluster: unknown command $cmd" >&2; exit 2 ;;
esac
