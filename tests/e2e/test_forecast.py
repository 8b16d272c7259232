"""GET /api/v1/forecast on an imported history with a known weekly pattern (fcst_data.py):
the daily forecast follows the pattern, MAPE is reported, the hourly profile spreads each day
over the hours tickets arrive, and every staffing hour matches an independent Erlang C."""

import datetime as dt
import math

import pytest

from conftest import expect, expect_error, qs
import fcst_data


@pytest.fixture(scope="module")
def srv(_module_server):
    lines, _ = fcst_data.build()
    fcst_data.import_lines(_module_server, lines)
    return _module_server


def erlang_c(a, n):
    """P(wait), factorial form (independent of the server's Erlang B recursion)."""
    if a <= 0:
        return 0.0
    if n <= a:
        return 1.0
    top = a ** n / math.factorial(n) * n / (n - a)
    return top / (sum(a ** k / math.factorial(k) for k in range(n)) + top)


def agents_needed(per_hour, aht, sl=0.8, t=20, occ=0.85):
    a = per_hour * aht / 3600
    if a <= 0:
        return 0
    n = max(math.floor(a) + 1, math.ceil(a / occ - 1e-9))
    while 1 - erlang_c(a, n) * math.exp(-(n - a) * t / aht) < sl:
        n += 1
    return n


def test_forecast_follows_weekly_pattern(srv):
    # The SLA calendars' holidays: one in the history, one ahead.
    d0 = fcst_data.today()
    past = d0 - dt.timedelta(days=fcst_data.HOLIDAY_BACK)
    ahead = d0 + dt.timedelta(days=fcst_data.HOLIDAY_AHEAD)
    cal = {"hours": {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
           "holidays": [past.date().isoformat(), ahead.date().isoformat()]}
    expect(srv.request("PUT", "/api/v1/calendars/cn", cal), 200)
    body = expect(srv.get("/api/v1/forecast" + qs(days=14, channel="chat")), 200)
    factor = fcst_data.chat_on(past) / fcst_data.WEEK[past.weekday()]
    assert body["holiday_factor"] == pytest.approx(factor, abs=1e-4)
    assert body["history_days"] == 84
    assert body["mape"] is not None and body["mape"] < 0.1
    assert body["backtest_days"] == 28
    assert {c["method"] for c in body["candidates"]} >= {"seasonal_mean_trend"}
    assert body["target"] == {"service_level": 0.8, "answer_s": 20, "max_occupancy": 0.85}
    assert len(body["daily"]) == 14
    first = fcst_data.today().date()
    for i, d in enumerate(body["daily"]):
        day = first + dt.timedelta(days=i)
        assert d["date"] == day.isoformat()
        want = fcst_data.WEEK[day.weekday()]
        assert d["holiday"] == (day == ahead.date())
        if d["holiday"]:
            want *= factor
        assert d["tickets"] == pytest.approx(want, rel=0.1), d
        assert d["low"] <= d["tickets"] <= d["high"]
    assert len(body["hourly"]) == 14 * 24
    for i, d in enumerate(body["daily"]):
        hours = body["hourly"][24 * i:24 * i + 24]
        assert sum(h["tickets"] for h in hours) == pytest.approx(d["tickets"], abs=0.01)
        for h, x in enumerate(hours):
            if h not in fcst_data.HOURS:
                assert x["tickets"] == 0, x


def test_staffing_matches_independent_erlang_c(srv):
    body = expect(srv.get("/api/v1/forecast" + qs(days=7, channel="chat")), 200)
    # Handle time = mean resolution time of the chat tickets of the last 8 weeks.
    _, facts = fcst_data.build()
    since = fcst_data.today() - dt.timedelta(days=56)
    res = [f["resolution"] for f in facts if f["channel"] == "chat" and f["created"] >= since]
    assert body["aht"]["source"] == "measured_resolution"
    assert body["aht"]["seconds"] == pytest.approx(sum(res) / len(res), rel=1e-6)
    assert len(body["staffing"]) == 7 * 24
    busy = 0
    for s, h in zip(body["staffing"], body["hourly"]):
        assert s["at"] == h["at"] and s["tickets"] == h["tickets"]
        assert s["agents"] == agents_needed(s["tickets"], s["aht_s"]), s
        if s["agents"]:
            busy += 1
            assert s["service_level"] >= 0.8
    assert busy > 0
    # A stricter target and an explicit handle time.
    strict = expect(srv.get("/api/v1/forecast" + qs(days=1, channel="chat", service_level=0.95,
                                                    answer_s=10, aht_s=900)), 200)
    for s in strict["staffing"]:
        assert s["aht_s"] == 900
        assert s["agents"] == agents_needed(s["tickets"], 900, 0.95, 10), s


def test_forecast_rejects_bad_parameters(srv):
    for params, field in [({"days": 0}, "days"), ({"days": 91}, "days"), ({"days": "x"}, "days"),
                          ({"channel": "pigeon"}, "channel"),
                          ({"service_level": 1.5}, "service_level"),
                          ({"answer_s": "-3"}, "answer_s"), ({"aht_s": "nan"}, "aht_s"),
                          ({"max_occupancy": 0}, "max_occupancy")]:
        expect_error(srv.get("/api/v1/forecast" + qs(**params)), 422, field=field)


def test_empty_slice_forecasts_zero(srv):
    body = expect(srv.get("/api/v1/forecast" + qs(days=3, team="nobody")), 200)
    assert body["history_days"] == 0 and body["mape"] is None
    assert all(d["tickets"] == 0 for d in body["daily"])
    assert all(s["agents"] == 0 for s in body["staffing"])
