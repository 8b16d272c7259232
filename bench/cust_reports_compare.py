"""Compares the customer reports of the in-memory index with the SQL path on one data dir.

Usage: python3 bench/cust_reports_compare.py LOOPDESK_BIN DATA_DIR_A DATA_DIR_B
  A and B are two copies of the same data (an API token "measure-token", see
  bench/cust_reports_measure.py). A is served with the customer index, B with
  LOOPDESK_CUST_INDEX=0 (SQL path); once A's index is loaded (WAIT seconds, default 30), every
  report below is fetched from both at about the same instant and compared as JSON (the
  at-risk actions' `due`, now + a delay, is left out: the two servers' clocks differ by ms). Exits 1
  on a difference.
"""
import http.client, json, os, re, subprocess, sys, time

BIN, A, B = sys.argv[1], sys.argv[2], sys.argv[3]


def serve(data, extra_env):
    env = dict(os.environ, LOOPDESK_BOOTSTRAP_TOKEN="measure-token", **extra_env)
    p = subprocess.Popen([BIN, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    for line in p.stdout:
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if m:
            return p, int(m.group(1))
    raise SystemExit("server did not start")


def first_diff(a, b, at=""):
    if type(a) != type(b):
        return at
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            d = first_diff(a.get(k), b.get(k), f"{at}.{k}")
            if d is not None:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{at} (length {len(a)} vs {len(b)})"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{at}[{i}]")
            if d is not None:
                return d
        return None
    return None if a == b else f"{at}: {a!r} vs {b!r}"


def strip_due(j):
    """The at-risk actions' `due` is now + a delay: the two servers' nows differ by ms."""
    for it in j.get("items", []) if isinstance(j, dict) else []:
        for a in it.get("actions", []):
            a.pop("due", None)
    return j


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request("GET", path, headers={"Authorization": "Bearer measure-token"})
    r = c.getresponse()
    return r.status, json.loads(r.read())


pa, port_a = serve(A, {})
pb, port_b = serve(B, {"LOOPDESK_CUST_INDEX": "0"})
bad = 0
try:
    time.sleep(float(os.environ.get("WAIT", "30")))
    paths = ["/api/v1/customers/at-risk?limit=500", "/api/v1/customers/at-risk?level=low&limit=500",
             "/api/v1/customers/at-risk?level=high&tier=strategic&limit=500"]
    for f, t in [("2026-10-01", "2026-11-01"), ("2026-01-01", "2026-11-01"),
                 ("2025-11-01", "2026-05-01"), ("2026-08-15", "2026-09-15")]:
        paths.append(f"/api/v1/reports/service-value?from={f}&to={t}")
        paths.append(f"/api/v1/reports/journey?from={f}&to={t}")
    for path in paths:
        sa, ja = get(port_a, path)
        sb, jb = get(port_b, path)
        if "at-risk" in path:
            ja, jb = strip_due(ja), strip_due(jb)
        same = sa == sb == 200 and ja == jb
        bad += not same
        print(f"{'same' if same else 'DIFFERENT'} {path} ({sa}/{sb})")
        if not same:
            print("  first difference:", first_diff(ja, jb))
finally:
    for p in (pa, pb):
        p.terminate()
        p.wait(timeout=60)
sys.exit(1 if bad else 0)
