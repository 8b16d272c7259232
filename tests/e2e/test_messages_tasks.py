"""Messages (and their effect on the ticket), call transcripts and collaboration tasks."""

import pytest

from conftest import (assert_alive, assert_recent, create_agent, create_customer,
                      create_ticket, event_types, expect, expect_error, get_ticket,
                      parse_time, set_status, ticket_in_state)


@pytest.fixture(scope="module")
def customer(_module_server):
    return create_customer(_module_server)


def post_message(srv, tid, author, body, internal=None, status=201, **kw):
    payload = {"author": author, "body": body}
    if internal is not None:
        payload["internal"] = internal
    return expect(srv.post(f"/api/v1/tickets/{tid}/messages", payload, **kw), status,
                  "post message")


# ---- messages ------------------------------------------------------------------------------


def test_message_fields(server, customer):
    t = create_ticket(server, customer["id"])
    m = post_message(server, t["id"], "customer", "我的空调不制冷了 😢")
    assert isinstance(m["id"], int) and not isinstance(m["id"], bool)
    assert m["ticket_id"] == t["id"]
    assert m["author"] == "customer"
    assert m["body"] == "我的空调不制冷了 😢"
    assert m["internal"] is False
    assert_recent(m["created_at"], "message created_at")


def test_messages_listed_in_order(server, customer):
    t = create_ticket(server, customer["id"])
    bodies = [("customer", "第一条", False), ("agent", "第二条", False),
              ("agent", "内部备注：查一下订单", True), ("customer", "third", False)]
    ids = [post_message(server, t["id"], a, b, internal=i)["id"] for a, b, i in bodies]
    got = get_ticket(server, t["id"])["messages"]
    assert [m["id"] for m in got] == ids
    assert [(m["author"], m["body"], m["internal"]) for m in got] == bodies
    types = event_types(server, t["id"])
    assert types.count("message.created") == 4, types


def test_first_public_agent_reply_opens_and_sets_first_response(server, customer):
    t = create_ticket(server, customer["id"])
    got = get_ticket(server, t["id"])
    assert got["status"] == "new" and got.get("first_response_at") is None
    post_message(server, t["id"], "agent", "您好，我们正在处理")
    got = get_ticket(server, t["id"])
    assert got["status"] == "open"
    first = assert_recent(got["first_response_at"], "first_response_at")
    assert first >= parse_time(got["created_at"])
    # a second reply does not move the first response time
    post_message(server, t["id"], "agent", "补充说明")
    again = get_ticket(server, t["id"])
    assert again["first_response_at"] == got["first_response_at"]
    types = event_types(server, t["id"])
    assert "ticket.status_changed" in types


def test_internal_note_does_not_count_as_response(server, customer):
    t = create_ticket(server, customer["id"])
    m = post_message(server, t["id"], "agent", "内部备注：客户是VIP", internal=True)
    assert m["internal"] is True
    got = get_ticket(server, t["id"])
    assert got["status"] == "new"
    assert got.get("first_response_at") is None
    assert "ticket.status_changed" not in event_types(server, t["id"])


def test_customer_message_on_new_ticket_keeps_it_new(server, customer):
    t = create_ticket(server, customer["id"])
    post_message(server, t["id"], "customer", "补充一下情况")
    got = get_ticket(server, t["id"])
    assert got["status"] == "new"
    assert got.get("first_response_at") is None


def test_customer_reply_reopens_pending(server, customer):
    t = ticket_in_state(server, "pending", customer["id"])
    post_message(server, t["id"], "customer", "我已经提供了发票照片")
    assert get_ticket(server, t["id"])["status"] == "open"


def test_agent_reply_keeps_pending(server, customer):
    t = ticket_in_state(server, "pending", customer["id"])
    post_message(server, t["id"], "agent", "请提供发票照片")
    assert get_ticket(server, t["id"])["status"] == "pending"


def test_customer_message_on_resolved_reopens(server, customer):
    t = ticket_in_state(server, "resolved", customer["id"])
    post_message(server, t["id"], "customer", "问题又出现了")
    got = get_ticket(server, t["id"])
    assert got["status"] == "reopened"
    assert got["reopen_count"] == 1
    post_message(server, t["id"], "customer", "还是不行")
    got = get_ticket(server, t["id"])
    assert (got["status"], got["reopen_count"]) == ("reopened", 1)
    set_status(server, t["id"], "resolved")
    post_message(server, t["id"], "customer", "又坏了")
    got = get_ticket(server, t["id"])
    assert (got["status"], got["reopen_count"]) == ("reopened", 2)


