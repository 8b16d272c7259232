"""A generated history for the forecast, insights and scorecard tests: 12 weeks of chat
tickets with a known weekly pattern (ending yesterday, UTC), and an injected spike of
"install" tickets on email over the last 4 days. Every record's facts are computed here from
the plan, independently of the server."""

import datetime as dt
import json

WEEK = [30, 28, 26, 25, 22, 8, 6]  # chat tickets per weekday, Monday first
HOURS = [9, 10, 11, 13, 14, 15, 16, 17]  # chat tickets are spread over these UTC hours
SPIKE_DAYS = 4
SPIKE_PER_DAY = 11
AGENTS = ["A-0", "A-1", "A-2", "A-3"]
POLICY = [{"name": "all", "match": {}, "first_response_s": 600, "resolution_s": 86400}]
HOLIDAY_BACK = 30  # a past holiday (days before today) with 30 % of the usual chat volume
HOLIDAY_AHEAD = 3  # a future holiday (days after today)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def today():
    now = dt.datetime.now(dt.timezone.utc)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def build(days=84):
    """(ndjson lines, facts) — one fact dict per record."""
    d0 = today()
    lines, facts = [], []

    def add(ext, channel, category, created, agent, frt_s, res_s, reopen=False, csat=None):
        ev = [{"type": "message", "at": iso(created), "author": "customer", "body": "你好"}]
        reply_at = created + dt.timedelta(seconds=frt_s)
        ev.append({"type": "reply", "at": iso(reply_at), "agent_external_id": agent,
                   "body": "好的"})
        done = created + dt.timedelta(seconds=res_s)
        ev.append({"type": "status", "at": iso(done), "to": "resolved"})
        replies = 1
        if reopen:
            back = done + dt.timedelta(minutes=30)
            ev.append({"type": "message", "at": iso(back), "author": "customer",
                       "body": "又坏了"})
            ev.append({"type": "reply", "at": iso(back + dt.timedelta(minutes=5)),
                       "agent_external_id": agent, "body": "再看看"})
            done = back + dt.timedelta(minutes=20)
            ev.append({"type": "status", "at": iso(done), "to": "resolved"})
            replies = 2
        rec = {"external_id": ext,
               "customer": {"external_id": f"C-{len(lines) % 40}", "name": f"客户{len(lines) % 40}",
                            "tier": "basic"},
               "channel": channel, "subject": "问题", "description": "详情", "priority": "P3",
               "category": category, "created_at": iso(created), "events": ev}
        if csat is not None:
            rec["survey"] = {"kind": "csat", "sent_at": iso(done + dt.timedelta(minutes=1)),
                             "score": csat, "answered_at": iso(done + dt.timedelta(minutes=30))}
        lines.append(json.dumps(rec, ensure_ascii=False))
        facts.append({"ext": ext, "channel": channel, "category": category, "created": created,
                      "agent": agent, "frt": float(frt_s),
                      "resolution": (done - created).total_seconds(), "replies": replies,
                      "reopened": reopen, "csat": csat})

    n = 0
    for back in range(days, 0, -1):
        day = d0 - dt.timedelta(days=back)
        count = WEEK[day.weekday()]
        if back == HOLIDAY_BACK:
            count = round(0.3 * count)
        for j in range(count):
            created = day + dt.timedelta(hours=HOURS[j % len(HOURS)], minutes=j % 7)
            a = n % 4
            # Agent-specific habits: A-0 fast replies but many reopens, A-1 slow replies,
            # A-2 balanced, A-3 fast resolutions with lower CSAT.
            frt = [60, 400, 150, 200][a] + (n % 5) * 10
            res = [1800, 3000, 2400, 1200][a] + (n % 3) * 60
            reopen = a == 0 and n % 3 == 0
            csat = ([5, 4, 5, 3][a] if (n // 8) % 3 else 2) if (n // 4) % 2 == 0 else None
            add(f"F-{n}", "chat", "billing", created, AGENTS[a], frt, res, reopen, csat)
            n += 1
        # One install ticket a day on email, and the spike on the last days.
        extra = 1 + (SPIKE_PER_DAY if back <= SPIKE_DAYS else 0)
        for j in range(extra):
            created = day + dt.timedelta(hours=8, minutes=j)
            ext = f"SPK-{n}" if j > 0 else f"INS-{n}"
            add(ext, "email", "install", created, "B-1", 1800, 7200)
            n += 1
    return lines, facts


def chat_on(day):
    """The planned chat volume of a past day."""
    back = (today() - day).days
    count = WEEK[day.weekday()]
    return round(0.3 * count) if back == HOLIDAY_BACK else count


def import_lines(srv, lines):
    """PUTs the SLA policy and imports the records over HTTP (in bodies under 1 MB)."""
    from conftest import expect
    expect(srv.request("PUT", "/api/v1/sla-policies", POLICY), 200)
    for i in range(0, len(lines), 500):
        chunk = lines[i:i + 500]
        body = expect(srv.request("POST", "/api/v1/import",
                                  raw=("\n".join(chunk) + "\n").encode(),
                                  headers={"Content-Type": "application/x-ndjson"}), 200)
        assert body["errors"] == [] and body["imported"] == len(chunk), body
