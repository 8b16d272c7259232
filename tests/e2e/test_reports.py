"""Service value / ROI and customer journey (docs/reports.md): a known data set (customers with
orders and assets, imported tickets with replies, resolutions and surveys, live tickets that
rules and routing act on) and the reports must give exactly the numbers this test computes on
its own from the plan (and, for which ticket a rule or the router touched, from the tickets'
own event timelines)."""

import csv
import datetime as dt
import io
import json

import pytest

from conftest import create_customer, expect, expect_error, qs, uid, unique_phone

DAY = dt.timedelta(days=1)
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
FROM = NOW - 29 * DAY
TO = NOW + DAY
SPAN = TO - FROM
MODEL = {"currency": "CNY", "agent_hourly_cost": {"*": 60},
         "cost_per_contact": {"*": 5, "phone": 8, "chat": 2},
         "handle_minutes": {"*": 12, "phone": 6, "chat": 4},
         "minutes_saved_per_rule_action": 3, "minutes_saved_per_auto_assignment": 2,
         "repeat_contacts_avoided_per_fcr": 1}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


class World:
    def __init__(self, srv):
        self.srv = srv
        self.customers = []  # {id, tier, phone, name, orders:[(at, amount)], assets:[...]}
        self.tickets = []    # {at, channel, category, replies, resolved_at, reopened, survey}
        self.records = []

    def customer(self, tier, orders=(), assets=()):
        c = create_customer(self.srv, tier=tier, phone=unique_phone(), name=f"客户{uid()}")
        c.update(orders=[], assets=[], tickets=[], surveys=[])
        for at, amount in orders:
            expect(self.srv.post(f"/api/v1/customers/{c['id']}/orders",
                                 {"number": f"O-{uid()}", "product": "M3", "amount": amount,
                                  "ordered_at": iso(at)}), 201)
            c["orders"].append((at, amount))
        for installed, end in assets:
            expect(self.srv.post(f"/api/v1/customers/{c['id']}/assets",
                                 {"product": "M3", "serial": f"S-{uid()}",
                                  "installed_at": iso(installed), "warranty_end": iso(end)}), 201)
            c["assets"].append((installed, end))
        self.customers.append(c)
        return c

    def ticket(self, c, created, kind, channel="email", category="billing", survey=None):
        """kind: fcr (one reply, resolved), two (two replies, resolved), reopened (resolved,
        then the customer writes again), open (no reply)."""
        ev = [{"type": "message", "at": iso(created), "author": "customer", "body": "你好"}]
        t = {"customer": c, "at": created, "channel": channel, "category": category,
             "resolved_at": None, "fcr": False, "ever_resolved": False}
        if kind != "open":
            ev.append({"type": "reply", "at": iso(created + dt.timedelta(hours=1)),
                       "author": "agent", "agent_external_id": "A-1", "body": "好的"})
        if kind == "two":
            ev.append({"type": "reply", "at": iso(created + dt.timedelta(hours=2)),
                       "author": "agent", "agent_external_id": "A-1", "body": "已处理"})
        if kind in ("fcr", "two", "reopened"):
            done = created + dt.timedelta(hours=3)
            ev.append({"type": "status", "at": iso(done), "to": "resolved"})
            t["resolved_at"], t["ever_resolved"], t["fcr"] = done, True, kind == "fcr"
        if kind == "reopened":
            ev.append({"type": "message", "at": iso(created + dt.timedelta(hours=5)),
                       "author": "customer", "body": "还是不行"})
            t["resolved_at"] = None  # reopened: no resolution now
        r = {"external_id": f"T-{uid()}",
             "customer": {"phone": c["phone"], "name": c["name"], "tier": c["tier"]},
             "channel": channel, "subject": "请问发票怎么开", "description": "想了解一下开票流程",
             "category": category, "created_at": iso(created), "events": ev}
        if survey:
            kind_, score, at = survey
            r["survey"] = {"kind": kind_, "sent_at": iso(at), "score": score,
                           "answered_at": iso(at)}
            c["surveys"].append((at, kind_, score))
        self.records.append(r)
        c["tickets"].append(t)
        self.tickets.append(t)
        return t

    def flush(self):
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in self.records) + "\n"
        body = expect(self.srv.request("POST", "/api/v1/import", raw=text.encode("utf-8"),
                                       headers={"Content-Type": "application/x-ndjson"}), 200)
        assert body["errors"] == [], body
        self.records = []


