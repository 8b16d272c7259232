"""Rules over HTTP: CRUD with versions, validation errors naming the field, roles, effects
visible in the response of the change that triggered them, dry runs that change nothing,
deletion, and persistence across a restart.

The module shares one server, so every rule here matches only tickets carrying a marker
unique to its test, and each test deletes the rules it made."""
import pytest

from conftest import (create_agent, create_customer, create_ticket, event_types, events_of,
                      expect, expect_error, qs, uid, assert_iso)


def marker():
    return f"标记{uid()}"


def rule_body(mark, **overrides):
    body = {"name": f"投诉升级 {mark}", "event": "ticket.created",
            "conditions": {"all": [{"field": "ticket.subject", "op": "contains", "value": mark}]},
            "actions": [{"type": "add_tag", "value": "complaint"},
                        {"type": "set", "field": "ticket.priority", "value": "P1"}]}
    body.update(overrides)
    return body


@pytest.fixture
def rules(server):
    """Creates rules as the admin and deletes whatever is left of them after the test."""
    made = []

    def make(body, token=None):
        kw = {} if token is None else {"token": token}
        got = expect(server.post("/api/v1/rules", body, **kw), 201, "create rule")
        made.append(got["id"])
        return got

    yield make
    for rid in made:
        server.request("DELETE", f"/api/v1/rules/{rid}")


@pytest.fixture(scope="module")
def tokens(_module_server):
    srv = _module_server
    agent = create_agent(srv, role="agent")
    sup = create_agent(srv, role="supervisor")
    return {"agent": agent["api_token"], "supervisor": sup["api_token"]}


# ------------------------------------------------------------------------------------- CRUD


def test_crud_with_versions(server, rules):
    mark = marker()
    r = rules(rule_body(mark, position=7))
    assert isinstance(r["id"], int) and r["id"] > 0
    assert r["version"] == 1 and r["enabled"] is True and r["position"] == 7
    assert r["event"] == "ticket.created" and r["name"] == f"投诉升级 {mark}"
    assert r["conditions"] == {"all": [{"field": "ticket.subject", "op": "contains",
                                        "value": mark}]}
    assert r["actions"][1] == {"type": "set", "field": "ticket.priority", "value": "P1"}
    assert_iso(r["created_at"])
    assert_iso(r["updated_at"])

    got = expect(server.get(f"/api/v1/rules/{r['id']}"), 200)
    assert got == r
    listed = expect(server.get("/api/v1/rules"), 200)
    assert listed["next_cursor"] is None
    assert r["id"] in [x["id"] for x in listed["items"]]

    # PUT replaces the rule and raises the version; what GET returned can be sent back.
    edited = dict(got, name="改名", actions=[{"type": "add_tag", "value": "renamed"}])
    v2 = expect(server.request("PUT", f"/api/v1/rules/{r['id']}", edited), 200)
    assert v2["version"] == 2 and v2["name"] == "改名"
    assert v2["actions"] == [{"type": "add_tag", "value": "renamed"}]
    assert v2["created_at"] == r["created_at"]
    # A stale version is a conflict; a PATCH changes only what it names.
    expect_error(server.request("PUT", f"/api/v1/rules/{r['id']}", dict(edited, version=1)), 409,
                 field="version")
    v3 = expect(server.patch(f"/api/v1/rules/{r['id']}", {"enabled": False}), 200)
    assert v3["version"] == 3 and v3["enabled"] is False and v3["name"] == "改名"
    # An id in the body must be the addressed one.
    expect_error(server.request("PUT", f"/api/v1/rules/{r['id']}", dict(edited, id=r["id"] + 999)),
                 422, field="id")

    resp = server.request("DELETE", f"/api/v1/rules/{r['id']}")
    assert resp.status == 204, resp
    expect_error(server.get(f"/api/v1/rules/{r['id']}"), 404)
    expect_error(server.request("DELETE", f"/api/v1/rules/{r['id']}"), 404)
    expect_error(server.request("PUT", f"/api/v1/rules/{r['id']}", edited), 404)
    assert r["id"] not in [x["id"] for x in expect(server.get("/api/v1/rules"), 200)["items"]]
    expect_error(server.get("/api/v1/rules/999999999"), 404)
    expect_error(server.get("/api/v1/rules/abc"), 404)


def test_list_is_in_position_order(server, rules):
    mark = marker()
    b = rules(rule_body(mark, name="b", position=5000))
    a = rules(rule_body(mark, name="a", position=4000))
    ids = [x["id"] for x in expect(server.get("/api/v1/rules"), 200)["items"]]
    assert ids.index(a["id"]) < ids.index(b["id"])


