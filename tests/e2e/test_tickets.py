"""Tickets: creation, inference, reading, listing/filtering/pagination, updates, the state
machine, transfers and the event timeline."""

import pytest

from conftest import (CHANNELS, OMIT, STATUSES, assert_alive, assert_iso, assert_recent,
                      create_agent, create_customer, create_ticket, event_types, events_of,
                      expect, expect_error, get_ticket, parse_time, qs, rand_cjk, set_status,
                      ticket_body, ticket_in_state, uid, walk)

LEGAL = {
    "new": {"open", "pending", "on_hold", "resolved"},
    "open": {"pending", "on_hold", "resolved"},
    "pending": {"open", "on_hold", "resolved"},
    "on_hold": {"open", "pending", "resolved"},
    "reopened": {"open", "pending", "on_hold", "resolved"},
    "resolved": {"closed", "reopened"},
    "closed": set(),
}
LEGAL_PAIRS = [(a, b) for a in STATUSES for b in sorted(LEGAL[a])]
ILLEGAL_PAIRS = [(a, b) for a in STATUSES for b in STATUSES if a != b and b not in LEGAL[a]]


@pytest.fixture(scope="module")
def customer(_module_server):
    return create_customer(_module_server)


# ---- creation ------------------------------------------------------------------------------


def test_create_ticket_fields(server, customer):
    body = ticket_body(customer["id"], channel="email", subject="打印机卡纸",
                       description="办公室的打印机一直卡纸", priority="P2", category="hardware")
    t = expect(server.post("/api/v1/tickets", body), 201)
    assert isinstance(t["id"], int) and not isinstance(t["id"], bool)
    assert t["status"] == "new"
    assert t["channel"] == "email"
    assert t["priority"] == "P2"
    assert t["category"] == "hardware"
    assert t["subject"] == "打印机卡纸"
    assert t["description"] == "办公室的打印机一直卡纸"
    assert t["customer_id"] == customer["id"]
    assert "assignee_id" in t and "team" in t
    assert_recent(t["created_at"], "created_at")


def test_created_ticket_reads_back(server, customer):
    t = create_ticket(server, customer["id"], tags=["vip", "回访"], team=f"team_{uid()}")
    got = get_ticket(server, t["id"])
    for k in ("id", "status", "channel", "priority", "category", "subject", "description",
              "customer_id", "created_at", "team", "assignee_id"):
        assert got[k] == t[k], (k, got, t)
    assert sorted(got["tags"]) == ["vip", "回访"]
    for k in ("messages", "transcripts", "tasks", "transfers"):
        assert got[k] == [], (k, got)


def test_ids_are_distinct(server, customer):
    ids = [create_ticket(server, customer["id"])["id"] for _ in range(5)]
    assert len(set(ids)) == 5


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_is_accepted(server, customer, channel):
    t = create_ticket(server, customer["id"], channel=channel)
    assert t["channel"] == channel
    assert get_ticket(server, t["id"])["channel"] == channel


@pytest.mark.parametrize("priority", ["P1", "P2", "P3", "P4"])
def test_every_priority_is_accepted(server, customer, priority):
    assert create_ticket(server, customer["id"], priority=priority)["priority"] == priority


@pytest.mark.parametrize("subject,description,priority,category", [
    ("紧急：设备停止工作", "请尽快处理", "P1", None),
    ("URGENT: site is down", "please help", "P1", None),
    ("Need this urgently", "see subject", "P1", None),
    ("申请退款", "订单重复支付了，请处理", None, "refund"),
    ("Refund request", "I want my money", None, "refund"),
    ("我要投诉你们的服务", "态度很差", None, "complaint"),
    ("你好", "一些普通的内容", "P3", "general"),
    ("Hello there", "Nothing special here", "P3", "general"),
])
def test_priority_and_category_are_inferred(server, customer, subject, description, priority,
                                           category):
    t = create_ticket(server, customer["id"], subject=subject, description=description)
    if priority:
        assert t["priority"] == priority, t
    if category:
        assert t["category"] == category, t
    got = get_ticket(server, t["id"])
    assert (got["priority"], got["category"]) == (t["priority"], t["category"])


