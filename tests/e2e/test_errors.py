"""Bad input at the HTTP edge: malformed JSON, invalid UTF-8, oversized bodies, odd requests.
Every bad request must get a 4xx with the error body and leave the server running."""

import json
import socket

import pytest

from conftest import (assert_alive, create_customer, create_ticket, expect, expect_error,
                      Server, get_ticket, raw_exchange, raw_status, rand_cjk, uid, walk)

ENDPOINTS = ["/api/v1/tickets", "/api/v1/customers", "/api/v1/agents"]


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("raw", [b"{", b'{"name": }', b"not json", b'{"name":"x",}',
                                 b"{'name':'x'}", b'{"name":"x"} trailing', b"\x00\x01"])
def test_malformed_json_is_400(server, path, raw):
    expect_error(server.post(path, raw=raw), 400)
    assert_alive(server)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_empty_body_is_rejected(server, path):
    expect_error(server.post(path, raw=b""), (400, 422))
    assert_alive(server)


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"42", b"null", b"true"])
def test_json_that_is_not_an_object_is_rejected(server, raw):
    expect_error(server.post("/api/v1/customers", raw=raw), (400, 422))
    assert_alive(server)


@pytest.mark.parametrize("bad", [
    b"\xff\xfe",            # never valid
    b"\xc3\x28",            # bad continuation
    b"\xc0\xaf",            # overlong "/"
    b"\xed\xa0\x80",        # UTF-16 surrogate encoded in UTF-8
    b"\xf4\x90\x80\x80",    # above U+10FFFF
    b"abc\xe4\xb8",         # truncated 3-byte sequence
])
def test_invalid_utf8_is_400(server, bad):
    marker = f"utf8-{uid()}"
    raw = b'{"name":"' + marker.encode() + bad + b'"}'
    expect_error(server.post("/api/v1/customers", raw=raw), 400)
    items = expect(server.get(f"/api/v1/customers?q={marker}"), 200)["items"]
    assert items == [], "a customer with invalid UTF-8 was stored"
    assert_alive(server)


def test_invalid_utf8_in_ticket_is_400(server):
    c = create_customer(server)
    raw = json.dumps({"customer_id": c["id"], "channel": "web", "subject": "SUBJ",
                      "description": "d"}).encode().replace(b"SUBJ", b"\xe5\x9d\x8f\xff")
    expect_error(server.post("/api/v1/tickets", raw=raw), 400)
    assert walk(server, "/api/v1/tickets", {"customer_id": c["id"]})[0] == []


def test_lone_surrogate_escape_is_rejected(server):
    marker = f"sur-{uid()}"
    raw = ('{"name":"' + marker + '\\ud800"}').encode()
    expect_error(server.post("/api/v1/customers", raw=raw), (400, 422))
    assert_alive(server)


def test_json_unicode_escapes_are_decoded(server):
    raw = b'{"name":"\\u738b\\u5973\\u58eb \\ud83d\\ude00"}'
    c = expect(server.post("/api/v1/customers", raw=raw), 201)
    assert c["name"] == "王女士 😀"
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    assert view["customer"]["name"] == "王女士 😀"


def test_text_round_trips_exactly(server):
    subject = "Ünïcödé 中文 𠮷野家 😀 \"quotes\" \\ back\\slash \t tab / line\nbreak"
    t = create_ticket(server, subject=subject, description="零宽\u200b字符\u00a0和<script>")
    got = get_ticket(server, t["id"])
    assert got["subject"] == subject
    assert got["description"] == "零宽\u200b字符\u00a0和<script>"


def test_nul_character_is_rejected_or_kept(server):
    resp = server.post("/api/v1/customers", {"name": "a\u0000b"})
    assert resp.status in (201, 400, 422), resp
    if resp.status == 201:
        view = expect(server.get(f"/api/v1/customers/{resp.body['id']}"), 200)
        assert view["customer"]["name"] == "a\u0000b", "NUL silently truncated the name"
    else:
        expect_error(resp, (400, 422))
    assert_alive(server)


def test_deeply_nested_json_does_not_crash(server):
    raw = b'{"name":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    expect_error(server.post("/api/v1/customers", raw=raw), (400, 413, 422))
    assert_alive(server)