@pytest.fixture(scope="module")
def world(_module_server):
    srv = _module_server
    expect(srv.request("PUT", "/api/v1/settings/cost-model", MODEL), 200, "cost model")
    w = World(srv)
    s1 = w.customer("high", orders=[(NOW - 100 * DAY, 100), (NOW - 10 * DAY, 300)],
                    assets=[(NOW - 300 * DAY, NOW + 20 * DAY)])
    w.ticket(s1, NOW - 21 * DAY, "fcr", survey=("csat", 5, NOW - 19 * DAY))
    s2 = w.customer("high", orders=[(NOW - 100 * DAY, 200)])
    w.ticket(s2, NOW - 16 * DAY, "two", "phone", "technical", survey=("nps", 3, NOW - 14 * DAY))
    w.ticket(s2, NOW - 12 * DAY, "reopened", "phone", "technical")
    s3 = w.customer("basic")
    w.ticket(s3, NOW - 6 * DAY, "fcr", "email", "installation",
             survey=("csat", 2, NOW - 5 * DAY))
    c1 = w.customer("high", orders=[(NOW - 40 * DAY, 100), (NOW - 20 * DAY, 50)])
    w.customer("high", orders=[(NOW - 70 * DAY, 80)])
    c3 = w.customer("growth", orders=[(NOW - 45 * DAY, 10), (NOW - 10 * DAY, 20)],
                    assets=[(NOW - 800 * DAY, NOW - 60 * DAY)])
    w.ticket(c3, NOW - 8 * DAY, "fcr", "email", "complaint")
    p1 = w.customer("basic", orders=[(NOW - 400 * DAY, 30)])
    w.ticket(p1, NOW - 3 * DAY, "open", "chat", "complaint")
    w.ticket(p1, NOW - 2 * DAY, "open", "chat", "complaint")
    # Previous period: tickets and a served customer there.
    w.ticket(c1, NOW - 50 * DAY, "fcr", "email", "billing")
    w.ticket(s1, NOW - 300 * DAY + DAY, "fcr", "onsite", "installation")
    w.flush()
    # Live tickets now: a rule tags chat tickets, an online agent takes what the router sends.
    rule = {"name": f"tag chat {uid()}", "event": "ticket.created",
            "conditions": {"all": [{"field": "ticket.channel", "op": "eq", "value": "chat"}]},
            "actions": [{"type": "add_tag", "value": "chat-auto"}]}
    expect(srv.post("/api/v1/rules", rule), 201, "rule")
    expect(srv.post("/api/v1/agents", {"name": f"坐席{uid()}", "email": f"a{uid()}@x.cn",
                                       "team": "support", "role": "agent", "skills": [],
                                       "languages": ["zh"], "capacity": 50,
                                       "status": "online"}), 201, "agent")
    lv = w.customer("basic")
    live = []
    for ch in ("chat", "chat", "web"):
        t = expect(srv.post("/api/v1/tickets", {"customer_id": lv["id"], "channel": ch,
                                                "subject": "咨询", "description": "请问发票",
                                                "category": "billing"}), 201)
        live.append(t)
        w.tickets.append({"customer": lv, "at": parse(t["created_at"]), "channel": ch,
                          "category": "billing", "resolved_at": None, "fcr": False,
                          "ever_resolved": False, "id": t["id"]})
        lv["tickets"].append(w.tickets[-1])
    w.live = live
    return w


# ------------------------------------------------------------------------------------------
# Independent computations


def unit_cost(channel):
    contact = MODEL["cost_per_contact"].get(channel, MODEL["cost_per_contact"]["*"])
    minutes = MODEL["handle_minutes"].get(channel, MODEL["handle_minutes"]["*"])
    return contact + minutes / 60 * 60


