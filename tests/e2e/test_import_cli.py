"""The command-line import's crash safety: a large import into an empty store drops the
query-only indexes and builds them at the end (docs/benchmarks.md "Historical import"). A
`kill -9` in between must leave a consistent store that gets its indexes back when next
opened, and a re-run must complete the import idempotently."""

import json
import signal
import sqlite3
import subprocess
import time

from conftest import BIN


def record(i):
    return json.dumps({
        "external_id": f"K-{i}",
        "customer": {"external_id": f"C-{i % 500}"},
        "channel": "web",
        "subject": f"order {i} is late",
        "description": "x" * 900,
        "created_at": "2025-11-01T00:00:00Z",
        "events": [
            {"at": "2025-11-01T00:10:00Z", "type": "reply", "agent_external_id": f"A-{i % 20}",
             "body": "on its way"},
            {"at": "2025-11-01T01:00:00Z", "type": "status", "to": "resolved"},
        ],
    })


def query(db, sql):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def indexes(db):
    return query(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")


def test_kill_during_import_then_rerun_completes(tmp_path):
    n = 40000  # ≈ 40 MB: far above the size from which the indexes are deferred
    src = tmp_path / "big.ndjson"
    with open(src, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(record(i) + "\n")
    # The indexes of a store that never deferred anything.
    ref = tmp_path / "ref"
    one = tmp_path / "one.ndjson"
    one.write_text(record(0) + "\n", encoding="utf-8")
    run = subprocess.run([str(BIN), "import", "--data", str(ref), str(one)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    want = indexes(ref / "loopdesk.db")
    assert any(name == "events_ticket" for name, _ in want)

    data = tmp_path / "data"
    db = data / "loopdesk.db"
    proc = subprocess.Popen([str(BIN), "import", "--data", str(data), str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # Wait until the first batch committed with the indexes dropped, then kill.
        deadline = time.monotonic() + 300
        deferred = []
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    deferred = query(db, "SELECT name FROM deferred_indexes")
                except sqlite3.OperationalError:
                    deferred = []  # not created yet
                if deferred:
                    break
            time.sleep(0.01)
        assert proc.poll() is None, "the import ended before it could be killed"
        assert deferred, "the import never deferred its indexes"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=60)

    # The killed store: consistent, some tickets, the indexes missing but recorded.
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    stored = query(db, "SELECT count(*) FROM tickets")[0][0]
    assert 0 < stored < n
    assert not any(name == "events_ticket" for name, _ in indexes(db))

    # The re-run opens the store (which rebuilds the indexes), skips what is there and
    # imports the rest.
    run = subprocess.run([str(BIN), "import", "--data", str(data), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1].startswith(f"imported {n - stored} tickets")
    assert f"{stored} duplicates skipped" in run.stderr
    assert query(db, "SELECT count(*) FROM tickets")[0][0] == n
    assert query(db, "SELECT count(DISTINCT external_id) FROM tickets")[0][0] == n
    assert query(db, "SELECT count(*) FROM deferred_indexes") == [(0,)]
    assert indexes(db) == want
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