def test_deeply_nested_unclosed_json_does_not_crash(server):
    raw = b'{"name":' + b'{"a":' * 100_000
    expect_error(server.post("/api/v1/customers", raw=raw), (400, 413, 422))
    assert_alive(server)


@pytest.mark.parametrize("value", [b"1e400", b"9223372036854775808", b"-9223372036854775809",
                                   b"18446744073709551617", b"NaN", b"0x10"])
def test_odd_numbers_for_an_id(server, value):
    raw = (b'{"customer_id":' + value +
           b',"channel":"web","subject":"s","description":"d"}')
    resp = server.post("/api/v1/tickets", raw=raw)
    expect_error(resp, (400, 422))
    assert_alive(server)


def test_huge_capacity_number(server):
    resp = server.post("/api/v1/agents", {"name": "x", "email": f"{uid()}@example.com",
                                          "team": "t", "role": "agent", "skills": [],
                                          "languages": [], "capacity": 10**30})
    expect_error(resp, 422, field="capacity")


@pytest.mark.parametrize("path", ["/api/v1/tickets/0", "/api/v1/tickets/999999999",
                                  "/api/v1/tickets/99999999999999999999999",
                                  "/api/v1/customers/0", "/api/v1/agents/999999999"])
def test_unknown_ids_in_url_are_404(server, path):
    expect_error(server.get(path), 404)
    assert_alive(server)


@pytest.mark.parametrize("path", ["/api/v1/tickets/abc", "/api/v1/tickets/-1",
                                  "/api/v1/tickets/1.5", "/api/v1/customers/%00"])
def test_non_numeric_ids_in_url(server, path):
    expect_error(server.get(path), (400, 404))
    assert_alive(server)


@pytest.mark.parametrize("method,path", [("DELETE", "/api/v1/tickets/1"),
                                         ("PUT", "/api/v1/tickets"),
                                         ("PATCH", "/api/v1/customers"),
                                         ("POST", "/api/v1/me")])
def test_unsupported_method(server, method, path):
    expect_error(server.request(method, path, {}), (404, 405))
    assert_alive(server)


def padded(obj, size):
    """`obj` as JSON, padded with insignificant whitespace to exactly `size` bytes (so no
    field length limit is involved)."""
    raw = json.dumps(obj, ensure_ascii=False).encode()
    assert len(raw) < size
    return raw[:-1] + b" " * (size - len(raw)) + b"}"


