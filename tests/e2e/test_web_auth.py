"""Sign-in for the web application: password login into a cookie session with CSRF
protection, logout, passwords set by an admin or the agent itself, and the built web app
served from the same origin."""

import json
import pathlib

from conftest import Server, create_agent, expect, expect_error, uid


def _cookies(resp):
    """{name: (value, attributes)} from the Set-Cookie headers of a response."""
    out = {}
    for h in resp.headers.get_all("Set-Cookie") or []:
        first, *attrs = [p.strip() for p in h.split(";")]
        name, _, value = first.partition("=")
        out[name] = (value, [a.lower() for a in attrs])
    return out


def _signed_in(server, password="correct horse 1"):
    agent = create_agent(server, email=f"web{uid()}@example.com")
    expect(server.request("PUT", f"/api/v1/agents/{agent['id']}/password",
                          {"password": password}), 204, "set password")
    login = server.post("/api/v1/auth/login", {"email": agent["email"].upper(),
                                               "password": password}, token=None)
    expect(login, 200, "login")
    return agent, login


def _cookie_header(login):
    c = _cookies(login)
    return f"ld_session={c['ld_session'][0]}; ld_csrf={c['ld_csrf'][0]}"


def test_login_sets_an_httponly_strict_session_and_a_csrf_cookie(server):
    agent, login = _signed_in(server)
    assert login.body["agent"]["id"] == agent["id"], login
    assert login.body["agent"]["role"] == "agent", login
    c = _cookies(login)
    session, attrs = c["ld_session"]
    assert len(session) >= 32 and "httponly" in attrs and "samesite=strict" in attrs, c
    csrf, csrf_attrs = c["ld_csrf"]
    assert csrf == login.body["csrf_token"] and "httponly" not in csrf_attrs, c
    # The session cookie alone authenticates reads.
    me = expect(server.get("/api/v1/auth/session", token=None,
                           headers={"Cookie": _cookie_header(login)}), 200)
    assert me["agent"]["id"] == agent["id"] and me["via"] == "session", me
    expect(server.get("/api/v1/tickets?limit=1", token=None,
                      headers={"Cookie": _cookie_header(login)}), 200)


def test_wrong_password_and_unknown_email_are_401_with_one_message(server):
    agent, _ = _signed_in(server)
    bad = server.post("/api/v1/auth/login", {"email": agent["email"], "password": "nope nope"},
                      token=None)
    expect_error(bad, 401)
    unknown = server.post("/api/v1/auth/login",
                          {"email": f"nobody{uid()}@example.com", "password": "nope nope"},
                          token=None)
    expect_error(unknown, 401)
    assert bad.body["error"]["message"] == unknown.body["error"]["message"]
    assert "Set-Cookie" not in bad.headers
    expect_error(server.post("/api/v1/auth/login", {"email": agent["email"]}, token=None), 422)
    expect_error(server.post("/api/v1/auth/login", raw="{", token=None), 400)


def test_cookie_writes_need_the_csrf_header(server):
    _, login = _signed_in(server)
    cookie = _cookie_header(login)
    body = {"name": f"客户{uid()}"}
    missing = server.post("/api/v1/customers", body, token=None, headers={"Cookie": cookie})
    expect_error(missing, 403)
    assert missing.body["error"]["code"] == "csrf_failed", missing
    wrong = server.post("/api/v1/customers", body, token=None,
                        headers={"Cookie": cookie, "X-CSRF-Token": "ld_forged"})
    expect_error(wrong, 403)
    ok = server.post("/api/v1/customers", body, token=None,
                     headers={"Cookie": cookie, "X-CSRF-Token": login.body["csrf_token"]})
    expect(ok, 201, "create with cookie + csrf")
    # Bearer tokens keep working without any CSRF header.
    expect(server.post("/api/v1/customers", {"name": f"客户{uid()}"}), 201)


def test_logout_ends_the_session(server):
    _, login = _signed_in(server)
    cookie = _cookie_header(login)
    csrf = {"Cookie": cookie, "X-CSRF-Token": login.body["csrf_token"]}
    out = server.post("/api/v1/auth/logout", token=None, headers=csrf)
    assert out.status == 204, out
    assert _cookies(out)["ld_session"][0] == "", out.headers
    expect_error(server.get("/api/v1/auth/session", token=None, headers={"Cookie": cookie}), 401)


