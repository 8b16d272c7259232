"""Surveys over HTTP: resolving a ticket sends one CSAT survey (in the outbox with its link),
answers through the public endpoint and the public page, one answer per token, ranges,
unknown and expired links, the NPS fatigue guard, listing, stats and the 360° view."""
import re

from conftest import (create_customer, create_ticket, event_types, events_of, expect,
                      expect_error, uid)
from voc_support import (alerts, answer, edit_db, form_post, html, resolve, resolved_ticket,
                         wait_for)


def test_resolving_sends_one_csat_survey_with_its_link_in_the_outbox(server):
    c, t, s = resolved_ticket(server)
    assert s["kind"] == "csat" and s["status"] == "sent"
    assert s["ticket_id"] == t["id"] and s["customer_id"] == c["id"]
    assert len(s["token"]) >= 22  # ≥ 128 bits, URL-safe
    assert s["url"].endswith("/s/" + s["token"]) and s["url"].startswith("http://127.0.0.1:")
    out = expect(server.get("/api/v1/outbox?status=pending&limit=500"), 200, "outbox")["items"]
    mine = [m for m in out if m["survey_id"] == s["id"]]
    assert len(mine) == 1, out
    assert mine[0]["purpose"] == "survey" and mine[0]["channel"] == "sms"
    assert mine[0]["recipient"] == c["phone"]
    assert s["url"] in mine[0]["body"]
    sent = [e for e in events_of(server, t["id"]) if e["type"] == "survey.sent"]
    assert len(sent) == 1
    assert sent[0]["data"] == {"survey_id": s["id"], "kind": "csat", "channel": t["channel"]}
    assert sent[0]["customer_id"] == c["id"]

    # Reopened and resolved again: still one survey for the ticket.
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"status": "reopened"}), 200)
    resolve(server, t["id"])
    assert event_types(server, t["id"]).count("survey.sent") == 1
    listed = expect(server.get(f"/api/v1/surveys?ticket_id={t['id']}"), 200)["items"]
    assert [x["id"] for x in listed] == [s["id"]]


def test_public_answer_once_with_range_checks(server):
    c, t, s = resolved_ticket(server)
    token = s["token"]
    q = expect(server.get(f"/api/v1/public/surveys/{token}", token=None), 200)
    assert q["kind"] == "csat" and q["scale"] == {"min": 1, "max": 5} and q["question"]
    expect_error(answer(server, token, 6), 422, field="score")
    expect_error(answer(server, token, 0), 422, field="score")
    expect_error(server.post(f"/api/v1/public/surveys/{token}", {"score": "5"}, token=None), 422,
                 field="score")
    expect_error(server.post(f"/api/v1/public/surveys/{token}", {}, token=None), 422, field="score")
    r = expect(answer(server, token, 5, "很满意，谢谢"), 201)
    assert r["status"] == "answered" and r["score"] == 5 and r["scaled"] == 10
    expect_error(answer(server, token, 4), 409)
    got = expect(server.get(f"/api/v1/tickets/{t['id']}/survey"), 200)
    assert got["status"] == "answered" and got["score"] == 5 and got["comment"] == "很满意，谢谢"
    ev = [e for e in events_of(server, t["id"]) if e["type"] == "survey.answered"]
    assert len(ev) == 1
    d = ev[0]["data"]
    assert (d["survey_id"], d["kind"], d["score"], d["scaled"], d["comment"]) == \
        (s["id"], "csat", 5, 10, "很满意，谢谢")
    assert ev[0]["customer_id"] == c["id"]
    # A satisfied customer raises no alert.
    assert alerts(server, ticket_id=t["id"]) == []


def test_unknown_token_is_404_and_needs_no_auth(server):
    expect_error(server.get("/api/v1/public/surveys/no-such-token", token=None), 404)
    expect_error(answer(server, "no-such-token", 3), 404)
    r = server.get("/s/no-such-token", token=None)
    assert r.status == 404 and "<form" not in html(r)