def test_fields_registry_for_the_editor(server):
    items = expect(server.get("/api/v1/rules/fields"), 200)["items"]
    by_name = {f["name"]: f for f in items}
    pri = by_name["ticket.priority"]
    assert pri["type"] == "enum" and pri["values"] == ["P1", "P2", "P3", "P4"]
    assert "changed" in pri["operators"] and pri["settable"] is True
    assert "contains" in by_name["ticket.subject"]["operators"]
    assert "message.body" in by_name


# ------------------------------------------------------------------------------- validation


@pytest.mark.parametrize("mutate,field", [
    (lambda b: b["conditions"]["all"][0].update(field="ticket.colour"), "conditions.all[0].field"),
    (lambda b: b["conditions"]["all"][0].update(op="resembles"), "conditions.all[0].op"),
    (lambda b: b["actions"][0].update(type="teleport"), "actions[0].type"),
    (lambda b: b["conditions"]["all"][0].update(field="ticket.priority", op="eq", value="P9"),
     "conditions.all[0].value"),
    (lambda b: b.update(event="ticket.exploded"), "event"),
    (lambda b: b["actions"][1].update(field="ticket.subject"), "actions[1].field"),
    (lambda b: b.update(actions=[]), "actions"),
    (lambda b: b.update(colour="red"), "colour"),
])
def test_invalid_rules_are_422_naming_the_field(server, mutate, field):
    body = rule_body(marker())
    mutate(body)
    err = expect_error(server.post("/api/v1/rules", body), 422, field=field)
    assert err["code"] == "invalid_argument"
    assert not [x for x in expect(server.get("/api/v1/rules"), 200)["items"]
                if x["name"] == body.get("name")]


def test_invalid_update_is_422_and_keeps_the_rule(server, rules):
    r = rules(rule_body(marker()))
    bad = rule_body(marker())
    bad["conditions"]["all"][0]["op"] = "resembles"
    expect_error(server.request("PUT", f"/api/v1/rules/{r['id']}", bad), 422,
                 field="conditions.all[0].op")
    expect_error(server.patch(f"/api/v1/rules/{r['id']}", {"actions": [{"type": "teleport"}]}),
                 422, field="actions[0].type")
    assert expect(server.get(f"/api/v1/rules/{r['id']}"), 200) == r


def test_malformed_bodies_are_400(server):
    expect_error(server.request("POST", "/api/v1/rules", raw="{not json"), 400)
    expect_error(server.request("POST", "/api/v1/rules", raw="[1, 2]"), 400)


# ------------------------------------------------------------------------------------ roles


def test_only_admin_or_supervisor_change_rules(server, rules, tokens):
    body = rule_body(marker())
    expect_error(server.post("/api/v1/rules", body, token=tokens["agent"]), 403)
    mine = rules(rule_body(marker()), token=tokens["supervisor"])
    rid = mine["id"]
    expect_error(server.request("PUT", f"/api/v1/rules/{rid}", body, token=tokens["agent"]), 403)
    expect_error(server.patch(f"/api/v1/rules/{rid}", {"enabled": False}, token=tokens["agent"]),
                 403)
    expect_error(server.request("DELETE", f"/api/v1/rules/{rid}", token=tokens["agent"]), 403)
    # Every role reads (and dry-runs).
    assert expect(server.get(f"/api/v1/rules/{rid}", token=tokens["agent"]), 200)["id"] == rid
    expect(server.get("/api/v1/rules", token=tokens["agent"]), 200)
    expect(server.post(f"/api/v1/rules/{rid}/dry-run" + qs(limit=5), token=tokens["agent"]), 200)
    assert expect(server.get(f"/api/v1/rules/{rid}"), 200)["version"] == 1
    expect_error(server.get("/api/v1/rules", token="nope"), 401)


# ---------------------------------------------------------------------------------- effects


def test_rule_effect_is_in_the_create_response(server, rules):
    mark = marker()
    r = rules(rule_body(mark))
    c = create_customer(server)
    t = create_ticket(server, c["id"], subject=f"客户投诉 {mark}", priority="P3")
    assert t["priority"] == "P1"
    assert "complaint" in t["tags"]
    got = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["priority"] == "P1" and "complaint" in got["tags"]
    # The SLA follows the new priority (basic-p1: first response within 30 min).
    assert got["sla"]["policy"] == "basic-p1"
    evs = events_of(server, t["id"])
    fired = [e for e in evs if e["type"] == "rule.fired"]
    assert len(fired) == 1
    d = fired[0]["data"]
    assert d["rule_id"] == r["id"] and d["version"] == 1 and d["event"] == "ticket.created"
    assert d["rule_name"] == r["name"] and len(d["actions"]) == 2
    types = [e["type"] for e in evs]
    assert types.index("ticket.created") < types.index("rule.fired") < types.index(
        "ticket.updated")
    # A ticket without the marker is untouched.
    other = create_ticket(server, c["id"], subject="普通咨询", priority="P3")
    assert other["priority"] == "P3" and "complaint" not in other["tags"]
    assert "rule.fired" not in event_types(server, other["id"])


