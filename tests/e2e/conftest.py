"""End-to-end harness for loopdesk: starts real `loopdesk serve` processes and talks HTTP.

Only the Python standard library and pytest are used (see README.md).
"""

import datetime as _dt
import http.client
import itertools
import json
import os
import pathlib
import queue
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO / "build" / "release" / "src" / "main" / "loopdesk"
BIN = pathlib.Path(os.environ.get("LOOPDESK_BIN") or DEFAULT_BIN)

STARTUP_TIMEOUT_S = 20
# `--demo` generates months of history on the first start (tens of seconds on a loaded 2-core
# machine); the server only listens once it is done.
DEMO_STARTUP_TIMEOUT_S = 120
# On PostgreSQL the demo generator pays a few network round trips per row (docs/benchmarks.md,
# branch pg): minutes, not seconds.
if os.environ.get("LOOPDESK_E2E_PG") == "1":
    DEMO_STARTUP_TIMEOUT_S = 900
STOP_TIMEOUT_S = 10
LISTEN_RE = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")

STATUSES = ["new", "open", "pending", "on_hold", "resolved", "closed", "reopened"]
CHANNELS = ["phone", "email", "web", "chat", "wechat", "app", "social", "onsite", "api"]

DEFAULT = object()  # "use the server's bootstrap token"
OMIT = object()  # in helper overrides: leave the field out of the body


# --------------------------------------------------------------------------------------------
# The binary must exist: a missing binary fails the whole suite, it is never a skip.


def binary_problem():
    if not BIN.exists():
        return (f"loopdesk binary not found at {BIN} — build it (cmake --preset release && "
                f"cmake --build --preset release) or set LOOPDESK_BIN")
    if not os.access(BIN, os.X_OK):
        return f"loopdesk binary at {BIN} is not executable"
    return None


def pytest_sessionstart(session):
    problem = binary_problem()
    if problem:
        pytest.exit(f"FAILED: {problem}", returncode=1)


@pytest.fixture(scope="session", autouse=True)
def _require_binary():
    problem = binary_problem()
    if problem:
        pytest.fail(problem, pytrace=False)


# --------------------------------------------------------------------------------------------
# PostgreSQL mode: LOOPDESK_E2E_PG=1 runs every server on PostgreSQL. One throwaway cluster
# (scripts/pg-cluster.sh, 127.0.0.1, a free port) serves the whole session; each data
# directory gets its own database, passed with `--db postgresql://...` (a Server reusing a
# data directory reuses its database, as it would reuse the SQLite file). Without the
# PostgreSQL binaries the run FAILS (never skips).

PG_MODE = os.environ.get("LOOPDESK_E2E_PG") == "1"


class _PgCluster:
    def __init__(self):
        self.dir = None
        self.port = None
        self.error = None
        self.dbs = {}  # data directory -> database name
        self._lock = threading.Lock()

    def _start(self):
        self.dir = tempfile.mkdtemp(prefix="loopdesk-e2e-pg-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        r = subprocess.run([str(REPO / "scripts" / "pg-cluster.sh"), "start", self.dir,
                            str(self.port)], capture_output=True, text=True)
        if r.returncode != 0:
            self.error = f"cannot start the test PostgreSQL cluster: {r.stderr.strip()}"
        import atexit
        atexit.register(self.stop)

    def stop(self):
        if self.dir:
            subprocess.run([str(REPO / "scripts" / "pg-cluster.sh"), "stop", self.dir],
                           capture_output=True)
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def url_for(self, data_dir):
        """The --db URL of `data_dir`'s database (created on first use)."""
        with self._lock:
            if self.dir is None and self.error is None:
                self._start()
            if self.error:
                pytest.fail(self.error, pytrace=False)
            key = os.path.realpath(data_dir)
            if key not in self.dbs:
                name = f"e2e_{len(self.dbs) + 1}"
                r = subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port),
                                    "-U", "loopdesk", "-d", "postgres", "-c",
                                    f"CREATE DATABASE {name}"], capture_output=True, text=True)
                if r.returncode != 0:
                    pytest.fail(f"cannot create database {name}: {r.stderr}", pytrace=False)
                self.dbs[key] = name
            return f"postgresql://loopdesk@127.0.0.1:{self.port}/{self.dbs[key]}"


