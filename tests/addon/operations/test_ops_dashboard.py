"""The `top` dashboard's figures, over flows written through the store's own record_flow."""

from __future__ import annotations

from datetime import timedelta

from addon.operations.dashboard import dashboard
from tests.store.traffic import NOW


def test_dashboard_figures(traffic: None) -> None:
    data = dashboard(timedelta(hours=24), minutes=10, recent=3, now=NOW)
    assert (data["requests"], data["pii"], data["restored"], data["unknown"], data["refused"]) == (5, 5, 4, 1, 1)
    assert data["by_type"] == [("EMAIL_ADDRESS", 3), ("API_KEY", 1), ("PERSON", 1)]
    assert data["by_layer"] == [("patterns", 3), ("ner", 1), ("secrets", 1)]
    assert data["hosts"] == [("api.openai.com", 4), ("api.anthropic.com", 1)]
    assert data["latency"]["duration"]["p50"] == 200.0
    assert [row["id"] for row in data["recent"]] == [4, 5, 6]
    assert sum(data["per_minute"]) == 5


def test_dashboard_keeps_the_busiest_rows(traffic: None) -> None:
    data = dashboard(None, minutes=5, top=1, now=NOW)
    assert data["by_type"] == [("PERSON", 5)]  # over all time the two-day-old PERSON×4 flow counts too
    assert data["hosts"] == [("api.openai.com", 4)] and len(data["per_minute"]) == 5
