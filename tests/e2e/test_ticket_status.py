"""Customer status links (服务进度可视化): an agent gets one unguessable link per ticket, the
customer follows the ticket's steps through the public API and the server-rendered page
/t/{token} without signing in, and never sees internal notes, agent ids or full names."""
import re

from conftest import create_agent, create_customer, create_ticket, event_types, expect, \
    expect_error, uid
from voc_support import html


def link_of(server, ticket_id):
    return expect(server.post(f"/api/v1/tickets/{ticket_id}/status-link"), 200, "status link")


def public(server, token):
    return expect(server.get(f"/api/v1/public/tickets/{token}", token=None), 200, "public status")


def test_one_link_per_ticket_created_on_request(server):
    t = create_ticket(server)
    expect_error(server.get(f"/api/v1/tickets/{t['id']}/status-link"), 404)
    a = link_of(server, t["id"])
    assert a["ticket_id"] == t["id"] and len(a["token"]) >= 22
    assert re.fullmatch(r"[A-Za-z0-9_-]+", a["token"])
    assert a["url"].endswith("/t/" + a["token"]) and a["url"].startswith("http://127.0.0.1:")
    assert link_of(server, t["id"])["token"] == a["token"]
    assert expect(server.get(f"/api/v1/tickets/{t['id']}/status-link"), 200)["token"] == a["token"]
    assert event_types(server, t["id"]).count("ticket.link_created") == 1
    other = link_of(server, create_ticket(server)["id"])
    assert other["token"] != a["token"]
    expect_error(server.post("/api/v1/tickets/99999999/status-link"), 404)
    expect_error(server.post(f"/api/v1/tickets/{t['id']}/status-link", token=None), 401)


def test_public_view_follows_the_ticket_without_internal_details(server):
    agent = create_agent(server, name=f"Anna Lee{uid()}", team="Support")
    c = create_customer(server, language="en")
    t = create_ticket(server, c["id"], subject="Router offline")
    token = link_of(server, t["id"])["token"]
    v = public(server, token)
    assert v["ticket_id"] == t["id"] and v["subject"] == "Router offline"
    assert v["language"] == "en" and v["steps"][0]["code"] == "received"
    assert v["due"] and v["due"].endswith("Z") and v["overdue"] is False and v["survey"] is None

    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"assignee_id": agent["id"]}), 200)
    secret = f"internal-{uid()} customer is difficult"
    expect(server.post(f"/api/v1/tickets/{t['id']}/messages",
                       {"author": "agent", "body": secret, "internal": True}), 201)
    expect(server.post(f"/api/v1/tickets/{t['id']}/messages",
                       {"author": "agent", "body": "We are on it"}), 201)
    v = public(server, token)
    assert v["handler"] == "Anna" and v["stage"] == "in_progress"
    assigned = [s for s in v["steps"] if s["code"] == "assigned"]
    assert assigned and assigned[-1]["handler"] == "Anna"
    raw = server.get(f"/api/v1/public/tickets/{token}", token=None).raw.decode()
    assert secret not in raw and "We are on it" not in raw  # no message bodies at all
    assert "Lee" not in raw and "assignee_id" not in raw and "agent_id" not in raw

    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"status": "pending"}), 200)
    v = public(server, token)
    assert v["stage"] == "waiting_for_you" and v["paused"] is True
    expect(server.patch(f"/api/v1/tickets/{t['id']}", {"status": "resolved"}), 200)
    v = public(server, token)
    assert v["stage"] == "resolved" and v["due"] is None
    # Closing the loop: the resolved ticket's CSAT survey is one tap away.
    survey = expect(server.get(f"/api/v1/tickets/{t['id']}/survey"), 200)
    assert v["survey"] == {"status": "sent", "url": "/s/" + survey["token"]}
    assert f'href="/s/{survey["token"]}"' in html(server.get("/t/" + token, token=None))
    expect(server.post(f"/api/v1/public/surveys/{survey['token']}", {"score": 5}, token=None), 201)
    assert public(server, token)["survey"] == {"status": "answered", "url": None}
    assert 'id="rated"' in html(server.get("/t/" + token, token=None))
    codes = [s["code"] for s in v["steps"]]
    assert codes[0] == "received" and codes[-1] == "resolved" and "waiting_for_you" in codes
    assert all(a["at"] <= b["at"] for a, b in zip(v["steps"], v["steps"][1:]))


def test_status_page_in_the_customers_language_without_scripts(server):
    zh = create_ticket(server, subject="打印机卡纸 <b>急</b>")
    page = server.get("/t/" + link_of(server, zh["id"])["token"], token=None)
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    body = html(page)
    assert '<html lang="zh-CN"' in body and "服务进度" in body and "承诺解决时间" in body
    assert "打印机卡纸 &lt;b&gt;急&lt;/b&gt;" in body and "<b>急</b>" not in body
    assert "<script" not in body and not re.search(r'(src|href)="?https?:', body)
    assert 'data-stage="' in body and 'data-step="received"' in body

    c = create_customer(server, language="en")
    en = create_ticket(server, c["id"], subject="Invoice wrong")
    expect(server.patch(f"/api/v1/tickets/{en['id']}", {"status": "open"}), 200)
    expect(server.patch(f"/api/v1/tickets/{en['id']}", {"status": "pending"}), 200)
    body = html(server.get("/t/" + link_of(server, en["id"])["token"], token=None))
    assert '<html lang="en"' in body and "Waiting for your reply" in body and 'id="waiting"' in body


def test_unknown_token_is_404(server):
    expect_error(server.get("/api/v1/public/tickets/no-such-token", token=None), 404)
    r = server.get("/t/no-such-token", token=None)
    assert r.status == 404 and "找不到" in html(r) and "not found" in html(r)