PG = _PgCluster()


def store_args(data_dir):
    """The command-line arguments that select `data_dir`'s store (for `loopdesk import`)."""
    return ["--db", PG.url_for(data_dir)] if PG_MODE else ["--data", data_dir]


def pg_only_sqlite(reason="checks the SQLite file itself"):
    """Marks a test that is about the SQLite database file: skipped in PostgreSQL mode."""
    return pytest.mark.skipif(PG_MODE, reason=reason)


# --------------------------------------------------------------------------------------------
# Unique values


_counter = itertools.count(1)
_RUN = secrets.token_hex(3)


def uid():
    """A short string unique within this test run (and very likely across runs)."""
    return f"{_RUN}{next(_counter)}"


def unique_phone():
    return "1" + str(random.randint(3, 9)) + f"{random.randrange(10**9):09d}"


def rand_cjk(n=4):
    """n random common CJK ideographs — a search marker nothing else will contain."""
    return "".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(n))


# --------------------------------------------------------------------------------------------
# HTTP


class Resp(tuple):
    """(status, parsed JSON or None, headers) with .raw (bytes) and .what (request) extras."""

    def __new__(cls, status, body, headers, raw, what):
        self = super().__new__(cls, (status, body, headers))
        self.raw = raw
        self.what = what
        return self

    @property
    def status(self):
        return self[0]

    @property
    def body(self):
        return self[1]

    @property
    def headers(self):
        return self[2]

    def __repr__(self):
        raw = self.raw[:600]
        return f"<{self.what} -> {self.status} {raw!r}>"