def test_keyword_in_description_is_used_for_inference(server, customer):
    t = create_ticket(server, customer["id"], subject="关于订单", description="我要退款，紧急")
    assert (t["priority"], t["category"]) == ("P1", "refund")


def test_explicit_priority_and_category_win_over_inference(server, customer):
    t = create_ticket(server, customer["id"], subject="紧急退款", priority="P4",
                      category="billing")
    assert (t["priority"], t["category"]) == ("P4", "billing")


def test_create_with_assignee_and_team(server, customer):
    a = create_agent(server)
    team = f"team_{uid()}"
    t = create_ticket(server, customer["id"], assignee_id=a["id"], team=team)
    assert t["assignee_id"] == a["id"]
    assert t["team"] == team
    assert get_ticket(server, t["id"])["assignee_id"] == a["id"]


def test_category_slug_limits(server, customer):
    ok = "a" * 64
    assert create_ticket(server, customer["id"], category=ok)["category"] == ok
    assert create_ticket(server, customer["id"], category="after_sales_2")["category"] == \
        "after_sales_2"


@pytest.mark.parametrize("field,value", [
    ("channel", "fax"),
    ("channel", OMIT),
    ("channel", 3),
    ("priority", "P5"),
    ("priority", "urgent"),
    ("priority", 1),
    ("subject", OMIT),
    ("subject", None),
    ("subject", 123),
    ("description", OMIT),
    ("customer_id", OMIT),
    ("customer_id", 999999999),
    ("customer_id", "1"),
    ("customer_id", 1.5),
    ("customer_id", -1),
    ("customer_id", True),
    ("category", "Bad Slug"),
    ("category", "退款"),
    ("category", "a" * 65),
    ("category", ""),
    ("tags", "vip"),
    ("assignee_id", 999999999),
    ("assignee_id", "1"),
])
def test_invalid_ticket_is_422(server, customer, field, value):
    before = walk(server, "/api/v1/tickets", {"customer_id": customer["id"], "limit": 500})[0]
    resp = server.post("/api/v1/tickets", ticket_body(customer["id"], **{field: value}))
    expect_error(resp, 422, field=field)
    after = walk(server, "/api/v1/tickets", {"customer_id": customer["id"], "limit": 500})[0]
    assert len(after) == len(before), "a rejected ticket was stored"
    assert_alive(server)


def test_get_unknown_ticket_is_404(server):
    expect_error(server.get("/api/v1/tickets/999999999"), 404)


# ---- listing -------------------------------------------------------------------------------


def test_list_newest_first_and_filtered_by_customer(server):
    c = create_customer(server)
    ids = [create_ticket(server, c["id"])["id"] for _ in range(4)]
    create_ticket(server)  # another customer's
    items, _ = walk(server, "/api/v1/tickets", {"customer_id": c["id"]})
    assert [t["id"] for t in items] == list(reversed(ids))
    times = [assert_iso(t["created_at"]) for t in items]
    assert times == sorted(times, reverse=True)


def test_list_shape(server):
    body = expect(server.get("/api/v1/tickets?limit=1"), 200)
    assert set(body) >= {"items", "next_cursor"}
    assert isinstance(body["items"], list)
    assert body["next_cursor"] is None or isinstance(body["next_cursor"], str), (
        f"next_cursor must be a string or null (API.md): {body['next_cursor']!r}")


