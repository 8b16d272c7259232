"""The notification outbox over HTTP: without an endpoint messages stay pending and listable;
with --notify-webhook each one is POSTed as JSON once and marked sent; a failing receiver
is recorded (attempts, last_error) and retried later."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from conftest import expect, expect_error
from voc_support import resolved_ticket, wait_for


class Receiver:
    """A tiny HTTP server collecting the webhook POSTs; answers with `status`."""

    def __init__(self, status=200):
        received = self.received = []
        answer = status

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                received.append((self.path, self.headers.get("Content-Type"),
                                 json.loads(self.rfile.read(n))))
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def outbox(srv, **q):
    path = "/api/v1/outbox?limit=500" + "".join(f"&{k}={v}" for k, v in q.items())
    return expect(srv.get(path), 200)["items"]


def test_webhook_delivers_each_message_once(fresh_server):
    rx = Receiver()
    try:
        srv = fresh_server(extra_args=["--notify-webhook", rx.url])
        c, t, s = resolved_ticket(srv)
        got = wait_for(lambda: [m for m in outbox(srv, status="sent") if m["survey_id"] == s["id"]],
                       "the delivery")
        assert got[0]["attempts"] == 1 and got[0]["sent_at"] is not None
        assert len(rx.received) == 1
        path, ctype, body = rx.received[0]
        assert path == "/hook" and ctype == "application/json"
        assert body["survey_id"] == s["id"] and body["customer_id"] == c["id"]
        assert s["url"] in body["body"] and body["recipient"] == c["phone"]
        assert outbox(srv, status="pending") == []
        settings = expect(srv.get("/api/v1/settings/voc"), 200)
        assert settings["notify_webhook"] == rx.url
    finally:
        rx.close()


def test_failing_receiver_is_recorded_and_the_message_stays_pending(fresh_server):
    rx = Receiver(status=500)
    try:
        srv = fresh_server()
        _, _, s = resolved_ticket(srv)
        # No endpoint yet: nothing is attempted.
        m = [x for x in outbox(srv) if x["survey_id"] == s["id"]][0]
        assert m["status"] == "pending" and m["attempts"] == 0
        expect(srv.request("PUT", "/api/v1/settings/voc", {"notify_webhook": rx.url}), 200)
        got = wait_for(lambda: [x for x in outbox(srv) if x["survey_id"] == s["id"]
                                and x["attempts"] == 1], "the failed attempt")
        assert got[0]["status"] == "pending" and "500" in got[0]["last_error"]
        assert len(rx.received) == 1
    finally:
        rx.close()
    expect_error(srv.get("/api/v1/outbox?status=lost"), 422, field="status")
