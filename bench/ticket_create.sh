#!/usr/bin/env bash
# Ticket creation over HTTP (keep-alive, SQLite, durable) — DESIGN.md §3:
#   >= 5,000 tickets/s at saturation, p99 <= 20 ms at a fixed 1,000 requests/s.
#
# Starts `loopdesk serve` on 127.0.0.1:0 with a fresh data directory and a bootstrap token,
# creates one customer, then drives POST /api/v1/tickets from separate processes on loopback:
#   saturation  with http_load and with wrk, $SAT_CONNS connections, $DURATION s each;
#   fixed rates $RATES req/s with http_load ($RATE_CONNS connections), $DURATION s each.
# It prints the machine, an fsync probe of the data directory's filesystem, a markdown table
# of the results, the server's CPU use next to the load generator's, and the rows the store
# holds afterwards. Then it stops the server with SIGTERM and removes the temp directory.
#
# This is a measuring tool: it never fails because a number misses its target. It exits
# non-zero only when it cannot run (missing binary, server does not start).
#
# Usage: bench/ticket_create.sh            (from anywhere; needs curl, jq, sqlite3, wrk)
# Knobs (environment): LOOPDESK, HTTP_LOAD, FSYNC_PROBE, DURATION, WARMUP, SAT_CONNS, RATES,
#   RATE_CONNS, WRK_THREADS, BENCH_TMPDIR (where the data directory goes), KEEP_RESULTS (a
#   directory to copy raw JSON results and the server log into).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOOPDESK=${LOOPDESK:-$ROOT/build/release/src/main/loopdesk}
HTTP_LOAD=${HTTP_LOAD:-$ROOT/build/release/bench/http_load}
FSYNC_PROBE=${FSYNC_PROBE:-$(dirname "$HTTP_LOAD")/fsync_probe}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
SAT_CONNS=${SAT_CONNS:-"32 64"}
RATES=${RATES:-"500 1000 2000 4000"}
RATE_CONNS=${RATE_CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
KEEP_RESULTS=${KEEP_RESULTS:-}

say() { printf '%s\n' "$*" >&2; }
die() { say "ticket_create.sh: $*"; exit 1; }

for tool in curl jq sqlite3 wrk; do
  command -v "$tool" >/dev/null || die "needs $tool (Debian package $tool)"
done
[[ -x $LOOPDESK ]] || die "no server binary at $LOOPDESK (build the release preset, or set LOOPDESK)"
[[ -x $HTTP_LOAD ]] || die "no http_load at $HTTP_LOAD (build bench/, or set HTTP_LOAD)"

WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/loopdesk-bench.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/data" "$WORK/results"

# ------------------------------------------------------------------------------ machine
CLK_TCK=$(getconf CLK_TCK)
FS_TYPE=$(df -T "$WORK" | awk 'NR==2 {print $2}')
FS_DEV=$(df -T "$WORK" | awk 'NR==2 {print $1}')
FS_OPTS=$(findmnt -no OPTIONS -T "$WORK" 2>/dev/null || echo "?")
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
  GIT_REV="$GIT_REV + uncommitted changes"
fi
MACHINE=$(
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- cores (nproc): $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "- kernel: $(uname -srm)"
  echo "- data directory filesystem: $FS_TYPE on $FS_DEV ($FS_OPTS)"
  echo "- SQLite: $(sqlite3 --version | cut -d' ' -f1); loopdesk: $GIT_REV"
  echo "- load generators run on the same machine and share its cores with the server"
  echo "- other processes over 5 % CPU: $(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 > 5 {printf "%s (%s %%) ", $2, $1}')"
)

# ------------------------------------------------------------------------------ fsync probe
# The disk is shared and its sync latency drifts, so this runs before and after the load.
fsync_report() {
  if [[ -x $FSYNC_PROBE ]]; then
    for mode in append overwrite; do
      "$FSYNC_PROBE" --dir "$WORK" --count 1000 --size 4096 --mode "$mode" --json | tail -n1 |
        jq -r --arg when "$1" '"- \($when), \(.mode), write 4 KiB + \(.sync): \(.syncs_per_s | floor) syncs/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, max \(.latency_ms.max) ms"'
    done
  else
    echo "- ($1: fsync_probe not built, skipped)"
  fi
  echo "- $1, dd bs=4k count=500 oflag=dsync: $(dd if=/dev/zero of="$WORK/dd.test" bs=4k \
    count=500 oflag=dsync 2>&1 | tail -n1)"
  rm -f "$WORK/dd.test"
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FSYNC_MD=$(fsync_report before)

# ------------------------------------------------------------------------------ server
TOKEN=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
say "starting $LOOPDESK serve (data in $WORK/data)"
LOOPDESK_BOOTSTRAP_TOKEN=$TOKEN "$LOOPDESK" serve --data "$WORK/data" --listen 127.0.0.1:0 \
  >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
BASE=
for _ in $(seq 600); do
  BASE=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$WORK/server.out" | head -n1)
  [[ -n $BASE ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "server exited at start"; }
  sleep 0.1
done
[[ -n $BASE ]] || die "server printed no 'listening on' line within 60 s"
curl -fsS "$BASE/healthz" >/dev/null || die "GET $BASE/healthz failed"
AUTH=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
CUSTOMER=$(curl -fsS "${AUTH[@]}" \
  -d '{"name":"Bench Customer 基准客户","tier":"growth","email":"bench@example.com"}' \
  "$BASE/api/v1/customers") || die "POST /api/v1/customers failed"
CUSTOMER_ID=$(jq -c '.id' <<<"$CUSTOMER")
say "server at $BASE, customer $CUSTOMER_ID"

# One request body: a bilingual web ticket without priority/category, so the server runs its
# inference on every request as it would for a real intake. {{n}} makes each ticket differ.
BODY="$WORK/ticket.json"
jq -nc --argjson cid "$CUSTOMER_ID" '{
  customer_id: $cid, channel: "web",
  subject: "Printer jams on the second page / 打印机第二页卡纸 #{{n}}",
  description: "Bench ticket {{n}}: every print job stops on page two with a paper jam. 客户说已经重启过两次，还是卡纸，很着急，希望今天有人上门处理。"
}' >"$BODY"
# Make sure the body is accepted before measuring anything.
FIRST=$(sed 's/{{n}}/0/g' "$BODY" | curl -sS -o "$WORK/first.json" -w '%{http_code}' "${AUTH[@]}" \
  --data-binary @- "$BASE/api/v1/tickets")
[[ $FIRST == 201 ]] || { cat "$WORK/first.json" >&2; die "POST /api/v1/tickets answered $FIRST"; }

server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
# Bytes the server has sent towards storage (dirtied pages: WAL appends, checkpoints).
server_write_bytes() { awk '/^write_bytes/ {print $2}' "/proc/$SERVER_PID/io"; }
# "tid ticks" per server thread: the busiest thread shows whether one thread (the SQLite
# writer) is the serial bottleneck while the process as a whole still has CPU to spare.
thread_ticks() {
  local t
  for t in /proc/"$SERVER_PID"/task/*; do
    awk -v tid="${t##*/}" '{print tid, $14 + $15}' "$t/stat" 2>/dev/null || true
  done | sort
}

# With perf, count the server's fdatasync/fsync calls during each run: SQLite syncs the WAL
# once per commit, so tickets per sync is the group-commit batch size.
SYNC_EVENTS=syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync
USE_PERF=0
if command -v perf >/dev/null && perf stat -e "$SYNC_EVENTS" true >/dev/null 2>&1; then
  USE_PERF=1
fi

RUN_NO=0
SEQ=1  # each run numbers its tickets from here; runs never overlap
# run TOOL CONNS RATE: one measured run; its JSON (plus CPU figures) lands in results/NN.json.
run() {
  local tool=$1 conns=$2 rate=$3
  RUN_NO=$((RUN_NO + 1))
  local out t0 t1 start end
  out="$WORK/results/$(printf %02d "$RUN_NO")"
  say ""
  say "== run $RUN_NO: $tool, $conns connections, rate ${rate/#0/saturation}"
  local perf_pid=
  if [[ $USE_PERF == 1 ]]; then
    perf stat -x, -e "$SYNC_EVENTS" -p "$SERVER_PID" -o "$out.perf" &
    perf_pid=$!
  fi
  thread_ticks >"$out.threads0"
  t0=$(server_ticks)
  local wb0
  wb0=$(server_write_bytes)
  start=$(date +%s.%N)
  if [[ $tool == http_load ]]; then
    # bash's `time` gives the load generator's own CPU (user + sys seconds).
    { TIMEFORMAT='%U %S'; time "$HTTP_LOAD" --url "$BASE/api/v1/tickets" --token "$TOKEN" \
        --body-file "$BODY" --connections "$conns" --rate "$rate" --duration "$DURATION" \
        --warmup "$WARMUP" --seq-start "$SEQ" --label "run $RUN_NO" --json >"$out.txt"; } 2>"$out.time"
  else
    { TIMEFORMAT='%U %S'; time wrk -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --latency \
        -s "$ROOT/bench/wrk/create_ticket.lua" "$BASE/api/v1/tickets" \
        -- "$TOKEN" "$BODY" "run $RUN_NO" "$SEQ" >"$out.txt"; } 2>"$out.time"
  fi
  SEQ=$((SEQ + 1000000000))
  end=$(date +%s.%N)
  t1=$(server_ticks)
  local wb1
  wb1=$(server_write_bytes)
  thread_ticks >"$out.threads1"
  local syncs=null
  if [[ -n $perf_pid ]]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    syncs=$(awk -F, '/sys_enter_f/ {if ($1 ~ /^[0-9]+$/) n += $1} END {print n + 0}' "$out.perf")
  fi
  grep -v '^{' "$out.txt" >&2 || true
  local wall cpu_client cpu_server
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')
  cpu_client=$(awk -v w="$wall" 'END {printf "%.2f", ($1 + $2) / w}' "$out.time")
  cpu_server=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v w="$wall" \
    'BEGIN {printf "%.2f", (b - a) / hz / w}')
  local cpu_thread
  cpu_thread=$(join "$out.threads0" "$out.threads1" | awk -v hz="$CLK_TCK" -v w="$wall" \
    '{d = $3 - $2; if (d > m) m = d} END {printf "%.2f", m / hz / w}')
  grep '^{' "$out.txt" | tail -n1 |
    jq -c --arg tool "$tool" --argjson conns "$conns" --argjson rate "$rate" \
      --argjson cs "$cpu_server" --argjson cc "$cpu_client" --argjson syncs "$syncs" \
      --argjson ct "$cpu_thread" --argjson wb "$((wb1 - wb0))" \
      --argjson wall "$wall" \
      '. + {tool: $tool, connections: $conns, rate: $rate, server_cpu_cores: $cs,
            busiest_thread_cores: $ct, loadgen_cpu_cores: $cc, wall_s: $wall, server_syncs: $syncs,
            tickets_per_sync: (if $syncs and $syncs > 0
              then ((.ok_all_phases // .ok) / $syncs * 10 | round / 10) else null end),
            syncs_per_s: (if $syncs then ($syncs / $wall | round) else null end),
            disk_mib_per_s: ($wb / 1048576 / $wall * 10 | round / 10),
            disk_kib_per_ticket: (if (.ok_all_phases // .ok) > 0
              then ($wb / 1024 / (.ok_all_phases // .ok) * 10 | round / 10) else null end)}' \
      >"$out.json"
  say "   server CPU $cpu_server cores (busiest thread $cpu_thread), load generator CPU $cpu_client cores (averaged over ${wall%.*} s), server syncs: $syncs"
}

for c in $SAT_CONNS; do
  run http_load "$c" 0
  run wrk "$c" 0
done
for r in $RATES; do
  run http_load "$RATE_CONNS" "$r"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------------------ stop, count
say ""
say "stopping the server (SIGTERM)"
STOP_START=$(date +%s.%N)
kill -TERM "$SERVER_PID"
SERVER_EXIT=0
wait "$SERVER_PID" || SERVER_EXIT=$?
STOP_S=$(awk -v a="$STOP_START" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
SERVER_PID=

FSYNC_MD="$FSYNC_MD
$(fsync_report after)"
DB="$WORK/data/loopdesk.db"
DB_FILES=$(cd "$WORK/data" && stat -c '%n %s B; ' loopdesk.db* 2>/dev/null | tr -d '\n')
DB_MIB=$(du -cm "$WORK/data"/loopdesk.db* 2>/dev/null | tail -n1 | cut -f1)
TICKETS=$(sqlite3 "$DB" 'SELECT count(*) FROM tickets' 2>&1 || true)
EVENTS=$(sqlite3 "$DB" 'SELECT count(*) FROM events' 2>&1 || true)
DISTINCT_SUBJECTS=$(sqlite3 "$DB" 'SELECT count(DISTINCT subject) FROM tickets' 2>&1 || true)
QUICK_CHECK=$(sqlite3 "$DB" 'PRAGMA quick_check' 2>&1 | head -n3 | tr '\n' ' ' || true)
# Tickets acknowledged with 2xx: every http_load response in every phase, wrk's 2xx, and the
# probe ticket before the runs. Rows may exceed it by requests in flight when wrk stopped.
ACKED=$(jq -s '[.[] | (.ok_all_phases // .ok)] | add + 1' "$WORK"/results/*.json)

# ------------------------------------------------------------------------------ report
# shellcheck disable=SC2016  # jq's own \( ) interpolation, not the shell's
ROW_JQ='
  def errs:
    [((.errors_by_status // {}) | to_entries[] | "\(.key)×\(.value)"),
     ((.status_counts // {}) | to_entries[]
        | select((.key | tonumber) < 200 or (.key | tonumber) >= 300) | "\(.key)×\(.value)"),
     ((.io_errors // {}) | to_entries[] | select(.value > 0) | "\(.key)×\(.value)")];
  "| \($i) | \(.tool) | \(if .rate == 0 then "saturation" else (.rate | tostring) end)"
  + " | \(.connections) | \(.achieved_rps | floor) | \(.latency_ms.p50) | \(.latency_ms.p99)"
  + " | \(.latency_ms.p99_9) | \(.latency_ms.max)"
  + " | \(if .errors == 0 then "0" else "\(.errors) (\(errs | join(", ")))" end)"
  + " | \(.server_cpu_cores) | \(.busiest_thread_cores) | \(.loadgen_cpu_cores)"
  + " | \(.syncs_per_s // "–") | \(.tickets_per_sync // "–")"
  + " | \(.disk_mib_per_s) | \(.disk_kib_per_ticket // "–") |"'
TABLE=$(
  echo "| # | load generator | rate (req/s) | connections | achieved (2xx/s) | p50 ms | p99 ms | p99.9 ms | max ms | errors | server CPU (cores) | busiest server thread (cores) | load-gen CPU (cores) | server syncs/s | tickets/sync | server disk writes (MiB/s) | disk KiB/ticket |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  i=0
  for f in "$WORK"/results/*.json; do
    i=$((i + 1))
    jq -r --arg i "$i" "$ROW_JQ" "$f"
  done
)
SAMPLES=$(jq -r '(.error_samples // {}) | to_entries[] | "- HTTP \(.key): `\(.value)`"' \
  "$WORK"/results/*.json | sort -u | head -n 10)
LOG_ISSUES=$(grep -Eic 'error|warn|critical' "$WORK/server.log" || true)

cat <<EOF
## Ticket creation over HTTP (SQLite, durable)

Machine:
$MACHINE

Command: \`bench/ticket_create.sh\` (DURATION=$DURATION s per run after WARMUP=$WARMUP s for
http_load; wrk has no warm-up; fixed rates use $RATE_CONNS connections; wrk uses $WRK_THREADS threads).
Latency: http_load at a fixed rate counts from each request's scheduled send time; at
saturation, and for wrk, from the actual send. p50/p99 are of 2xx responses only.
CPU columns are averages over each run's wall time (2.00 = both cores; 1.00 for the busiest
server thread means one thread never rested). Server syncs are its
fdatasync+fsync calls counted by perf over the whole run (warm-up included); tickets/sync is
the run's 2xx count over them, i.e. the group-commit batch size. Disk writes are the
server's write_bytes from /proc (WAL appends and checkpoints) over the run.

$TABLE

Durable-write cost on the data directory's filesystem (no SQLite):
$FSYNC_MD

After the runs:
- load average (1/5/15 min) before the runs: $LOAD_BEFORE; after: $LOAD_AFTER
- server stopped by SIGTERM in $STOP_S s, exit status $SERVER_EXIT
- database files: $DB_FILES(total ${DB_MIB} MiB)
- rows: tickets $TICKETS (distinct subjects $DISTINCT_SUBJECTS), events $EVENTS;
  tickets acknowledged with 2xx by the load generators: $ACKED; PRAGMA quick_check: $QUICK_CHECK
- server log lines mentioning error/warn: $LOG_ISSUES
EOF
if [[ -n $SAMPLES ]]; then
  echo "- sample error bodies:"
  echo "$SAMPLES"
fi
if [[ $LOG_ISSUES != 0 ]]; then
  echo "- first server log lines mentioning error/warn:"
  grep -Ei 'error|warn|critical' "$WORK/server.log" | head -n 5 | sed 's/^/    /'
fi

if [[ -n $KEEP_RESULTS ]]; then
  mkdir -p "$KEEP_RESULTS"
  cp "$WORK"/results/* "$WORK/server.log" "$WORK/server.out" "$KEEP_RESULTS"/
  say "raw results copied to $KEEP_RESULTS"
fi