def test_pagination_walks_every_ticket_once(server):
    c = create_customer(server)
    ids = {create_ticket(server, c["id"])["id"] for _ in range(7)}
    items, pages = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "limit": 3})
    got = [t["id"] for t in items]
    assert len(got) == len(set(got)), f"duplicates across pages: {got}"
    assert set(got) == ids
    assert [len(p["items"]) for p in pages] == [3, 3, 1]
    assert pages[-1]["next_cursor"] is None
    assert all(p["next_cursor"] is not None for p in pages[:-1])
    assert got == sorted(got, reverse=True)


def test_pagination_exact_multiple(server):
    c = create_customer(server)
    ids = {create_ticket(server, c["id"])["id"] for _ in range(4)}
    items, pages = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "limit": 2})
    assert sorted(t["id"] for t in items) == sorted(ids)
    assert len(pages) in (2, 3)
    if len(pages) == 3:
        assert pages[2]["items"] == []


def test_pagination_is_stable_while_tickets_are_added(server):
    c = create_customer(server)
    ids = {create_ticket(server, c["id"])["id"] for _ in range(9)}
    first = expect(server.get("/api/v1/tickets" + qs(customer_id=c["id"], limit=3)), 200)
    seen = [t["id"] for t in first["items"]]
    for _ in range(3):  # new tickets arrive between pages
        create_ticket(server, c["id"])
    cursor = first["next_cursor"]
    while cursor is not None:
        page = expect(server.get("/api/v1/tickets" + qs(customer_id=c["id"], limit=3,
                                                         cursor=cursor)), 200)
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)), f"a ticket came twice: {seen}"
    assert ids <= set(seen), f"missing: {ids - set(seen)}"


def test_default_limit_is_50(server):
    c = create_customer(server)
    for _ in range(53):
        create_ticket(server, c["id"])
    body = expect(server.get("/api/v1/tickets" + qs(customer_id=c["id"])), 200)
    assert len(body["items"]) == 50
    assert body["next_cursor"] is not None
    body = expect(server.get("/api/v1/tickets" + qs(customer_id=c["id"], limit=500)), 200)
    assert len(body["items"]) == 53
    assert body["next_cursor"] is None


@pytest.mark.parametrize("limit", ["0", "501", "abc", "-5", "1.5"])
def test_bad_limit_is_422(server, limit):
    expect_error(server.get("/api/v1/tickets?limit=" + limit), 422, field="limit")


@pytest.mark.parametrize("limit", ["1", "500"])
def test_limit_bounds_accepted(server, limit):
    body = expect(server.get("/api/v1/tickets?limit=" + limit), 200)
    assert len(body["items"]) <= int(limit)


@pytest.mark.parametrize("cursor", ["%%%garbage", "zzz"])
def test_bad_cursor_is_rejected(server, cursor):
    resp = server.get("/api/v1/tickets?limit=5&cursor=" + cursor)
    expect_error(resp, (400, 422))
    assert_alive(server)


@pytest.mark.parametrize("status", ["bogus", "NEW", "closed,open"])
def test_unknown_status_filter_is_422(server, status):
    expect_error(server.get("/api/v1/tickets" + qs(status=status)), 422, field="status")


@pytest.mark.parametrize("param", ["customer_id", "assignee_id"])
def test_non_numeric_id_filter_is_rejected(server, param):
    expect_error(server.get("/api/v1/tickets" + qs(**{param: "abc"})), (400, 422), field=param)


def test_filter_by_status(server):
    c = create_customer(server)
    a = create_ticket(server, c["id"])
    b = create_ticket(server, c["id"])
    set_status(server, b["id"], "pending")
    items, _ = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "status": "pending"})
    assert [t["id"] for t in items] == [b["id"]]
    items, _ = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "status": "new"})
    assert [t["id"] for t in items] == [a["id"]]
    items, _ = walk(server, "/api/v1/tickets", {"status": "pending", "limit": 500})
    assert all(t["status"] == "pending" for t in items)
    assert b["id"] in [t["id"] for t in items]


