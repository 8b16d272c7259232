"""Customers: creation, identity uniqueness, search, the 360° view, orders and assets."""

import pytest

from conftest import (OMIT, assert_alive, create_customer, create_ticket, customer_body,
                      expect, expect_error, parse_time, qs, rand_cjk, uid, unique_phone, walk)


def test_create_minimal_customer_defaults_to_basic(server):
    c = expect(server.post("/api/v1/customers", {"name": "王女士"}), 201)
    assert isinstance(c["id"], int) and not isinstance(c["id"], bool)
    assert c["name"] == "王女士"
    assert c["tier"] == "basic"


def test_two_customers_without_phone_email_wechat(server):
    a = expect(server.post("/api/v1/customers", {"name": "无联系方式甲"}), 201)
    b = expect(server.post("/api/v1/customers", {"name": "无联系方式乙"}), 201)
    assert a["id"] != b["id"]


def test_create_full_customer(server):
    n = uid()
    body = {"name": "李明", "phone": unique_phone(), "email": f"li{n}@example.com",
            "wechat_id": f"wx_{n}", "tier": "strategic", "region": "华东",
            "location": {"lat": 30.2741, "lon": 120.1551}, "tags": ["vip", "医疗器械"],
            "salutation": "李总", "language": "zh"}
    c = expect(server.post("/api/v1/customers", body), 201)
    for k in ("name", "phone", "email", "wechat_id", "tier", "region", "tags", "salutation",
              "language"):
        assert c[k] == body[k], (k, c)
    assert abs(c["location"]["lat"] - 30.2741) < 1e-6
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    for k in ("name", "phone", "email", "wechat_id", "tier", "region", "tags", "salutation"):
        assert view["customer"][k] == body[k], (k, view["customer"])


@pytest.mark.parametrize("tier", ["strategic", "high", "growth", "basic"])
def test_every_tier_is_accepted(server, tier):
    assert create_customer(server, tier=tier)["tier"] == tier


@pytest.mark.parametrize("field,value", [
    ("tier", "gold"),
    ("tier", 1),
    ("name", OMIT),
    ("name", None),
    ("name", ["x"]),
    ("phone", 13800000000),
    ("tags", "vip"),
    ("location", {"lat": "x", "lon": 1}),
    ("location", {"lat": 91, "lon": 1}),
    ("location", {"lat": 0, "lon": 500}),
])
def test_invalid_customer_is_422(server, field, value):
    resp = server.post("/api/v1/customers", customer_body(**{field: value}))
    err = expect_error(resp, 422)
    assert (err.get("field") or "").startswith(field), f"error.field should name {field}: {resp!r}"
    assert_alive(server)


@pytest.mark.parametrize("field", ["phone", "email", "wechat_id"])
def test_duplicate_identity_is_409(server, field):
    n = uid()
    value = {"phone": unique_phone(), "email": f"dup{n}@example.com",
             "wechat_id": f"wxdup_{n}"}[field]
    first = create_customer(server, **{field: value})
    body = customer_body(name="另一个人", **{field: value})
    if field != "phone":
        body["phone"] = unique_phone()
    expect_error(server.post("/api/v1/customers", body), 409, field=field)
    # the first one is untouched and there is still only one with that identity
    view = expect(server.get(f"/api/v1/customers/{first['id']}"), 200)
    assert view["customer"][field] == value


def test_get_customer_360(server):
    c = create_customer(server)
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    assert view["customer"]["id"] == c["id"]
    assert view["customer"]["name"] == c["name"]
    for k in ("tickets", "orders", "assets"):
        assert view[k] == [], (k, view)


def test_get_unknown_customer_is_404(server):
    expect_error(server.get("/api/v1/customers/99999999"), 404)


def test_360_lists_the_customers_tickets(server):
    c = create_customer(server)
    other = create_customer(server)
    t1 = create_ticket(server, c["id"])
    t2 = create_ticket(server, c["id"], subject="第二张工单")
    create_ticket(server, other["id"])
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    ids = [t["id"] for t in view["tickets"]]
    assert sorted(ids) == sorted([t1["id"], t2["id"]])
    subj = {t["id"]: t["subject"] for t in view["tickets"]}
    assert subj[t2["id"]] == "第二张工单"


def test_search_by_chinese_name_substring(server):
    marker = rand_cjk(4)
    c = create_customer(server, name=f"张{marker}先生")
    create_customer(server, name="张先生")
    items, _ = walk(server, "/api/v1/customers", {"q": marker})
    assert [x["id"] for x in items] == [c["id"]]


def test_filter_by_tier(server):
    c = create_customer(server, tier="growth")
    items, _ = walk(server, "/api/v1/customers", {"tier": "growth", "limit": 500})
    assert items, "tier=growth returned nothing"
    assert all(x["tier"] == "growth" for x in items), [x["tier"] for x in items]
    assert c["id"] in [x["id"] for x in items]


def test_customer_list_pagination(server):
    marker = rand_cjk(3)
    ids = {create_customer(server, name=f"翻页{marker}{i}")["id"] for i in range(5)}
    items, pages = walk(server, "/api/v1/customers", {"q": marker, "limit": 2})
    got = [x["id"] for x in items]
    assert len(got) == len(set(got)), f"duplicates across pages: {got}"
    assert set(got) == ids
    assert all(len(p["items"]) <= 2 for p in pages)
    assert pages[-1]["next_cursor"] is None


