"""Churn risk (docs/reports.md): a known set of customers with orders, assets, imported tickets
and surveys; `churn_risk` in the 360° view and GET /api/v1/customers/at-risk must give exactly
the scores this test computes on its own from the same data (and from the sentiment and alerts
the API reports), ranked and paginated."""

import datetime as dt
import json

import pytest

from conftest import create_customer, expect, expect_error, qs, uid, unique_phone
from voc_support import answer

DAY = dt.timedelta(days=1)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def import_lines(srv, records):
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    body = expect(srv.request("POST", "/api/v1/import", raw=text.encode("utf-8"),
                              headers={"Content-Type": "application/x-ndjson"}), 200, "import")
    assert body["errors"] == [], body
    return body


def ticket(cust, created, category="billing", survey=None):
    r = {"external_id": f"T-{uid()}",
         "customer": {"phone": cust["phone"], "name": cust["name"], "tier": cust["tier"]},
         "channel": "email", "subject": "请问发票怎么开", "description": "想了解一下开票流程",
         "category": category, "created_at": iso(created)}
    if survey:
        r["survey"] = survey
    return r


def make(srv, tier, orders=(), warranty_in_days=None):
    c = create_customer(srv, tier=tier, phone=unique_phone(), name=f"客户{uid()}")
    t0 = now()
    for days_ago, amount in orders:
        expect(srv.post(f"/api/v1/customers/{c['id']}/orders",
                        {"number": f"O-{uid()}", "product": "M3", "amount": amount,
                         "ordered_at": iso(t0 - days_ago * DAY)}), 201, "order")
    if warranty_in_days is not None:
        expect(srv.post(f"/api/v1/customers/{c['id']}/assets",
                        {"product": "M3", "serial": f"S-{uid()}",
                         "warranty_end": iso(t0 + warranty_in_days * DAY)}), 201, "asset")
    c["plan"] = {"orders": list(orders), "warranty_in_days": warranty_in_days,
                 "csat": [], "nps": [], "complaints": 0}
    return c


# ------------------------------------------------------------------------------------------
# The independent computation (docs/reports.md "Churn risk").


def expected(srv, c):
    p = c["plan"]
    reasons = {}
    w = p["warranty_in_days"]
    if w is not None and 0 <= w <= 30:
        reasons["warranty_ending"] = 25
    if p["csat"]:
        mean = sum(p["csat"]) / len(p["csat"])
        if mean < 3.5:
            reasons["low_csat"] = 30 if mean <= 2 else 20
    if any(s <= 6 for s in p["nps"]):
        reasons["nps_detractor"] = 20
    if p["complaints"] == 1:
        reasons["complaint"] = 8
    elif p["complaints"] >= 2:
        reasons["repeat_complaints"] = min(30, 15 + 5 * (p["complaints"] - 2))
    recent = sum(a for d, a in p["orders"] if d < 90)
    before = sum(a for d, a in p["orders"] if 90 <= d < 180)
    if before > 0:
        drop = 1 - recent / before
        if drop >= 0.3:
            reasons["falling_orders"] = round(25 * min(1, drop))
    alerts = expect(srv.get(f"/api/v1/alerts?customer_id={c['id']}&limit=500"), 200)["items"]
    open_alerts = sum(1 for a in alerts if a["status"] != "resolved")
    if open_alerts:
        reasons["open_alerts"] = min(20, 10 * open_alerts)
    cutoff = now() - 90 * DAY
    tickets = expect(srv.get(f"/api/v1/tickets?customer_id={c['id']}&limit=500"), 200)["items"]
    recent_t = [t for t in tickets
                if dt.datetime.fromisoformat(t["created_at"].replace("Z", "+00:00")) >= cutoff]
    neg = sum(1 for t in recent_t if (t.get("sentiment") or {}).get("label") == "negative")
    if len(recent_t) >= 2 and neg / len(recent_t) >= 0.5:
        reasons["negative_sentiment"] = round(15 * neg / len(recent_t))
    if reasons and c["tier"] in ("strategic", "high"):
        reasons["tier"] = 10 if c["tier"] == "strategic" else 5
    score = min(100, sum(reasons.values()))
    level = "high" if score >= 60 else "medium" if score >= 30 else "low"
    return score, level, reasons