def test_filter_by_channel(server):
    c = create_customer(server)
    w = create_ticket(server, c["id"], channel="wechat")
    create_ticket(server, c["id"], channel="phone")
    items, _ = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "channel": "wechat"})
    assert [t["id"] for t in items] == [w["id"]]


def test_filter_by_team(server):
    team = f"team_{uid()}"
    ids = {create_ticket(server, team=team)["id"] for _ in range(3)}
    create_ticket(server, team=f"other_{uid()}")
    items, _ = walk(server, "/api/v1/tickets", {"team": team})
    assert {t["id"] for t in items} == ids
    assert all(t["team"] == team for t in items)


def test_filter_by_assignee(server):
    a = create_agent(server)
    c = create_customer(server)
    mine = {create_ticket(server, c["id"], assignee_id=a["id"])["id"] for _ in range(2)}
    create_ticket(server, c["id"])
    items, _ = walk(server, "/api/v1/tickets", {"assignee_id": a["id"]})
    assert mine <= {t["id"] for t in items}
    assert all(t["assignee_id"] == a["id"] for t in items)
    items, _ = walk(server, "/api/v1/tickets", {"assignee_id": a["id"], "customer_id": c["id"]})
    assert {t["id"] for t in items} == mine


def test_q_matches_chinese_substring_of_subject_and_description(server):
    m1, m2 = rand_cjk(4), rand_cjk(4)
    t1 = create_ticket(server, subject=f"空调{m1}不制冷", description="普通")
    t2 = create_ticket(server, subject="普通标题", description=f"客户说{m2}很吵")
    create_ticket(server, subject="空调不制冷", description="没有标记")
    items, _ = walk(server, "/api/v1/tickets", {"q": m1})
    assert [t["id"] for t in items] == [t1["id"]]
    items, _ = walk(server, "/api/v1/tickets", {"q": m2})
    assert [t["id"] for t in items] == [t2["id"]]
    # a substring that spans word boundaries, without spaces
    items, _ = walk(server, "/api/v1/tickets", {"q": m1[2:] + "不制"})
    assert [t["id"] for t in items] == [t1["id"]]


def test_q_matches_english_substring(server):
    word = f"zq{uid()}xv"
    t = create_ticket(server, subject=f"Printer {word} jammed", description="paper stuck")
    items, _ = walk(server, "/api/v1/tickets", {"q": word[1:-1]})
    assert [x["id"] for x in items] == [t["id"]]


def test_q_combines_with_other_filters(server):
    m = rand_cjk(4)
    c = create_customer(server)
    t = create_ticket(server, c["id"], subject=f"标记{m}")
    create_ticket(server, subject=f"标记{m}")  # another customer
    items, _ = walk(server, "/api/v1/tickets", {"q": m, "customer_id": c["id"]})
    assert [x["id"] for x in items] == [t["id"]]


# ---- updates -------------------------------------------------------------------------------


def test_patch_priority_category_team_tags(server, customer):
    t = create_ticket(server, customer["id"], priority="P3")
    team = f"team_{uid()}"
    got = expect(server.patch(f"/api/v1/tickets/{t['id']}",
                              {"priority": "P1", "category": "billing", "team": team,
                               "tags": ["vip", "升级"]}), 200)
    assert (got["priority"], got["category"], got["team"]) == ("P1", "billing", team)
    got = get_ticket(server, t["id"])
    assert (got["priority"], got["category"], got["team"]) == ("P1", "billing", team)
    assert sorted(got["tags"]) == sorted(["vip", "升级"])
    assert got["status"] == "new"
    assert "ticket.updated" in event_types(server, t["id"])


