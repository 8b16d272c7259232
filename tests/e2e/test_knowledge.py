"""Knowledge base over HTTP (API.md "Knowledge", docs/knowledge.md): article CRUD with
versions, 404/422/403, list filters and pages, search order with Chinese queries without
spaces, snippets, suggestions with similar resolved tickets, and a restart.

The module shares one server, so each test puts its articles in a category of its own (or a
unique marker word) and searches within it."""
import pytest

from conftest import (assert_iso, create_agent, create_customer, create_ticket, expect,
                      expect_error, qs, set_status, uid)


def cat():
    return f"c{uid()}"


@pytest.fixture(scope="module")
def tokens(_module_server):
    srv = _module_server
    return {"agent": create_agent(srv, role="agent")["api_token"],
            "supervisor": create_agent(srv, role="supervisor")["api_token"]}


def article(srv, token=None, **body):
    kw = {} if token is None else {"token": token}
    return expect(srv.post("/api/v1/articles", body, **kw), 201, "create article")


def search(srv, q, token=None, **params):
    kw = {} if token is None else {"token": token}
    return expect(srv.get("/api/v1/articles/search" + qs(q=q, **params), **kw), 200,
                  "search")["items"]


# ------------------------------------------------------------------------------------- CRUD


def test_crud_with_versions(server, tokens):
    c = cat()
    a = article(server, title="产品保修期政策说明", body="整机保修 24 个月。", category=c,
                tags=["保修", "政策"], language="zh", token=tokens["supervisor"])
    assert isinstance(a["id"], int) and a["version"] == 1 and a["status"] == "published"
    assert a["tags"] == ["保修", "政策"] and a["category"] == c and a["language"] == "zh"
    assert_iso(a["created_at"]) and assert_iso(a["updated_at"])
    got = expect(server.get(f"/api/v1/articles/{a['id']}", token=tokens["agent"]), 200)
    assert got == a
    p = expect(server.patch(f"/api/v1/articles/{a['id']}", {"title": "保修期政策",
                                                             "status": "archived"}), 200)
    assert p["version"] == 2 and p["title"] == "保修期政策" and p["body"] == a["body"]
    # archived: gone for agents, there for editors
    expect_error(server.get(f"/api/v1/articles/{a['id']}", token=tokens["agent"]), 404)
    expect(server.get(f"/api/v1/articles/{a['id']}"), 200)
    r = server.request("DELETE", f"/api/v1/articles/{a['id']}")
    assert r.status == 204, r
    expect_error(server.get(f"/api/v1/articles/{a['id']}"), 404)
    expect_error(server.patch(f"/api/v1/articles/{a['id']}", {"title": "x"}), 404)
    expect_error(server.request("DELETE", f"/api/v1/articles/{a['id']}"), 404)


def test_defaults(server):
    a = article(server, title="Returns within 7 days", body="Unused products can be returned.")
    assert a["status"] == "published" and a["category"] == "" and a["tags"] == []
    assert a["language"] == "zh"


@pytest.mark.parametrize("body,field", [
    ({"body": "x"}, "title"),
    ({"title": "", "body": "x"}, "title"),
    ({"title": "   ", "body": "x"}, "title"),
    ({"title": "x" * 201, "body": "x"}, "title"),
    ({"title": "x"}, "body"),
    ({"title": "x", "body": 5}, "body"),
    ({"title": "x", "body": "y", "status": "live"}, "status"),
    ({"title": "x", "body": "y", "tags": "a"}, "tags"),
    ({"title": "x", "body": "y", "tags": [""]}, "tags"),
    ({"title": "x", "body": "y", "category": 3}, "category"),
    ({"title": "x", "body": "y", "titel": "typo"}, "titel"),
])
def test_invalid_articles_are_422_naming_the_field(server, body, field):
    expect_error(server.post("/api/v1/articles", body), 422, field=field)


def test_bad_requests(server, tokens):
    expect_error(server.request("POST", "/api/v1/articles", raw=b"{not json"), 400)
    expect_error(server.get("/api/v1/articles/999999999"), 404)
    expect_error(server.get("/api/v1/articles/abc"), 404)
    expect_error(server.get("/api/v1/articles/search"), 422, field="q")
    expect_error(server.get("/api/v1/articles/search" + qs(q="  ")), 422, field="q")
    expect_error(server.get("/api/v1/articles/search" + qs(q="x", limit=0)), 422, field="limit")
    expect_error(server.get("/api/v1/articles/search" + qs(q="x", limit=51)), 422, field="limit")
    expect_error(server.get("/api/v1/articles" + qs(status="live")), 422, field="status")
    expect_error(server.get("/api/v1/articles" + qs(cursor="x")), 422, field="cursor")
    expect_error(server.patch("/api/v1/articles/1", {"status": "gone"}), (404, 422))
    expect_error(server.get("/api/v1/tickets/999999999/suggestions"), 404)
    expect_error(server.get("/api/v1/articles", token="wrong"), 401)


