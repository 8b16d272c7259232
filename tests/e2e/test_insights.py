"""GET /api/v1/insights on an imported history (fcst_data.py): the injected spike of
"install" tickets is reported with its first day and exactly its tickets, the steady
category is not, and email first responses (30 min against a 10 min SLA) are flagged."""

import datetime as dt
import json

import pytest

from conftest import expect, expect_error, qs
import fcst_data


@pytest.fixture(scope="module")
def srv(_module_server):
    lines, _ = fcst_data.build()
    fcst_data.import_lines(_module_server, lines)
    return _module_server


def by_kind(items, kind):
    return [i for i in items if i["kind"] == kind]


def test_spike_is_reported_with_its_tickets(srv):
    body = expect(srv.get("/api/v1/insights"), 200)
    spikes = by_kind(body["items"], "category_spike")
    assert [s["scope"] for s in spikes] == [{"category": "install"}], body["items"]
    s = spikes[0]
    assert s["severity"] in ("warning", "critical")
    assert s["confidence"] > 0.999 and s["p_value"] < 0.001
    first = fcst_data.today() - dt.timedelta(days=fcst_data.SPIKE_DAYS)
    assert s["since"] == first.strftime("%Y-%m-%dT%H:%M:%SZ")
    # The drill-down: every install ticket since the first spike day, and nothing else.
    _, facts = fcst_data.build()
    want = {f["ext"] for f in facts if f["category"] == "install" and f["created"] >= first}
    assert len(s["ticket_ids"]) == len(want) == fcst_data.SPIKE_DAYS * (fcst_data.SPIKE_PER_DAY + 1)
    got = set()
    for tid in s["ticket_ids"]:
        t = expect(srv.get(f"/api/v1/tickets/{tid}"), 200)
        got.add(t["external_id"])
    assert got == want
    # The steady chat/billing volume is no spike.
    assert not [i for i in body["items"] if i["scope"].get("category") == "billing"]


def test_first_response_over_sla_is_flagged(srv):
    body = expect(srv.get("/api/v1/insights"), 200)
    frt = by_kind(body["items"], "frt_over_sla")
    # Email replies come after 1800 s against a 600 s target (3×); chat within 60–440 s.
    assert [i["scope"]["channel"] for i in frt] == ["email"], frt
    assert frt[0]["severity"] == "critical"
    assert frt[0]["scope"]["policy"] == "all"
    assert len(frt[0]["ticket_ids"]) == 20


def test_no_false_alarms_on_quiet_window(srv):
    # A window that ends before the spike: no spike, and each item has the full shape.
    to = fcst_data.today() - dt.timedelta(days=10)
    body = expect(srv.get("/api/v1/insights" + qs(to=to.strftime("%Y-%m-%dT%H:%M:%SZ"))), 200)
    assert not by_kind(body["items"], "category_spike")
    for i in body["items"]:
        assert set(i) >= {"id", "kind", "severity", "title", "detail", "scope", "since",
                          "confidence", "ticket_ids"}
        assert i["severity"] in ("info", "warning", "critical")


def test_bad_period_is_422(srv):
    expect_error(srv.get("/api/v1/insights" + qs(**{"from": "yesterday"})), 422, field="from")
    expect_error(srv.get("/api/v1/insights" + qs(**{"from": "2026-03-02", "to": "2026-03-01"})),
                 422, field="from")


def test_recurring_top_cause_without_improvement(fresh_server):
    # 190 days of history: "billing" and "install" are top causes in every 30-day window.
    srv = fresh_server()
    lines, facts = fcst_data.build(days=190)
    fcst_data.import_lines(srv, lines)
    items = by_kind(expect(srv.get("/api/v1/insights"), 200)["items"],
                    "no_improvement_for_top_cause")
    assert sorted(i["scope"]["category"] for i in items) == ["billing", "install"]
    for i in items:
        assert i["confidence"] == 1 and i["p_value"] is None
        assert len(i["ticket_ids"]) == 20
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=180)
        assert i["since"][:10] == since.date().isoformat()
    # An improvement action for billing silences billing, not install.
    expect(srv.post("/api/v1/improvements",
                    {"problem": "账单问题反复出现", "metric": "complaint_rate",
                     "scope": {"category": "billing"}}), 201)
    items = by_kind(expect(srv.get("/api/v1/insights"), 200)["items"],
                    "no_improvement_for_top_cause")
    assert [i["scope"]["category"] for i in items] == ["install"]
    # A history shorter than 6 months says nothing about it.
    short = fresh_server()
    fcst_data.import_lines(short, fcst_data.build(days=100)[0])
    assert not by_kind(expect(short.get("/api/v1/insights"), 200)["items"],
                       "no_improvement_for_top_cause")


def _simple(ext, created, category, survey=None):
    iso = fcst_data.iso
    rec = {"external_id": ext, "customer": {"external_id": f"S-{ext}", "name": "客户"},
           "channel": "web", "subject": "问题", "category": category,
           "created_at": iso(created),
           "events": [{"type": "message", "at": iso(created), "author": "customer", "body": "你好"},
                      {"type": "reply", "at": iso(created + dt.timedelta(minutes=5)),
                       "agent_external_id": "W-1", "body": "好的"},
                      {"type": "status", "at": iso(created + dt.timedelta(hours=1)),
                       "to": "resolved"}]}
    if survey is not None:
        rec["survey"] = {"kind": "csat", "sent_at": iso(created + dt.timedelta(hours=2))}
        if survey:
            rec["survey"].update(score=5, answered_at=iso(created + dt.timedelta(hours=3)))
    return json.dumps(rec, ensure_ascii=False)


def test_complaint_rate_and_survey_collapse(fresh_server):
    srv = fresh_server()
    d0 = fcst_data.today()
    lines, complaints = [], set()
    for back in range(70, 0, -1):
        day = d0 - dt.timedelta(days=back)
        for j in range(4):
            ext = f"S{back}-{j}"
            # One complaint in four tickets; surveys answered 3 in 4 before, 1 in 4 lately.
            cat = "complaint" if j == 0 else "billing"
            answered = j != 3 if back > 14 else j == 0
            lines.append(_simple(ext, day + dt.timedelta(hours=10 + j), cat, answered))
            if cat == "complaint" and back <= 30:
                complaints.add(ext)
    fcst_data.import_lines(srv, lines)
    items = expect(srv.get("/api/v1/insights"), 200)["items"]
    rate = [i for i in items if i["kind"] == "complaint_rate_above_benchmark"]
    assert {i["scope"].get("channel") for i in rate} == {None, "web"}
    overall = next(i for i in rate if "channel" not in i["scope"])
    assert overall["severity"] == "critical"  # 25 % against 5 %
    assert {expect(srv.get(f"/api/v1/tickets/{t}"), 200)["external_id"]
            for t in overall["ticket_ids"]} <= complaints
    assert len(overall["ticket_ids"]) == 20
    collapse = by_kind(items, "survey_response_collapse")
    assert len(collapse) == 1 and collapse[0]["severity"] == "critical"  # 25 % from 75 %
    assert collapse[0]["p_value"] < 0.01
    # A complaint_rate target is the benchmark when set.
    expect(srv.request("PUT", "/api/v1/kpi-targets",
                       [{"metric": "complaint_rate", "op": "le", "value": 0.3}]), 200)
    items = expect(srv.get("/api/v1/insights"), 200)["items"]
    assert not by_kind(items, "complaint_rate_above_benchmark")
