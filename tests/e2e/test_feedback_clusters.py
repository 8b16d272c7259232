"""Feedback clusters and corpus keywords over HTTP (issue 7; docs/text-quality.md):
GET /api/v1/feedback/clusters and GET /api/v1/feedback/keywords on negative tickets, survey
comments and customer messages, their bad-input answers, and the demo data set."""
import datetime as dt

from conftest import (assert_iso, create_customer, create_ticket, expect,
                      expect_error, qs)
from voc_support import answer, resolve

CAUSES = {"product_defect", "service_process", "staff", "logistics", "billing", "other"}

FRIDGE = ["冰箱不制冷，刚买一周就坏了，太失望了", "新买的冰箱不制冷，要求退换货",
          "冰箱用了三天就不制冷了，质量太差", "家里冰箱突然不制冷，食物都坏了，很生气"]
LATE = ["快递太慢了，等了五天还没到货，物流信息一直不更新", "物流太慢，快递一个星期才到，太差了",
        "快递迟迟不到，物流信息三天没更新，非常不满", "等了一周快递还没到，物流太慢了"]


def clusters(srv, **params):
    return expect(srv.get("/api/v1/feedback/clusters" + qs(**params)), 200, "clusters")


def keywords(srv, **params):
    return expect(srv.get("/api/v1/feedback/keywords" + qs(**params)), 200, "keywords")


def holding(body, ticket_id):
    return [c for c in body["items"] if ticket_id in c["ticket_ids"]]


def check_cluster_shape(c, period_weeks=None):
    assert isinstance(c["id"], str) and c["id"]
    assert isinstance(c["label"], str) and c["label"]
    assert c["size"] >= 2
    assert all(isinstance(k, str) and k for k in c["keywords"])
    assert c["cause"] in CAUSES
    assert 0 < c["cause_share"] <= 1
    assert sum(p["count"] for p in c["trend"]) == c["size"]
    for p in c["trend"]:
        dt.date.fromisoformat(p["week"])
        assert dt.date.fromisoformat(p["week"]).weekday() == 0  # weeks start on Monday
    assert len(c["ticket_ids"]) == min(c["ticket_count"], 100)
    assert sum(c["sources"].values()) == c["size"]
    assert c["example"]["kind"] in ("survey", "ticket", "message")
    assert c["example"]["text"]
    assert 0 <= c["cohesion"] <= 1


def test_complaints_about_two_problems_form_two_clusters(server):
    cust = create_customer(server)
    fridge = [create_ticket(server, cust["id"], subject="投诉", description=t, category="complaint")
              for t in FRIDGE]
    late = [create_ticket(server, cust["id"], subject="投诉", description=t, category="complaint")
            for t in LATE]
    body = clusters(server, limit=100)
    assert body["next_cursor"] is None
    assert body["texts"] >= 8 and body["clustered"] >= 8
    for c in body["items"]:
        check_cluster_shape(c)
    sizes = [c["size"] for c in body["items"]]
    assert sizes == sorted(sizes, reverse=True)  # largest first

    fridge_clusters = holding(body, fridge[0]["id"])
    assert len(fridge_clusters) == 1, body
    fc = fridge_clusters[0]
    assert all(t["id"] in fc["ticket_ids"] for t in fridge), fc
    assert not any(t["id"] in fc["ticket_ids"] for t in late), fc
    assert "不制冷" in fc["keywords"]
    assert "不制冷" in fc["label"]

    late_clusters = holding(body, late[0]["id"])
    assert len(late_clusters) == 1, body
    lc = late_clusters[0]
    assert all(t["id"] in lc["ticket_ids"] for t in late), lc
    assert lc["id"] != fc["id"]
    assert lc["cause"] == "logistics"
    assert set(lc["keywords"]) & {"物流", "快递"}

    # The same request again gives the same clusters (deterministic, cached words).
    again = clusters(server, limit=100)
    assert [(c["id"], c["size"]) for c in again["items"]] == \
        [(c["id"], c["size"]) for c in body["items"]]

    # cause filter: only clusters whose majority cause is the one asked for.
    only = clusters(server, cause="logistics", limit=100)
    assert only["items"] and all(c["cause"] == "logistics" for c in only["items"])
    assert lc["id"] in [c["id"] for c in only["items"]]