@pytest.fixture(scope="module")
def data(_module_server):
    srv = _module_server
    t0 = now()
    a = make(srv, "strategic", orders=[(150, 1000), (120, 1000), (100, 1000), (30, 600)],
             warranty_in_days=10)
    a["plan"]["csat"] = [2, 1]
    a["plan"]["complaints"] = 2
    c = make(srv, "high")
    c["plan"]["complaints"] = 1
    d = make(srv, "growth", orders=[(150, 100), (20, 500)], warranty_in_days=40)
    e = make(srv, "basic", warranty_in_days=5)
    f = make(srv, "high", orders=[(130, 200), (110, 300)])
    g = make(srv, "basic")  # nothing at all
    import_lines(srv, [
        ticket(a, t0 - 20 * DAY, "complaint",
               {"kind": "csat", "sent_at": iso(t0 - 19 * DAY), "score": 2,
                "answered_at": iso(t0 - 19 * DAY)}),
        ticket(a, t0 - 10 * DAY, "complaint",
               {"kind": "csat", "sent_at": iso(t0 - 9 * DAY), "score": 1,
                "answered_at": iso(t0 - 9 * DAY)}),
        ticket(a, t0 - 200 * DAY, "complaint"),  # outside the 90-day window
        ticket(c, t0 - 30 * DAY, "complaint"),
        ticket(d, t0 - 5 * DAY, "billing"),
    ])
    # An NPS detractor answered through the public link (raises an early-warning alert).
    s = expect(srv.post("/api/v1/surveys", {"customer_id": c["id"], "kind": "nps"}), 201)
    expect(answer(srv, s["token"], 3), 201, "nps answer")
    c["plan"]["nps"] = [3]
    return {"all": [a, c, d, e, f, g], "a": a, "c": c, "d": d, "e": e, "f": f, "g": g}


def test_360_view_churn_risk_matches_independent_scores(server, data):
    for c in data["all"]:
        view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
        risk = view["churn_risk"]
        score, level, reasons = expected(server, c)
        got = {r["code"]: r["weight"] for r in risk["reasons"]}
        assert got == reasons, (c["tier"], risk)
        assert risk["score"] == score and risk["level"] == level, (c["tier"], risk)
        weights = [r["weight"] for r in risk["reasons"]]
        assert weights == sorted(weights, reverse=True)
        for r in risk["reasons"]:
            assert r["text"] and r["text_en"], r
    a = expect(server.get(f"/api/v1/customers/{data['a']['id']}"), 200)["churn_risk"]
    assert a["level"] == "high"
    codes = [x["code"] for x in a["actions"]]
    assert {"extended_warranty_offer", "csm_callback", "satisfaction_callback",
            "root_cause_review", "win_back_offer"} <= set(codes), a["actions"]
    dues = [x["due"] for x in a["actions"]]
    assert dues == sorted(dues)
    g = expect(server.get(f"/api/v1/customers/{data['g']['id']}"), 200)["churn_risk"]
    assert g == {"score": 0, "level": "low", "reasons": [], "actions": []}