def http_request(host, port, method, path, body=None, token=None, raw=None, headers=None,
                 timeout=30, what=None):
    hdrs = {"Connection": "close"}
    if token is not None:
        hdrs["Authorization"] = f"Bearer {token}"
    data = None
    if raw is not None:
        data = raw if isinstance(raw, (bytes, bytearray)) else raw.encode("utf-8")
    elif body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    if headers:
        hdrs.update(headers)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        try:
            conn.request(method, path, body=data, headers=hdrs)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (e.g. 413) before reading the whole body
        resp = conn.getresponse()
        payload = resp.read()
        parsed = None
        if payload:
            try:
                parsed = json.loads(payload.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                parsed = None
        return Resp(resp.status, parsed, resp.headers, payload, what or f"{method} {path}")
    finally:
        conn.close()


def raw_exchange(host, port, data, timeout=10, body=b"", wait_early=0.0):
    """Sends raw bytes on a fresh socket and returns everything the server sends back until
    it closes (or a complete Content-Length answer arrived). With `body`, first waits up to
    `wait_early` s for an early answer (e.g. 413 decided from the headers) before sending it."""
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        s.sendall(data)
        if body:
            early = b""
            if wait_early:
                s.settimeout(wait_early)
                try:
                    early = s.recv(65536)
                except (socket.timeout, ConnectionResetError):
                    early = b""
                s.settimeout(timeout)
            if early:
                return early + _read_all(s, early)
            try:
                s.sendall(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        return _read_all(s)
    finally:
        s.close()


def _read_all(s, already=b""):
    out = b""
    while True:
        got = already + out
        if b"\r\n\r\n" in got:
            head, _, rest = got.partition(b"\r\n\r\n")
            m = re.search(rb"content-length:\s*(\d+)", head, re.I)
            if m and len(rest) >= int(m.group(1)):
                break
        try:
            chunk = s.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        out += chunk
    return out


def raw_status(data):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return int(m.group(1)) if m else None


def qs(**params):
    items = {k: v for k, v in params.items() if v is not None}
    return ("?" + urllib.parse.urlencode(items)) if items else ""


# --------------------------------------------------------------------------------------------
# The server process


class ServerStartError(Exception):
    pass


class Server:
    """One `loopdesk serve` process on 127.0.0.1 with its own data directory."""

    def __init__(self, extra_args=(), token=None, data_dir=None, env=None, start=True):
        self.workdir = tempfile.mkdtemp(prefix="loopdesk-e2e-")
        self.data_dir = data_dir or os.path.join(self.workdir, "data")
        self.token = token or ("boot-" + secrets.token_hex(16))
        self.extra_args = list(extra_args)
        self.extra_env = dict(env or {})
        self.proc = None
        self.port = None
        self.url = None
        self.stdout_lines = []
        self._starts = 0
        self._stderr_path = None
        if start:
            self.start()

    # -- process control -----------------------------------------------------------------

    def command(self):
        db = []
        if PG_MODE and "--db" not in self.extra_args:
            db = ["--db", PG.url_for(self.data_dir)]
        return [str(BIN), "serve", "--data", self.data_dir, "--listen", "127.0.0.1:0",
                *db, *self.extra_args]

    def start(self, timeout=None):
        if timeout is None:
            timeout = DEMO_STARTUP_TIMEOUT_S if "--demo" in self.extra_args else STARTUP_TIMEOUT_S
        problem = binary_problem()
        if problem:
            pytest.fail(problem, pytrace=False)
        self._starts += 1
        self._stderr_path = os.path.join(self.workdir, f"stderr.{self._starts}.log")
        env = dict(os.environ)
        env.pop("LOOPDESK_BOOTSTRAP_TOKEN", None)
        if self.token is not None:
            env["LOOPDESK_BOOTSTRAP_TOKEN"] = self.token
        env.update(self.extra_env)
        with open(self._stderr_path, "wb") as errf:
            self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=errf, env=env,
                                         cwd=self.workdir)
        lines = queue.Queue()
        proc = self.proc

        def pump():
            for line in iter(proc.stdout.readline, b""):
                text = line.decode("utf-8", "replace").rstrip("\r\n")
                self.stdout_lines.append(text)
                lines.put(text)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill9()
                pytest.fail(f"loopdesk did not print 'listening on http://127.0.0.1:PORT' "
                            f"within {timeout}s (is stdout flushed?).\ncommand: "
                            f"{' '.join(self.command())}\nstdout: {self.stdout_lines[-20:]}\n"
                            f"stderr:\n{self.stderr_tail()}", pytrace=False)
            try:
                line = lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:
                try:
                    rc = self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    rc = "still running (closed stdout)"
                pytest.fail(f"loopdesk exited before listening (exit code {rc}).\ncommand: "
                            f"{' '.join(self.command())}\nstdout: {self.stdout_lines[-20:]}\n"
                            f"stderr:\n{self.stderr_tail()}", pytrace=False)
            m = LISTEN_RE.fullmatch(line.strip())
            if m:
                self.port = int(m.group(1))
                if self.port == 0:
                    self.kill9()
                    pytest.fail("loopdesk printed port 0 instead of the port it bound",
                                pytrace=False)
                self.host = "127.0.0.1"
                self.url = f"http://127.0.0.1:{self.port}"
                return self

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=STOP_TIMEOUT_S, check=True):
        """Sends `sig`, waits ≤ timeout s, and (check=True) asserts a clean exit code 0."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            pytest.fail(f"loopdesk did not exit within {timeout}s after "
                        f"{signal.Signals(sig).name}.\nstderr:\n{self.stderr_tail()}",
                        pytrace=False)
        if check and rc != 0:
            pytest.fail(f"loopdesk exited with code {rc} after {signal.Signals(sig).name} "
                        f"(expected 0).\nstderr:\n{self.stderr_tail()}", pytrace=False)
        return rc

    def kill9(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass

    def restart(self, check=True):
        if self.running():
            self.stop(check=check)
        return self.start()

    def close(self):
        self.kill9()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def stderr_tail(self, n=4000):
        try:
            with open(self._stderr_path, "rb") as f:
                data = f.read()
        except (OSError, TypeError):
            return "(no stderr)"
        return data[-n:].decode("utf-8", "replace")

    # -- HTTP ----------------------------------------------------------------------------

    def request(self, method, path, body=None, token=DEFAULT, raw=None, headers=None,
                timeout=30):
        if token is DEFAULT:
            token = self.token
        return http_request(self.host, self.port, method, path, body=body, token=token,
                            raw=raw, headers=headers, timeout=timeout)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def healthy(self):
        if not self.running():
            return False
        try:
            st, body, _ = self.request("GET", "/healthz", token=None, timeout=10)
        except OSError:
            return False
        return st == 200 and body == {"status": "ok"}


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def _module_server(_require_binary):
    srv = Server()
    yield srv
    try:
        if srv.running():
            srv.stop()
    finally:
        srv.close()


@pytest.fixture
def server(_module_server):
    """The module's shared server; a test during which it dies fails with its stderr."""
    srv = _module_server
    if not srv.running():
        srv.start()  # an earlier test killed it; do not blame this one
    yield srv
    if not srv.running():
        rc = srv.proc.returncode
        pytest.fail(f"the server died during this test (exit code {rc}).\nstderr:\n"
                    f"{srv.stderr_tail()}", pytrace=False)


