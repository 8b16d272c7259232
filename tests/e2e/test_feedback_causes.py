"""Feedback causes by product and period (docs/voc.md): every classified survey comment and
complaint is linked to one of the customer's orders or assets and counted by cause, product and
period; the items behind a number are listed; imported history is linked too."""
import json

import pytest

from conftest import create_customer, create_ticket, expect, expect_error, qs, uid
from voc_support import answer, resolve, wait_for


def add_order(srv, customer_id, product, ordered_at):
    return expect(srv.post(f"/api/v1/customers/{customer_id}/orders",
                           {"product": product, "amount": 100, "ordered_at": ordered_at}), 201)


def add_asset(srv, customer_id, product, installed_at):
    return expect(srv.post(f"/api/v1/customers/{customer_id}/assets",
                           {"product": product, "serial": "SN-" + uid(),
                            "installed_at": installed_at,
                            "warranty_end": "2030-01-01T00:00:00Z"}), 201)


def answered(srv, customer, comment, score=1, **ticket):
    t = create_ticket(srv, customer["id"], **ticket)
    resolve(srv, t["id"])
    s = expect(srv.get(f"/api/v1/tickets/{t['id']}/survey"), 200)
    expect(answer(srv, s["token"], score, comment), 201)
    return t, s


def items(srv, **params):
    return expect(srv.get("/api/v1/feedback/items" + qs(limit=500, **params)), 200)["items"]


def cause_of(srv, text):
    return expect(srv.post("/api/v1/analyze", {"text": text}), 200)["cause"]["label"]


@pytest.fixture(scope="module")
def world(_module_server):
    srv = _module_server
    u = uid()
    lock, water = f"智能门锁 LK{u}", f"净水器 WP{u}"
    c1 = create_customer(srv)
    o_lock = add_order(srv, c1["id"], lock, "2026-01-05T00:00:00Z")
    o_water = add_order(srv, c1["id"], water, "2026-02-05T00:00:00Z")
    c2 = create_customer(srv)
    a_lock = add_asset(srv, c2["id"], lock, "2026-03-01T00:00:00Z")
    mention = f"LK{u} 用了一周指纹就坏了，质量太差"
    t1, s1 = answered(srv, c1, mention)
    t2 = create_ticket(srv, c1["id"], category="complaint", subject="投诉快递员",
                       description="快递员态度恶劣，送货晚了三天")
    t3, s3 = answered(srv, c2, "客服回复太慢了，等了两天", score=2)
    t4, s4 = answered(srv, c2, f"LK{u} 很好用，谢谢", score=5)
    return dict(srv=srv, lock=lock, water=water, c1=c1, c2=c2, o_lock=o_lock, o_water=o_water,
                a_lock=a_lock, mention=mention, t1=t1, s1=s1, t2=t2, t3=t3, s3=s3, t4=t4)


def test_each_feedback_is_linked_to_the_product_it_is_about(world):
    srv = world["srv"]
    by_source = {(i["source"], i["ticket_id"]): i
                 for i in items(srv, product=world["lock"]) + items(srv, product=world["water"])}
    # The comment names the lock's model: linked to that order although the water order is newer.
    i1 = by_source[("survey", world["t1"]["id"])]
    assert i1["link"] == "mentioned" and i1["order_id"] == world["o_lock"]["id"]
    assert i1["survey_id"] == world["s1"]["id"] and i1["customer_id"] == world["c1"]["id"]
    assert i1["cause"] == cause_of(srv, world["mention"])
    # The complaint names nothing: the customer's newest order (the water purifier).
    i2 = by_source[("complaint", world["t2"]["id"])]
    assert i2["link"] == "latest_order" and i2["order_id"] == world["o_water"]["id"]
    assert i2["product"] == world["water"] and i2["survey_id"] is None
    assert i2["cause"] == cause_of(srv, "投诉快递员\n快递员态度恶劣，送货晚了三天")
    # One product owned: linked to its asset.
    i3 = by_source[("survey", world["t3"]["id"])]
    assert i3["link"] == "only_product" and i3["asset_id"] == world["a_lock"]["id"]
    assert i3["order_id"] is None
    assert len(by_source) == 3


def test_praise_is_counted_only_when_asked_for(world):
    srv = world["srv"]
    pos = items(srv, product=world["lock"], tone="positive")
    assert [(i["ticket_id"], i["negative"]) for i in pos] == [(world["t4"]["id"], False)]
    assert pos[0]["link"] == "mentioned"
    assert all(i["negative"] for i in items(srv, product=world["lock"]))
    body = expect(srv.get("/api/v1/feedback/causes" + qs(product=world["lock"], tone="all",
                                                         group_by="none")), 200)
    assert body["total"] == 3
    expect_error(srv.get("/api/v1/feedback/causes" + qs(tone="angry")), 422, field="tone")


