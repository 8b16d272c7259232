"""Concurrent clients: no lost, duplicated or half-applied writes."""

import threading
from concurrent.futures import ThreadPoolExecutor

from conftest import (create_agent, create_customer, create_ticket, event_types, get_ticket,
                      ticket_in_state, unique_phone, walk)


def _parallel(n, fn):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_parallel_ticket_creation(server):
    c = create_customer(server)

    def worker(i):
        out = []
        for j in range(25):
            r = server.post("/api/v1/tickets", {"customer_id": c["id"], "channel": "chat",
                                                "subject": f"并发 {i}-{j}",
                                                "description": "d"})
            assert r.status == 201, r
            out.append(r.body["id"])
        return out

    ids = [x for part in _parallel(8, worker) for x in part]
    assert len(ids) == 200
    assert len(set(ids)) == 200, "duplicate ids handed out under concurrency"
    items, _ = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "limit": 500})
    assert sorted(t["id"] for t in items) == sorted(ids)
    items, pages = walk(server, "/api/v1/tickets", {"customer_id": c["id"], "limit": 37})
    got = [t["id"] for t in items]
    assert len(got) == len(set(got)) == 200
    assert set(got) == set(ids)
    subjects = {t["subject"] for t in items}
    assert subjects == {f"并发 {i}-{j}" for i in range(8) for j in range(25)}


def test_parallel_duplicate_phone_only_one_wins(server):
    phone = unique_phone()
    results = _parallel(8, lambda i: server.post("/api/v1/customers",
                                                 {"name": f"抢注{i}", "phone": phone}))
    statuses = sorted(r.status for r in results)
    assert statuses == [201] + [409] * 7, statuses


def test_parallel_customer_messages_reopen_once(server):
    t = ticket_in_state(server, "resolved")
    results = _parallel(8, lambda i: server.post(f"/api/v1/tickets/{t['id']}/messages",
                                                 {"author": "customer", "body": f"又坏了 {i}"}))
    assert [r.status for r in results] == [201] * 8, results
    got = get_ticket(server, t["id"])
    assert got["status"] == "reopened"
    assert got["reopen_count"] == 1, "the same resolution was reopened more than once"
    assert len(got["messages"]) == 8
    types = event_types(server, t["id"])
    assert types.count("message.created") == 8


def test_parallel_conflicting_status_moves(server):
    t = ticket_in_state(server, "resolved")
    n_before = event_types(server, t["id"]).count("ticket.status_changed")
    targets = ["closed", "reopened"] * 4
    results = _parallel(8, lambda i: server.patch(f"/api/v1/tickets/{t['id']}",
                                                  {"status": targets[i]}))
    assert all(r.status in (200, 409) for r in results), results
    got = get_ticket(server, t["id"])
    assert got["status"] in ("closed", "reopened")
    n_after = event_types(server, t["id"]).count("ticket.status_changed")
    assert n_after == n_before + 1, "more than one move out of resolved was applied"
    assert got["reopen_count"] == (1 if got["status"] == "reopened" else 0)
    winners = [targets[i] for i, r in enumerate(results) if r.status == 200]
    assert got["status"] in winners


def test_parallel_transfers_keep_a_consistent_history(server):
    first = create_agent(server)
    agents = [create_agent(server) for _ in range(8)]
    t = create_ticket(server, assignee_id=first["id"])
    results = _parallel(8, lambda i: server.patch(f"/api/v1/tickets/{t['id']}",
                                                  {"assignee_id": agents[i]["id"],
                                                   "reason": f"r{i}"}))
    assert [r.status for r in results] == [200] * 8, results
    got = get_ticket(server, t["id"])
    transfers = got["transfers"]
    assert got["transfer_count"] == len(transfers) == 8
    assert event_types(server, t["id"]).count("ticket.transferred") == 8

    def ends(tr):
        return (tr.get("from_agent_id", tr.get("from")), tr.get("to_agent_id", tr.get("to")))

    chain = [ends(x) for x in transfers]
    assert chain[0][0] == first["id"], chain
    for (_, to), (frm, _) in zip(chain, chain[1:]):
        assert to == frm, f"transfer history is not a chain (lost update): {chain}"
    assert chain[-1][1] == got["assignee_id"]


def test_parallel_reads_and_writes(server):
    c = create_customer(server)
    t = create_ticket(server, c["id"])

    def worker(i):
        for j in range(15):
            if i % 2:
                assert server.get(f"/api/v1/tickets/{t['id']}").status == 200
                assert server.get(f"/api/v1/customers/{c['id']}").status == 200
            else:
                r = server.post(f"/api/v1/tickets/{t['id']}/messages",
                                {"author": "agent", "body": f"m{i}-{j}", "internal": True})
                assert r.status == 201, r
        return True

    assert all(_parallel(8, worker))
    assert len(get_ticket(server, t["id"])["messages"]) == 4 * 15


def test_parallel_patches_of_different_fields_are_all_kept(server):
    for _ in range(5):
        t = create_ticket(server, priority="P3", category="general")
        changes = [{"priority": "P1"}, {"category": "billing"}, {"tags": ["并发", "x"]},
                   {"team": "team_parallel"}]
        results = _parallel(4, lambda i: server.patch(f"/api/v1/tickets/{t['id']}",
                                                      changes[i]))
        assert [r.status for r in results] == [200] * 4, results
        got = get_ticket(server, t["id"])
        assert (got["priority"], got["category"], sorted(got["tags"]), got["team"]) == \
            ("P1", "billing", sorted(["并发", "x"]), "team_parallel"), "a concurrent update was lost"
