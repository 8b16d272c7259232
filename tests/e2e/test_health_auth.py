"""Health check, authentication and authorization."""

import secrets

import pytest

from conftest import (create_agent, create_customer, create_ticket, expect, expect_error,
                      assert_alive)


def test_healthz_without_auth(server):
    st, body, headers = server.request("GET", "/healthz", token=None)
    assert st == 200
    assert body == {"status": "ok"}
    assert "application/json" in (headers.get("Content-Type") or ""), headers


def test_healthz_ignores_a_bad_token(server):
    st, body, _ = server.request("GET", "/healthz", token="not-a-token")
    assert (st, body) == (200, {"status": "ok"})


def test_me_with_bootstrap_token_is_admin(server):
    me = expect(server.get("/api/v1/me"), 200)
    assert isinstance(me.get("id"), int) and not isinstance(me["id"], bool), me
    assert me.get("role") == "admin", me


def test_api_json_content_type(server):
    st, _, headers = server.get("/api/v1/me")
    assert st == 200
    assert "application/json" in (headers.get("Content-Type") or ""), headers
    st, _, headers = server.get("/api/v1/me", token=None)
    assert st == 401
    assert "application/json" in (headers.get("Content-Type") or ""), headers


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/tickets", "/api/v1/customers",
                                  "/api/v1/agents", "/api/v1/tickets/1",
                                  "/api/v1/customers/1"])
def test_missing_token_is_401(server, path):
    expect_error(server.get(path, token=None), 401)


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/api/v1/tickets", {"customer_id": 1, "channel": "web", "subject": "x",
                                 "description": "y"}),
    ("POST", "/api/v1/customers", {"name": "匿名"}),
    ("POST", "/api/v1/agents", {"name": "x", "email": "x@example.com", "team": "t",
                                "role": "admin", "skills": [], "languages": [],
                                "capacity": 1}),
    ("PATCH", "/api/v1/tickets/1", {"status": "closed"}),
])
def test_writes_without_token_are_401(server, method, path, body):
    expect_error(server.request(method, path, body, token=None), 401)


def test_write_without_token_stores_nothing(server):
    marker = f"unauth-{secrets.token_hex(6)}"
    expect_error(server.post("/api/v1/customers", {"name": marker}, token=None), 401)
    items = expect(server.get(f"/api/v1/customers?q={marker}"), 200)["items"]
    assert items == [], f"an unauthenticated POST created a customer: {items}"


def test_random_token_is_401(server):
    expect_error(server.get("/api/v1/me", token=secrets.token_hex(16)), 401)


def test_bootstrap_token_with_suffix_is_401(server):
    expect_error(server.get("/api/v1/me", token=server.token + "x"), 401)
    expect_error(server.get("/api/v1/me", token=server.token[:-1]), 401)


@pytest.mark.parametrize("header", [
    "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer-less", "Token {token}",
])
def test_malformed_authorization_header_is_401(server, header):
    value = header.replace("{token}", server.token)
    expect_error(server.request("GET", "/api/v1/me", token=None,
                                headers={"Authorization": value}), 401)
    assert_alive(server)


def test_new_agent_token_authenticates_as_that_agent(server):
    a = create_agent(server, role="supervisor")
    me = expect(server.get("/api/v1/me", token=a["api_token"]), 200)
    assert me["id"] == a["id"]
    assert me["name"] == a["name"]
    assert me["role"] == "supervisor"


def test_agent_tokens_are_distinct(server):
    a = create_agent(server)
    b = create_agent(server)
    assert a["api_token"] != b["api_token"]
    assert a["api_token"] != server.token
    assert expect(server.get("/api/v1/me", token=b["api_token"]), 200)["id"] == b["id"]


def test_agent_role_can_work_tickets(server):
    a = create_agent(server, role="agent")
    c = create_customer(server, token=a["api_token"])
    t = create_ticket(server, c["id"], token=a["api_token"])
    assert t["customer_id"] == c["id"]


@pytest.mark.parametrize("role", ["agent", "supervisor", "expert", "csm"])
def test_only_admin_may_create_agents(server, role):
    a = create_agent(server, role=role)
    resp = server.post("/api/v1/agents", {
        "name": "越权", "email": f"x{secrets.token_hex(4)}@example.com", "team": "t",
        "role": "admin", "skills": [], "languages": [], "capacity": 1}, token=a["api_token"])
    expect_error(resp, 403)


def test_admin_created_by_admin_may_create_agents(server):
    admin2 = create_agent(server, role="admin")
    b = create_agent(server, token=admin2["api_token"], role="agent")
    assert b["role"] == "agent"


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/tickets/1/nope",
                                  "/api/v2/tickets"])
def test_unknown_route_is_404(server, path):
    expect_error(server.get(path), 404)
    assert_alive(server)
