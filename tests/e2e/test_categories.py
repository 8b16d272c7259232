"""The taxonomies behind the categories admin: the default ticket categories and the
feedback-cause labels, read-only, for any signed-in role."""
from conftest import create_ticket, expect, expect_error


def test_categories_and_causes(server):
    r = expect(server.get("/api/v1/categories"), 200)
    slugs = [c["slug"] for c in r["items"]]
    assert {"complaint", "billing", "installation", "general"} <= set(slugs)
    assert all(c["default"] is True for c in r["items"]) and len(slugs) == len(set(slugs))
    assert [c["label"] for c in r["causes"]] == ["product_defect", "service_process", "staff",
                                                 "logistics", "billing", "other"]
    assert r["next_cursor"] is None
    # A ticket's category is any slug; the list names the ones inference produces.
    t = create_ticket(server, category="warranty_claim")
    assert t["category"] == "warranty_claim"
    expect_error(server.get("/api/v1/categories", token=None), 401)
