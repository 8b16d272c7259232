"""Helpers shared by the voice-of-the-customer end-to-end tests."""
import os
import sqlite3
import subprocess
import time
import urllib.parse

from conftest import PG, PG_MODE, create_customer, create_ticket, expect, http_request


def resolve(srv, ticket_id):
    """Moves a ticket to resolved (through open when it is new)."""
    r = srv.patch(f"/api/v1/tickets/{ticket_id}", {"status": "open"})
    assert r.status in (200, 409), r
    return expect(srv.patch(f"/api/v1/tickets/{ticket_id}", {"status": "resolved"}), 200,
                  "resolve")


def resolved_ticket(srv, customer=None, **ticket_overrides):
    """(customer, ticket, survey) for a new ticket resolved right away."""
    customer = customer or create_customer(srv)
    t = create_ticket(srv, customer["id"], **ticket_overrides)
    resolve(srv, t["id"])
    survey = expect(srv.get(f"/api/v1/tickets/{t['id']}/survey"), 200, "ticket survey")
    return customer, t, survey


def answer(srv, token, score, comment=None):
    body = {"score": score}
    if comment is not None:
        body["comment"] = comment
    return srv.post(f"/api/v1/public/surveys/{token}", body, token=None)


def form_post(srv, path, fields):
    data = urllib.parse.urlencode(fields).encode()
    return http_request(srv.host, srv.port, "POST", path, raw=data,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})


def html(resp):
    return resp.raw.decode("utf-8")


def edit_db(srv, sql, params=()):
    """Runs SQL on a stopped server's database (to move stored times into the past)."""
    assert not srv.running()
    if PG_MODE:  # the server's PostgreSQL database: `?` parameters inlined (ints only)
        for p in params:
            sql = sql.replace("?", str(int(p)), 1)
        url = PG.url_for(srv.data_dir)
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return
    con = sqlite3.connect(os.path.join(srv.data_dir, "loopdesk.db"))
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def wait_for(fn, what, timeout=15):
    """Polls fn() until it returns something truthy (background jobs run every second)."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def alerts(srv, **params):
    q = urllib.parse.urlencode(params)
    return expect(srv.get(f"/api/v1/alerts?{q}"), 200, "list alerts")["items"]