def test_only_admin_or_self_sets_a_password(server):
    a = create_agent(server, email=f"a{uid()}@example.com")
    b = create_agent(server, email=f"b{uid()}@example.com")
    expect_error(server.request("PUT", f"/api/v1/agents/{b['id']}/password",
                                {"password": "long enough 1"}, token=a["api_token"]), 403)
    expect(server.request("PUT", f"/api/v1/agents/{a['id']}/password",
                          {"password": "long enough 1"}, token=a["api_token"]), 204)
    short = server.request("PUT", f"/api/v1/agents/{a['id']}/password", {"password": "short"})
    expect_error(short, 422)
    assert short.body["error"].get("field") == "password", short
    expect_error(server.request("PUT", "/api/v1/agents/999999/password",
                                {"password": "long enough 1"}), 404)


def test_web_app_is_served_with_spa_fallback(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=app>loopdesk</div>")
    (dist / "assets" / "app-1a2b.js").write_text("export{}")
    (tmp_path / "secret.txt").write_text("top secret")
    srv = Server(extra_args=["--web", str(dist)])
    try:
        page = srv.request("GET", "/", token=None)
        assert page.status == 200 and b"id=app" in page.raw, page
        assert page.headers["Content-Type"].startswith("text/html"), page.headers
        route = srv.request("GET", "/tickets/12", token=None)
        assert route.status == 200 and b"id=app" in route.raw, route
        js = srv.request("GET", "/assets/app-1a2b.js", token=None)
        assert js.status == 200 and "javascript" in js.headers["Content-Type"], js
        assert "immutable" in js.headers["Cache-Control"], js.headers
        assert srv.request("GET", "/assets/missing.js", token=None).status == 404
        for p in ["/../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/%2e%2e/secret.txt"]:
            r = srv.request("GET", p, token=None)
            assert b"top secret" not in r.raw, (p, r)
        # The API keeps answering JSON, unknown API paths included.
        api = srv.request("GET", "/api/v1/nothing", token=None)
        assert api.status == 404 and api.body["error"]["code"] == "not_found", api
    finally:
        srv.close()


def test_missing_web_build_explains_how_to_build(tmp_path):
    srv = Server(extra_args=["--web", str(tmp_path / "none")])
    try:
        page = srv.request("GET", "/", token=None)
        assert page.status == 503 and b"scripts/build.sh" in page.raw, page
    finally:
        srv.close()


def test_demo_prints_and_keeps_sign_in_credentials(tmp_path):
    srv = Server(extra_args=["--demo"], data_dir=str(tmp_path / "data"), start=False)
    try:
        srv.start(timeout=180)  # the demo data set takes a while on a busy machine
        creds = (pathlib.Path(tmp_path) / "data" / "demo-credentials.txt").read_text().split("\n")
        rows = [line.split() for line in creds if line.strip()]
        roles = {r[0]: (r[1], r[2]) for r in rows}
        assert set(roles) == {"admin", "supervisor", "agent"}, rows
        for role, (email, password) in roles.items():
            login = srv.post("/api/v1/auth/login", {"email": email, "password": password},
                             token=None)
            expect(login, 200, f"demo {role} login")
            assert login.body["agent"]["role"] == role, login
    finally:
        srv.close()


def _frames(raw):
    """[(id, event, data)] of a text/event-stream body."""
    out = []
    for block in raw.decode("utf-8").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if "event" in fields:
            out.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
    return out


def test_stream_delivers_committed_events_after_the_last_id(server):
    ready = server.get("/api/v1/stream")
    assert ready.status == 200 and ready.headers["Content-Type"].startswith("text/event-stream")
    (seq, kind, _), = _frames(ready.raw)
    assert kind == "ready"
    customer = expect(server.post("/api/v1/customers", {"name": f"流{uid()}"}), 201)
    got = server.get(f"/api/v1/stream?after={seq}&wait_ms=5000")
    frames = _frames(got.raw)
    assert any(k == "customer.created" and d["customer_id"] == customer["id"]
               for _, k, d in frames), frames
    assert all(i > seq for i, _, _ in frames) and b"retry: " in got.raw
    # The Last-Event-ID header of a reconnecting EventSource works like `after`.
    last = frames[-1][0]
    again = server.get("/api/v1/stream?wait_ms=0", headers={"Last-Event-ID": str(last)})
    assert _frames(again.raw) == [], again.raw
    expect_error(server.get("/api/v1/stream?wait_ms=999999"), 422)
    expect_error(server.get("/api/v1/stream", token=None), 401)