def expected_cost(srv, w, lo, hi):
    ts = [t for t in w.tickets if lo <= t["at"] < hi]
    total = sum(unit_cost(t["channel"]) for t in ts)
    resolved = sum(1 for t in ts if t["ever_resolved"])
    fcr = sum(1 for t in ts if t["fcr"])
    # Automation, from every ticket's own timeline: rule firings and system assignments (the
    # router at creation, the queue drain when the agent came online) in the period.
    rule_actions = auto = 0
    for t in expect(srv.get("/api/v1/tickets?limit=500"), 200)["items"]:
        events = expect(srv.get(f"/api/v1/tickets/{t['id']}/events?limit=500"), 200)["items"]
        inside = [e for e in events if lo <= parse(e["at"]) < hi]
        rule_actions += sum(1 for e in inside if e["type"] == "rule.fired")
        auto += sum(1 for e in inside if e["type"] == "ticket.created"
                    and e["data"].get("routing") and e["data"].get("assignee_id"))
        auto += sum(1 for e in inside if e["type"] == "ticket.assigned" and e["actor"] == "system")
    cpc = total / len(ts) if ts else None
    hours = (rule_actions * 3 + auto * 2) / 60
    return {"tickets": len(ts), "resolved": resolved, "fcr_tickets": fcr, "total_cost": total,
            "cost_per_contact": cpc, "cost_per_resolved": total / resolved if resolved else None,
            "rule_actions": rule_actions, "auto_assignments": auto,
            "automation_hours_saved": hours, "automation_savings": hours * 60,
            "repeat_cost_avoided": fcr * 1 * (cpc or 0)}


def expected_value(w, lo, hi):
    span = hi - lo
    cells = {}

    def cell(key):
        return cells.setdefault(key, [0, 0])

    def count(key, hit):
        c = cell(key)
        c[0] += 1
        c[1] += 1 if hit else 0

    for c in w.customers:
        res = [t["resolved_at"] for t in c["tickets"]
               if t["resolved_at"] and lo <= t["resolved_at"] < hi]
        contacted = any(lo <= t["at"] < hi for t in c["tickets"])
        orders = c["orders"]
        if any(lo - span <= a < lo for a, _ in orders):
            count("retention", any(lo <= a < hi for a, _ in orders))
        served = bool(res)
        control = not served and not contacted and any(a < lo for a, _ in orders)
        if not (served or control):
            continue
        anchor = min(res) if served else lo
        prior = [m for a, m in orders if a <= anchor]
        window = [m for a, m in orders if anchor < a <= anchor + 90 * DAY and a <= NOW]
        rep = bool(window)
        group = "served" if served else "control"
        count(f"repurchase_{group}", rep)
        count(f"repurchase_{group}_{c['tier']}", rep)
        if prior:
            count(f"upsell_{group}", rep and sum(window) > sum(prior) / len(prior))
    rate = {k: (v[1] / v[0] if v[0] else None) for k, v in cells.items()}
    num = den = 0
    for tier in ("strategic", "high", "growth", "basic"):
        n = cells.get(f"repurchase_served_{tier}", [0, 0])[0]
        rc = rate.get(f"repurchase_control_{tier}")
        if n and rc is not None:
            num += n * rc
            den += n
    adjusted = num / den if den else None
    clv = {}
    for tier in ("strategic", "high", "growth", "basic"):
        cs = [c for c in w.customers if c["tier"] == tier]
        clv[tier] = (sum(m for c in cs for a, m in c["orders"] if a < hi) / len(cs)) if cs else None
    return rate, adjusted, clv


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-6