def test_internal_note_on_resolved_does_not_reopen(server, customer):
    t = ticket_in_state(server, "resolved", customer["id"])
    post_message(server, t["id"], "agent", "内部：已回访", internal=True)
    got = get_ticket(server, t["id"])
    assert (got["status"], got["reopen_count"]) == ("resolved", 0)


def test_message_on_closed_ticket_never_reopens_it(server, customer):
    t = ticket_in_state(server, "closed", customer["id"])
    resp = server.post(f"/api/v1/tickets/{t['id']}/messages",
                       {"author": "customer", "body": "我又来了"})
    assert resp.status in (201, 409), resp
    if resp.status == 409:
        expect_error(resp, 409)
    got = get_ticket(server, t["id"])
    assert got["status"] == "closed"
    assert got["reopen_count"] == 0


@pytest.mark.parametrize("payload,field", [
    ({"author": "customer", "body": "x", "internal": True}, None),
    ({"author": "agent", "body": ""}, "body"),
    ({"author": "agent"}, "body"),
    ({"author": "agent", "body": None}, "body"),
    ({"author": "agent", "body": 5}, "body"),
    ({"author": "bot", "body": "x"}, "author"),
    ({"author": "system", "body": "x"}, "author"),
    ({"body": "x"}, "author"),
    ({"author": "agent", "body": "x", "internal": "yes"}, "internal"),
])
def test_invalid_message_is_422(server, customer, payload, field):
    t = create_ticket(server, customer["id"])
    resp = server.post(f"/api/v1/tickets/{t['id']}/messages", payload)
    expect_error(resp, 422, field=field)
    got = get_ticket(server, t["id"])
    assert got["messages"] == []
    assert got["status"] == "new"
    assert_alive(server)


def test_message_on_unknown_ticket_is_404(server):
    expect_error(server.post("/api/v1/tickets/999999999/messages",
                             {"author": "agent", "body": "hi"}), 404)


# ---- transcripts ---------------------------------------------------------------------------


def test_transcript_is_stored_with_its_turns(server, customer):
    t = create_ticket(server, customer["id"], channel="phone")
    turns = [{"speaker": "agent", "start_ms": 0, "text": "您好，这里是售后服务中心"},
             {"speaker": "customer", "start_ms": 2500, "text": "我家空调不制冷，很着急"},
             {"speaker": "agent", "start_ms": 7100, "text": "非常抱歉，我马上帮您安排"}]
    tr = expect(server.post(f"/api/v1/tickets/{t['id']}/transcripts", {"turns": turns}), 201)
    assert isinstance(tr["id"], int)
    got = get_ticket(server, t["id"])
    assert len(got["transcripts"]) == 1
    stored = got["transcripts"][0]["turns"]
    assert [(x["speaker"], x["start_ms"], x["text"]) for x in stored] == \
        [(x["speaker"], x["start_ms"], x["text"]) for x in turns]
    assert "transcript.created" in event_types(server, t["id"])


@pytest.mark.parametrize("payload,field", [
    ({"turns": []}, "turns"),
    ({}, "turns"),
    ({"turns": "hello"}, "turns"),
    ({"turns": [{"speaker": "robot", "start_ms": 0, "text": "x"}]}, None),
    ({"turns": [{"speaker": "system", "start_ms": 0, "text": "x"}]}, None),
    ({"turns": [{"speaker": "agent", "start_ms": "zero", "text": "x"}]}, None),
    ({"turns": [{"speaker": "agent", "start_ms": 0}]}, None),
])
def test_invalid_transcript_is_422(server, customer, payload, field):
    t = create_ticket(server, customer["id"])
    err = expect_error(server.post(f"/api/v1/tickets/{t['id']}/transcripts", payload), 422,
                       field=field)
    if field is None:
        assert (err.get("field") or "").startswith("turns"), \
            f"error.field should point into turns: {err}"
    assert get_ticket(server, t["id"])["transcripts"] == []
    assert "transcript.created" not in event_types(server, t["id"])


def test_transcript_on_unknown_ticket_is_404(server):
    expect_error(server.post("/api/v1/tickets/999999999/transcripts",
                             {"turns": [{"speaker": "agent", "start_ms": 0, "text": "x"}]}),
                 404)