@pytest.fixture
def fresh_server(_require_binary):
    """A private server for tests that restart, kill or stop it."""
    servers = []

    def make(**kw):
        srv = Server(**kw)
        servers.append(srv)
        return srv

    yield make
    for srv in servers:
        srv.close()


# --------------------------------------------------------------------------------------------
# Assertions


def expect(resp, status, what=""):
    assert resp.status == status, (
        f"{what + ': ' if what else ''}expected HTTP {status}, got {resp!r}")
    return resp.body


def expect_error(resp, statuses, field=None, what=""):
    """Checks a 4xx answer with the error body {"error":{"code","message","field"?}}."""
    if isinstance(statuses, int):
        statuses = (statuses,)
    assert resp.status in statuses, (
        f"{what + ': ' if what else ''}expected HTTP {' or '.join(map(str, statuses))}, "
        f"got {resp!r}")
    body = resp.body
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), (
        f"error answer without {{'error':{{...}}}} body: {resp!r}")
    err = body["error"]
    assert isinstance(err.get("code"), str) and err["code"], f"error.code missing: {resp!r}"
    assert isinstance(err.get("message"), str) and err["message"], (
        f"error.message missing: {resp!r}")
    if field is not None:
        assert err.get("field") == field, f"expected error.field={field!r}, got {resp!r}"
    return err


def assert_alive(srv):
    assert srv.healthy(), f"server not healthy after a bad request.\nstderr:\n{srv.stderr_tail()}"


def assert_iso(value, what="time"):
    assert isinstance(value, str) and ISO_RE.match(value), (
        f"{what} is not an ISO 8601 UTC time ending in Z: {value!r}")
    return parse_time(value)


def parse_time(value):
    return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def assert_recent(value, what="time", slack_s=300):
    t = assert_iso(value, what)
    now = _dt.datetime.now(_dt.timezone.utc)
    assert abs((now - t).total_seconds()) < slack_s, (
        f"{what} {value} is not close to the current UTC time {now.isoformat()} "
        "(time zone bug?)")
    return t


# --------------------------------------------------------------------------------------------
# Resource helpers


def _merge(base, overrides):
    body = dict(base)
    for k, v in overrides.items():
        if v is OMIT:
            body.pop(k, None)
        else:
            body[k] = v
    return body


