"""Historical import and the KPI API: a known NDJSON file is imported (over HTTP, and by
`loopdesk import` before the server starts) and GET /api/v1/metrics must give exactly the
numbers this test computes on its own from the same records (docs/metrics.md)."""

import datetime as dt
import json
import math
import subprocess
import time

import pytest

from conftest import BIN, store_args, expect, expect_error, qs

BASE = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.timezone.utc)  # a Monday
POLICY = [{"name": "all", "match": {}, "first_response_s": 3600, "resolution_s": 86400,
           "pause_on": ["pending", "on_hold"]}]
CHANNELS = ["email", "chat", "phone"]
TIERS = ["basic", "high", "growth", "strategic"]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(n=36):
    """The records and, beside each, the facts this test expects (computed from the plan,
    not from the server)."""
    lines, facts = [], []
    for i in range(n):
        kind = i % 6
        created = BASE + dt.timedelta(hours=5 * i)
        d1 = dt.timedelta(minutes=10 * (i % 9 + 1))  # first reply after 10..90 min
        ev, f = [], {"channel": CHANNELS[i % 3], "tier": TIERS[(i // 2) % 4],
                     "created": created, "frt": None, "resolution": None, "replies": 0,
                     "reopened": False, "ever_resolved": False, "active": True,
                     "survey": None}
        ev.append({"type": "message", "at": iso(created), "author": "customer", "body": "你好"})
        agent = f"A-{i % 4}"

        def reply(t):
            ev.append({"type": "reply", "at": iso(t), "agent_external_id": agent, "body": "好的"})
            f["replies"] += 1

        def status(t, to):
            ev.append({"type": "status", "at": iso(t), "to": to})

        if kind != 0:
            reply(created + d1)
            f["frt"] = d1.total_seconds()
        t = created + d1
        if kind == 1:
            done = t + dt.timedelta(hours=2)
            status(done, "resolved")
            f["resolution"] = (done - created).total_seconds()
        elif kind == 2:
            ev.append({"type": "message", "at": iso(t + dt.timedelta(minutes=30)),
                       "author": "customer", "body": "还有问题"})
            reply(t + dt.timedelta(hours=1))
            done = t + dt.timedelta(hours=3)
            status(done, "resolved")
            f["resolution"] = (done - created).total_seconds()
        elif kind == 3:
            status(t + dt.timedelta(minutes=20), "pending")  # paused 2 h until the customer answers
            ev.append({"type": "message", "at": iso(t + dt.timedelta(minutes=140)),
                       "author": "customer", "body": "资料已发"})
            done = t + dt.timedelta(hours=4)
            status(done, "resolved")
            f["resolution"] = (done - created).total_seconds() - 2 * 3600
        elif kind == 4:
            first = t + dt.timedelta(hours=1)
            status(first, "resolved")
            ev.append({"type": "message", "at": iso(first + dt.timedelta(hours=2)),
                       "author": "customer", "body": "又坏了"})  # reopens
            reply(first + dt.timedelta(hours=3))
            done = first + dt.timedelta(hours=5)
            status(done, "resolved")
            f["reopened"] = True
            f["resolution"] = (done - created).total_seconds()
        elif kind == 5:
            done = t + dt.timedelta(hours=1)
            status(done, "resolved")
            status(done + dt.timedelta(days=2), "closed")
            f["resolution"] = (done - created).total_seconds()
        if kind != 0:
            f["ever_resolved"] = True
            f["active"] = False
        rec = {"external_id": f"E2E-{i}",
               "customer": {"external_id": f"C-{i % 10}", "name": f"客户{i % 10}",
                            "tier": TIERS[(i % 10) % 4]},
               "channel": f["channel"], "subject": f"问题 {i}", "description": "详情",
               "priority": "P3", "category": "billing" if i % 4 else "complaint",
               "created_at": iso(created), "events": ev}
        f["tier"] = TIERS[(i % 10) % 4]
        if kind in (1, 2, 5):
            score = [5, 4, 3, 2, 1, 5, 4][i % 7]
            answered = i % 3 != 0
            rec["survey"] = {"kind": "csat", "sent_at": iso(done + dt.timedelta(minutes=5))}
            if answered:
                rec["survey"].update(score=score, answered_at=iso(done + dt.timedelta(hours=1)))
            f["survey"] = ("csat", score if answered else None)
        elif kind == 4:
            score = [10, 9, 7, 3, 0, 10][i % 6]
            rec["survey"] = {"kind": "nps", "sent_at": iso(done + dt.timedelta(minutes=5)),
                             "score": score, "answered_at": iso(done + dt.timedelta(hours=2))}
            f["survey"] = ("nps", score)
        lines.append(json.dumps(rec, ensure_ascii=False))
        facts.append(f)
    return lines, facts


def ratio(num, den):
    return num / den if den else None


def expected(facts):
    frts = sorted(f["frt"] for f in facts if f["frt"] is not None)
    res = [f["resolution"] for f in facts if f["resolution"] is not None and not f["active"]]
    resolved = [f for f in facts if f["ever_resolved"]]
    csat = [f["survey"][1] for f in facts if f["survey"] and f["survey"][0] == "csat"
            and f["survey"][1] is not None]
    nps = [f["survey"][1] for f in facts if f["survey"] and f["survey"][0] == "nps"]
    sent = sum(1 for f in facts if f["survey"])
    answered = sum(1 for f in facts if f["survey"] and f["survey"][1] is not None)
    # SLA: first response 1 h (every reply here is within 90 min; unanswered tickets are long
    # overdue), resolution 24 h (every resolution here is within a day; open ones overdue).
    resp_met = sum(1 for f in facts if f["frt"] is not None and f["frt"] <= 3600)
    return {
        "tickets": len(facts),
        "frt_avg_s": ratio(sum(frts), len(frts)),
        "frt_p90_s": frts[math.ceil(0.9 * len(frts)) - 1] if frts else None,
        "resolution_avg_s": ratio(sum(res), len(res)),
        "fcr": ratio(sum(1 for f in resolved if f["replies"] == 1 and not f["reopened"]),
                     len(resolved)),
        "reopen_rate": ratio(sum(1 for f in resolved if f["reopened"]), len(resolved)),
        "csat": ratio(sum(1 for s in csat if s >= 4), len(csat)),
        "nps": ratio(100.0 * (sum(1 for s in nps if s >= 9) - sum(1 for s in nps if s <= 6)),
                     len(nps)),
        "survey_response_rate": ratio(answered, sent),
        "backlog": sum(1 for f in facts if f["active"]),
        "sla_response_attainment": ratio(resp_met, len(facts)),
        "sla_resolution_attainment": ratio(sum(1 for f in facts if not f["active"]), len(facts)),
    }


def import_ndjson(srv, text, strict=False):
    path = "/api/v1/import" + ("?strict=true" if strict else "")
    return srv.request("POST", path, raw=text.encode("utf-8"),
                       headers={"Content-Type": "application/x-ndjson"})


def metrics(srv, **params):
    params.setdefault("from", "2026-03-01T00:00:00Z")
    params.setdefault("to", "2026-04-01T00:00:00Z")
    # A freshly started server loads its analytics in the background and answers 503
    # warming_up (with Retry-After) until the fact store holds the whole history.
    for _ in range(600):
        r = srv.get("/api/v1/metrics" + qs(**params))
        if r.status != 503:
            break
        assert r.body["error"]["code"] == "warming_up", r.body
        assert r.headers.get("Retry-After"), "a 503 warming_up says when to retry"
        time.sleep(0.1)
    return expect(r, 200)


def check_numbers(body, want):
    assert len(body["groups"]) == 1
    g = body["groups"][0]
    for key, value in want.items():
        if value is None:
            assert g[key] is None, key
        else:
            assert g[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


@pytest.fixture(scope="module")
def data():
    return build()


def test_http_import_then_metrics_match_independent_computation(fresh_server, data):
    lines, facts = data
    srv = fresh_server()
    expect(srv.request("PUT", "/api/v1/sla-policies", POLICY), 200)
    body = expect(import_ndjson(srv, "\n".join(lines) + "\n"), 200)
    assert body["imported"] == len(lines)
    assert body["duplicates"] == 0
    assert body["customers"] == 10
    assert body["errors"] == []
    check_numbers(metrics(srv), expected(facts))

    # Idempotent: the same file again changes nothing.
    again = expect(import_ndjson(srv, "\n".join(lines)), 200)
    assert again["imported"] == 0 and again["duplicates"] == len(lines)
    check_numbers(metrics(srv), expected(facts))

    # By channel: each group is its own slice of the plan.
    by_channel = metrics(srv, group_by="channel")["groups"]
    assert [g["key"] for g in by_channel] == sorted(CHANNELS)
    for g in by_channel:
        want = expected([f for f in facts if f["channel"] == g["key"]])
        for key in ("tickets", "frt_avg_s", "fcr", "backlog"):
            assert g[key] == pytest.approx(want[key]), (g["key"], key)

    # A filter with no data gives null rates, never 0.
    empty = metrics(srv, channel="wechat")["groups"][0]
    assert empty["tickets"] == 0 and empty["csat"] is None and empty["fcr"] is None

    # Benchmarks beside the values.
    bench = metrics(srv, industry="b2b")["benchmarks"]
    assert bench["nps"]["low"] == 50 and bench["nps"]["high"] == 70


def test_imported_surveys_are_survey_rows(fresh_server, data):
    """Every imported survey is one row of the surveys table (answered or sent, with its
    times, score and comment), its id is in survey.sent/survey.answered, and history sends
    nothing: no outbox message, no alert (the plan has CSAT 1 and 2 answers)."""
    lines, facts = data
    srv = fresh_server()
    expect(srv.request("PUT", "/api/v1/sla-policies", POLICY), 200)
    expect(import_ndjson(srv, "\n".join(lines)), 200)
    rows = expect(srv.get("/api/v1/surveys" + qs(limit=100)), 200)
    assert rows["next_cursor"] is None
    by_ticket = {}
    for s in rows["items"]:
        assert s["ticket_id"] not in by_ticket, "one survey row per imported survey"
        by_ticket[s["ticket_id"]] = s
    assert len(by_ticket) == sum(1 for f in facts if f["survey"])
    recs = [json.loads(line) for line in lines]
    customer_ids = {}
    for tid, s in by_ticket.items():
        t = expect(srv.get(f"/api/v1/tickets/{tid}"), 200)
        rec = recs[int(t["external_id"].split("-")[1])]
        sv = rec["survey"]
        assert s["kind"] == sv["kind"] and s["customer_id"] == t["customer_id"]
        assert s["channel"] == rec["channel"]
        assert s["sent_at"] == sv["sent_at"]
        assert s["score"] == sv.get("score")
        assert s["answered_at"] == sv.get("answered_at")
        if "score" in sv:
            assert s["status"] == "answered"
        else:
            assert s["status"] in ("sent", "expired")
        assert s["token"] and s["language"] == "zh"
        customer_ids.setdefault(t["customer_id"], set()).add(s["id"])
        # The ticket shows its CSAT survey (the ticket view's `survey`); the events carry its id.
        if s["kind"] == "csat":
            assert t["survey"]["id"] == s["id"]
        assert expect(srv.get("/api/v1/surveys" + qs(ticket_id=tid)), 200)["items"] == [s]
        events = expect(srv.get(f"/api/v1/tickets/{tid}/events" + qs(limit=200)), 200)["items"]
        sent = [e for e in events if e["type"] == "survey.sent"]
        answered = [e for e in events if e["type"] == "survey.answered"]
        assert [e["data"]["survey_id"] for e in sent] == [s["id"]]
        assert [e["data"]["survey_id"] for e in answered] == ([s["id"]] if "score" in sv else [])
    # The customer 360° lists the imported answers.
    for cid, ids in customer_ids.items():
        c = expect(srv.get(f"/api/v1/customers/{cid}"), 200)
        assert {s["id"] for s in c["surveys"]} == ids
    # History: nothing was sent, no early warning was raised.
    assert expect(srv.get("/api/v1/outbox"), 200)["items"] == []
    assert expect(srv.get("/api/v1/alerts"), 200)["items"] == []
    check_numbers(metrics(srv), expected(facts))


def test_cli_import_before_start_gives_the_same_numbers(fresh_server, data, tmp_path):
    lines, facts = data
    bad = list(lines)
    bad.insert(3, "{not json")
    bad.insert(7, json.dumps({"external_id": "X", "channel": "fax"}))
    src = tmp_path / "history.ndjson"
    src.write_text("\n".join(bad) + "\n", encoding="utf-8")
    srv = fresh_server()  # first start: the bootstrap admin
    srv.stop()
    run = subprocess.run([str(BIN), "import", *store_args(srv.data_dir), str(src)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == f"imported {len(lines)} tickets, 10 customers, 2 errors"
    assert "line 4:" in run.stderr and "line 8:" in run.stderr and "channel" in run.stderr
    srv.start()
    expect(srv.request("PUT", "/api/v1/sla-policies", POLICY), 200)
    # The fact store was built at start with the default policies; the SLA columns follow the
    # policies at the ticket's next event, so compare everything else here.
    want = expected(facts)
    for k in ("sla_response_attainment", "sla_resolution_attainment"):
        want.pop(k)
    check_numbers(metrics(srv), want)
    # The command line writes the survey rows too.
    rows = expect(srv.get("/api/v1/surveys" + qs(limit=100)), 200)["items"]
    assert len(rows) == sum(1 for f in facts if f["survey"])
    assert sum(1 for r in rows if r["status"] == "answered") == sum(
        1 for f in facts if f["survey"] and f["survey"][1] is not None)


def test_strict_import_is_all_or_nothing(server, data):
    lines, _ = data
    text = "\n".join([lines[0].replace("E2E-0", "STRICT-0"), '{"external_id":"S-1"}'])
    r = import_ndjson(server, text, strict=True)
    expect_error(r, 422)
    assert r.body["imported"] == 0
    assert [e["line"] for e in r.body["errors"]] == [2]
    page = expect(server.get("/api/v1/tickets" + qs(limit=500)), 200)
    assert all(t.get("subject") != "问题 0" for t in page["items"])


def test_import_line_errors_name_line_and_field(server):
    rec = {"external_id": "ERR-1", "customer": {"external_id": "C-ERR"}, "channel": "email",
           "subject": "s", "created_at": "2026-03-02T00:00:00Z",
           "events": [{"type": "status", "at": "2026-03-02T01:00:00Z", "to": "reopened"}]}
    body = expect(import_ndjson(server, json.dumps(rec)), 200)
    assert body["imported"] == 0
    assert body["errors"][0]["line"] == 1
    assert "events[0].to" in body["errors"][0]["message"]


def test_drill_down_and_csv(fresh_server, data):
    lines, facts = data
    srv = fresh_server()
    expect(import_ndjson(srv, "\n".join(lines)), 200)
    want_backlog = sum(1 for f in facts if f["active"])
    seen, cursor = [], None
    while True:
        params = {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z",
                  "metric": "backlog", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = expect(srv.get("/api/v1/metrics/tickets" + qs(**params)), 200)
        seen += [i["ticket_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == want_backlog == len(set(seen))
    for tid in seen:
        assert expect(srv.get(f"/api/v1/tickets/{tid}"), 200)["status"] in ("new", "open")
    csv = srv.get("/api/v1/metrics" + qs(**{"from": "2026-03-01T00:00:00Z",
                                             "to": "2026-04-01T00:00:00Z",
                                             "group_by": "channel", "format": "csv"}))
    assert csv.status == 200 and csv.headers["Content-Type"].startswith("text/csv")
    rows = csv.raw.decode().strip().splitlines()
    assert rows[0].startswith("channel,tickets,csat,nps,")
    assert len(rows) == 1 + len(CHANNELS)
    expect_error(srv.get("/api/v1/metrics" + qs(group_by="hour")), 422, field="group_by")
    expect_error(srv.get("/api/v1/metrics/tickets" + qs(metric="nope")), 422, field="metric")
    expect_error(srv.get("/api/v1/metrics" + qs(**{"from": "yesterday"})), 422, field="from")