@pytest.mark.parametrize("field,value", [
    ("priority", "P0"),
    ("category", "Not A Slug"),
    ("status", "done"),
    ("status", 3),
    ("assignee_id", 999999999),
    ("assignee_id", "7"),
    ("tags", [1, 2]),
])
def test_invalid_patch_is_422_and_changes_nothing(server, customer, field, value):
    t = create_ticket(server, customer["id"], priority="P3", category="general")
    n_events = len(events_of(server, t["id"]))
    expect_error(server.patch(f"/api/v1/tickets/{t['id']}", {field: value}), 422, field=field)
    got = get_ticket(server, t["id"])
    for k in ("status", "priority", "category", "assignee_id", "tags"):
        assert got[k] == t[k], (k, got)
    assert len(events_of(server, t["id"])) == n_events


def test_invalid_patch_is_atomic(server, customer):
    t = create_ticket(server, customer["id"], priority="P3")
    expect_error(server.patch(f"/api/v1/tickets/{t['id']}",
                              {"priority": "P1", "status": "closed"}), (409, 422))
    got = get_ticket(server, t["id"])
    assert (got["priority"], got["status"]) == ("P3", "new"), \
        "half of a rejected PATCH was applied"


def test_patch_unknown_ticket_is_404(server):
    expect_error(server.patch("/api/v1/tickets/999999999", {"priority": "P1"}), 404)


def test_assign_and_unassign(server, customer):
    a = create_agent(server)
    t = create_ticket(server, customer["id"])
    got = expect(server.patch(f"/api/v1/tickets/{t['id']}", {"assignee_id": a["id"]}), 200)
    assert got["assignee_id"] == a["id"]
    assert get_ticket(server, t["id"])["assignee_id"] == a["id"]
    got = expect(server.patch(f"/api/v1/tickets/{t['id']}", {"assignee_id": None}), 200)
    assert got["assignee_id"] is None
    assert get_ticket(server, t["id"])["assignee_id"] is None


def _from_to(tr):
    f = tr.get("from_agent_id", tr.get("from_agent", tr.get("from")))
    t = tr.get("to_agent_id", tr.get("to_agent", tr.get("to")))
    if isinstance(f, dict):
        f = f.get("id")
    if isinstance(t, dict):
        t = t.get("id")
    return f, t


def test_reassignment_records_transfers(server, customer):
    a, b, c = (create_agent(server) for _ in range(3))
    t = create_ticket(server, customer["id"], assignee_id=a["id"])
    assert t.get("transfer_count", 0) == 0
    expect(server.patch(f"/api/v1/tickets/{t['id']}",
                        {"assignee_id": b["id"], "reason": "需要计费专家"}), 200)
    got = get_ticket(server, t["id"])
    assert got["assignee_id"] == b["id"]
    assert got["transfer_count"] == 1
    assert len(got["transfers"]) == 1
    assert _from_to(got["transfers"][0]) == (a["id"], b["id"])
    assert got["transfers"][0]["reason"] == "需要计费专家"
    expect(server.patch(f"/api/v1/tickets/{t['id']}",
                        {"assignee_id": c["id"], "reason": "second hop"}), 200)
    got = get_ticket(server, t["id"])
    assert got["transfer_count"] == 2
    assert [_from_to(x) for x in got["transfers"]] == [(a["id"], b["id"]), (b["id"], c["id"])]
    assert [x["reason"] for x in got["transfers"]] == ["需要计费专家", "second hop"]
    types = event_types(server, t["id"])
    assert types.count("ticket.transferred") == 2, types


def test_reassigning_to_the_same_agent_is_not_a_transfer(server, customer):
    a = create_agent(server)
    t = create_ticket(server, customer["id"], assignee_id=a["id"])
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"assignee_id": a["id"]}), 200)
    got = get_ticket(server, t["id"])
    assert got["transfer_count"] == 0 and got["transfers"] == []


# ---- the state machine ---------------------------------------------------------------------


@pytest.mark.parametrize("frm,to", LEGAL_PAIRS, ids=[f"{a}->{b}" for a, b in LEGAL_PAIRS])
def test_legal_transition(server, customer, frm, to):
    t = ticket_in_state(server, frm, customer["id"])
    n_changes = event_types(server, t["id"]).count("ticket.status_changed")
    got = set_status(server, t["id"], to)
    assert got["status"] == to
    got = get_ticket(server, t["id"])
    assert got["status"] == to
    assert event_types(server, t["id"]).count("ticket.status_changed") == n_changes + 1


