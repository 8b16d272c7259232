"""Three-level early warning over HTTP: low scores raise level 1 (supervisor, 24 h) or level 2
(expert, 4 h) with a callback task on the ticket; a repeat complaint raises level 3 (csm);
alerts are listed with filters and pages, acknowledged and resolved (with an outcome), and
escalate one level when left unhandled past their due time."""
from conftest import (assert_iso, create_customer, create_ticket, events_of, expect,
                      expect_error, parse_time)
from voc_support import alerts, answer, edit_db, resolved_ticket, wait_for


def test_csat_3_is_level_1_for_the_supervisor_with_a_callback_task(server):
    c, t, s = resolved_ticket(server)
    expect(answer(server, s["token"], 3), 201)  # 3 → 5.0 on 0-10: below 7, not below 5
    got = alerts(server, ticket_id=t["id"])
    assert len(got) == 1
    a = got[0]
    assert (a["level"], a["owner_role"], a["reason"], a["status"]) == \
        (1, "supervisor", "low_score", "open")
    assert a["customer_id"] == c["id"] and a["survey_id"] == s["id"]
    hours = (parse_time(a["due_at"]) - parse_time(a["created_at"])).total_seconds() / 3600
    assert hours == 24
    tasks = expect(server.get(f"/api/v1/tickets/{t['id']}/tasks"), 200)["items"]
    assert [k["id"] for k in tasks] == [a["task_id"]]
    assert tasks[0]["department"] == "service" and assert_iso(tasks[0]["due_at"])
    ev = [e for e in events_of(server, t["id"]) if e["type"] == "alert.created"]
    assert len(ev) == 1
    d = ev[0]["data"]
    assert (d["alert_id"], d["level"], d["reason"], d["owner_role"], d["status"]) == \
        (a["id"], 1, "low_score", "supervisor", "open")


def test_csat_2_is_level_2_for_an_expert_and_nps_follows_the_scale(server):
    _, t, s = resolved_ticket(server)
    expect(answer(server, s["token"], 2), 201)  # 2.5 on 0-10
    a = alerts(server, ticket_id=t["id"])[0]
    assert (a["level"], a["owner_role"], a["reason"]) == (2, "expert", "very_low_score")
    hours = (parse_time(a["due_at"]) - parse_time(a["created_at"])).total_seconds() / 3600
    assert hours == 4
    c = create_customer(server)
    nps = expect(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "nps"}), 201)
    expect(answer(server, nps["token"], 6), 201)
    a = alerts(server, customer_id=c["id"])
    assert [(x["level"], x["ticket_id"], x["task_id"]) for x in a] == [(1, None, None)]
    c2 = create_customer(server)
    nps = expect(server.post("/api/v1/surveys", {"customer_id": c2["id"], "kind": "nps"}), 201)
    expect(answer(server, nps["token"], 7), 201)  # 7 is not below 7
    assert alerts(server, customer_id=c2["id"]) == []


def test_repeat_complaint_in_the_same_category_is_level_3_for_the_csm(server):
    c = create_customer(server)
    first = create_ticket(server, c["id"], category="complaint")
    assert alerts(server, ticket_id=first["id"]) == []
    other = create_ticket(server, c["id"], category="billing")  # not a complaint
    assert alerts(server, ticket_id=other["id"]) == []
    second = create_ticket(server, c["id"], category="complaint")
    got = alerts(server, ticket_id=second["id"])
    assert [(a["level"], a["owner_role"], a["reason"]) for a in got] == \
        [(3, "csm", "repeat_complaint")]
    # Re-categorising a ticket into complaint counts too (once).
    third = create_ticket(server, c["id"], category="other")
    expect(server.patch(f"/api/v1/tickets/{third['id']}", {"category": "complaint"}), 200)
    assert [a["level"] for a in alerts(server, ticket_id=third["id"])] == [3]
    assert len(alerts(server, customer_id=c["id"], level=3)) == 2
    # Another customer's first complaint is not a repeat.
    d = create_customer(server)
    t = create_ticket(server, d["id"], category="complaint")
    assert alerts(server, ticket_id=t["id"]) == []


def test_complaint_text_is_a_complaint(server):
    c = create_customer(server)
    create_ticket(server, c["id"], category="billing", description="我要投诉，又多扣了钱")
    t = create_ticket(server, c["id"], category="billing", subject="再次投诉 扣费问题")
    assert [a["level"] for a in alerts(server, ticket_id=t["id"])] == [3]