def test_causes_are_counted_by_product_and_period(world):
    srv = world["srv"]
    body = expect(srv.get("/api/v1/feedback/causes" + qs(product=world["lock"],
                                                         group_by="period,cause,product",
                                                         period="month")), 200)
    assert body["total"] == 2 and body["group_by"] == ["period", "cause", "product"]
    assert sum(g["count"] for g in body["groups"]) == 2
    assert all(g["product"] == world["lock"] and g["complaints"] == 0 for g in body["groups"])
    assert sum(g["surveys"] for g in body["groups"]) == 2
    assert all(len(g["period"]) == 7 for g in body["groups"])  # YYYY-MM
    assert sum(g["share"] for g in body["groups"]) == pytest.approx(1.0)
    # By cause only: the causes of the two lock items, each counted once.
    causes = {}
    for i in items(srv, product=world["lock"]):
        causes[i["cause"]] = causes.get(i["cause"], 0) + 1
    body = expect(srv.get("/api/v1/feedback/causes" + qs(product=world["lock"])), 200)
    assert {g["cause"]: g["count"] for g in body["groups"]} == causes
    assert [g["count"] for g in body["groups"]] == sorted(causes.values(), reverse=True)
    # Complaints only, for the water purifier: the one complaint.
    body = expect(srv.get("/api/v1/feedback/causes" + qs(product=world["water"],
                                                         source="complaint")), 200)
    assert body["total"] == 1 and body["groups"][0]["complaints"] == 1
    # A period before any of it: nothing.
    body = expect(srv.get("/api/v1/feedback/causes" + qs(product=world["lock"],
                                                         **{"from": "2020-01-01", "to": "2020-02-01"})), 200)
    assert body["total"] == 0 and body["groups"] == []


def test_csv_export_and_week_periods(world):
    srv = world["srv"]
    r = srv.get("/api/v1/feedback/causes" + qs(product=world["lock"], group_by="period,product",
                                               period="week", format="csv"))
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
    lines = r.raw.decode("utf-8").strip().split("\n")
    assert lines[0] == "period,product,count,surveys,complaints,share"
    assert len(lines) == 2 and lines[1].split(",")[2] == "2"
    assert "-W" in lines[1].split(",")[0]


@pytest.mark.parametrize("params,field", [
    ({"group_by": "agent"}, "group_by"),
    ({"period": "year"}, "period"),
    ({"source": "chat"}, "source"),
    ({"link": "guess"}, "link"),
    ({"format": "xml"}, "format"),
    ({"from": "2026-05-01", "to": "2026-04-01"}, "from"),
    ({"from": "yesterday"}, "from"),
])
def test_bad_parameters_are_422(server, params, field):
    expect_error(server.get("/api/v1/feedback/causes" + qs(**params)), 422, field=field)


def test_items_paginate_and_need_auth(world):
    srv = world["srv"]
    first = expect(srv.get("/api/v1/feedback/items" + qs(product=world["lock"], limit=1)), 200)
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = expect(srv.get("/api/v1/feedback/items" + qs(product=world["lock"], limit=1,
                                                          cursor=first["next_cursor"])), 200)
    assert len(second["items"]) == 1 and second["items"][0]["id"] < first["items"][0]["id"]
    expect_error(srv.get("/api/v1/feedback/causes", token=None), 401)


def test_imported_history_is_linked(fresh_server):
    srv = fresh_server()
    u = uid()
    lines = []
    for n in range(4):
        lines.append({
            "external_id": f"FB-{u}-{n}",
            "customer": {"external_id": f"FBC-{u}-{n % 2}", "name": "王女士"},
            "channel": "email", "subject": "发票开错了" if n < 2 else "咨询",
            "description": "发票抬头错误，要求重开" if n < 2 else "请问怎么用",
            "category": "complaint" if n < 2 else "billing",
            "created_at": f"2026-03-0{n + 1}T02:00:00Z",
            "events": [{"type": "status", "at": f"2026-03-0{n + 1}T05:00:00Z", "to": "resolved"}],
            "survey": {"kind": "csat", "sent_at": f"2026-03-0{n + 1}T05:00:00Z", "score": 2,
                       "answered_at": f"2026-03-0{n + 1}T06:00:00Z",
                       "comment": "退款太慢，扣费不对"},
        })
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    r = expect(srv.request("POST", "/api/v1/import", raw=text.encode("utf-8"),
                           headers={"Content-Type": "application/x-ndjson"}), 200)
    assert r["imported"] == 4
    period = {"from": "2026-03-01", "to": "2026-04-01"}
    got = items(srv, **period)
    assert sorted(i["source"] for i in got) == ["complaint"] * 2 + ["survey"] * 4
    assert all(i["link"] == "none" and i["product"] is None for i in got)
    body = expect(srv.get("/api/v1/feedback/causes" + qs(group_by="none", **period)), 200)
    assert body["total"] == 6 and body["groups"][0]["count"] == 6
    # Restarting links nothing twice.
    srv.restart()
    assert len(items(srv, **period)) == 6