@pytest.mark.parametrize("frm,to", ILLEGAL_PAIRS, ids=[f"{a}->{b}" for a, b in ILLEGAL_PAIRS])
def test_illegal_transition_is_409_and_changes_nothing(server, customer, frm, to):
    t = ticket_in_state(server, frm, customer["id"])
    n_events = len(events_of(server, t["id"]))
    expect_error(server.patch(f"/api/v1/tickets/{t['id']}", {"status": to}), 409)
    got = get_ticket(server, t["id"])
    assert got["status"] == frm
    assert got.get("reopen_count") == t.get("reopen_count")
    assert len(events_of(server, t["id"])) == n_events, "a refused move added an event"


def test_reopen_counts(server, customer):
    t = create_ticket(server, customer["id"])
    assert get_ticket(server, t["id"])["reopen_count"] == 0
    set_status(server, t["id"], "resolved")
    set_status(server, t["id"], "reopened")
    assert get_ticket(server, t["id"])["reopen_count"] == 1
    set_status(server, t["id"], "resolved")
    set_status(server, t["id"], "reopened")
    assert get_ticket(server, t["id"])["reopen_count"] == 2


def test_resolve_and_close_set_times(server, customer):
    t = create_ticket(server, customer["id"])
    set_status(server, t["id"], "resolved")
    got = get_ticket(server, t["id"])
    assert_recent(got["resolved_at"], "resolved_at")
    set_status(server, t["id"], "closed")
    got = get_ticket(server, t["id"])
    assert_recent(got["closed_at"], "closed_at")


def test_closed_ticket_refuses_everything_status_related(server, customer):
    t = ticket_in_state(server, "closed", customer["id"])
    for to in ("open", "reopened", "resolved", "new", "pending"):
        expect_error(server.patch(f"/api/v1/tickets/{t['id']}", {"status": to}), 409)
    assert get_ticket(server, t["id"])["status"] == "closed"


# ---- events --------------------------------------------------------------------------------


def test_events_timeline(server, customer):
    a = create_agent(server, role="agent")
    b = create_agent(server, role="agent")
    me = expect(server.get("/api/v1/me"), 200)
    t = create_ticket(server, customer["id"], assignee_id=a["id"])
    set_status(server, t["id"], "pending")
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"priority": "P1"}), 200)
    expect(server.patch(f"/api/v1/tickets/{t['id']}",
                        {"assignee_id": b["id"], "reason": "升级"}), 200)
    expect(server.post(f"/api/v1/tickets/{t['id']}/messages",
                       {"author": "agent", "body": "您好，已收到"}), 201)
    expect(server.post(f"/api/v1/tickets/{t['id']}/transcripts",
                       {"turns": [{"speaker": "customer", "start_ms": 0, "text": "喂"}]}), 201)
    evs = events_of(server, t["id"])
    types = [e["type"] for e in evs]
    assert types[0] == "ticket.created", types
    for needed in ("ticket.status_changed", "ticket.updated", "ticket.transferred",
                   "message.created", "transcript.created"):
        assert needed in types, (needed, types)
    assert types.index("ticket.status_changed") < types.index("ticket.transferred") < \
        types.index("message.created") < types.index("transcript.created"), types
    seqs = [e["seq"] for e in evs]
    assert all(isinstance(s, int) for s in seqs)
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs
    for e in evs:
        assert_recent(e["at"], "event at")
        assert isinstance(e["data"], dict), e
    assert evs[0]["actor"] == f"agent:{me['id']}", evs[0]
    ats = [parse_time(e["at"]) for e in evs]
    assert ats == sorted(ats), "events are not in time order"