def test_agents_read_but_do_not_write(server, tokens):
    c = cat()
    err = expect_error(server.post("/api/v1/articles", {"title": "t", "body": "b"},
                                   token=tokens["agent"]), 403)
    assert err["code"]
    pub = article(server, title="退货规则", body="七天无理由退货。", category=c)
    draft = article(server, title="退货规则草稿", body="七天无理由退货。", category=c,
                    status="draft")
    expect_error(server.patch(f"/api/v1/articles/{pub['id']}", {"title": "x"},
                              token=tokens["agent"]), 403)
    expect_error(server.request("DELETE", f"/api/v1/articles/{pub['id']}",
                                token=tokens["agent"]), 403)
    expect_error(server.get(f"/api/v1/articles/{draft['id']}", token=tokens["agent"]), 404)
    ids = [a["id"] for a in expect(server.get("/api/v1/articles" + qs(category=c),
                                              token=tokens["agent"]), 200)["items"]]
    assert ids == [pub["id"]]
    ids = [a["id"] for a in expect(server.get("/api/v1/articles" + qs(category=c)), 200)["items"]]
    assert ids == [draft["id"], pub["id"]]
    assert [h["id"] for h in search(server, "七天无理由退货", token=tokens["agent"],
                                    category=c)] == [pub["id"]]
    assert {h["id"] for h in search(server, "七天无理由退货", category=c)} == {pub["id"],
                                                                              draft["id"]}


def test_list_filters_and_pages(server):
    c = cat()
    made = [article(server, title=f"文章 {i}", body="正文", category=c,
                    tags=["even"] if i % 2 == 0 else ["odd"],
                    language="en" if i == 4 else "zh")["id"] for i in range(5)]
    page = expect(server.get("/api/v1/articles" + qs(category=c, limit=2)), 200)
    assert [a["id"] for a in page["items"]] == made[:2:-1][:2]
    seen = [a["id"] for a in page["items"]]
    while page["next_cursor"]:
        page = expect(server.get("/api/v1/articles" + qs(category=c, limit=2,
                                                         cursor=page["next_cursor"])), 200)
        seen += [a["id"] for a in page["items"]]
    assert seen == made[::-1]
    odd = expect(server.get("/api/v1/articles" + qs(category=c, tag="odd")), 200)["items"]
    assert [a["id"] for a in odd] == [made[3], made[1]]
    en = expect(server.get("/api/v1/articles" + qs(category=c, language="en")), 200)["items"]
    assert [a["id"] for a in en] == [made[4]]


# ----------------------------------------------------------------------------------- search


def test_search_order_chinese_without_spaces(server):
    c = cat()
    policy = article(server, title="产品保修期政策说明", category=c,
                     body="保修期自签收之日起计算：空调整机保修 24 个月，门锁保修 12 个月。")
    mention = article(server, title="延保服务说明", category=c,
                      body="延保在原厂保修期结束后继续提供 2 年保修。")
    other = article(server, title="七天无理由退货规则", category=c,
                    body="签收之日起 7 天内可申请退货。")
    hits = search(server, "保修期多久", category=c)
    ids = [h["id"] for h in hits]
    assert ids[:2] == [policy["id"], mention["id"]], hits
    assert other["id"] not in ids
    assert hits[0]["score"] >= hits[1]["score"] > 0
    assert hits[0]["title"] == "产品保修期政策说明"
    assert "<mark>" in hits[0]["snippet"] and "保修" in hits[0]["snippet"]
    assert set(hits[0]) == {"id", "title", "snippet", "score"}


def test_search_english_and_html_escaping(server):
    c = cat()
    a = article(server, title="KX-5 error code E4", category=c,
                body="E4 means the <compressor> capacitor is worn; the unit blows warm air.")
    hits = search(server, "e4 warm air", category=c)
    assert [h["id"] for h in hits] == [a["id"]]
    assert "&lt;compressor&gt;" in hits[0]["snippet"] and "<compressor>" not in hits[0]["snippet"]
    assert search(server, "冰淇淋机器人", category=c) == []


