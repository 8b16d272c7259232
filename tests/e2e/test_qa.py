"""Conversation analysis and automatic quality inspection (docs/qa.md) over HTTP."""

import pytest

from conftest import (assert_iso, create_agent, create_customer, create_ticket, expect,
                      expect_error, set_status)

ITEMS = ["greeting", "identity_check", "listening", "empathy", "solution", "forbidden_phrases",
         "solution_confirmation", "closing", "response_latency"]


@pytest.fixture(scope="module")
def customer(_module_server):
    return create_customer(_module_server)


def post(srv, tid, author, body, internal=None):
    payload = {"author": author, "body": body}
    if internal is not None:
        payload["internal"] = internal
    return expect(srv.post(f"/api/v1/tickets/{tid}/messages", payload), 201, "post message")


def qa_of(srv, tid):
    return expect(srv.get(f"/api/v1/tickets/{tid}/qa"), 200, "get qa")


def item(qa, name):
    found = [i for i in qa["items"] if i["name"] == name]
    assert len(found) == 1, qa["items"]
    return found[0]


def dismissive_chat(srv, customer):
    t = create_ticket(srv, customer["id"], channel="chat")
    post(srv, t["id"], "customer", "你好，我家冰箱不制冷了")                 # 0
    post(srv, t["id"], "agent", "这个不归我管，你自己看说明书")             # 1
    post(srv, t["id"], "agent", "内部备注：客户很难缠", internal=True)     # not a turn
    post(srv, t["id"], "customer", "什么态度！我要投诉你们")               # 2
    post(srv, t["id"], "agent", "那就这样吧")                             # 3
    post(srv, t["id"], "customer", "算了，呵呵")                          # 4
    return t


def test_chat_qa_shape_turning_point_and_hidden_dissatisfaction(server, customer):
    t = dismissive_chat(server, customer)
    set_status(server, t["id"], "resolved")
    qa = qa_of(server, t["id"])
    # API.md shape
    assert isinstance(qa["score"], (int, float)) and 0 <= qa["score"] <= 100
    assert [i["name"] for i in qa["items"]] == ITEMS
    for i in qa["items"]:
        assert set(["name", "score", "max", "evidence", "applicable"]) <= set(i), i
        assert isinstance(i["evidence"], list)
        if i["applicable"]:
            assert 0 <= i["score"] <= i["max"], i
        else:
            assert i["score"] is None, i
    assert qa["hidden_dissatisfaction"] is True
    assert qa["hidden_dissatisfaction_reason"]
    assert_iso(qa["computed_at"])
    # the internal note is not part of the conversation
    conv = qa["conversation"]
    assert conv["source"] == "messages"
    assert [x["speaker"] for x in conv["turns"]] == ["customer", "agent", "customer", "agent",
                                                     "customer"]
    assert all("内部备注" not in x["text"] for x in conv["turns"])
    # the mood drops at turn 2, after the agent's turn 1
    tps = qa["turning_points"]
    assert [tp["turn"] for tp in tps] == [2], tps
    assert tps[0]["cause_turn"] == 1
    assert tps[0]["from"] > tps[0]["to"] and -1 <= tps[0]["to"] <= -0.2
    # forbidden phrases lose the item, with the offending turn as evidence
    fb = item(qa, "forbidden_phrases")
    assert fb["score"] == 0
    assert [e["turn"] for e in fb["evidence"]] == [1]
    assert fb["evidence"][0]["cue"] in ("不归我管", "你自己看")
    assert "不归我管" in fb["evidence"][0]["text"]
    # no greeting: lost, and the evidence shows what the first agent turn said instead
    g = item(qa, "greeting")
    assert g["score"] == 0 and g["evidence"][0]["turn"] == 1
    # no script linked to the ticket: the solution item says so
    sol = item(qa, "solution")
    assert sol["applicable"] is False and "not applicable" in sol["note"]
    # messages posted a moment apart: every reply within the latency target
    lat = item(qa, "response_latency")
    assert lat["applicable"] is True and lat["score"] == lat["max"]


def test_open_ticket_is_never_hidden_dissatisfaction(server, customer):
    t = dismissive_chat(server, customer)
    qa = qa_of(server, t["id"])
    assert qa["hidden_dissatisfaction"] is False
    assert qa["hidden_dissatisfaction_reason"] is None