def test_updated_rule_with_changed_and_message_rule(server, rules):
    mark = marker()
    rules({"name": "优先级变更", "event": "ticket.updated",
           "conditions": {"all": [{"field": "ticket.priority", "op": "changed"},
                                  {"field": "ticket.subject", "op": "contains", "value": mark}]},
           "actions": [{"type": "add_note", "body": "优先级已变更"}]})
    rules({"name": "退款", "event": "message.created",
           "conditions": {"all": [{"field": "message.body", "op": "contains", "value": "退款"},
                                  {"field": "ticket.subject", "op": "contains", "value": mark}]},
           "actions": [{"type": "set", "field": "ticket.category", "value": "refund"},
                       {"type": "create_task", "department": "service", "title": "退款审核"}]})
    t = create_ticket(server, subject=f"问题 {mark}", priority="P3", category="other")
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"category": "repair"}), 200)
    assert "rule.fired" not in event_types(server, t["id"])
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"priority": "P2"}), 200)
    got = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert [m["body"] for m in got["messages"] if m["internal"]] == ["优先级已变更"]
    expect(server.post(f"/api/v1/tickets/{t['id']}/messages",
                       {"author": "customer", "body": "我要退款"}), 201)
    got = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert got["category"] == "refund"
    assert [k["title"] for k in got["tasks"]] == ["退款审核"]


def test_rule_loops_stop_and_the_request_succeeds(server, rules):
    mark = marker()
    a, b = f"a{uid()}", f"b{uid()}"

    def flip(frm, to):
        return {"name": f"{frm}→{to}", "event": "ticket.updated",
                "conditions": {"all": [{"field": "ticket.tags", "op": "contains", "value": frm},
                                       {"field": "ticket.subject", "op": "contains",
                                        "value": mark}]},
                "actions": [{"type": "remove_tag", "value": frm}, {"type": "add_tag", "value": to}]}
    rules(flip(a, b))
    rules(flip(b, a))
    t = create_ticket(server, subject=f"循环 {mark}")
    got = expect(server.patch(f"/api/v1/tickets/{t['id']}", {"tags": [a]}), 200)
    assert got["tags"] == [a]  # a→b then b→a, each once
    assert event_types(server, t["id"]).count("rule.fired") == 2


def test_failing_actions_are_recorded_and_webhooks_queued(server, rules):
    mark = marker()
    rules(rule_body(mark, actions=[{"type": "assign", "agent_id": 987654321},
                                   {"type": "webhook", "url": "https://example.com/hook"},
                                   {"type": "add_tag", "value": "still-applied"}]))
    t = create_ticket(server, subject=f"失败动作 {mark}")
    assert t["assignee_id"] is None or t["assignee_id"] != 987654321
    assert "still-applied" in t["tags"]
    acts = [e["data"] for e in events_of(server, t["id"]) if e["type"] == "rule.action"]
    assert len(acts) == 1  # only the failed assign; the webhook went to the outbox
    assert acts[0]["applied"] is False and acts[0]["error"]["field"] == "assignee_id"
    hooks = [m for m in expect(server.get("/api/v1/outbox?limit=500"), 200)["items"]
             if m["channel"] == "webhook" and f"#{t['id']}" in m["subject"]]
    assert len(hooks) == 1 and hooks[0]["recipient"] == "https://example.com/hook"


def test_grant_compensation_creates_a_compensation(server, rules):
    mark = marker()
    r = rules(rule_body(mark, actions=[{"type": "grant_compensation", "kind": "coupon",
                                        "amount": 20, "note": "致歉券"}]))
    t = create_ticket(server, subject=f"补偿 {mark}")
    got = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
    comps = got["compensations"]
    assert len(comps) == 1
    assert comps[0]["type"] == "coupon" and comps[0]["amount"] == 20
    assert comps[0]["status"] == "approved" and comps[0]["commitment"] == f"rule:{r['id']}"
    assert "compensation.created" in event_types(server, t["id"])


# ---------------------------------------------------------------------------------- dry run


