"""SLA over HTTP: policies and calendars through the API, due times on tickets, the
scheduler firing escalation steps with second-scale targets, exactly once across restarts."""
import time

import pytest

from conftest import (create_agent, create_customer, create_ticket, event_types, events_of,
                      expect, expect_error, parse_time)


def fast_policy(**overrides):
    p = {"name": "fast", "match": {"tier": "growth"}, "first_response_s": 2, "resolution_s": 6,
         "escalations": [{"target": "first_response", "percent": 50, "action": "notify_assignee"},
                         {"target": "first_response", "percent": 100, "action": "escalate"}]}
    p.update(overrides)
    return p


def put_policies(srv, policies):
    return srv.request("PUT", "/api/v1/sla-policies", policies)


def wait_for(predicate, timeout=8.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def test_default_policies_follow_the_tier_table(server):
    pols = expect(server.get("/api/v1/sla-policies"), 200)
    by_name = {p["name"]: p for p in pols}
    assert by_name["strategic"]["first_response_s"] == 15 * 60
    assert by_name["strategic"]["resolution_s"] == 4 * 3600
    assert by_name["basic"]["first_response_s"] == 24 * 3600
    assert by_name["basic"]["resolution_s"] == 72 * 3600
    # P1 tightens any tier to at most 30 min / 4 h.
    assert by_name["basic-p1"]["first_response_s"] == 30 * 60
    assert by_name["basic-p1"]["resolution_s"] == 4 * 3600


def test_ticket_carries_its_sla(server):
    c = create_customer(server, tier="high")
    t = create_ticket(server, c["id"], priority="P3")
    sla = t["sla"]
    assert sla["policy"] == "high" and sla["state"] == "ok"
    created = parse_time(t["created_at"])
    assert abs((parse_time(sla["first_response_due"]) - created).total_seconds() - 1800) < 1
    assert abs((parse_time(sla["resolution_due"]) - created).total_seconds() - 8 * 3600) < 1
    got = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["sla"]["policy"] == "high"


def test_preview_uses_business_calendar(fresh_server):
    srv = fresh_server()
    cal = {"timezone": "Asia/Shanghai",
           "hours": {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
           "holidays": ["2026-10-01"], "workdays": ["2026-10-11"]}
    expect(srv.request("PUT", "/api/v1/calendars/office", cal), 200)
    names = [c["name"] for c in expect(srv.get("/api/v1/calendars"), 200)["items"]]
    assert "24x7" in names and "office" in names
    expect(put_policies(srv, [fast_policy(name="office-basic", match={"tier": "basic"},
                                          first_response_s=7200, resolution_s=36000,
                                          calendar="office")]), 200)
    # Friday 2026-11-20 17:00 Shanghai (09:00Z) + 2 business hours = Monday 10:00 (02:00Z).
    r = expect(srv.post("/api/v1/sla/preview", {"tier": "basic", "priority": "P3",
                                                "channel": "email", "category": "billing",
                                                "created_at": "2026-11-20T09:00:00Z"}), 200)
    assert r["policy"] == "office-basic"
    assert r["first_response_due"] == "2026-11-23T02:00:00Z"


@pytest.mark.parametrize("body,field", [
    ([{"name": "x", "first_response_s": 0, "resolution_s": 10}], "[0].first_response_s"),
    ([{"name": "x", "first_response_s": 10}], "[0].resolution_s"),
    ([{"name": "x", "match": {"tier": "gold"}, "first_response_s": 1, "resolution_s": 1}],
     "[0].match.tier"),
    ([{"name": "x", "first_response_s": 1, "resolution_s": 1, "calendar": "nope"}],
     "[0].calendar"),
    ([{"name": "x", "first_response_s": 1, "resolution_s": 1,
       "escalations": [{"target": "first_response", "percent": 50, "action": "dance"}]}],
     "[0].escalations[0].action"),
])
def test_invalid_policies_are_refused_and_nothing_changes(server, body, field):
    before = expect(server.get("/api/v1/sla-policies"), 200)
    expect_error(put_policies(server, body), 422, field=field)
    assert expect(server.get("/api/v1/sla-policies"), 200) == before


@pytest.mark.parametrize("cal,field", [
    ({"timezone": "Mars/Olympus", "hours": {"mon": [["09:00", "18:00"]]}}, "timezone"),
    ({"hours": {"mon": [["18:00", "09:00"]]}}, "hours.mon[0]"),
    ({"hours": {"funday": [["09:00", "18:00"]]}}, "hours.funday"),
    ({"hours": {"mon": [["09:00", "18:00"]]}, "holidays": ["2026-02-30"]}, "holidays[0]"),
])
def test_invalid_calendars_are_refused(server, cal, field):
    expect_error(server.request("PUT", "/api/v1/calendars/bad", cal), 422, field=field)
    names = [c["name"] for c in expect(server.get("/api/v1/calendars"), 200)["items"]]
    assert "bad" not in names


def test_only_managers_change_sla_settings(server):
    a = create_agent(server, role="agent")
    expect_error(server.request("PUT", "/api/v1/sla-policies", [fast_policy()],
                                token=a["api_token"]), 403)


def test_breach_escalates_once_and_survives_restart(fresh_server):
    srv = fresh_server()
    expect(put_policies(srv, [fast_policy()]), 200)
    owner = create_agent(srv, role="agent", team="客服")
    c = create_customer(srv, tier="growth")
    t = create_ticket(srv, c["id"], priority="P3", assignee_id=owner["id"])
    assert t["sla"]["policy"] == "fast"

    def breached():
        types = event_types(srv, t["id"])
        return "sla.breached" in types and types
    types = wait_for(breached)
    assert types, f"no sla.breached within 8 s: {event_types(srv, t['id'])}"
    assert "sla.warning" in types
    warn = [e for e in events_of(srv, t["id"]) if e["type"] == "sla.warning"][0]
    assert warn["data"]["notify"] == [owner["id"]]
    got = expect(srv.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["priority"] == "P2" and "escalated" in got["tags"]
    assert got["sla"]["targets"]["first_response"]["state"] == "breached"

    # A crash and restart must neither lose nor repeat a fired step.
    srv.kill9()
    srv.start()
    time.sleep(2.5)
    after = event_types(srv, t["id"])
    assert after.count("sla.breached") == types.count("sla.breached")
    assert after.count("sla.warning") == types.count("sla.warning")


def test_first_public_reply_meets_the_target_and_stops_escalation(fresh_server):
    srv = fresh_server()
    expect(put_policies(srv, [fast_policy(first_response_s=3, resolution_s=60)]), 200)
    c = create_customer(srv, tier="growth")
    t = create_ticket(srv, c["id"], priority="P3")
    # An internal note is not a response.
    expect(srv.post(f"/api/v1/tickets/{t['id']}/messages",
                    {"author": "agent", "body": "内部备注", "internal": True}), 201)
    expect(srv.post(f"/api/v1/tickets/{t['id']}/messages",
                    {"author": "agent", "body": "您好，已收到"}), 201)
    time.sleep(4)
    got = expect(srv.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["sla"]["targets"]["first_response"]["state"] == "met"
    assert "sla.breached" not in event_types(srv, t["id"])


def test_pending_pauses_the_clock(fresh_server):
    srv = fresh_server()
    expect(put_policies(srv, [fast_policy(first_response_s=3, resolution_s=60, escalations=[])]),
           200)
    c = create_customer(srv, tier="growth")
    t = create_ticket(srv, c["id"], priority="P3")
    expect(srv.patch(f"/api/v1/tickets/{t['id']}", {"status": "pending"}), 200)
    time.sleep(4)
    got = expect(srv.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["sla"]["paused"] is True
    assert got["sla"]["targets"]["first_response"]["state"] != "breached"
    assert got["sla"]["paused_s"] >= 3


def test_breached_commitment_creates_compensation_on_ticket_and_customer(fresh_server):
    srv = fresh_server()
    expect(put_policies(srv, [fast_policy(escalations=[])]), 200)
    expect(srv.request("PUT", "/api/v1/commitments", {
        "auto_approve_max": 50,
        "items": [
            {"name": "快速响应承诺", "match": {"tier": "growth"}, "target": "first_response",
             "compensation": {"type": "coupon", "amount": 20, "note": "20元优惠券"}},
            {"name": "resolution-credit", "target": "resolution",
             "compensation": {"type": "credit", "amount": 500}},
        ]}), 200)
    got = expect(srv.get("/api/v1/commitments"), 200)
    assert [c["name"] for c in got] == ["快速响应承诺", "resolution-credit"]
    c = create_customer(srv, tier="growth")
    t = create_ticket(srv, c["id"], priority="P3")

    def comps():
        items = expect(srv.get(f"/api/v1/compensations?ticket_id={t['id']}"), 200)["items"]
        return len(items) >= 2 and items
    items = wait_for(comps, timeout=10)
    assert items, "no compensations after both targets were breached"
    by_name = {i["commitment"]: i for i in items}
    assert by_name["快速响应承诺"]["status"] == "approved"  # 20 <= 50
    assert by_name["快速响应承诺"]["type"] == "coupon"
    pending = by_name["resolution-credit"]
    assert pending["status"] == "pending_approval"  # 500 > 50
    assert "sla.breached" in event_types(srv, t["id"])  # recorded even without a ladder step
    # Visible on the ticket and the customer 360° view.
    ticket = expect(srv.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert len(ticket["compensations"]) == 2
    view = expect(srv.get(f"/api/v1/customers/{c['id']}"), 200)
    assert {x["commitment"] for x in view["compensations"]} == set(by_name)
    # An agent may not approve; a supervisor may, once.
    agent = create_agent(srv, role="agent")
    expect_error(srv.patch(f"/api/v1/compensations/{pending['id']}", {"status": "approved"},
                           token=agent["api_token"]), 403)
    sup = create_agent(srv, role="supervisor")
    done = expect(srv.patch(f"/api/v1/compensations/{pending['id']}",
                            {"status": "approved", "note": "ok"}, token=sup["api_token"]), 200)
    assert done["status"] == "approved" and done["decided_by"] == sup["id"]
    expect_error(srv.patch(f"/api/v1/compensations/{pending['id']}", {"status": "rejected"}), 409)
    # Each commitment compensates once per ticket, whatever happens later.
    time.sleep(1.5)
    again = expect(srv.get(f"/api/v1/compensations?ticket_id={t['id']}"), 200)["items"]
    assert len(again) == 2


@pytest.mark.parametrize("body,field", [
    ([{"name": "x", "target": "lunch", "compensation": {"type": "coupon"}}], "[0].target"),
    ([{"name": "x", "target": "resolution", "compensation": {"type": "cash"}}],
     "[0].compensation.type"),
    ([{"name": "x", "target": "resolution", "compensation": {"type": "credit", "amount": -1}}],
     "[0].compensation.amount"),
    ([{"target": "resolution", "compensation": {"type": "credit"}}], "[0].name"),
])
def test_invalid_commitments_are_refused(server, body, field):
    before = expect(server.get("/api/v1/commitments"), 200)
    expect_error(server.request("PUT", "/api/v1/commitments", body), 422, field=field)
    assert expect(server.get("/api/v1/commitments"), 200) == before