def test_negative_survey_comments_and_messages_join_the_clusters(server):
    cust = create_customer(server)
    t = create_ticket(server, cust["id"], subject="冰箱问题", description="冰箱需要维修")
    resolve(server, t["id"])
    survey = expect(server.get(f"/api/v1/tickets/{t['id']}/survey"), 200, "survey")
    expect(answer(server, survey["token"], 1, "冰箱还是不制冷，维修根本没用，太失望了"), 201,
           "answer")
    t2 = create_ticket(server, cust["id"], subject="冰箱", description="咨询冰箱保修")
    expect(server.post(f"/api/v1/tickets/{t2['id']}/messages",
                       {"author": "customer", "body": "冰箱又不制冷了，太差了，非常失望"}), 201,
           "message")
    for text in FRIDGE[:2]:
        create_ticket(server, cust["id"], subject="投诉", description=text, category="complaint")
    body = clusters(server, limit=100)
    fc = holding(body, t["id"])
    assert len(fc) == 1, body
    assert t2["id"] in fc[0]["ticket_ids"]
    assert fc[0]["sources"]["survey"] >= 1
    assert fc[0]["sources"]["message"] >= 1


def test_period_and_min_size(server):
    # A period before any data: nothing.
    empty = clusters(server, **{"from": "2020-01-01", "to": "2020-02-01"})
    assert empty["items"] == [] and empty["texts"] == 0
    assert_iso(empty["from"])
    # min_size=1 reports singletons too, so at least as many clusters.
    create_ticket(server, subject="投诉", description="发票抬头开错了，请重新开票",
                  category="complaint")
    all_sizes = clusters(server, min_size=1, limit=100)
    assert len(all_sizes["items"]) >= len(clusters(server, limit=100)["items"])
    assert all_sizes["clustered"] == all_sizes["texts"] or len(all_sizes["items"]) == 100


def test_keywords_count_texts_and_compare_with_the_previous_period(server):
    cust = create_customer(server)
    for text in FRIDGE:
        create_ticket(server, cust["id"], subject="投诉", description=text, category="complaint")
    body = keywords(server, limit=50)
    assert body["next_cursor"] is None and body["sort"] == "score"
    assert body["corpus"]["documents"] >= 4
    assert_iso(body["corpus"]["computed_at"])
    assert_iso(body["previous"]["from"]) and body["previous"]["to"] == body["from"]
    words = {k["keyword"]: k for k in body["items"]}
    assert "不制冷" in words, body
    k = words["不制冷"]
    assert k["count"] >= 4 and k["previous_count"] == 0 and k["change"] == k["count"]
    assert 0 < k["share"] <= 1 and k["score"] > 0
    scores = [k["score"] for k in body["items"]]
    assert scores == sorted(scores, reverse=True)
    rising = keywords(server, sort="rising", limit=50, refresh_idf="true")
    changes = [k["change"] for k in rising["items"]]
    assert changes == sorted(changes, reverse=True)
    # A past period's keywords come from that period only.
    old = keywords(server, **{"from": "2020-01-01", "to": "2020-02-01"})
    assert old["items"] == [] and old["texts"] == 0


def test_bad_parameters_are_422_naming_the_parameter(server):
    for path in ("/api/v1/feedback/clusters", "/api/v1/feedback/keywords"):
        expect_error(server.get(path + qs(**{"from": "2026-02-01", "to": "2026-01-01"})), (422,),
                     field="from")
        expect_error(server.get(path + qs(**{"from": "yesterday"})), (422,), field="from")
        expect_error(server.get(path + qs(**{"from": "2020-01-01", "to": "2026-01-01"})), (422,),
                     field="from")
        expect_error(server.get(path + qs(limit=0)), (422,), field="limit")
        expect_error(server.get(path + qs(limit="ten")), (422,), field="limit")
        assert server.get(path, token=None).status == 401
    expect_error(server.get("/api/v1/feedback/clusters" + qs(cause="weather")), (422,),
                 field="cause")
    expect_error(server.get("/api/v1/feedback/clusters" + qs(min_size=0)), (422,),
                 field="min_size")
    expect_error(server.get("/api/v1/feedback/keywords" + qs(sort="loudest")), (422,),
                 field="sort")
    expect_error(server.get("/api/v1/feedback/keywords" + qs(refresh_idf="yes")), (422,),
                 field="refresh_idf")


def test_demo_data_has_clusters_and_keywords(fresh_server):
    srv = fresh_server(extra_args=("--demo",))
    half_year_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=180)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    body = clusters(srv, **{"from": half_year_ago}, limit=10)
    assert body["texts"] > 0 and body["items"], body
    for c in body["items"]:
        check_cluster_shape(c)
    kw = keywords(srv, **{"from": half_year_ago})
    assert kw["items"]