def test_search_follows_updates_and_deletes(server):
    c = cat()
    a = article(server, title="净水器漏水处理", body="关闭进水阀并断电。", category=c)
    assert [h["id"] for h in search(server, "净水器漏水", category=c)] == [a["id"]]
    expect(server.patch(f"/api/v1/articles/{a['id']}", {"title": "门锁电池耗电快",
                                                         "body": "更换碱性电池。"}), 200)
    assert search(server, "净水器漏水", category=c) == []
    assert [h["id"] for h in search(server, "门锁耗电", category=c)] == [a["id"]]
    server.request("DELETE", f"/api/v1/articles/{a['id']}")
    assert search(server, "门锁耗电", category=c) == []


# ------------------------------------------------------------------------------ suggestions


def test_suggestions_with_similar_resolved_tickets(server):
    m = f"zq{uid()}"  # a marker word shared by this test's tickets and articles only
    cust = create_customer(server)["id"]
    guide = article(server, title=f"{m} 故障码 E4：空调不制冷", category="troubleshooting",
                    body=f"{m} 室内机显示 E4 表示压缩机电容老化，外机风扇不转。")
    script = article(server, title=f"话术：{m} 故障报修首次回复", category="script",
                     body="麻烦提供设备序列号和故障代码，我们安排工程师上门。")
    draft = article(server, title=f"{m} 空调不制冷草稿", category="troubleshooting",
                    body=f"{m} E4 不制冷", status="draft")
    # Unrelated resolved cases, so that the marker and E4 are rare words, as in a real index.
    for text in ("申请退款", "发票开错了", "快递三天没到", "门锁指纹识别失败"):
        t = create_ticket(server, cust, subject=text, description=f"{text}，请处理")
        set_status(server, t["id"], "resolved")
    solved = []
    for text in ("空调不制冷，显示 E4", "空调不制冷 吹热风 E4 故障码"):
        t = create_ticket(server, cust, subject=f"{m} {text}", description=f"{m} 外机风扇不转")
        set_status(server, t["id"], "resolved")
        solved.append(t["id"])
    still_open = create_ticket(server, cust, subject=f"{m} 空调不制冷", description="E4")
    now = create_ticket(server, cust, subject=f"{m} 空调不制冷", description="显示屏上是 E4")

    s = expect(server.get(f"/api/v1/tickets/{now['id']}/suggestions"), 200)
    assert set(s) >= {"articles", "scripts", "similar", "similar_avg_resolution_s"}
    art_ids = [a["id"] for a in s["articles"]]
    assert art_ids[0] == guide["id"], s
    assert draft["id"] not in art_ids and script["id"] not in art_ids
    assert [x["id"] for x in s["scripts"]][:1] == [script["id"]], s
    sim = {x["ticket_id"]: x for x in s["similar"]}
    assert set(solved) <= set(sim), s
    assert still_open["id"] not in sim and now["id"] not in sim
    for x in s["similar"]:
        assert isinstance(x["resolution_s"], int) and x["resolution_s"] >= 0
        assert x["subject"] and x["score"] > 0
    avg = sum(x["resolution_s"] for x in s["similar"]) // len(s["similar"])
    assert s["similar_avg_resolution_s"] == avg

    # Reopening a solved ticket takes it out of the similar cases.
    set_status(server, solved[0], "reopened")
    s = expect(server.get(f"/api/v1/tickets/{now['id']}/suggestions"), 200)
    assert solved[0] not in {x["ticket_id"] for x in s["similar"]}
    assert solved[1] in {x["ticket_id"] for x in s["similar"]}


def test_suggestions_without_matches(server):
    t = create_ticket(server, subject=f"qq{uid()}", description=f"ww{uid()}")
    s = expect(server.get(f"/api/v1/tickets/{t['id']}/suggestions"), 200)
    assert s == {"articles": [], "scripts": [], "similar": [], "similar_avg_resolution_s": None}


def test_knowledge_survives_a_restart(fresh_server):
    srv = fresh_server()
    m = f"zr{uid()}"
    a = expect(srv.post("/api/v1/articles", {"title": f"{m} 保修期政策", "body": "保修 24 个月"}),
               201)
    t = create_ticket(srv, subject=f"{m} 门锁指纹失败", description="指纹识别不了")
    set_status(srv, t["id"], "resolved")
    srv.restart()
    assert [h["id"] for h in expect(srv.get("/api/v1/articles/search" + qs(q=f"{m}保修期")),
                                    200)["items"]] == [a["id"]]
    now = create_ticket(srv, subject=f"{m} 门锁指纹识别失败", description="")
    s = expect(srv.get(f"/api/v1/tickets/{now['id']}/suggestions"), 200)
    assert [x["ticket_id"] for x in s["similar"]] == [t["id"]]
