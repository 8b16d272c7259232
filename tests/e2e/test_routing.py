"""Automatic assignment over HTTP: skills, status, capacity, distance, the queue, and the
reason every decision records."""
import pytest

from conftest import create_agent, create_customer, create_ticket, event_types, expect, expect_error


def online(srv, agent):
    expect(srv.patch(f"/api/v1/agents/{agent['id']}", {"status": "online"}), 200)


@pytest.fixture()
def srv(fresh_server):
    return fresh_server()


def test_skill_and_status_decide_and_the_reason_says_why(srv):
    billing = create_agent(srv, team="客服", skills=["billing"], capacity=5)
    other = create_agent(srv, team="客服", skills=["delivery"], capacity=5)
    offline_billing = create_agent(srv, team="客服", skills=["billing"], capacity=5)
    online(srv, billing)
    online(srv, other)
    c = create_customer(srv)
    t = create_ticket(srv, c["id"], category="billing")
    assert t["assignee_id"] == billing["id"]
    assert t["team"] == "客服"
    reason = t["routing"]["reason"]
    assert "skill billing" in reason and "online" in reason and "load 0/5" in reason
    assert t["assignee_id"] != offline_billing["id"]
    got = expect(srv.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["routing"]["reason"] == reason


def test_explicit_assignee_is_not_routed(srv):
    a = create_agent(srv, skills=["billing"])
    online(srv, a)
    b = create_agent(srv, skills=["billing"])
    t = create_ticket(srv, create_customer(srv)["id"], category="billing", assignee_id=b["id"])
    assert t["assignee_id"] == b["id"] and t["routing"] is None


def test_capacity_is_a_hard_limit_and_load_spreads(srv):
    a = create_agent(srv, team="客服", skills=["refund"], capacity=1)
    b = create_agent(srv, team="客服", skills=["refund"], capacity=1)
    online(srv, a)
    online(srv, b)
    c = create_customer(srv)
    t1 = create_ticket(srv, c["id"], category="refund")
    t2 = create_ticket(srv, c["id"], category="refund")
    assert {t1["assignee_id"], t2["assignee_id"]} == {a["id"], b["id"]}
    t3 = create_ticket(srv, c["id"], category="refund")
    assert t3["assignee_id"] is None, "both agents are full"
    assert "capacity" in t3["routing"]["reason"]
    # Resolving frees capacity: the queued ticket is assigned without anyone asking.
    expect(srv.patch(f"/api/v1/tickets/{t1['id']}", {"status": "resolved"}), 200)
    got = expect(srv.get(f"/api/v1/tickets/{t3['id']}"), 200)
    assert got["assignee_id"] == t1["assignee_id"]
    assert "ticket.assigned" in event_types(srv, t3["id"])


def test_queued_ticket_goes_to_the_agent_who_comes_online(srv):
    a = create_agent(srv, team="技术支持", skills=["technical"], capacity=3)
    t = create_ticket(srv, create_customer(srv)["id"], category="technical", team="技术支持")
    assert t["assignee_id"] is None and t["team"] == "技术支持"
    online(srv, a)
    got = expect(srv.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["assignee_id"] == a["id"]


def test_onsite_goes_to_the_nearest_field_engineer(srv):
    hangzhou = create_agent(srv, team="现场服务", skills=["installation"],
                            location={"lat": 30.2741, "lon": 120.1551})
    beijing = create_agent(srv, team="现场服务", skills=["installation"],
                           location={"lat": 39.9042, "lon": 116.4074})
    online(srv, hangzhou)
    online(srv, beijing)
    c = create_customer(srv, location={"lat": 31.2304, "lon": 121.4737})  # Shanghai
    t = create_ticket(srv, c["id"], channel="onsite", category="installation")
    assert t["assignee_id"] == hangzhou["id"]
    assert " km" in t["routing"]["reason"]


def test_strategic_customer_goes_to_the_account_manager(srv):
    manager = create_agent(srv, team="客户成功", role="csm", skills=["billing"], capacity=5)
    other = create_agent(srv, team="客服", skills=["billing"], capacity=50)
    online(srv, manager)
    online(srv, other)
    c = create_customer(srv, tier="strategic", account_manager_id=manager["id"])
    assert c["account_manager_id"] == manager["id"]
    t = create_ticket(srv, c["id"], category="billing")
    assert t["assignee_id"] == manager["id"]
    assert "account manager" in t["routing"]["reason"]


def test_routing_settings(srv):
    got = expect(srv.get("/api/v1/routing"), 200)
    assert got["enabled"] is True and got["mode"] == "score"
    expect(srv.request("PUT", "/api/v1/routing", {"mode": "least_loaded"}), 200)
    assert expect(srv.get("/api/v1/routing"), 200)["mode"] == "least_loaded"
    expect_error(srv.request("PUT", "/api/v1/routing", {"mode": "random"}), 422, field="mode")
    expect_error(srv.request("PUT", "/api/v1/routing", {"weights": {"skill": "x"}}), 422,
                 field="weights.skill")
    expect(srv.request("PUT", "/api/v1/routing", {"enabled": False}), 200)
    a = create_agent(srv, skills=["billing"])
    online(srv, a)
    t = create_ticket(srv, create_customer(srv)["id"], category="billing")
    assert t["assignee_id"] is None and t["routing"] is None