def test_body_over_default_limit_is_413(server):
    raw = padded({"name": "big"}, 1_048_576 + 1024)
    head = (b"POST /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + server.token.encode() + b"\r\n"
            b"Content-Type: application/json\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(raw)).encode() + b"\r\n\r\n")
    answer = raw_exchange(server.host, server.port, head, body=raw, wait_early=2.0)
    assert raw_status(answer) == 413, answer[:300]
    assert_alive(server)


def test_body_at_the_default_limit_is_accepted(server):
    raw = padded({"name": "大客户"}, 1_048_576)
    resp = server.post("/api/v1/customers", raw=raw)
    assert resp.status == 201, resp
    view = expect(server.get(f"/api/v1/customers/{resp.body['id']}"), 200)
    assert view["customer"]["name"] == "大客户"


@pytest.fixture(scope="module")
def small_limit_server(_require_binary):
    srv = Server(extra_args=["--max-body-bytes", "2048"])
    yield srv
    try:
        if srv.running():
            srv.stop()
    finally:
        srv.close()


def test_max_body_bytes_option(small_limit_server):
    srv = small_limit_server
    ok = srv.post("/api/v1/customers", raw=padded({"name": "小"}, 2048))
    assert ok.status == 201, ok
    big = srv.post("/api/v1/customers", raw=padded({"name": "大"}, 2049))
    expect_error(big, 413)
    big = srv.post("/api/v1/customers", raw=padded({"name": "大"}, 5000))
    expect_error(big, 413)
    assert srv.healthy()


def test_max_body_bytes_applies_to_chunked_bodies(small_limit_server):
    srv = small_limit_server
    payload = padded({"name": "chunked"}, 6000)
    chunks = b""
    for i in range(0, len(payload), 1000):
        part = payload[i:i + 1000]
        chunks += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    chunks += b"0\r\n\r\n"
    head = (b"POST /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + srv.token.encode() + b"\r\n"
            b"Content-Type: application/json\r\nConnection: close\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    answer = raw_exchange(srv.host, srv.port, head + chunks)
    assert raw_status(answer) == 413, answer[:300]
    assert srv.healthy()


def test_chunked_body_within_limit_is_accepted(small_limit_server):
    srv = small_limit_server
    payload = json.dumps({"name": "分块客户"}, ensure_ascii=False).encode()
    head = (b"POST /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + srv.token.encode() + b"\r\n"
            b"Content-Type: application/json\r\nConnection: close\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    body = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n\r\n"
    answer = raw_exchange(srv.host, srv.port, head + body)
    assert raw_status(answer) == 201, answer[:300]


def test_truncated_body_does_not_hang_or_crash(server):
    head = (b"POST /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + server.token.encode() + b"\r\n"
            b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n"
            b'{"name":"trunc')
    s = socket.create_connection((server.host, server.port), timeout=5)
    s.sendall(head)
    s.shutdown(socket.SHUT_WR)
    try:
        s.recv(4096)
    except OSError:
        pass
    s.close()
    assert_alive(server)


@pytest.mark.parametrize("garbage", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\n" + b"X-Long: " + b"a" * 100_000 + b"\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS ClientHello
])
def test_garbage_on_the_wire_does_not_crash(server, garbage):
    answer = raw_exchange(server.host, server.port, garbage, timeout=5)
    st = raw_status(answer)
    assert st is None or st < 500 or st == 505, answer[:200]
    assert_alive(server)


def test_many_bad_requests_in_a_row(server):
    for i in range(100):
        server.post("/api/v1/tickets", raw=b'{"customer_id":')
        server.get(f"/api/v1/tickets/{10**12 + i}")
    assert_alive(server)
    # and good requests still work
    marker = rand_cjk(4)
    t = create_ticket(server, subject=f"之后{marker}")
    assert get_ticket(server, t["id"])["subject"] == f"之后{marker}"


def test_pipelined_requests_are_answered_in_order(server):
    data = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    s = socket.create_connection((server.host, server.port), timeout=10)
    try:
        s.sendall(data)
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
    finally:
        s.close()
    statuses = [int(x) for x in __import__("re").findall(rb"HTTP/1\.1 (\d{3})", out)]
    assert statuses == [200, 401, 200], out[:600]


def test_idle_and_half_open_connections_do_not_starve_the_server(server):
    socks = []
    try:
        for i in range(300):
            s = socket.create_connection((server.host, server.port), timeout=5)
            if i < 100:  # a request whose headers/body never complete
                s.sendall(b"POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Length: 50\r\n\r\n{")
            socks.append(s)
        st, body, _ = server.request("GET", "/api/v1/me", timeout=5)
        assert st == 200, "a normal request failed while 300 idle connections were open"
        t = create_ticket(server)
        assert get_ticket(server, t["id"])["id"] == t["id"]
    finally:
        for s in socks:
            s.close()
    assert_alive(server)


@pytest.mark.parametrize("field,value", [("subject", "s" * 100_000),
                                         ("description", "d" * 1_000_000)])
def test_overlong_text_is_422_not_500(server, field, value):
    c = create_customer(server)
    resp = server.post("/api/v1/tickets", {"customer_id": c["id"], "channel": "web",
                                           "subject": "s", "description": "d", field: value})
    if resp.status == 413:
        expect_error(resp, 413)
    else:
        expect_error(resp, 422, field=field)
    assert_alive(server)


def test_length_limits_count_characters_not_bytes(server):
    c = create_customer(server)
    subject = "空调" * 150  # 300 characters, 900 bytes
    t = expect(server.post("/api/v1/tickets", {"customer_id": c["id"], "channel": "web",
                                               "subject": subject, "description": "d"}), 201)
    assert get_ticket(server, t["id"])["subject"] == subject
    name = "😀" * 100  # 100 characters, 400 bytes
    cu = expect(server.post("/api/v1/customers", {"name": name}), 201)
    assert cu["name"] == name