def test_survey_page_answers_with_one_tap_and_thanks(server):
    c = create_customer(server, language="en", email=f"p{uid()}@example.com")
    _, t, s = resolved_ticket(server, customer=c)
    page = server.get(f"/s/{s['token']}", token=None)
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    body = html(page)
    assert '<html lang="en"' in body and 'method="post"' in body
    assert body.count('name="score"') == 5  # one submit button per score 1..5
    assert not re.search(r'(src|href)="?https?:', body), "no external resources"
    r = form_post(server, f"/s/{s['token']}", {"score": "9"})
    assert r.status == 422 and "<form" in html(r)
    r = form_post(server, f"/s/{s['token']}", {"score": "4", "comment": "Quick & <b>kind</b>"})
    assert r.status == 200 and "Thank you" in html(r)
    got = expect(server.get(f"/api/v1/tickets/{t['id']}/survey"), 200)
    assert got["score"] == 4 and got["comment"] == "Quick & <b>kind</b>"
    again = server.get(f"/s/{s['token']}", token=None)
    assert again.status == 200 and "<form" not in html(again) and "already answered" in html(again)
    assert form_post(server, f"/s/{s['token']}", {"score": "5"}).status == 409


def test_chinese_page_for_a_chinese_customer(server):
    _, _, s = resolved_ticket(server)
    body = html(server.get(f"/s/{s['token']}", token=None))
    assert '<html lang="zh-CN"' in body and "您对本次服务满意吗" in body


def test_nps_on_demand_with_the_fatigue_guard(server):
    c = create_customer(server)
    s = expect(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "nps"}), 201)
    assert s["kind"] == "nps" and s["ticket_id"] is None and s["url"].endswith(s["token"])
    q = expect(server.get(f"/api/v1/public/surveys/{s['token']}", token=None), 200)
    assert q["scale"] == {"min": 0, "max": 10}
    err = expect_error(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "nps"}),
                       409, field="customer_id")
    assert "90 days" in err["message"]
    expect(answer(server, s["token"], 0), 201)  # 0 is a valid NPS score
    # Another customer is not affected.
    other = create_customer(server)
    expect(server.post("/api/v1/surveys", {"customer_id": other["id"], "kind": "nps"}), 201)


def test_survey_creation_errors(server):
    c = create_customer(server)
    expect_error(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "xyz"}), 422,
                 field="kind")
    expect_error(server.post("/api/v1/surveys", {"kind": "nps"}), 422, field="customer_id")
    expect_error(server.post("/api/v1/surveys", {"customer_id": 10**12, "kind": "nps"}), 422,
                 field="customer_id")
    expect_error(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "csat"}), 422,
                 field="ticket_id")
    other = create_customer(server)
    t = create_ticket(server, other["id"])
    expect_error(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "csat",
                                                 "ticket_id": t["id"]}), 422, field="ticket_id")
    # A CSAT on demand for an unresolved ticket, then never a second one for it.
    mine = create_ticket(server, c["id"])
    expect(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "csat",
                                           "ticket_id": mine["id"]}), 201)
    expect_error(server.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "csat",
                                                 "ticket_id": mine["id"]}), 409)
    resolve(server, mine["id"])
    assert event_types(server, mine["id"]).count("survey.sent") == 1
    expect_error(server.post("/api/v1/surveys", raw="{", headers={}), 400)
    expect_error(server.get("/api/v1/surveys?status=bogus"), 422, field="status")
    expect_error(server.get(f"/api/v1/tickets/{create_ticket(server)['id']}/survey"), 404)


def test_customer_360_and_ticket_show_surveys_and_alerts(server):
    c, t, s = resolved_ticket(server)
    expect(answer(server, s["token"], 2, "客服态度很差"), 201)
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    assert [x["id"] for x in view["surveys"]] == [s["id"]]
    assert view["surveys"][0]["cause"] == "staff"
    assert len(view["alerts"]) == 1 and view["alerts"][0]["level"] == 2
    ticket = expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)
    assert ticket["survey"]["id"] == s["id"] and ticket["alerts"][0]["owner_role"] == "expert"


