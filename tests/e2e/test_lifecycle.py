"""Process lifecycle: command line, start-up failures, shutdown, bootstrap, restart and
durability across kill -9."""

import os
import secrets
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import (BIN, CHANNELS, create_agent, create_customer, create_ticket, events_of,
                      expect, expect_error, get_ticket, http_request, rand_cjk, run_serve_expect_exit,
                      pg_only_sqlite, set_status, walk)


def run_cli(*args, timeout=15):
    proc = subprocess.run([str(BIN), *args], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


# ---- command line --------------------------------------------------------------------------


def test_help(_require_binary):
    rc, out, err = run_cli("--help")
    assert rc == 0, (rc, out, err)
    text = out + err
    # `import` (API.md) arrives with the historical-import work (issue 6); add it here then.
    for word in ("serve",):
        assert word in text, f"--help does not mention {word}: {text}"


def test_serve_help(_require_binary):
    rc, out, err = run_cli("serve", "--help")
    assert rc == 0, (rc, out, err)
    text = out + err
    for opt in ("--data", "--listen", "--db", "--demo", "--max-body-bytes"):
        assert opt in text, f"serve --help does not mention {opt}: {text}"


@pytest.mark.parametrize("args", [["no-such-command"],
                                  ["serve", "--no-such-flag", "--listen", "127.0.0.1:0"],
                                  ["serve", "--listen", "nonsense"],
                                  ["serve", "--listen", "127.0.0.1:99999"],
                                  ["serve", "--max-body-bytes", "lots", "--listen",
                                   "127.0.0.1:0"]])
def test_bad_command_line_fails(_require_binary, tmp_path, args):
    if args[0] == "serve":
        rc, out, err = run_serve_expect_exit(args[1:] + ["--data", str(tmp_path / "d")])
    else:
        rc, out, err = run_cli(*args)
    assert rc != 0, (rc, out, err)
    assert err.strip(), "no message on stderr"
    assert "listening on" not in out


# ---- start-up failures ---------------------------------------------------------------------


def test_port_in_use_by_another_socket(_require_binary, tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    try:
        rc, out, err = run_serve_expect_exit(["--data", str(tmp_path / "d"),
                                              "--listen", f"127.0.0.1:{port}"])
    finally:
        blocker.close()
    assert rc != 0
    assert "listening on" not in out
    assert str(port) in err, f"stderr should name the address 127.0.0.1:{port}: {err!r}"


def test_port_in_use_by_another_loopdesk(fresh_server, tmp_path):
    first = fresh_server()
    rc, out, err = run_serve_expect_exit(["--data", str(tmp_path / "other"),
                                          "--listen", f"127.0.0.1:{first.port}"])
    assert rc != 0
    assert "listening on" not in out
    assert str(first.port) in err, err
    assert first.healthy()


def test_data_under_a_regular_file_fails(_require_binary, tmp_path):
    f = tmp_path / "plain-file"
    f.write_text("not a directory")
    for data in (str(f / "sub"), str(f)):
        rc, out, err = run_serve_expect_exit(["--data", data, "--listen", "127.0.0.1:0"])
        assert rc != 0, f"--data {data}: exit code 0"
        assert "listening on" not in out
        assert err.strip(), f"--data {data}: no message on stderr"
    assert f.read_text() == "not a directory", "the server overwrote a file given as --data"


@pg_only_sqlite("on PostgreSQL the data directory holds no database file")
def test_data_dir_is_created(fresh_server, tmp_path):
    nested = tmp_path / "a" / "b" / "c"
    srv = fresh_server(data_dir=str(nested))
    create_ticket(srv)
    assert nested.is_dir() and any(nested.iterdir())


# ---- shutdown ------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_exits_cleanly(fresh_server, sig):
    srv = fresh_server()
    create_ticket(srv)
    srv.stop(sig)  # asserts exit code 0 within 10 s


def test_sigterm_with_an_idle_connection_open(fresh_server):
    srv = fresh_server()
    idle = socket.create_connection((srv.host, srv.port))
    keep = socket.create_connection((srv.host, srv.port))
    keep.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")  # keep-alive, never closed
    time.sleep(0.2)
    half = socket.create_connection((srv.host, srv.port))
    half.sendall(b"POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    time.sleep(0.2)
    try:
        srv.stop()  # must still exit 0 within 10 s
    finally:
        for s in (idle, keep, half):
            s.close()


def test_clean_restart_keeps_everything(fresh_server):
    srv = fresh_server()
    agent = create_agent(srv, role="agent")
    c = create_customer(srv, name="重启客户")
    t = create_ticket(srv, c["id"], subject="重启前的工单", assignee_id=agent["id"])
    expect(srv.post(f"/api/v1/tickets/{t['id']}/messages",
                    {"author": "agent", "body": "已受理"}), 201)
    set_status(srv, t["id"], "pending")
    before = get_ticket(srv, t["id"])
    n_events = len(events_of(srv, t["id"]))
    srv.restart()
    after = get_ticket(srv, t["id"])
    for k in ("status", "subject", "assignee_id", "first_response_at", "created_at",
              "priority", "category"):
        assert after[k] == before[k], (k, before, after)
    assert [m["body"] for m in after["messages"]] == ["已受理"]
    assert len(events_of(srv, t["id"])) == n_events
    view = expect(srv.get(f"/api/v1/customers/{c['id']}"), 200)
    assert view["customer"]["name"] == "重启客户"
    assert expect(srv.get("/api/v1/me", token=agent["api_token"]), 200)["id"] == agent["id"]
    # ids keep growing after a restart
    t2 = create_ticket(srv, c["id"])
    assert t2["id"] > t["id"]


# ---- bootstrap -----------------------------------------------------------------------------


def test_bootstrap_token_is_admin_on_empty_store(fresh_server):
    srv = fresh_server()
    me = expect(srv.get("/api/v1/me"), 200)
    assert me["role"] == "admin"
    expect_error(srv.get("/api/v1/me", token=secrets.token_hex(16)), 401)


def test_bootstrap_only_on_an_empty_store(fresh_server):
    srv = fresh_server()
    old = srv.token
    expect(srv.get("/api/v1/me"), 200)
    srv.stop()
    srv.token = "boot-" + secrets.token_hex(16)  # a different token on restart
    srv.start()
    expect_error(srv.get("/api/v1/me"), 401)
    assert expect(srv.get("/api/v1/me", token=old), 200)["role"] == "admin"
    srv.stop()
    srv.token = None  # no variable at all
    srv.start()
    assert expect(srv.get("/api/v1/me", token=old), 200)["role"] == "admin"


# ---- durability ----------------------------------------------------------------------------


def test_acknowledged_tickets_survive_kill9(fresh_server):
    srv = fresh_server()
    c = create_customer(srv)
    acked = {}
    for batch in [1, 1, 1, 1, 1, 5, 5, 5, 10, 20]:  # 50 tickets, 10 crashes
        for _ in range(batch):
            subject = f"持久化 {len(acked)} {rand_cjk(3)}"
            t = create_ticket(srv, c["id"], subject=subject)
            acked[t["id"]] = subject
        srv.kill9()  # right after the last 201
        srv.start()
        for tid, subject in acked.items():
            got = srv.get(f"/api/v1/tickets/{tid}")
            assert got.status == 200, f"acknowledged ticket {tid} lost after kill -9: {got!r}"
            assert got.body["subject"] == subject
        listed = {t["id"] for t in walk(srv, "/api/v1/tickets",
                                        {"customer_id": c["id"], "limit": 500})[0]}
        assert set(acked) <= listed, f"not listed after kill -9: {set(acked) - listed}"
    assert len(acked) == 50


def test_acknowledged_writes_survive_kill9_under_load(fresh_server):
    srv = fresh_server()
    c = create_customer(srv)
    base = create_ticket(srv, c["id"])
    acked_tickets, acked_messages = set(), set()
    lock = threading.Lock()
    stop = threading.Event()

    def writer(kind):
        while not stop.is_set():
            try:
                if kind == "ticket":
                    r = srv.post("/api/v1/tickets", {"customer_id": c["id"], "channel": "api",
                                                     "subject": "负载", "description": "d"},
                                 timeout=5)
                else:
                    r = srv.post(f"/api/v1/tickets/{base['id']}/messages",
                                 {"author": "customer", "body": "消息"}, timeout=5)
            except OSError:
                return
            if r.status == 201:
                with lock:
                    (acked_tickets if kind == "ticket" else acked_messages).add(r.body["id"])

    threads = [threading.Thread(target=writer, args=(k,))
               for k in ("ticket", "ticket", "ticket", "message")]
    for th in threads:
        th.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with lock:
            if len(acked_tickets) >= 40 and acked_messages:
                break
        time.sleep(0.01)
    srv.kill9()
    stop.set()
    for th in threads:
        th.join(10)
    assert acked_tickets, "no ticket was acknowledged before the crash"
    srv.start()
    listed = {t["id"]: t for t in walk(srv, "/api/v1/tickets",
                                       {"customer_id": c["id"], "limit": 500})[0]}
    missing = acked_tickets - set(listed)
    assert not missing, f"{len(missing)} acknowledged tickets lost: {sorted(missing)[:10]}"
    msgs = {m["id"] for m in get_ticket(srv, base["id"])["messages"]}
    assert acked_messages <= msgs, f"acknowledged messages lost: {acked_messages - msgs}"
    # every stored ticket is whole: it has its creation event (written atomically)
    for tid in list(listed)[:60]:
        evs = events_of(srv, tid)
        assert evs and evs[0]["type"] == "ticket.created", (tid, evs)


# ---- more command line ---------------------------------------------------------------------


def test_default_data_dir_is_loopdesk_data_in_the_working_directory(_require_binary, tmp_path):
    env = dict(os.environ, LOOPDESK_BOOTSTRAP_TOKEN="boot-" + secrets.token_hex(8))
    proc = subprocess.Popen([str(BIN), "serve", "--listen", "127.0.0.1:0"], cwd=tmp_path,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        line = b""
        deadline = time.monotonic() + 20
        while b"listening on" not in line and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
        assert b"listening on http://127.0.0.1:" in line, line
        port = int(line.strip().rsplit(b":", 1)[1])
        st, body, _ = http_request("127.0.0.1", port, "GET", "/api/v1/me",
                                   token=env["LOOPDESK_BOOTSTRAP_TOKEN"])
        assert st == 200 and body["role"] == "admin"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    data = tmp_path / "loopdesk-data"
    assert data.is_dir() and any(data.iterdir()), list(tmp_path.iterdir())


@pytest.mark.parametrize("url", ["postgresql://u:p@127.0.0.1:1/loopdesk", "mysql://x/y"])
def test_unusable_db_url_fails_with_a_message(_require_binary, tmp_path, url):
    rc, out, err = run_serve_expect_exit(["--data", str(tmp_path / "d"), "--db", url,
                                          "--listen", "127.0.0.1:0"])
    assert rc != 0
    assert "listening on" not in out
    assert err.strip()


def test_demo_fills_an_empty_store_once(fresh_server):
    srv = fresh_server(extra_args=["--demo"], start=False)
    srv.start(timeout=180)  # ~6,400 tickets: about 30 s on a busy 2-core machine
    tickets, _ = walk(srv, "/api/v1/tickets", {"limit": 500}, max_pages=10_000)
    assert len(tickets) >= 100, f"--demo created only {len(tickets)} tickets"
    assert {t["channel"] for t in tickets} == set(CHANNELS), "demo tickets miss channels"
    assert len({t["status"] for t in tickets}) >= 4
    customers, _ = walk(srv, "/api/v1/customers", {"limit": 500}, max_pages=10_000)
    assert {c["tier"] for c in customers} == {"strategic", "high", "growth", "basic"}
    agents, _ = walk(srv, "/api/v1/agents", {"limit": 500})
    assert len(agents) >= 5 and len({a["team"] for a in agents}) >= 2
    assert any(get_ticket(srv, t["id"])["messages"] for t in tickets[:20]), "no messages"
    srv.restart()  # --demo again on a non-empty store changes nothing
    again, _ = walk(srv, "/api/v1/tickets", {"limit": 500}, max_pages=10_000)
    assert len(again) == len(tickets)
    assert expect(srv.get("/api/v1/me"), 200)["role"] == "admin"


def test_empty_bootstrap_token_gives_no_access(fresh_server):
    srv = fresh_server(start=False)
    srv.token = ""
    srv.start()
    expect_error(srv.request("GET", "/api/v1/me", token=None,
                             headers={"Authorization": "Bearer "}), 401)
    expect_error(srv.request("GET", "/api/v1/me", token=None), 401)


# ---- more shutdown / durability ------------------------------------------------------------


def test_sigterm_right_after_ready(_require_binary, tmp_path):
    """A supervisor may stop the server as soon as it reports ready: SIGTERM sent the moment
    the "listening on" line is read must still give a clean exit 0 (20 tries)."""
    env = dict(os.environ, LOOPDESK_BOOTSTRAP_TOKEN="boot-" + secrets.token_hex(8))
    codes = []
    for i in range(20):
        proc = subprocess.Popen([str(BIN), "serve", "--data", str(tmp_path / f"d{i}"),
                                 "--listen", "127.0.0.1:0"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        try:
            while True:
                line = proc.stdout.readline()
                if not line or b"listening on" in line:
                    break
            assert b"listening on" in line, "server did not start"
            proc.send_signal(signal.SIGTERM)
            codes.append(proc.wait(10))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    bad = [c for c in codes if c != 0]
    assert not bad, (f"{len(bad)} of 20 servers died with exit code {bad[0]} when SIGTERM came "
                     "right after 'listening on' (signal handler installed too late?)")


def test_sigterm_under_load(fresh_server):
    srv = fresh_server()
    c = create_customer(srv)
    acked, hung = set(), []
    lock = threading.Lock()
    stop = threading.Event()
    signalled = threading.Event()

    def writer():
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                r = srv.post("/api/v1/tickets", {"customer_id": c["id"], "channel": "api",
                                                 "subject": "停机", "description": "d"},
                             timeout=5)
            except socket.timeout:
                with lock:
                    hung.append(time.monotonic() - t0)
                return
            except OSError:
                if signalled.is_set():
                    return  # refused/reset after SIGTERM: fine
                raise
            if r.status == 201:
                with lock:
                    acked.add(r.body["id"])

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for th in threads:
        th.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    signalled.set()
    srv.proc.send_signal(signal.SIGTERM)
    try:
        rc = srv.proc.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    took = time.monotonic() - t0
    stop.set()
    for th in threads:
        th.join(10)
    srv.kill9()
    assert not hung, (f"{len(hung)} requests in flight at SIGTERM were never answered "
                      f"(client timed out after 5 s); the server exited after {took:.1f} s")
    assert rc == 0, f"no clean exit within 10 s of SIGTERM under load (rc={rc}, {took:.1f} s)"
    assert acked
    srv.start()
    listed = {t["id"] for t in walk(srv, "/api/v1/tickets",
                                    {"customer_id": c["id"], "limit": 500})[0]}
    assert acked <= listed, f"lost on SIGTERM: {sorted(acked - listed)[:10]}"


def test_everything_survives_kill9(fresh_server):
    srv = fresh_server()
    a, b = create_agent(srv), create_agent(srv, role="expert")
    expect(srv.patch(f"/api/v1/agents/{a['id']}", {"status": "online"}), 200)
    c = create_customer(srv, tier="high", tags=["vip"], salutation="王女士")
    o = expect(srv.post(f"/api/v1/customers/{c['id']}/orders",
                        {"product": "空调", "amount": 2999}), 201)
    s = expect(srv.post(f"/api/v1/customers/{c['id']}/assets",
                        {"product": "空调", "serial": "SN-1", "warranty_end": "2027-01-01"}), 201)
    t = create_ticket(srv, c["id"], assignee_id=a["id"], tags=["回访"])
    expect(srv.patch(f"/api/v1/tickets/{t['id']}", {"assignee_id": b["id"], "reason": "专家"}),
           200)
    expect(srv.post(f"/api/v1/tickets/{t['id']}/messages",
                    {"author": "agent", "body": "您好"}), 201)
    expect(srv.post(f"/api/v1/tickets/{t['id']}/transcripts",
                    {"turns": [{"speaker": "customer", "start_ms": 0, "text": "喂"}]}), 201)
    task = expect(srv.post(f"/api/v1/tickets/{t['id']}/tasks",
                           {"department": "field", "title": "上门"}), 201)
    expect(srv.patch(f"/api/v1/tasks/{task['id']}", {"status": "in_progress"}), 200)
    set_status(srv, t["id"], "resolved")
    before = get_ticket(srv, t["id"])
    n_events = len(events_of(srv, t["id"]))
    srv.kill9()
    srv.start()
    after = get_ticket(srv, t["id"])
    assert after == before, "the ticket view changed across kill -9"
    assert len(events_of(srv, t["id"])) == n_events
    view = expect(srv.get(f"/api/v1/customers/{c['id']}"), 200)
    assert view["customer"]["tier"] == "high" and view["customer"]["salutation"] == "王女士"
    assert [x["id"] for x in view["orders"]] == [o["id"]]
    assert [x["id"] for x in view["assets"]] == [s["id"]]
    assert expect(srv.get(f"/api/v1/agents/{a['id']}"), 200)["status"] == "online"
    assert expect(srv.get("/api/v1/me", token=b["api_token"]), 200)["id"] == b["id"]