def test_good_call_transcript(server, customer):
    t = create_ticket(server, customer["id"], channel="phone")
    turns = [
        {"speaker": "agent", "start_ms": 0, "text": "Thank you for calling, this is Sam. How can I help you?"},
        {"speaker": "customer", "start_ms": 5000, "text": "Hi, my dishwasher isn't draining, it's really frustrating."},
        {"speaker": "agent", "start_ms": 12000, "text": "I'm sorry to hear that. Could I have the serial number to verify your warranty?"},
        {"speaker": "customer", "start_ms": 20000, "text": "It's DW-5521."},
        {"speaker": "agent", "start_ms": 30000, "text": "Thanks. Just to confirm, water stays at the bottom after the cycle?"},
        {"speaker": "customer", "start_ms": 36000, "text": "Right."},
        {"speaker": "agent", "start_ms": 44000, "text": "Please rinse the filter and run a short cycle. Is it working now?"},
        {"speaker": "customer", "start_ms": 200000, "text": "Yes, it drained. Great, thank you!"},
        {"speaker": "agent", "start_ms": 206000, "text": "Wonderful. Anything else I can help with? Have a nice day."},
    ]
    expect(server.post(f"/api/v1/tickets/{t['id']}/transcripts", {"turns": turns}), 201)
    set_status(server, t["id"], "resolved")
    qa = qa_of(server, t["id"])
    assert qa["conversation"]["source"] == "transcripts"
    assert len(qa["conversation"]["turns"]) == len(turns)
    assert qa["turning_points"] == []
    assert qa["hidden_dissatisfaction"] is False
    for name in ["greeting", "identity_check", "listening", "empathy", "forbidden_phrases",
                 "solution_confirmation", "closing"]:
        it = item(qa, name)
        assert it["score"] == it["max"], it
    assert item(qa, "greeting")["evidence"][0]["turn"] == 0
    assert item(qa, "closing")["evidence"][0]["turn"] == 8
    # the customer's last turn (7 → 8: 6 s) and the others are all answered within 20 s
    assert item(qa, "response_latency")["score"] == item(qa, "response_latency")["max"]
    assert qa["score"] == 100
    traj = qa["trajectory"]
    assert [p["turn"] for p in traj] == [1, 3, 5, 7]
    assert traj[-1]["label"] == "positive"


def test_ticket_without_conversation(server, customer):
    t = create_ticket(server, customer["id"])
    qa = qa_of(server, t["id"])
    assert qa["score"] is None
    assert all(i["applicable"] is False for i in qa["items"])
    assert qa["turning_points"] == [] and qa["hidden_dissatisfaction"] is False


def test_unknown_ticket_is_404(server):
    expect_error(server.get("/api/v1/tickets/987654321/qa"), 404)
    expect_error(server.get("/api/v1/tickets/abc/qa"), 404)
    expect_error(server.post("/api/v1/tickets/987654321/qa/review",
                             {"items": [{"name": "greeting", "score": 5}]}), 404)


def test_qa_needs_a_token(server, customer):
    t = create_ticket(server, customer["id"])
    expect_error(server.get(f"/api/v1/tickets/{t['id']}/qa", token=None), 401)
    expect_error(server.get("/api/v1/qa/rubric", token=None), 401)


# ---- rubric ----------------------------------------------------------------------------------


def put_rubric(srv, body, **kw):
    return srv.request("PUT", "/api/v1/qa/rubric", body, **kw)