def test_acknowledge_then_resolve_with_an_outcome(server):
    _, t, s = resolved_ticket(server)
    expect(answer(server, s["token"], 1), 201)
    a = alerts(server, ticket_id=t["id"])[0]
    r = expect(server.patch(f"/api/v1/alerts/{a['id']}", {"status": "acknowledged"}), 200)
    assert r["status"] == "acknowledged"
    expect_error(server.patch(f"/api/v1/alerts/{a['id']}", {"status": "resolved"}), 422,
                 field="outcome")
    expect_error(server.patch(f"/api/v1/alerts/{a['id']}", {"status": "closed"}), 422,
                 field="status")
    expect_error(server.patch(f"/api/v1/alerts/{a['id']}", {}), 422, field="status")
    r = expect(server.patch(f"/api/v1/alerts/{a['id']}",
                            {"status": "resolved", "outcome": "回访致歉，已补发配件"}), 200)
    assert r["status"] == "resolved" and r["outcome"] == "回访致歉，已补发配件"
    assert_iso(r["resolved_at"])
    expect_error(server.patch(f"/api/v1/alerts/{a['id']}", {"status": "acknowledged"}), 409)
    expect_error(server.patch("/api/v1/alerts/999999999", {"status": "acknowledged"}), 404)
    ups = [e["data"] for e in events_of(server, t["id"]) if e["type"] == "alert.updated"]
    assert [u["status"] for u in ups] == ["acknowledged", "resolved"]
    assert all(set(u) >= {"alert_id", "level", "reason", "owner_role", "status"} for u in ups)
    assert [x["id"] for x in alerts(server, ticket_id=t["id"], status="resolved")] == [a["id"]]
    # Agents do not handle alerts.
    agent = expect(server.post("/api/v1/agents", {"name": "a", "team": "t", "role": "agent"}), 201)
    _, t2, s2 = resolved_ticket(server)
    expect(answer(server, s2["token"], 1), 201)
    a2 = alerts(server, ticket_id=t2["id"])[0]
    r = server.patch(f"/api/v1/alerts/{a2['id']}", {"status": "acknowledged"},
                     token=agent["api_token"])
    expect_error(r, 403)


def test_list_filters_and_pages(server):
    c = create_customer(server)
    for _ in range(3):
        _, _, s = resolved_ticket(server, customer=c)
        expect(answer(server, s["token"], 3), 201)
    page1 = expect(server.get(f"/api/v1/alerts?customer_id={c['id']}&limit=2"), 200)
    assert len(page1["items"]) == 2 and page1["next_cursor"]
    page2 = expect(server.get(f"/api/v1/alerts?customer_id={c['id']}&limit=2"
                              f"&cursor={page1['next_cursor']}"), 200)
    assert len(page2["items"]) == 1 and page2["next_cursor"] is None
    ids = [a["id"] for a in page1["items"] + page2["items"]]
    assert ids == sorted(ids, reverse=True)
    assert len(alerts(server, customer_id=c["id"], level=1, status="open",
                      owner_role="supervisor")) == 3
    assert alerts(server, customer_id=c["id"], level=2) == []
    for bad, field in [("level=4", "level"), ("status=x", "status"), ("owner_role=boss", "owner_role"),
                       ("customer_id=abc", "customer_id"), ("limit=0", "limit")]:
        expect_error(server.get(f"/api/v1/alerts?{bad}"), 422, field=field)


def test_unhandled_alert_escalates_past_its_due_time(fresh_server):
    srv = fresh_server()
    _, t, s = resolved_ticket(srv)
    expect(answer(srv, s["token"], 3), 201)
    a = alerts(srv, ticket_id=t["id"])[0]
    _, t2, s2 = resolved_ticket(srv)
    expect(answer(srv, s2["token"], 3), 201)
    handled = alerts(srv, ticket_id=t2["id"])[0]
    expect(srv.patch(f"/api/v1/alerts/{handled['id']}", {"status": "resolved", "outcome": "ok"}),
           200)
    srv.stop()
    edit_db(srv, "UPDATE alerts SET due_at = due_at - 25*3600000")
    srv.start()

    def escalated():
        got = alerts(srv, ticket_id=t["id"])[0]
        return got if got["level"] == 2 else None
    got = wait_for(escalated, "the escalation")
    assert got["owner_role"] == "expert" and got["escalations"] == 1 and got["status"] == "open"
    ev = [e["data"] for e in events_of(srv, t["id"]) if e["type"] == "alert.updated"]
    assert ev[-1]["level"] == 2 and ev[-1]["escalated_from"] == 1
    # The resolved one stays where it was.
    assert alerts(srv, ticket_id=t2["id"])[0]["level"] == 1