def test_event_actor_is_the_calling_agent(server, customer):
    a = create_agent(server, role="agent")
    t = create_ticket(server, customer["id"], token=a["api_token"])
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"status": "open"},
                        token=a["api_token"]), 200)
    evs = events_of(server, t["id"])
    assert evs[0]["type"] == "ticket.created"
    assert evs[0]["actor"] == f"agent:{a['id']}"
    sc = [e for e in evs if e["type"] == "ticket.status_changed"]
    assert sc and sc[-1]["actor"] == f"agent:{a['id']}"


def test_events_paginate(server, customer):
    t = create_ticket(server, customer["id"])
    for s in ("open", "pending", "open", "on_hold", "resolved"):
        set_status(server, t["id"], s)
    full = events_of(server, t["id"])
    items, pages = walk(server, f"/api/v1/tickets/{t['id']}/events", {"limit": 2})
    assert [e["seq"] for e in items] == [e["seq"] for e in full]
    assert len(full) >= 6 and len(pages) >= 3


def test_events_of_unknown_ticket_is_404(server):
    expect_error(server.get("/api/v1/tickets/999999999/events"), 404)


# ---- more listing edge cases ---------------------------------------------------------------


def test_q_treats_sql_wildcards_literally(server):
    m = rand_cjk(3)
    pct = create_ticket(server, subject=f"{m}满100%减")
    other = create_ticket(server, subject=f"{m}满100元减")
    und = create_ticket(server, subject=f"{m}型号A_B")
    create_ticket(server, subject=f"{m}型号AxB")
    items, _ = walk(server, "/api/v1/tickets", {"q": f"{m}满100%减"})
    assert [t["id"] for t in items] == [pct["id"]], "'%' in q acted as a wildcard"
    items, _ = walk(server, "/api/v1/tickets", {"q": "100%"})
    assert pct["id"] in [t["id"] for t in items] and other["id"] not in [t["id"] for t in items]
    items, _ = walk(server, "/api/v1/tickets", {"q": f"{m}型号A_B"})
    assert [t["id"] for t in items] == [und["id"]], "'_' in q acted as a wildcard"


@pytest.mark.parametrize("q", ["'", "\"", "' OR 1=1 --", "\\", "%", "_", "); DROP TABLE tickets;"])
def test_q_with_special_characters(server, q):
    body = expect(server.get("/api/v1/tickets" + qs(q=q, limit=500)), 200)
    for t in body["items"]:
        assert q in t["subject"] or q in t["description"], (q, t["subject"])
    assert_alive(server)


@pytest.mark.parametrize("value", ["fax", "WEB"])
def test_unknown_channel_filter_is_422(server, value):
    expect_error(server.get("/api/v1/tickets" + qs(channel=value)), 422, field="channel")


def test_first_response_set_after_manual_open(server, customer):
    t = ticket_in_state(server, "open", customer["id"])
    assert t.get("first_response_at") is None
    expect(server.post(f"/api/v1/tickets/{t['id']}/messages",
                       {"author": "agent", "body": "处理中"}), 201)
    got = get_ticket(server, t["id"])
    assert got["status"] == "open"
    assert_recent(got["first_response_at"], "first_response_at")


def test_query_string_decoding(server):
    m = f"qd{uid()}"
    t = create_ticket(server, subject=f"Printer {m} jam now C++ 工单")
    for raw_q in (f"{m}+jam", f"{m}%20jam", "jam%20now%20C%2B%2B"):
        body = expect(server.get(f"/api/v1/tickets?limit=500&q={raw_q}"), 200)
        assert t["id"] in [x["id"] for x in body["items"]], f"q={raw_q} did not match"
    body = expect(server.get(f"/api/v1/tickets?q={m}%2Bjam"), 200)  # a literal '+'
    assert body["items"] == []
    expect_error(server.get("/api/v1/tickets?q=%E5%B7"), 400)  # not UTF-8 once decoded
