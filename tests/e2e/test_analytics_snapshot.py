"""Warm start of the analytics (docs/analytics-snapshot.md): a clean shutdown writes the fact
snapshot to the data directory; the next start loads it and replays only the newer events.
The numbers must equal those of a start that replays the whole log (snapshot deleted)."""

import os
import subprocess

from conftest import BIN
from conftest import create_customer, create_ticket, expect, qs, set_status
from test_analytics import POLICY, build, import_ndjson, metrics

SNAP = "analytics-facts.snap"
WIDE = {"from": "2026-01-01T00:00:00Z", "to": "2028-01-01T00:00:00Z"}


def all_numbers(srv):
    out = {}
    for group_by in ("none", "channel", "tier", "day"):
        out[group_by] = metrics(srv, group_by=group_by, **WIDE)["groups"]
    return out


def log_of(srv):  # this start's log
    return srv.stderr_tail(200000)


def write_some(srv, n):
    ids = []
    for i in range(n):
        t = create_ticket(srv, channel=["email", "chat", "phone"][i % 3])
        expect(srv.post(f"/api/v1/tickets/{t['id']}/messages",
                        {"body": "您好，我们在处理", "author": "agent"}), 201)
        if i % 2:
            set_status(srv, t["id"], "open")
            set_status(srv, t["id"], "resolved")
        ids.append(t["id"])
    return ids


def test_warm_start_numbers_equal_full_replay(fresh_server):
    lines, _ = build()
    srv = fresh_server()
    expect(srv.request("PUT", "/api/v1/sla-policies", POLICY), 200)
    srv.restart()  # the facts are now computed with the policy from the start
    expect(import_ndjson(srv, "\n".join(lines) + "\n"), 200)
    old = write_some(srv, 4)
    before = all_numbers(srv)
    srv.stop()  # clean shutdown: the snapshot is written
    snap = os.path.join(srv.data_dir, SNAP)
    assert os.path.getsize(snap) > 0

    srv.start()
    warm = all_numbers(srv)
    assert "from snapshot" in log_of(srv), log_of(srv)[-3000:]
    assert warm == before
    # Writes after the warm start: new tickets and old imported ones touched again.
    write_some(srv, 3)
    set_status(srv, old[0], "open")  # tickets known only from the snapshot, touched again
    set_status(srv, old[0], "resolved")
    set_status(srv, old[1], "reopened")
    first = metrics(srv, group_by="none", **WIDE)["groups"][0]
    assert first["tickets"] == before["none"][0]["tickets"] + 3
    live = all_numbers(srv)
    srv.stop()

    # Written while the server is down (the CLI import): replayed as the tail.
    src = os.path.join(srv.workdir, "more.ndjson")
    more, _ = build(12)
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(x.replace('"external_id": "E2E-', '"external_id": "MORE-') for x in more)
                + "\n")
    run = subprocess.run([str(BIN), "import", "--data", srv.data_dir, src],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    srv.start()
    warm2 = all_numbers(srv)
    assert "from snapshot" in log_of(srv)
    assert warm2 != live  # the import shows
    srv.stop()

    os.remove(snap)
    srv.start()
    cold = all_numbers(srv)
    assert "full replay" in log_of(srv)
    assert cold == warm2


def test_damaged_snapshot_falls_back_to_full_replay(fresh_server):
    lines, _ = build(12)
    srv = fresh_server()
    expect(import_ndjson(srv, "\n".join(lines) + "\n"), 200)
    want = all_numbers(srv)
    srv.stop()
    snap = os.path.join(srv.data_dir, SNAP)
    data = bytearray(open(snap, "rb").read())
    data[len(data) // 2] ^= 0xFF
    open(snap, "wb").write(bytes(data))
    srv.start()
    assert all_numbers(srv) == want
    assert "full replay" in log_of(srv) and "checksum" in log_of(srv)
    srv.stop()
    open(snap, "wb").write(bytes(data[:100]))  # truncated
    srv.start()
    assert all_numbers(srv) == want
    assert "damaged" in log_of(srv)