def test_at_risk_list_is_ranked_filtered_and_paginated(server, data):
    want = []
    for c in data["all"]:
        score, level, _ = expected(server, c)
        want.append((c["id"], score, level, c["tier"]))
    ranked = sorted(want, key=lambda x: (-x[1], x[0]))

    def ids(rows):
        return [r[0] for r in rows]

    body = expect(server.get("/api/v1/customers/at-risk"), 200)
    assert [i["customer_id"] for i in body["items"]] == ids(
        [r for r in ranked if r[2] in ("medium", "high")])
    assert body["next_cursor"] is None
    top = body["items"][0]
    assert top["customer_id"] == data["a"]["id"] and top["tier"] == "strategic"
    assert top["name"] == data["a"]["name"] and top["reasons"] and top["actions"]

    for level in ("low", "medium", "high"):
        got = expect(server.get("/api/v1/customers/at-risk" + qs(level=level)), 200)["items"]
        assert [i["customer_id"] for i in got] == ids([r for r in ranked if r[2] == level])
        assert all(i["level"] == level for i in got)
    got = expect(server.get("/api/v1/customers/at-risk" + qs(level="low", tier="basic")),
                 200)["items"]
    assert [i["customer_id"] for i in got] == ids(
        [r for r in ranked if r[2] == "low" and r[3] == "basic"])

    # One by one through the cursor: the same order, nothing repeated or lost.
    seen, cursor = [], None
    for _ in range(10):
        params = {"level": "low", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = expect(server.get("/api/v1/customers/at-risk" + qs(**params)), 200)
        seen += [i["customer_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ids([r for r in ranked if r[2] == "low"])


def test_new_facts_change_the_score_at_once(server, data):
    g = data["g"]
    before = expect(server.get(f"/api/v1/customers/{g['id']}"), 200)["churn_risk"]["score"]
    expect(server.post(f"/api/v1/customers/{g['id']}/assets",
                       {"product": "X1", "serial": f"S-{uid()}",
                        "warranty_end": iso(now() + 3 * DAY)}), 201)
    after = expect(server.get(f"/api/v1/customers/{g['id']}"), 200)["churn_risk"]
    assert after["score"] == before + 25
    assert after["reasons"][0]["code"] == "warranty_ending"
    assert "X1" in after["reasons"][0]["text_en"]
    g["plan"]["warranty_in_days"] = 3


@pytest.mark.parametrize("params,field", [
    ({"level": "severe"}, "level"),
    ({"tier": "gold"}, "tier"),
    ({"cursor": "abc"}, "cursor"),
    ({"limit": "0"}, "limit"),
    ({"limit": "x"}, "limit"),
])
def test_at_risk_bad_input_is_422(server, params, field):
    expect_error(server.get("/api/v1/customers/at-risk" + qs(**params)), (400, 422), field)


def test_unknown_customer_is_404_and_auth_is_required(server):
    expect_error(server.get("/api/v1/customers/999999"), 404)
    expect_error(server.get("/api/v1/customers/at-risk", token=None), 401)


def test_360_sentiment_trend_is_the_monthly_view_of_its_tickets(server, data):
    for c in (data["a"], data["d"], data["g"]):
        view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
        months = {}
        for t in view["tickets"]:
            m = months.setdefault(t["created_at"][:7], {"tickets": 0, "analysed": 0,
                                                        "negative": 0, "sum": 0.0})
            m["tickets"] += 1
            s = t.get("sentiment")
            if s:
                m["analysed"] += 1
                m["negative"] += s["label"] == "negative"
                m["sum"] += s["score"]
        want = [{"month": k, "tickets": v["tickets"], "analysed": v["analysed"],
                 "negative": v["negative"],
                 "avg_score": v["sum"] / v["analysed"] if v["analysed"] else None}
                for k, v in sorted(months.items())]
        got = view["sentiment_trend"]
        assert [{k: x[k] for k in ("month", "tickets", "analysed", "negative")} for x in got] == \
            [{k: x[k] for k in ("month", "tickets", "analysed", "negative")} for x in want]
        for g, w in zip(got, want):
            assert (g["avg_score"] is None) == (w["avg_score"] is None)
            if w["avg_score"] is not None:
                assert abs(g["avg_score"] - w["avg_score"]) < 1e-9
    assert len(expect(server.get(f"/api/v1/customers/{data['a']['id']}"),
                      200)["sentiment_trend"]) >= 2  # tickets in two months at least
