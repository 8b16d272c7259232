"""Text analysis over HTTP (issue 7): POST /api/v1/analyze for one text and for a batch, its
bad-input answers, and the sentiment stored on tickets and messages."""
from conftest import create_ticket, expect, expect_error, get_ticket

EMOTIONS = {"anger", "anxiety", "disappointment", "satisfaction", "gratitude"}
CAUSES = {"product_defect", "service_process", "staff", "logistics", "billing", "other"}


def analyze(server, text):
    return expect(server.post("/api/v1/analyze", {"text": text}), 200, "analyze")


def check_shape(r):
    assert r["language"] in ("zh", "en", "mixed")
    assert r["sentiment"]["label"] in ("negative", "neutral", "positive")
    assert -1 <= r["sentiment"]["score"] <= 1
    for e in r["emotions"]:
        assert e["name"] in EMOTIONS and 0 < e["intensity"] <= 1
    assert r["cause"]["label"] in CAUSES and 0 <= r["cause"]["confidence"] <= 1
    assert isinstance(r["category"], str)
    assert all(isinstance(k, str) and k for k in r["keywords"])
    assert isinstance(r["is_complaint"], bool)


def test_chinese_complaint_is_negative_angry_and_urgent(server):
    r = analyze(server, "设备停机三天了，你们售后一直推诿，太差劲了！我要投诉，马上给我解决！")
    check_shape(r)
    assert r["language"] == "zh"
    assert r["sentiment"]["label"] == "negative" and r["sentiment"]["score"] < -0.5
    names = [e["name"] for e in r["emotions"]]
    assert "anxiety" in names
    assert r["is_complaint"] is True
    assert r["category"] == "complaint"
    assert r["priority_hint"] == "P1"


def test_chinese_praise_is_positive_and_grateful(server):
    r = analyze(server, "师傅上门很快，安装专业，态度也好，非常满意，谢谢！")
    check_shape(r)
    assert r["sentiment"]["label"] == "positive" and r["sentiment"]["score"] > 0.5
    names = {e["name"] for e in r["emotions"]}
    assert {"satisfaction", "gratitude"} <= names
    assert r["is_complaint"] is False


def test_english_and_mixed(server):
    en = analyze(server, "The delivery was late again and the courier was rude. I want to complain.")
    check_shape(en)
    assert en["language"] == "en"
    assert en["sentiment"]["label"] == "negative"
    assert en["is_complaint"] is True
    assert en["cause"]["label"] in ("logistics", "staff")
    mixed = analyze(server, "这个 order 的 delivery status 一直没有 update, really frustrating")
    check_shape(mixed)
    assert mixed["language"] == "mixed"
    pos = analyze(server, "Great service, thank you so much!")
    assert pos["sentiment"]["label"] == "positive"


def test_negation_and_contrast(server):
    assert analyze(server, "质量并不差，挺满意的")["sentiment"]["label"] == "positive"
    assert analyze(server, "不满意，完全不好用")["sentiment"]["label"] == "negative"
    # 虽然…但是: what follows 但是 decides.
    assert analyze(server, "虽然价格便宜，但是质量太差了")["sentiment"]["label"] == "negative"


def test_traditional_and_full_width_are_understood(server):
    r = analyze(server, "服務態度很差，我要投訴！！")
    assert r["sentiment"]["label"] == "negative"
    assert r["is_complaint"] is True


def test_cause_of_delivery_complaint(server):
    r = analyze(server, "外卖送了两个小时才到，饭都凉了，骑手还说不是他的问题")
    assert r["sentiment"]["label"] == "negative"
    assert r["cause"]["label"] == "logistics" and r["cause"]["confidence"] > 0.3


def test_batch_in_order(server):
    texts = ["非常好，谢谢", "太差了，退款", "请问发票怎么开？"]
    got = expect(server.post("/api/v1/analyze", {"texts": texts}), 200, "batch")
    assert len(got["results"]) == 3
    for r in got["results"]:
        check_shape(r)
    assert got["results"][0]["sentiment"]["label"] == "positive"
    assert got["results"][1]["sentiment"]["label"] == "negative"
    one = analyze(server, texts[1])
    assert got["results"][1] == one


def test_batch_of_1000_is_accepted(server):
    got = expect(server.post("/api/v1/analyze", {"texts": ["还行"] * 1000}), 200, "1000 texts")
    assert len(got["results"]) == 1000


def test_bad_input(server):
    expect_error(server.post("/api/v1/analyze", {}), 422, field="text")
    expect_error(server.post("/api/v1/analyze", {"text": None}), 422, field="text")
    expect_error(server.post("/api/v1/analyze", {"text": 5}), 422, field="text")
    expect_error(server.post("/api/v1/analyze", {"text": "a", "texts": ["b"]}), 422)
    expect_error(server.post("/api/v1/analyze", {"texts": "abc"}), 422, field="texts")
    expect_error(server.post("/api/v1/analyze", {"texts": []}), 422, field="texts")
    expect_error(server.post("/api/v1/analyze", {"texts": ["ok", 3]}), 422, field="texts[1]")
    expect_error(server.post("/api/v1/analyze", {"texts": ["x"] * 1001}), (413, 422),
                 field="texts")
    expect_error(server.post("/api/v1/analyze", raw=b"{not json"), 400)
    expect_error(server.post("/api/v1/analyze", raw=b'{"text":"\xff\xfe bad"}'), 400)
    # A lone surrogate escape decodes to invalid UTF-8.
    resp = server.post("/api/v1/analyze", raw=b'{"text":"\\udc00"}')
    assert resp.status == 400, resp


def test_needs_authentication(server):
    expect_error(server.post("/api/v1/analyze", {"text": "hi"}, token=None), 401)


def test_empty_text_is_neutral(server):
    r = analyze(server, "")
    check_shape(r)
    assert r["sentiment"]["label"] == "neutral" and r["keywords"] == []


def test_ticket_and_messages_carry_sentiment(server):
    t = create_ticket(server, subject="冰箱不制冷，太失望了", description="刚买一周就坏了，质量太差")
    assert t["sentiment"]["label"] == "negative" and t["sentiment"]["score"] < 0
    got = get_ticket(server, t["id"])
    assert got["sentiment"] == t["sentiment"]
    m = expect(server.post(f"/api/v1/tickets/{t['id']}/messages",
                           {"author": "customer", "body": "问题解决了，非常感谢你们！"}), 201,
               "message")
    assert m["sentiment"]["label"] == "positive"
    listed = get_ticket(server, t["id"])["messages"]
    assert listed[-1]["sentiment"] == m["sentiment"]


def test_cli_analyze_one_json_per_line(tmp_path):
    import json
    import subprocess

    from conftest import BIN
    src = tmp_path / "texts.txt"
    src.write_text("太差了，我要投诉\nThank you, great service!\n请问怎么开发票\n", encoding="utf-8")
    out = subprocess.run([str(BIN), "analyze", str(src)], capture_output=True, timeout=60,
                         check=True).stdout.decode("utf-8").splitlines()
    got = [json.loads(line) for line in out]
    assert [g["sentiment"]["label"] for g in got] == ["negative", "positive", "neutral"]
    assert got[0]["is_complaint"] is True and got[1]["language"] == "en"
    piped = subprocess.run([str(BIN), "analyze", "-"], input=b"\xff\xfe\n", capture_output=True,
                           timeout=60)
    assert piped.returncode == 2 and b"UTF-8" in piped.stdout