@pytest.mark.parametrize("limit", ["abc", "0", "501", "-1"])
def test_customer_list_bad_limit(server, limit):
    expect_error(server.get("/api/v1/customers" + qs(limit=limit)), (400, 422))


def test_orders(server):
    c = create_customer(server)
    o = expect(server.post(f"/api/v1/customers/{c['id']}/orders",
                           {"number": "SO-2026-0001", "product": "空调 KFR-35GW",
                            "amount": 3299.5, "ordered_at": "2026-03-01T02:00:00Z"}), 201)
    assert isinstance(o["id"], int)
    assert o["product"] == "空调 KFR-35GW"
    assert o["amount"] == 3299.5
    o2 = expect(server.post(f"/api/v1/customers/{c['id']}/orders",
                            {"product": "滤网", "amount": 59}), 201)
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    by_id = {x["id"]: x for x in view["orders"]}
    assert set(by_id) == {o["id"], o2["id"]}
    assert by_id[o["id"]]["number"] == "SO-2026-0001"
    assert by_id[o["id"]]["amount"] == 3299.5
    assert parse_time(by_id[o["id"]]["ordered_at"]) == parse_time("2026-03-01T02:00:00Z")


@pytest.mark.parametrize("field,body", [
    ("product", {"amount": 10}),
    ("amount", {"product": "x", "amount": "ten"}),
    ("ordered_at", {"product": "x", "amount": 1, "ordered_at": "yesterday"}),
])
def test_invalid_order_is_422(server, field, body):
    c = create_customer(server)
    expect_error(server.post(f"/api/v1/customers/{c['id']}/orders", body), 422, field=field)
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    assert view["orders"] == []


def test_order_for_unknown_customer_is_404(server):
    expect_error(server.post("/api/v1/customers/99999999/orders",
                             {"product": "x", "amount": 1}), 404)


@pytest.mark.parametrize("warranty_end", ["2027-06-30", "2027-06-30T00:00:00Z"])
def test_assets(server, warranty_end):
    c = create_customer(server)
    serial = f"SN-{uid()}"
    a = expect(server.post(f"/api/v1/customers/{c['id']}/assets",
                           {"product": "呼吸机 R-200", "serial": serial,
                            "warranty_end": warranty_end,
                            "installed_at": "2025-06-30T08:00:00Z"}), 201)
    assert isinstance(a["id"], int)
    assert a["serial"] == serial
    assert a["warranty_end"].startswith("2027-06-30"), a
    view = expect(server.get(f"/api/v1/customers/{c['id']}"), 200)
    assert [x["serial"] for x in view["assets"]] == [serial]
    got = view["assets"][0]
    assert got["product"] == "呼吸机 R-200"
    assert got["warranty_end"].startswith("2027-06-30"), got


@pytest.mark.parametrize("warranty_end", ["soon", "2027-13-45", "30/06/2027", 20270630])
def test_asset_bad_warranty_end_is_422(server, warranty_end):
    c = create_customer(server)
    expect_error(server.post(f"/api/v1/customers/{c['id']}/assets",
                             {"product": "x", "serial": f"SN-{uid()}",
                              "warranty_end": warranty_end}), 422, field="warranty_end")
    assert expect(server.get(f"/api/v1/customers/{c['id']}"), 200)["assets"] == []


def test_asset_for_unknown_customer_is_404(server):
    expect_error(server.post("/api/v1/customers/99999999/assets",
                             {"product": "x", "serial": "s", "warranty_end": "2027-01-01"}),
                 404)


def test_q_treats_sql_wildcards_literally(server):
    m = rand_cjk(3)
    a = create_customer(server, name=f"{m}_公司")
    create_customer(server, name=f"{m}x公司")
    b = create_customer(server, name=f"{m}100%公司")
    create_customer(server, name=f"{m}100元公司")
    items, _ = walk(server, "/api/v1/customers", {"q": f"{m}_公司"})
    assert [x["id"] for x in items] == [a["id"]], "'_' in q acted as a wildcard"
    items, _ = walk(server, "/api/v1/customers", {"q": f"{m}100%公司"})
    assert [x["id"] for x in items] == [b["id"]], "'%' in q acted as a wildcard"


def test_unknown_tier_filter_is_422(server):
    expect_error(server.get("/api/v1/customers?tier=gold"), 422, field="tier")


def test_time_with_offset_is_normalized_to_utc(server):
    c = create_customer(server)
    resp = server.post(f"/api/v1/customers/{c['id']}/orders",
                       {"product": "p", "amount": 1, "ordered_at": "2026-03-01T10:00:00+08:00"})
    if resp.status == 422:
        expect_error(resp, 422, field="ordered_at")
        return
    o = expect(resp, 201)
    assert o["ordered_at"].endswith("Z"), o
    assert parse_time(o["ordered_at"]) == parse_time("2026-03-01T02:00:00Z"), o


@pytest.mark.parametrize("warranty_end", ["2027-02-30", "2027-06-30T25:00:00Z",
                                          "2027-06-31", ""])
def test_asset_impossible_date_is_422(server, warranty_end):
    c = create_customer(server)
    expect_error(server.post(f"/api/v1/customers/{c['id']}/assets",
                             {"product": "x", "serial": f"SN-{uid()}",
                              "warranty_end": warranty_end}), 422, field="warranty_end")
