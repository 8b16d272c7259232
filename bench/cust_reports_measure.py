"""Times the customer-report endpoints (docs/reports.md "Measured") on a data dir.

Usage: python3 bench/cust_reports_measure.py LOOPDESK_BIN DATA_DIR [orders]
  DATA_DIR e.g. after `loopdesk import --data DIR tickets.ndjson` (bench/gen_tickets); `orders`
  first inserts 0-6 random orders per customer and an asset for 60 % of them (seeded), and an
  API token "measure-token" must exist (see docs/reports.md). DEMO=1 adds --demo to serve.
WAIT=S waits S seconds after `listening` before the first request (so the background loads —
analytics facts, the customer index — are done and not measured alongside); RUNS=N runs each
GET N times (default 3). Prints the server's RSS (VmRSS) before and after the requests, and
the server's CPU time (user + system, all threads, from /proc; 10 ms ticks) per request.
"""
import http.client, json, os, random, re, sqlite3, subprocess, sys, time

BIN, DATA = sys.argv[1], sys.argv[2]
add_orders = len(sys.argv) > 3 and sys.argv[3] == "orders"
if add_orders:
    con = sqlite3.connect(os.path.join(DATA, "loopdesk.db"))
    ids = [r[0] for r in con.execute("SELECT id FROM customers")]
    now = int(time.time() * 1000)
    day = 86400000
    rnd = random.Random(3)
    rows = []
    for cid in ids:
        for _ in range(rnd.randint(0, 6)):
            rows.append((cid, f"SO{cid}-{len(rows)}", "M3", rnd.randint(50, 5000),
                         now - rnd.randint(0, 720) * day, now))
    con.executemany("INSERT INTO orders (customer_id, number, product, amount, ordered_at, "
                    "created_at) VALUES (?,?,?,?,?,?)", rows)
    arows = []
    for cid in ids:
        if rnd.random() < 0.6:
            inst = now - rnd.randint(30, 1000) * day
            arows.append((cid, "M3", f"S{cid}", inst, now + rnd.randint(-400, 400) * day, now))
    con.executemany("INSERT INTO assets (customer_id, product, serial, installed_at, "
                    "warranty_end, created_at) VALUES (?,?,?,?,?,?)", arows)
    con.commit()
    print(f"customers {len(ids)}, orders added {len(rows)}, assets added {len(arows)}")
    con.close()

env = dict(os.environ, LOOPDESK_BOOTSTRAP_TOKEN="measure-token")
p = subprocess.Popen([BIN, "serve", "--data", DATA, "--listen", "127.0.0.1:0"] + (["--demo"] if os.environ.get("DEMO") else []),
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
port = None
for line in p.stdout:
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
    if m:
        port = int(m.group(1))
        break
def cpu_ms():
    """The server process's user + system CPU time so far (all threads), ms."""
    try:
        with open(f"/proc/{p.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def rss():
    try:
        with open(f"/proc/{p.pid}/status") as f:
            return next(l.split()[1] for l in f if l.startswith("VmRSS")) + " kB"
    except (OSError, StopIteration):
        return "?"
try:
    time.sleep(float(os.environ.get("WAIT", "0")))
    print(f"rss after wait: {rss()}")
    def get(path):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        t = time.perf_counter()
        c.request("GET", path, headers={"Authorization": "Bearer measure-token"})
        r = c.getresponse()
        body = r.read()
        ms = (time.perf_counter() - t) * 1000
        return r.status, json.loads(body) if body and body[:1] == b"{" else body, ms
    for path in ["/api/v1/customers/at-risk?limit=50", "/api/v1/customers/at-risk?level=low&limit=500",
                 "/api/v1/customers/1", "/api/v1/reports/service-value",
                 "/api/v1/reports/service-value?from=2026-01-01&to=2026-11-01",
                 "/api/v1/reports/journey", "/api/v1/reports/journey?from=2026-01-01&to=2026-11-01",
                 "/api/v1/customers/1/journey"]:
        c0 = cpu_ms()
        runs = [get(path) for _ in range(int(os.environ.get("RUNS", "3")))]
        cpu = (cpu_ms() - c0) / len(runs)
        st, body, _ = runs[-1]
        extra = ""
        if isinstance(body, dict):
            if "scanned" in body:
                extra = f" scanned={body['scanned']} total={body['total']} first={body['items'][0]['score'] if body['items'] else None}"
            if "churn_risk" in body:
                extra = f" churn={body['churn_risk']['score']}"
            if "stages" in body and isinstance(body["stages"], list):
                extra = " " + ",".join(f"{s['stage']}:{s['contacts']}" for s in body["stages"])
        print(f"{path}: status {st}, ms {[round(r[2], 1) for r in runs]}, server CPU "
              f"{cpu:.0f} ms/request{extra}")
    print(f"rss after requests: {rss()}")
finally:
    p.terminate()
    p.wait(timeout=30)