def test_rubric_get_put_and_effect(fresh_server, customer):
    srv = fresh_server()
    rubric = expect(srv.get("/api/v1/qa/rubric"), 200)
    assert [i["name"] for i in rubric["items"]] == ITEMS
    v0 = rubric["version"]
    g = next(i for i in rubric["items"] if i["name"] == "greeting")
    assert "您好" in g["cues"]["zh"] and "hello" in g["cues"]["en"]
    g["weight"] = 20
    g["cues"]["zh"].append("早上好")
    rubric["items"] = [i for i in rubric["items"] if i["name"] != "response_latency"]
    saved = expect(put_rubric(srv, rubric), 200, "put rubric")
    assert saved["version"] == v0 + 1
    assert [i["name"] for i in saved["items"]] == [n for n in ITEMS if n != "response_latency"]
    c = create_customer(srv)
    t = create_ticket(srv, c["id"])
    post(srv, t["id"], "customer", "在吗")
    post(srv, t["id"], "agent", "早上好，请问有什么需要")
    qa = qa_of(srv, t["id"])
    assert qa["rubric_version"] == v0 + 1
    g = item(qa, "greeting")
    assert g["max"] == 20 and g["score"] == 20 and g["evidence"][0]["cue"] == "早上好"
    assert "response_latency" not in [i["name"] for i in qa["items"]]
    # durable across a restart
    srv.restart()
    again = expect(srv.get("/api/v1/qa/rubric"), 200)
    assert again["version"] == v0 + 1
    assert next(i for i in again["items"] if i["name"] == "greeting")["weight"] == 20


@pytest.mark.parametrize("mutate, field", [
    (lambda r: r.update(items=[]), "items"),
    (lambda r: r.pop("items"), "items"),
    (lambda r: r.update(colour="red"), "colour"),
    (lambda r: r["items"][2].update(weight=0), "items[2].weight"),
    (lambda r: r["items"][2].update(weight="ten"), "items[2].weight"),
    (lambda r: r["items"][0].update(kind="welcome"), "items[0].kind"),
    (lambda r: r["items"][1].update(name=r["items"][0]["name"]), "items[1].name"),
    (lambda r: r["items"][0]["cues"]["zh"].append(""), "items[0].cues.zh[6]"),
    (lambda r: r["items"][0].update(cues={"zh": [], "en": []}), "items[0].cues"),
    (lambda r: r["items"][8].update(target_s=-5), "items[8].target_s"),
])
def test_bad_rubric_is_422_naming_the_field(server, mutate, field):
    before = expect(server.get("/api/v1/qa/rubric"), 200)
    body = expect(server.get("/api/v1/qa/rubric"), 200)
    mutate(body)
    expect_error(put_rubric(server, body), 422, field=field)
    assert expect(server.get("/api/v1/qa/rubric"), 200) == before  # nothing changed


def test_rubric_body_must_be_json(server):
    expect_error(server.request("PUT", "/api/v1/qa/rubric", raw=b"{not json",
                                headers={"Content-Type": "application/json"}), 400)


def test_agents_cannot_change_the_rubric_or_review(server, customer):
    agent = create_agent(server, role="agent")
    token = agent["api_token"]
    rubric = expect(server.get("/api/v1/qa/rubric", token=token), 200)  # reading is open
    expect_error(put_rubric(server, rubric, token=token), 403)
    t = create_ticket(server, customer["id"])
    expect_error(server.post(f"/api/v1/tickets/{t['id']}/qa/review",
                             {"items": [{"name": "greeting", "score": 10}]}, token=token), 403)
    assert expect(server.get(f"/api/v1/tickets/{t['id']}/qa"), 200)["review"] is None


# ---- manual review and calibration -----------------------------------------------------------


