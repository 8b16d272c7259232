"""Agents: creation, reading, listing, status changes and who may change them."""

import pytest

from conftest import (OMIT, agent_body, assert_alive, create_agent, expect, expect_error, walk)


def test_create_agent_returns_all_fields(server):
    body = agent_body(role="expert", team="售后技术", skills=["refrigeration", "安装"],
                      languages=["zh", "en"], capacity=7,
                      location={"lat": 31.2304, "lon": 121.4737})
    a = expect(server.post("/api/v1/agents", body), 201)
    assert isinstance(a["id"], int) and not isinstance(a["id"], bool)
    for k in ("name", "email", "team", "role", "skills", "languages", "capacity"):
        assert a[k] == body[k], (k, a)
    assert a["status"] == "offline"
    assert abs(a["location"]["lat"] - 31.2304) < 1e-6
    assert abs(a["location"]["lon"] - 121.4737) < 1e-6
    assert isinstance(a["api_token"], str) and len(a["api_token"]) >= 16


def test_create_agent_without_location(server):
    a = create_agent(server)
    assert a.get("location") is None
    assert a["status"] == "offline"


@pytest.mark.parametrize("role", ["agent", "supervisor", "expert", "csm", "admin"])
def test_every_role_is_accepted(server, role):
    assert create_agent(server, role=role)["role"] == role


def test_get_agent(server):
    a = create_agent(server, skills=["billing", "refund"])
    got = expect(server.get(f"/api/v1/agents/{a['id']}"), 200)
    for k in ("id", "name", "email", "team", "role", "skills", "languages", "capacity",
              "status"):
        assert got[k] == a[k], (k, got, a)


def test_get_agent_does_not_leak_the_token(server):
    a = create_agent(server)
    resp = server.get(f"/api/v1/agents/{a['id']}")
    assert resp.status == 200
    assert a["api_token"].encode() not in resp.raw, "GET /agents/{id} shows the api_token"
    resp = server.get("/api/v1/agents?limit=500")
    assert resp.status == 200
    assert a["api_token"].encode() not in resp.raw, "GET /agents shows api_tokens"


def test_get_unknown_agent_is_404(server):
    expect_error(server.get("/api/v1/agents/99999999"), 404)


def test_list_agents_contains_created_and_paginates(server):
    created = [create_agent(server)["id"] for _ in range(3)]
    items, pages = walk(server, "/api/v1/agents", {"limit": 1})
    ids = [a["id"] for a in items]
    assert len(ids) == len(set(ids)), f"an agent appears twice across pages: {ids}"
    for i in created:
        assert i in ids
    assert all(len(p["items"]) <= 1 for p in pages)


@pytest.mark.parametrize("status", ["online", "away", "offline"])
def test_admin_patches_status(server, status):
    a = create_agent(server)
    if status == "offline":
        expect(server.patch(f"/api/v1/agents/{a['id']}", {"status": "online"}), 200)
    got = expect(server.patch(f"/api/v1/agents/{a['id']}", {"status": status}), 200)
    assert got["status"] == status
    assert expect(server.get(f"/api/v1/agents/{a['id']}"), 200)["status"] == status


@pytest.mark.parametrize("bad", ["busy", "ONLINE", "", 1, None, ["online"]])
def test_bad_status_is_422(server, bad):
    a = create_agent(server)
    expect_error(server.patch(f"/api/v1/agents/{a['id']}", {"status": bad}), 422,
                 field="status")
    assert expect(server.get(f"/api/v1/agents/{a['id']}"), 200)["status"] == "offline"


def test_agent_patches_own_status(server):
    a = create_agent(server, role="agent")
    got = expect(server.patch(f"/api/v1/agents/{a['id']}", {"status": "online"},
                              token=a["api_token"]), 200)
    assert got["status"] == "online"
    assert expect(server.get(f"/api/v1/agents/{a['id']}"), 200)["status"] == "online"


def test_agent_may_not_patch_another_agent(server):
    a = create_agent(server, role="agent")
    b = create_agent(server, role="agent")
    expect_error(server.patch(f"/api/v1/agents/{b['id']}", {"status": "online"},
                              token=a["api_token"]), 403)
    assert expect(server.get(f"/api/v1/agents/{b['id']}"), 200)["status"] == "offline"


def test_agent_may_not_promote_itself(server):
    a = create_agent(server, role="agent")
    resp = server.patch(f"/api/v1/agents/{a['id']}", {"role": "admin"}, token=a["api_token"])
    assert resp.status in (200, 403, 422), resp
    assert expect(server.get(f"/api/v1/agents/{a['id']}"), 200)["role"] == "agent"


def test_patch_unknown_agent_is_404(server):
    expect_error(server.patch("/api/v1/agents/99999999", {"status": "online"}), 404)


@pytest.mark.parametrize("field,value", [
    ("role", "superuser"),
    ("role", None),
    ("name", OMIT),
    ("name", 42),
    ("capacity", "five"),
    ("skills", "billing"),
    ("languages", [1, 2]),
    ("location", {"lat": "north", "lon": 1}),
    ("location", {"lat": 200, "lon": 1}),
    ("location", {"lat": 0, "lon": -181}),
    ("capacity", -1),
])
def test_invalid_agent_is_422(server, field, value):
    resp = server.post("/api/v1/agents", agent_body(**{field: value}))
    err = expect_error(resp, 422)
    assert (err.get("field") or "").startswith(field), f"error.field should name {field}: {resp!r}"
    assert_alive(server)


@pytest.mark.parametrize("role", ["supervisor", "expert", "csm"])
def test_other_non_admin_roles_may_not_patch_another_agent(server, role):
    a = create_agent(server, role=role)
    b = create_agent(server, role="agent")
    expect_error(server.patch(f"/api/v1/agents/{b['id']}", {"status": "away"},
                              token=a["api_token"]), 403)
    assert expect(server.get(f"/api/v1/agents/{b['id']}"), 200)["status"] == "offline"


@pytest.mark.parametrize("limit", ["0", "501", "abc"])
def test_agent_list_bad_limit_is_422(server, limit):
    expect_error(server.get("/api/v1/agents?limit=" + limit), 422, field="limit")