def test_service_value_matches_independent_computation(server, world):
    r = expect(server.get("/api/v1/reports/service-value" + qs(**{"from": iso(FROM),
                                                                  "to": iso(TO)})), 200)
    assert r["currency"] == "CNY" and r["previous_period"]["to"] == iso(FROM)
    for side, (lo, hi) in (("current", (FROM, TO)), ("previous", (FROM - SPAN, FROM))):
        want = expected_cost(server, world, lo, hi)
        got = r["cost"][side]
        for k, v in want.items():
            assert close(got[k], v), (side, k, got[k], v)
        rate, adjusted, clv = expected_value(world, lo, hi)
        val = r["value"][side]
        for k in ("repurchase_served", "repurchase_control", "upsell_served", "retention"):
            assert close(val[k]["rate"], rate.get(k)), (side, k, val[k], rate.get(k))
        assert close(val["repurchase_control_tier_adjusted"], adjusted), (side, val)
        for row in val["by_tier"]:
            assert close(row["clv"], clv[row["tier"]]), (side, row)
    cur = r["cost"]["current"]
    assert cur["rule_actions"] == 2 and cur["auto_assignments"] >= 1, cur
    assert close(r["cost"]["change"]["tickets"],
                 r["cost"]["current"]["tickets"] - r["cost"]["previous"]["tickets"])
    served = r["value"]["current"]["by_csat"]
    assert [b["band"] for b in served] == ["satisfied", "neutral", "dissatisfied", "none"]
    assert served[0]["repurchase"]["hits"] == 1  # s1: CSAT 5, ordered again
    assert set(r["formulas"]) >= {"cost_per_contact", "repurchase_lift", "clv", "retention"}


def test_service_value_csv_has_the_same_numbers(server, world):
    q = qs(**{"from": iso(FROM), "to": iso(TO)})
    r = expect(server.get("/api/v1/reports/service-value" + q), 200)
    resp = server.get("/api/v1/reports/service-value" + q + "&format=csv")
    assert resp.status == 200 and resp.headers.get("Content-Type", "").startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.raw.decode("utf-8"))))
    by = {(x["section"], x["metric"]): x for x in rows}
    assert float(by[("cost", "total_cost")]["current"]) == pytest.approx(
        r["cost"]["current"]["total_cost"], rel=1e-5)
    assert float(by[("value", "repurchase_served")]["current"]) == pytest.approx(
        r["value"]["current"]["repurchase_served"]["rate"], rel=1e-5)
    assert ("value", "by_tier.high.clv") in by


def test_cost_model_round_trip_and_bad_input(server, world):
    got = expect(server.get("/api/v1/settings/cost-model"), 200)
    assert got["cost_per_contact"]["phone"] == 8 and got["currency"] == "CNY"
    for body, field in [({"bogus": 1}, "bogus"),
                        ({"cost_per_contact": {"fax": 3}}, "cost_per_contact.fax"),
                        ({"handle_minutes": {"*": -1}}, "handle_minutes.*"),
                        ({"currency": "yuan"}, "currency"),
                        ({"agent_hourly_cost": 60}, "agent_hourly_cost")]:
        expect_error(server.request("PUT", "/api/v1/settings/cost-model", body), 422, field)
    expect_error(server.request("PUT", "/api/v1/settings/cost-model", raw="{nope"), 400)
    assert expect(server.get("/api/v1/settings/cost-model"), 200) == got  # nothing changed