def test_dry_run_lists_matches_and_changes_nothing(server, rules):
    mark = marker()
    c = create_customer(server)
    hits = [create_ticket(server, c["id"], subject=f"投诉 {mark} {i}", priority="P3")
            for i in range(3)]
    miss = create_ticket(server, c["id"], subject="无关工单", priority="P3")
    # Rules made afterwards (disabled, so it cannot fire while we look).
    r = rules(rule_body(mark, enabled=False))
    before = {t["id"]: events_of(server, t["id"]) for t in hits + [miss]}
    out = expect(server.post(f"/api/v1/rules/{r['id']}/dry-run" + qs(limit=4)), 200)
    assert out["evaluated"] == 4
    assert out["rule_id"] == r["id"]
    ids = [m["ticket_id"] for m in out["matched"]]
    assert ids == [t["id"] for t in reversed(hits)]  # newest first
    m = out["matched"][0]
    assert m["subject"] == hits[-1]["subject"]
    assert [a["type"] for a in m["actions"]] == ["add_tag", "set"]
    assert m["actions"][1]["changes"] == {"ticket.priority": {"from": "P3", "to": "P1"}}
    # Nothing changed: not the tickets, not their timelines.
    for t in hits + [miss]:
        assert events_of(server, t["id"]) == before[t["id"]]
        got = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
        assert got["priority"] == "P3" and "complaint" not in got["tags"]
    # Default limit, explain, bad limits.
    full = expect(server.post(f"/api/v1/rules/{r['id']}/dry-run" + qs(explain="true")), 200)
    assert full["evaluated"] >= 4 and len(full["explain"]) == full["evaluated"]
    assert full["explain"][0]["conditions"][0]["field"] == "ticket.subject"
    expect_error(server.post(f"/api/v1/rules/{r['id']}/dry-run" + qs(limit=0)), 422,
                 field="limit")
    expect_error(server.post(f"/api/v1/rules/{r['id']}/dry-run" + qs(limit=1001)), 422,
                 field="limit")
    expect_error(server.post("/api/v1/rules/999999999/dry-run"), 404)
    # An unsaved rule can be tried too.
    unsaved = expect(server.post("/api/v1/rules/dry-run" + qs(limit=4), rule_body(mark)), 200)
    assert [m["ticket_id"] for m in unsaved["matched"]] == ids
    expect_error(server.post("/api/v1/rules/dry-run", {"name": "x"}), 422)


def test_deleted_rule_no_longer_fires(server, rules):
    mark = marker()
    r = rules(rule_body(mark))
    assert create_ticket(server, subject=f"一 {mark}", priority="P3")["priority"] == "P1"
    resp = server.request("DELETE", f"/api/v1/rules/{r['id']}")
    assert resp.status == 204
    t = create_ticket(server, subject=f"二 {mark}", priority="P3")
    assert t["priority"] == "P3" and "complaint" not in t["tags"]
    assert "rule.fired" not in event_types(server, t["id"])


def test_disabled_rule_does_not_fire_until_enabled(server, rules):
    mark = marker()
    r = rules(rule_body(mark, enabled=False))
    assert create_ticket(server, subject=f"一 {mark}", priority="P3")["priority"] == "P3"
    expect(server.patch(f"/api/v1/rules/{r['id']}", {"enabled": True}), 200)
    assert create_ticket(server, subject=f"二 {mark}", priority="P3")["priority"] == "P1"


def test_rules_survive_a_restart(fresh_server):
    srv = fresh_server()
    mark = marker()
    r = expect(srv.post("/api/v1/rules", rule_body(mark)), 201)
    srv.restart()
    assert expect(srv.get(f"/api/v1/rules/{r['id']}"), 200)["version"] == 1
    t = create_ticket(srv, subject=f"重启 {mark}", priority="P3")
    assert t["priority"] == "P1" and "complaint" in t["tags"]


def test_schedule_rules_run_once_per_ticket_and_survive_a_restart(fresh_server):
    import time
    srv = fresh_server(extra_args=["--rules-interval-s", "1"])
    mark = marker()
    body = {"name": f"定时巡检 {mark}", "event": "schedule",
            "conditions": {"all": [{"field": "ticket.subject", "op": "contains", "value": mark}]},
            "actions": [{"type": "add_note", "body": "定时规则：请跟进"}]}
    expect(srv.post("/api/v1/rules", body), 201)
    t = create_ticket(srv, subject=f"定时 {mark}", priority="P3")

    def notes():
        return [e for e in events_of(srv, t["id"])
                if e["type"] == "rule.fired" and e["data"]["event"] == "schedule"]

    deadline = time.time() + 15
    while not notes() and time.time() < deadline:
        time.sleep(0.2)
    assert len(notes()) == 1, "the schedule rule did not fire within 15 s"
    # Several more rounds and a restart: still exactly once for this ticket and version.
    time.sleep(2.5)
    srv.restart()
    time.sleep(2.5)
    assert len(notes()) == 1
    msgs = expect(srv.get(f"/api/v1/tickets/{t['id']}/messages"), 200)["items"]
    assert [m["body"] for m in msgs if m.get("internal")].count("定时规则：请跟进") == 1


def test_schedule_interval_option_is_validated(fresh_server):
    srv = fresh_server(start=False)
    import subprocess
    r = subprocess.run(srv.command() + ["--rules-interval-s", "0"], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0 and "rules-interval-s" in (r.stderr + r.stdout)