# ---- tasks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("department", ["service", "tech", "field", "sales", "product"])
def test_create_task(server, customer, department):
    t = create_ticket(server, customer["id"])
    task = expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                              {"department": department, "title": "上门检测压缩机",
                               "note": "客户下午在家"}), 201)
    assert isinstance(task["id"], int)
    assert task["ticket_id"] == t["id"]
    assert task["department"] == department
    assert task["title"] == "上门检测压缩机"
    assert task["status"] == "open"
    got = get_ticket(server, t["id"])
    assert [x["id"] for x in got["tasks"]] == [task["id"]]
    assert got["tasks"][0]["note"] == "客户下午在家"


def test_task_with_assignee_and_due(server, customer):
    a = create_agent(server, role="expert", team="field")
    t = create_ticket(server, customer["id"])
    task = expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                              {"department": "field", "title": "换滤网", "assignee_id": a["id"],
                               "due_at": "2026-12-01T09:30:00Z"}), 201)
    assert task["assignee_id"] == a["id"]
    assert parse_time(task["due_at"]) == parse_time("2026-12-01T09:30:00Z")


def test_several_tasks_run_in_parallel(server, customer):
    t = create_ticket(server, customer["id"])
    ids = [expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                              {"department": d, "title": f"任务 {d}"}), 201)["id"]
           for d in ("tech", "field", "product")]
    got = get_ticket(server, t["id"])
    assert sorted(x["id"] for x in got["tasks"]) == sorted(ids)


def test_task_status_changes(server, customer):
    t = create_ticket(server, customer["id"])
    task = expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                              {"department": "tech", "title": "分析日志"}), 201)
    for status in ("in_progress", "done"):
        got = expect(server.patch(f"/api/v1/tasks/{task['id']}", {"status": status}), 200)
        assert got["status"] == status
        assert get_ticket(server, t["id"])["tasks"][0]["status"] == status
    other = expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                               {"department": "sales", "title": "报价"}), 201)
    got = expect(server.patch(f"/api/v1/tasks/{other['id']}", {"status": "cancelled"}), 200)
    assert got["status"] == "cancelled"


@pytest.mark.parametrize("payload,field", [
    ({"department": "legal", "title": "x"}, "department"),
    ({"title": "x"}, "department"),
    ({"department": "tech"}, "title"),
    ({"department": "tech", "title": ""}, "title"),
    ({"department": "tech", "title": "x", "assignee_id": 999999999}, "assignee_id"),
    ({"department": "tech", "title": "x", "due_at": "tomorrow"}, "due_at"),
])
def test_invalid_task_is_422(server, customer, payload, field):
    t = create_ticket(server, customer["id"])
    expect_error(server.post(f"/api/v1/tickets/{t['id']}/tasks", payload), 422, field=field)
    assert get_ticket(server, t["id"])["tasks"] == []


@pytest.mark.parametrize("status", ["finished", "", 1, None])
def test_invalid_task_status_is_422(server, customer, status):
    t = create_ticket(server, customer["id"])
    task = expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                              {"department": "tech", "title": "x"}), 201)
    expect_error(server.patch(f"/api/v1/tasks/{task['id']}", {"status": status}), 422,
                 field="status")
    assert get_ticket(server, t["id"])["tasks"][0]["status"] == "open"


def test_task_on_unknown_ticket_is_404(server):
    expect_error(server.post("/api/v1/tickets/999999999/tasks",
                             {"department": "tech", "title": "x"}), 404)


def test_patch_unknown_task_is_404(server):
    expect_error(server.patch("/api/v1/tasks/999999999", {"status": "done"}), 404)


def test_transcript_negative_start_is_422(server, customer):
    t = create_ticket(server, customer["id"])
    err = expect_error(server.post(f"/api/v1/tickets/{t['id']}/transcripts",
                                   {"turns": [{"speaker": "agent", "start_ms": -5,
                                               "text": "x"}]}), 422)
    assert (err.get("field") or "").startswith("turns"), err


def test_task_due_at_keeps_milliseconds(server, customer):
    t = create_ticket(server, customer["id"])
    task = expect(server.post(f"/api/v1/tickets/{t['id']}/tasks",
                              {"department": "tech", "title": "x",
                               "due_at": "2026-12-01T09:30:00.250Z"}), 201)
    assert parse_time(task["due_at"]) == parse_time("2026-12-01T09:30:00.250Z")
    got = get_ticket(server, t["id"])["tasks"][0]
    assert parse_time(got["due_at"]) == parse_time("2026-12-01T09:30:00.250Z")