@pytest.mark.parametrize("path", ["/api/v1/reports/service-value", "/api/v1/reports/journey"])
@pytest.mark.parametrize("params,field", [
    ({"from": "2026-05-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}, "from"),
    ({"from": "yesterday"}, "from"),
    ({"to": "2026-13-01"}, "to"),
])
def test_reports_bad_periods_are_422(server, path, params, field):
    expect_error(server.get(path + qs(**params)), 422, field)


def test_bad_format_is_422(server):
    expect_error(server.get("/api/v1/reports/service-value?format=xml"), 422, "format")


# ------------------------------------------------------------------------------------------
# Customer journey


def stage_of(c, at, category, channel):
    """docs/reports.md "Customer journey": the first rule that applies."""
    if category in ("delivery", "installation"):
        return "delivery_installation"
    ends = [e for _, e in c["assets"]]
    for oa, _ in sorted(c["orders"]):
        if oa > at:
            break
        if any(e < oa for e in ends) and at - oa <= 60 * DAY:
            return "renewal"
    if any(e - 30 * DAY <= at <= e + 30 * DAY for e in ends):
        return "warranty_end"
    if any(oa <= at and at - oa <= 7 * DAY for oa, _ in c["orders"]):
        return "purchase"
    if category == "technical" or channel == "onsite":
        return "repair"
    return "use"


def expected_journey(w, lo, hi):
    stages = {s: {"contacts": 0, "complaints": 0, "repeat_contacts": 0, "surveys": 0,
                  "negative_surveys": 0, "orders": 0, "customers": set()}
              for s in ("purchase", "delivery_installation", "use", "repair", "warranty_end",
                        "renewal")}
    for c in w.customers:
        ends = [e for _, e in c["assets"]]
        for oa, _ in c["orders"]:
            if lo <= oa < hi:
                st = "renewal" if any(e < oa for e in ends) else "purchase"
                stages[st]["orders"] += 1
                stages[st]["customers"].add(c["id"])
        for inst, end in c["assets"]:
            if lo <= inst < hi:
                stages["delivery_installation"]["customers"].add(c["id"])
            if lo <= end < hi:
                stages["warranty_end"]["customers"].add(c["id"])
        last = {}
        for t in sorted(c["tickets"], key=lambda t: t["at"]):
            rep = t["category"] in last and t["at"] - last[t["category"]] <= 7 * DAY
            last[t["category"]] = t["at"]
            if not (lo <= t["at"] < hi):
                continue
            st = stages[stage_of(c, t["at"], t["category"], t["channel"])]
            st["contacts"] += 1
            st["complaints"] += t["category"] == "complaint"
            st["repeat_contacts"] += rep
            st["customers"].add(c["id"])
        for at, kind, score in c["surveys"]:
            if lo <= at < hi:
                st = stages[stage_of(c, at, "", "")]
                st["surveys"] += 1
                st["negative_surveys"] += (kind == "csat" and score <= 2) or (
                    kind == "nps" and score <= 6)
                st["customers"].add(c["id"])
    return stages


def test_journey_stages_match_independent_computation(server, world):
    r = expect(server.get("/api/v1/reports/journey" + qs(**{"from": iso(FROM),
                                                            "to": iso(TO)})), 200)
    want = expected_journey(world, FROM, TO)
    assert [s["stage"] for s in r["stages"]] == list(want)
    for s in r["stages"]:
        w = want[s["stage"]]
        for k in ("contacts", "complaints", "repeat_contacts", "surveys", "negative_surveys",
                  "orders"):
            assert s[k] == w[k], (s["stage"], k, s, w)
        assert s["customers"] == len(w["customers"]), (s, w)
        assert close(s["complaint_rate"], w["complaints"] / w["contacts"] if w["contacts"]
                     else None)
    # Breakpoints: stages with contacts by complaint rate + repeat rate.
    ranked = sorted((s for s in r["stages"] if s["contacts"]),
                    key=lambda s: -((s["complaint_rate"] or 0) + (s["repeat_rate"] or 0)))
    assert [b["stage"] for b in r["breakpoints"]] == [s["stage"] for s in ranked[:3]]
    # The two KPIs are /api/v1/metrics' own numbers for the same period.
    m = expect(server.get("/api/v1/metrics" + qs(**{"from": iso(FROM), "to": iso(TO)})),
               200)["groups"][0]
    assert close(r["metrics"]["repeat_request_rate"], m["repeat_request_rate"])
    assert close(r["metrics"]["complaint_conversion_rate"], m["complaint_conversion_rate"])
    assert r["metrics"]["tickets"] == m["tickets"]


def test_customer_journey_timeline(server, world):
    c = world.customers[0]  # s1: two orders, an asset, two tickets, a survey
    body = expect(server.get(f"/api/v1/customers/{c['id']}/journey"), 200)
    items = body["items"]
    kinds = sorted(i["kind"] for i in items)
    assert kinds == sorted(["order", "order", "installation", "warranty_end", "ticket",
                            "ticket", "survey"]), items
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)
    for i in items:
        if i["kind"] == "ticket":
            t = next(t for t in c["tickets"] if iso(t["at"]) == i["at"])
            assert i["stage"] == stage_of(c, t["at"], t["category"], t["channel"]), i
    assert sum(body["stages"].values()) == len(items)
    page = expect(server.get(f"/api/v1/customers/{c['id']}/journey?limit=3"), 200)
    assert page["items"] == items[:3] and page["next_cursor"]
    rest = expect(server.get(f"/api/v1/customers/{c['id']}/journey"
                             + qs(limit=10, cursor=page["next_cursor"])), 200)
    assert page["items"] + rest["items"] == items and rest["next_cursor"] is None
    expect_error(server.get("/api/v1/customers/999999/journey"), 404)