def test_review_and_calibration(fresh_server):
    srv = fresh_server()
    c = create_customer(srv)
    empty = expect(srv.get("/api/v1/qa/calibration"), 200)
    assert empty["reviews"] == 0
    assert all(i["reviewed"] == 0 and i["agreement"] is None for i in empty["items"])
    t1 = dismissive_chat(srv, c)
    t2 = dismissive_chat(srv, c)
    sup = create_agent(srv, role="supervisor")
    # automatic: greeting 0 and forbidden_phrases 0 on both tickets
    r1 = expect(srv.post(f"/api/v1/tickets/{t1['id']}/qa/review",
                         {"items": [{"name": "greeting", "score": 0},
                                    {"name": "forbidden_phrases", "score": 15}],
                          "note": "不归我管 was quoting the customer"},
                         token=sup["api_token"]), 201, "review")
    assert r1["ticket_id"] == t1["id"] and r1["reviewer_id"] == sup["id"]
    assert_iso(r1["at"])
    by_name = {i["name"]: i for i in r1["items"]}
    assert by_name["greeting"] == {"name": "greeting", "score": 0, "auto_score": 0, "max": 10}
    assert by_name["forbidden_phrases"]["auto_score"] == 0
    expect(srv.post(f"/api/v1/tickets/{t2['id']}/qa/review",
                    {"items": [{"name": "greeting", "score": 0},
                               {"name": "forbidden_phrases", "score": 0}]}), 201)
    qa = qa_of(srv, t1["id"])
    assert qa["review"]["id"] == r1["id"] and qa["review"]["note"].startswith("不归我管")
    cal = expect(srv.get("/api/v1/qa/calibration"), 200)
    assert cal["reviews"] == 2
    items = {i["name"]: i for i in cal["items"]}
    assert items["greeting"] == {"name": "greeting", "reviewed": 2, "agreement": 1.0,
                                 "mean_abs_diff": 0.0}
    assert items["forbidden_phrases"]["reviewed"] == 2
    assert items["forbidden_phrases"]["agreement"] == 0.5
    assert items["forbidden_phrases"]["mean_abs_diff"] == 0.5
    assert items["closing"]["reviewed"] == 0
    # a newer review of the same ticket replaces the older one in calibration
    expect(srv.post(f"/api/v1/tickets/{t1['id']}/qa/review",
                    {"items": [{"name": "forbidden_phrases", "score": 0}]}), 201)
    cal = expect(srv.get("/api/v1/qa/calibration"), 200)
    items = {i["name"]: i for i in cal["items"]}
    assert cal["reviews"] == 2 and items["forbidden_phrases"]["agreement"] == 1.0
    assert items["greeting"]["reviewed"] == 1
    expect_error(srv.get("/api/v1/qa/calibration?limit=0"), 422, field="limit")
    # reviews survive a restart
    srv.restart()
    assert expect(srv.get("/api/v1/qa/calibration"), 200)["reviews"] == 2


@pytest.mark.parametrize("body, field", [
    ({}, "items"),
    ({"items": []}, "items"),
    ({"items": [{"name": "greting", "score": 1}]}, "items[0].name"),
    ({"items": [{"name": "greeting", "score": 11}]}, "items[0].score"),
    ({"items": [{"name": "greeting", "score": -1}]}, "items[0].score"),
    ({"items": [{"name": "greeting", "score": "full"}]}, "items[0].score"),
    ({"items": [{"name": "greeting", "score": 1}, {"name": "greeting", "score": 2}]},
     "items[1].name"),
    ({"items": [{"name": "greeting", "score": 1}], "note": 5}, "note"),
    ({"items": [{"name": "greeting", "score": 1}], "grade": "A"}, "grade"),
])
def test_bad_review_is_422_naming_the_field(server, customer, body, field):
    t = create_ticket(server, customer["id"])
    expect_error(server.post(f"/api/v1/tickets/{t['id']}/qa/review", body), 422, field=field)
    assert qa_of(server, t["id"])["review"] is None


def test_summary_counts_hidden_dissatisfaction(fresh_server):
    """The background worker stores every scored conversation; the summary counts them."""
    import time
    srv = fresh_server()
    c = create_customer(srv)
    unhappy = dismissive_chat(srv, c)
    set_status(srv, unhappy["id"], "resolved")
    happy = create_ticket(srv, c["id"])
    post(srv, happy["id"], "customer", "My invoice is wrong, I was charged twice")
    post(srv, happy["id"], "agent", "Hello, sorry about that, I have refunded the duplicate")
    post(srv, happy["id"], "customer", "Great, thank you so much!")
    set_status(srv, happy["id"], "resolved")
    still_open = dismissive_chat(srv, c)
    # The worker runs off the request path: wait (bounded) until it has caught up.
    deadline = time.monotonic() + 60
    while True:
        s = expect(srv.get("/api/v1/qa/summary"), 200)
        if s["scored"] == 3 and s["resolved"] == 2 and s["hidden_dissatisfaction"] == 1:
            break
        assert time.monotonic() < deadline, f"the worker did not catch up: {s}"
        time.sleep(0.1)
    assert s["hidden_dissatisfaction_rate"] == 0.5
    assert 0 <= s["average_score"] <= 100
    assert still_open["id"]