def agent_body(**overrides):
    n = uid()
    return _merge({"name": f"坐席{n}", "email": f"agent{n}@example.com", "team": "support",
                   "role": "agent", "skills": ["billing"], "languages": ["zh"],
                   "capacity": 5}, overrides)


def create_agent(srv, token=DEFAULT, **overrides):
    return expect(srv.post("/api/v1/agents", agent_body(**overrides), token=token), 201,
                  "create agent")


def customer_body(**overrides):
    return _merge({"name": f"客户{uid()}", "phone": unique_phone()}, overrides)


def create_customer(srv, token=DEFAULT, **overrides):
    return expect(srv.post("/api/v1/customers", customer_body(**overrides), token=token), 201,
                  "create customer")


def ticket_body(customer_id, /, **overrides):
    n = uid()
    return _merge({"customer_id": customer_id, "channel": "web", "subject": f"测试工单 {n}",
                   "description": f"普通描述 {n}"}, overrides)


def create_ticket(srv, customer_id=None, token=DEFAULT, **overrides):
    if customer_id is None:
        customer_id = create_customer(srv)["id"]
    return expect(srv.post("/api/v1/tickets", ticket_body(customer_id, **overrides),
                           token=token), 201, "create ticket")


def get_ticket(srv, ticket_id):
    return expect(srv.get(f"/api/v1/tickets/{ticket_id}"), 200, "get ticket")


def set_status(srv, ticket_id, status, **extra):
    body = expect(srv.patch(f"/api/v1/tickets/{ticket_id}", {"status": status, **extra}), 200,
                  f"move ticket {ticket_id} to {status}")
    return body


PATH_TO = {
    "new": [],
    "open": ["open"],
    "pending": ["pending"],
    "on_hold": ["on_hold"],
    "resolved": ["resolved"],
    "closed": ["resolved", "closed"],
    "reopened": ["resolved", "reopened"],
}


def ticket_in_state(srv, state, customer_id=None, **overrides):
    t = create_ticket(srv, customer_id, **overrides)
    for s in PATH_TO[state]:
        set_status(srv, t["id"], s)
    got = get_ticket(srv, t["id"])
    assert got["status"] == state, f"could not bring a ticket to {state}: {got}"
    return got


def walk(srv, path, params=None, max_pages=1000):
    """Follows next_cursor from the first page to the last; returns (items, pages)."""
    params = dict(params or {})
    items, pages = [], []
    cursor = None
    for _ in range(max_pages):
        p = dict(params)
        if cursor is not None:
            p["cursor"] = cursor
        body = expect(srv.get(path + qs(**p)), 200, f"list {path}")
        assert isinstance(body, dict) and isinstance(body.get("items"), list), body
        assert "next_cursor" in body, f"list without next_cursor: {body}"
        items.extend(body["items"])
        pages.append(body)
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages
    raise AssertionError(f"{path} pagination did not end after {max_pages} pages")


def events_of(srv, ticket_id):
    items, _ = walk(srv, f"/api/v1/tickets/{ticket_id}/events", {"limit": 500})
    return items


def event_types(srv, ticket_id):
    return [e["type"] for e in events_of(srv, ticket_id)]


def run_serve_expect_exit(args, env=None, timeout=15):
    """Runs `loopdesk serve ARGS` expecting it to exit by itself; returns (rc, out, err)."""
    full_env = dict(os.environ)
    full_env.pop("LOOPDESK_BOOTSTRAP_TOKEN", None)
    full_env["LOOPDESK_BOOTSTRAP_TOKEN"] = "boot-" + secrets.token_hex(8)
    full_env.update(env or {})
    proc = subprocess.Popen([str(BIN), "serve", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"`loopdesk serve {' '.join(args)}` kept running for {timeout}s; expected "
                    f"it to fail.\nstdout: {out[-2000:]!r}\nstderr: {err[-2000:]!r}",
                    pytrace=False)
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