def test_settings_skip_a_channel_and_validate(server):
    old = expect(server.get("/api/v1/settings/voc"), 200)
    assert old["thresholds"]["level1_below"] == 7 and old["nps_fatigue_days"] == 90
    try:
        expect(server.request("PUT", "/api/v1/settings/voc",
                              {"csat_skip_channels": ["social"]}), 200)
        c = create_customer(server)
        t = create_ticket(server, c["id"], channel="social")
        resolve(server, t["id"])
        expect_error(server.get(f"/api/v1/tickets/{t['id']}/survey"), 404)
        expect_error(server.request("PUT", "/api/v1/settings/voc", {"survey_ttl_days": 0}), 422,
                     field="survey_ttl_days")
        expect_error(server.request("PUT", "/api/v1/settings/voc", {"bogus": 1}), 422,
                     field="bogus")
        expect_error(server.request("PUT", "/api/v1/settings/voc",
                                    {"thresholds": {"level1_below": 11}}), 422,
                     field="thresholds.level1_below")
        expect_error(server.request("PUT", "/api/v1/settings/voc",
                                    {"notify_webhook": "ftp://x"}), 422, field="notify_webhook")
    finally:
        expect(server.request("PUT", "/api/v1/settings/voc", {}), 200)


def test_response_rate_by_channel(fresh_server):
    srv = fresh_server()
    c = create_customer(srv)
    tokens = []
    for ch in ["email", "email", "chat"]:
        _, _, s = resolved_ticket(srv, customer=c, channel=ch)
        tokens.append(s["token"])
    expect(answer(srv, tokens[0], 5), 201)
    expect(answer(srv, tokens[2], 2), 201)
    st = expect(srv.get("/api/v1/surveys/stats?group_by=channel"), 200)
    groups = {g["key"]: g for g in st["groups"]}
    assert groups["email"]["sent"] == 2 and groups["email"]["answered"] == 1
    assert groups["email"]["response_rate"] == 0.5 and groups["email"]["csat"] == 1.0
    assert groups["chat"]["response_rate"] == 1.0 and groups["chat"]["csat"] == 0.0
    expect_error(srv.get("/api/v1/surveys/stats?group_by=planet"), 422, field="group_by")
    expect_error(srv.get("/api/v1/surveys/stats?from=yesterday"), 422, field="from")


def test_expired_link_is_410_and_a_reminder_goes_out_once(fresh_server):
    srv = fresh_server()
    _, _, old = resolved_ticket(srv)
    _, _, late = resolved_ticket(srv)
    srv.stop()
    edit_db(srv, "UPDATE surveys SET sent_at = sent_at - 8*86400000, "
                 "expires_at = expires_at - 8*86400000 WHERE id = ?", (old["id"],))
    edit_db(srv, "UPDATE surveys SET sent_at = sent_at - 25*3600000 WHERE id = ?", (late["id"],))
    srv.start()
    expect_error(srv.get(f"/api/v1/public/surveys/{old['token']}", token=None), 410)
    expect_error(answer(srv, old["token"], 5), 410)
    assert srv.get(f"/s/{old['token']}", token=None).status == 410
    assert form_post(srv, f"/s/{old['token']}", {"score": "5"}).status == 410
    listed = expect(srv.get("/api/v1/surveys?status=expired"), 200)["items"]
    assert [x["id"] for x in listed] == [old["id"]]

    def reminders():
        out = expect(srv.get("/api/v1/outbox?limit=500"), 200)["items"]
        return [m for m in out if m["purpose"] == "reminder"]
    got = wait_for(reminders, "the reminder")
    assert [m["survey_id"] for m in got] == [late["id"]]
    assert "/s/" + late["token"] in got[0]["body"]  # the port changed on restart
    s = expect(srv.get(f"/api/v1/surveys?ticket_id={late['ticket_id']}"), 200)["items"][0]
    assert s["reminder_sent_at"] is not None


