"""Priority and category inference from the text engine's signals (issue 7, docs/text-quality.md
"Urgency → priority"): urgency and anxiety make P1/P2 when the request gives no priority, an
angry complaint becomes category complaint, and the reason says which signal decided."""
from conftest import create_customer, expect


def create(server, **body):
    cust = create_customer(server)
    body = {"customer_id": cust["id"], "channel": "phone", **body}
    return expect(server.post("/api/v1/tickets", body), 201, "create ticket")


def test_equipment_down_is_p1_with_the_urgency_reason(server):
    t = create(server, subject="产线设备停机", description="设备停机两个小时了，请马上派工程师")
    assert t["priority"] == "P1"
    reason = t["inferred"]["priority"]["reason"]
    assert reason.startswith("urgency 1.0") and "设备停机" in reason, t["inferred"]


def test_english_production_down_is_p1(server):
    t = create(server, subject="Production down", description="Our production line is down")
    assert t["priority"] == "P1"
    assert "production down" in t["inferred"]["priority"]["reason"]


def test_hurry_is_p2_and_no_rush_is_not_urgent(server):
    soon = create(server, subject="发票", description="麻烦尽快把发票寄给我")
    assert soon["priority"] == "P2"
    assert soon["inferred"]["priority"]["reason"].startswith("urgency 0.4")
    calm = create(server, subject="发票", description="不急，有空帮我看一下发票抬头")
    assert calm["priority"] in ("P3", "P4"), calm
    assert not calm["inferred"]["priority"]["reason"].startswith("urgency")


def test_an_angry_complaint_is_category_complaint(server):
    t = create(server, subject="太过分了", description="气死我了，你们太过分了，我要去12315举报")
    assert t["category"] == "complaint"
    assert t["inferred"]["category"]["reason"].startswith("complaint cue + anger")


def test_given_priority_and_category_are_kept(server):
    t = create(server, subject="设备停机", description="马上处理，我要投诉", priority="P4",
               category="billing")
    assert t["priority"] == "P4" and t["category"] == "billing"
    assert "inferred" not in t or not t["inferred"]
