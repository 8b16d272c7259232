"""Improvement actions (PDCA) over HTTP: CRUD with validation, and verification of the metric
before and after the change date on the same scope, with sample sizes and a significance
test — on data with a real difference and on data without one."""
from conftest import create_customer, create_ticket, expect, expect_error, uid


def scoped_customer(srv, product):
    c = create_customer(srv)
    expect(srv.post(f"/api/v1/customers/{c['id']}/assets",
                    {"product": product, "serial": f"SN{uid()}"}), 201)
    return c


def tickets(srv, customer, complaints, others):
    made = []
    for _ in range(complaints):
        made.append(create_ticket(srv, customer["id"], category="complaint"))
    for _ in range(others):
        made.append(create_ticket(srv, customer["id"], category="billing"))
    return made


def test_crud_and_validation(server):
    body = {"problem": "安装预约流程太长，客户多次投诉", "metric": "complaint_rate",
            "scope": {"category": "installation", "channel": "phone"}, "target": 0.05}
    i = expect(server.post("/api/v1/improvements", body), 201)
    assert i["stage"] == "plan" and i["metric"] == "complaint_rate" and i["verification"] is None
    assert i["title"] and i["scope"] == {"category": "installation", "channel": "phone",
                                         "product": None}
    t = create_ticket(server)
    u = expect(server.patch(f"/api/v1/improvements/{i['id']}",
                            {"stage": "do", "ticket_ids": [t["id"]], "plan": "线上预约",
                             "change_at": "2026-01-01T00:00:00Z"}), 200)
    assert u["stage"] == "do" and u["ticket_ids"] == [t["id"]]
    assert u["change_at"] == "2026-01-01T00:00:00Z" and u["problem"] == body["problem"]
    assert expect(server.get(f"/api/v1/improvements/{i['id']}"), 200) == u
    listed = expect(server.get("/api/v1/improvements?limit=500"), 200)["items"]
    assert u["id"] in [x["id"] for x in listed]
    for bad, field in [({"metric": "happiness", "problem": "x"}, "metric"),
                       ({"stage": "done", "problem": "x"}, "stage"),
                       ({}, "problem"),
                       ({"problem": "x", "ticket_ids": [10**12]}, "ticket_ids[0]"),
                       ({"problem": "x", "scope": {"planet": "mars"}}, "scope.planet"),
                       ({"problem": "x", "scope": {"channel": "pigeon"}}, "scope.channel"),
                       ({"problem": "x", "change_at": "soon"}, "change_at"),
                       ({"problem": "x", "target": 3}, "target"),
                       ({"problem": "x", "owner_id": 10**12}, "owner_id"),
                       ({"problem": "x", "colour": "red"}, "colour")]:
        expect_error(server.post("/api/v1/improvements", bad), 422, field=field)
    expect_error(server.get("/api/v1/improvements/999999999"), 404)
    expect_error(server.post("/api/v1/improvements", raw="[1]", headers={}), 400)
    # Not verifiable before the change went live.
    future = expect(server.post("/api/v1/improvements",
                                {"problem": "x", "change_at": "2099-01-01T00:00:00Z"}), 201)
    expect_error(server.post(f"/api/v1/improvements/{future['id']}/verify"), 409)
    no_date = expect(server.post("/api/v1/improvements", {"problem": "x"}), 201)
    expect_error(server.post(f"/api/v1/improvements/{no_date['id']}/verify"), 409,
                 field="change_at")


def verify_complaint_rate(srv, before, after):
    product = f"净水器-{uid()}"
    c = scoped_customer(srv, product)
    tickets(srv, c, *before)
    later = tickets(srv, c, *after)
    change_at = later[0]["created_at"]
    i = expect(srv.post("/api/v1/improvements",
                        {"problem": "漏水投诉", "metric": "complaint_rate", "baseline_days": 1,
                         "scope": {"product": product}, "change_at": change_at,
                         "target": 0.2}), 201)
    return expect(srv.post(f"/api/v1/improvements/{i['id']}/verify"), 200)["verification"]


def test_verification_finds_a_real_drop_in_complaints(server):
    v = verify_complaint_rate(server, before=(15, 5), after=(2, 18))
    assert v["before"]["n"] == 20 and v["after"]["n"] == 20
    assert v["before"]["value"] == 0.75 and v["after"]["value"] == 0.1
    assert v["test"] == "two_proportion_z" and v["significant"] is True
    assert v["p_value"] < 0.001 and v["statistic"] < 0
    assert v["verdict"] == "improved" and v["target_met"] is True
    assert abs(v["difference"] - (-0.65)) < 1e-9


def test_verification_reports_no_change_when_there_is_none(server):
    v = verify_complaint_rate(server, before=(5, 5), after=(5, 5))
    assert v["before"]["n"] == 10 and v["after"]["n"] == 10
    assert v["significant"] is False and v["verdict"] == "no_significant_change"
    assert abs(v["p_value"] - 1.0) < 1e-9 and v["target_met"] is False


def test_verification_with_an_empty_scope_says_so(server):
    i = expect(server.post("/api/v1/improvements",
                           {"problem": "x", "metric": "fcr", "scope": {"product": f"无-{uid()}"},
                            "change_at": "2026-01-01T00:00:00Z"}), 201)
    v = expect(server.post(f"/api/v1/improvements/{i['id']}/verify"), 200)["verification"]
    assert v["before"]["n"] == 0 and v["after"]["n"] == 0
    assert v["verdict"] == "insufficient_data" and v["p_value"] is None


def test_notify_the_customers_of_the_linked_tickets(server):
    a = create_customer(server, email=f"n{uid()}@example.com", language="en")
    b = create_customer(server)
    ts = [create_ticket(server, a["id"]), create_ticket(server, a["id"]),
          create_ticket(server, b["id"])]
    i = expect(server.post("/api/v1/improvements",
                           {"problem": "漏水", "title": "新密封圈",
                            "ticket_ids": [t["id"] for t in ts]}), 201)
    r = expect(server.post(f"/api/v1/improvements/{i['id']}/notify", {}), 200)
    assert r == {"queued": 2}  # one message per customer
    out = expect(server.get("/api/v1/outbox?limit=500"), 200)["items"]
    mine = {m["customer_id"]: m for m in out if m["purpose"] == "improvement"
            and m["customer_id"] in (a["id"], b["id"])}
    assert set(mine) == {a["id"], b["id"]}
    assert mine[a["id"]]["channel"] == "email" and "新密封圈" in mine[a["id"]]["body"]
    assert mine[a["id"]]["body"].startswith("Dear ")
    assert mine[b["id"]]["channel"] == "sms"
    lonely = expect(server.post("/api/v1/improvements", {"problem": "x"}), 201)
    expect_error(server.post(f"/api/v1/improvements/{lonely['id']}/notify", {}), 409)
    expect_error(server.post("/api/v1/improvements/999999999/notify", {}), 404)
    expect_error(server.post(f"/api/v1/improvements/{i['id']}/notify", {"message": 5}), 422,
                 field="message")