def test_a_rule_sends_a_survey_and_a_refusal_is_recorded(server):
    mark = f"调查{uid()}"
    rule = expect(server.post("/api/v1/rules", {
        "name": f"NPS after onboarding {mark}", "event": "ticket.created",
        "conditions": {"all": [{"field": "ticket.subject", "op": "contains", "value": mark}]},
        "actions": [{"type": "send_survey", "kind": "nps"}]}), 201)
    try:
        c = create_customer(server)
        t1 = create_ticket(server, c["id"], subject=f"安装完成 {mark}")
        surveys = expect(server.get(f"/api/v1/surveys?customer_id={c['id']}"), 200)["items"]
        assert [s["kind"] for s in surveys] == ["nps"]
        assert surveys[0]["ticket_id"] is None  # NPS is about the relationship, not the ticket
        assert "rule.fired" in event_types(server, t1["id"])
        # The second ticket of the same customer: the fatigue guard refuses, the rule records it.
        t2 = create_ticket(server, c["id"], subject=f"再次安装 {mark}")
        acts = [e["data"] for e in events_of(server, t2["id"]) if e["type"] == "rule.action"]
        assert len(acts) == 1 and acts[0]["applied"] is False
        assert acts[0]["error"]["code"] == "conflict"
        assert len(expect(server.get(f"/api/v1/surveys?customer_id={c['id']}"), 200)["items"]) == 1
    finally:
        expect(server.request("DELETE", f"/api/v1/rules/{rule['id']}"), 204)


def test_rules_run_on_survey_answered(server):
    mark = f"差评{uid()}"
    rule = expect(server.post("/api/v1/rules", {
        "name": f"low CSAT {mark}", "event": "survey.answered",
        "conditions": {"all": [{"field": "survey.score", "op": "lt", "value": 3},
                               {"field": "ticket.subject", "op": "contains", "value": mark}]},
        "actions": [{"type": "add_tag", "value": "csat_low"}]}), 201)
    try:
        _, t, s = resolved_ticket(server, subject=f"维修 {mark}")
        _, t2, s2 = resolved_ticket(server, subject=f"维修 {mark}")
        expect(answer(server, s["token"], 2, "太慢了"), 201)
        expect(answer(server, s2["token"], 4), 201)
        assert "csat_low" in expect(server.get(f"/api/v1/tickets/{t['id']}"), 200)["tags"]
        assert "csat_low" not in expect(server.get(f"/api/v1/tickets/{t2['id']}"), 200)["tags"]
        fired = [e["data"] for e in events_of(server, t["id"]) if e["type"] == "rule.fired"]
        assert [f["event"] for f in fired] == ["survey.answered"]
    finally:
        expect(server.request("DELETE", f"/api/v1/rules/{rule['id']}"), 204)



def test_comment_cause_comes_from_the_text_engine(server):
    """The server classifies survey comments with the text engine: the cause is the one
    POST /api/v1/analyze gives. A disappointed comment naming no cue word (which the keyword
    classifier leaves as other) gets the engine's weak product_defect guess."""
    causes = {}
    for comment in ("真的太失望了，完全不能用", "客服态度很差", "快递三天还没到", "谢谢"):
        _, _, s = resolved_ticket(server)
        expect(answer(server, s["token"], 2, comment), 201)
        engine = expect(server.post("/api/v1/analyze", {"text": comment}), 200)["cause"]
        listed = expect(server.get(f"/api/v1/surveys?ticket_id={s['ticket_id']}"), 200)["items"]
        assert listed[0]["cause"] == engine["label"], comment
        causes[comment] = engine["label"]
    assert causes == {"真的太失望了，完全不能用": "product_defect", "客服态度很差": "staff",
                      "快递三天还没到": "logistics", "谢谢": "other"}
