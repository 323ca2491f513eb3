"""Report queries over a real store (SQLite and PostgreSQL) populated through the store's own functions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from store import reports, retention
from store.db import close_db, open_db
from store.migrations import FLOW_COUNTS_BACKFILLED
from store.models import FlowCount, FlowRecord, Revision
from tests.store.traffic import NOW, flow


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 50, None),
        ([7.0], 99, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([100.0, 200.0, 300.0, 400.0, 5.0], 50, 200.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
        ([10.0, 20.0], 99, 19.9),
    ],
)
def test_percentile_interpolates_between_ranks(values: list[float], p: int, expected: float | None) -> None:
    result = reports.percentile(values, p)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # By type: each type's own placeholders restored; unknown ones have no type.
        (
            "type",
            {"EMAIL_ADDRESS": (2, 3, 3, 0), "PERSON": (1, 1, 1, 0), "API_KEY": (1, 1, 0, 0), "(none)": (2, 0, 0, 1)},
        ),
        (
            "layer",
            {
                "patterns": (2, 3, None, None),
                "ner": (1, 1, None, None),
                "secrets": (1, 1, None, None),
                "(none)": (2, 0, None, None),
            },
        ),
        ("host", {"api.openai.com": (4, 4, 3, 0), "api.anthropic.com": (1, 1, 1, 1)}),
        ("scope", {"scope-a": (3, 4, 3, 0), "scope-b": (1, 1, 1, 1), "(none)": (1, 0, 0, 0)}),
        ("day", "by day"),
    ],
)
def test_summary_groups_requests_pii_restored_unknown(traffic: None, by: str, expected: dict) -> None:
    if expected == "by day":
        expected = {(NOW - timedelta(minutes=3)).date().isoformat(): (5, 5, 4, 1)}
    rows = reports.summary(timedelta(hours=24), by, now=NOW)
    got = {row[by]: (row["requests"], row["pii"], row["restored"], row["unknown"]) for row in rows}
    assert got == expected


def test_summary_by_type_counts_restored_placeholders_under_their_own_type(store_db: Any) -> None:
    # A follow-up with no PII whose reply restores the PERSON an earlier turn sent, and a row from before
    # restored_types (its restorations have no recorded type).
    flow(1, restored=2, restored_types={"PERSON": 2})
    flow(
        2,
        detections={"EMAIL_ADDRESS": 1},
        layers={"patterns": 1},
        pii_count=1,
        restored=3,
        restored_types={"EMAIL_ADDRESS": 1},
    )
    flow(3, detections={"PERSON": 1}, layers={"ner": 1}, pii_count=1, restored=2)
    rows = {row["type"]: row for row in reports.summary(timedelta(hours=24), "type", now=NOW)}
    got = {key: (row["requests"], row["pii"], row["restored"]) for key, row in rows.items()}
    assert got == {"PERSON": (1, 1, 2), "EMAIL_ADDRESS": (1, 1, 1), "(none)": (1, 0, 4)}
    assert sum(row["restored"] for row in rows.values()) == reports.overall(timedelta(hours=24), now=NOW)["restored"]


def test_a_type_only_replies_restored_has_a_row_with_no_requests(store_db: Any) -> None:
    flow(1, restored=1, restored_types={"CREDIT_CARD": 1})
    rows = {row["type"]: row for row in reports.summary(timedelta(hours=24), "type", now=NOW)}
    card = rows["CREDIT_CARD"]
    assert (card["requests"], card["pii"], card["restored"], card["duration_p50"]) == (0, 0, 1, None)
    assert (rows["(none)"]["requests"], rows["(none)"]["restored"]) == (1, 0)


def test_summary_latency_percentiles_and_errors(traffic: None) -> None:
    rows = {row["host"]: row for row in reports.summary(timedelta(hours=24), "host", now=NOW)}
    openai = rows["api.openai.com"]
    # durations 100, 300, 400, 5 -> sorted 5, 100, 300, 400
    assert (openai["duration_p50"], openai["duration_p95"], openai["duration_p99"]) == (200.0, 385.0, 397.0)
    assert openai["detect_p50"] == 20.0  # detect 10, 30, 40, 0
    assert openai["errors"] == 1 and rows["api.anthropic.com"]["errors"] == 0


def test_summary_period_and_day_grouping(traffic: None) -> None:
    days = reports.summary(None, "day", now=NOW)
    two_days_ago = (NOW - timedelta(days=2)).date().isoformat()
    assert [(row["day"], row["requests"], row["pii"]) for row in days][0] == (two_days_ago, 1, 4)
    assert sum(row["requests"] for row in days) == 6
    assert reports.overall(timedelta(minutes=2, seconds=30), now=NOW)["requests"] == 2


def test_summary_refuses_an_unknown_grouping(store_db: Any) -> None:
    with pytest.raises(ValueError, match="choose one of type, layer, host, scope, day"):
        reports.summary(by="colour")


def test_overall_counts_each_flow_once(traffic: None) -> None:
    total = reports.overall(timedelta(hours=24), now=NOW)
    assert (total["requests"], total["pii"], total["restored"], total["unknown"], total["errors"]) == (5, 5, 4, 1, 1)


def test_flow_log_filters_and_orders_oldest_first(traffic: None) -> None:
    everything = reports.flow_log(limit=None)
    assert [row["id"] for row in everything] == [1, 2, 3, 4, 5, 6]
    assert [row["id"] for row in reports.flow_log(limit=2)] == [5, 6]
    assert [row["id"] for row in reports.flow_log(host="API.Anthropic.com")] == [2]
    assert [row["id"] for row in reports.flow_log(status=502)] == [5]
    assert [row["id"] for row in reports.flow_log(since=timedelta(minutes=3, seconds=30), now=NOW)] == [1, 2, 3]
    assert [row["id"] for row in reports.flow_log(after_id=4)] == [5, 6]
    assert [row["id"] for row in reports.flow_log(after_id=4, status=200)] == [6]
    assert reports.flow_log(after_id=6) == [] and reports.last_flow_id() == 6
    first = everything[0]
    assert first["detections"] == {"EMAIL_ADDRESS": 2, "PERSON": 1} and first["layers"] == {"patterns": 2, "ner": 1}
    assert list(first) == reports.FLOW_COLUMNS


def test_requests_per_minute_counts_whole_minutes(traffic: None) -> None:
    # the current minute (12:00) is last and empty; 11:55 to 11:59 hold one flow each
    assert reports.requests_per_minute(6, now=NOW) == [1, 1, 1, 1, 1, 0]
    assert reports.requests_per_minute(3, now=NOW + timedelta(seconds=30)) == [1, 1, 0]


def test_each_flow_keeps_its_type_and_layer_counts_in_rows(traffic: None) -> None:
    first = FlowRecord.select().order_by(FlowRecord.id).first()
    rows = {(c.kind, c.name): c.count for c in FlowCount.select().where(FlowCount.flow == first.id)}
    assert rows == {
        ("type", "EMAIL_ADDRESS"): 2,
        ("type", "PERSON"): 1,
        ("layer", "patterns"): 2,
        ("layer", "ner"): 1,
        ("restored", "EMAIL_ADDRESS"): 2,
        ("restored", "PERSON"): 1,
    }
    assert FlowCount.select().count() == 13  # flows without detections have none


def test_deleting_flow_rows_deletes_their_counts(traffic: None) -> None:
    retention.clear_flow_log(before=timedelta(days=1))  # the two-day-old PERSON×4 flow
    assert reports.activity(None)["pii_by_type"] == {"EMAIL_ADDRESS": 3, "PERSON": 1, "API_KEY": 1}
    assert FlowCount.select().where((FlowCount.name == "PERSON") & (FlowCount.kind == "type")).count() == 1
    retention.clear_flow_log()
    assert FlowCount.select().count() == 0


def test_opening_an_older_store_backfills_the_counts_of_its_flow_rows(traffic: None, db_url: str) -> None:
    """A store from before flow_count: the table missing, the flow rows holding their counts as JSON only."""
    before = {by: reports.summary(None, by) for by in ("type", "layer")}
    db = open_db(db_url)
    db.drop_tables([FlowCount])
    Revision.delete().where(Revision.name == FLOW_COUNTS_BACKFILLED).execute()
    # A row an old writer left with JSON that does not parse counts as no detections, as it always did.
    FlowRecord.insert(host="api.openai.com", time=NOW, detections="{not json", layers="[]").execute()
    close_db()

    open_db(db_url)

    assert FlowCount.select().count() == 13
    after = {by: reports.summary(None, by) for by in ("type", "layer")}
    for by, rows in before.items():
        none = next(row for row in after[by] if row[by] == reports.NONE_GROUP)
        assert none["requests"] == 3  # the unparseable row joined the two flows with no detections
        assert [row for row in after[by] if row[by] != reports.NONE_GROUP] == [
            row for row in rows if row[by] != reports.NONE_GROUP
        ]
    assert Revision.select().where(Revision.name == FLOW_COUNTS_BACKFILLED).exists()


def test_the_backfill_runs_once(traffic: None, db_url: str) -> None:
    FlowCount.delete().execute()  # were a later open to backfill again, these would come back
    close_db()
    open_db(db_url)
    assert FlowCount.select().count() == 0


def test_a_flow_with_a_zero_count_still_counts_as_a_request_of_that_type(store_db: Any) -> None:
    flow(1, detections={"PERSON": 0}, layers={"names": 0})
    (row,) = reports.summary(timedelta(hours=1), "type", now=NOW)
    assert (row["type"], row["requests"], row["pii"]) == ("PERSON", 1, 0)


def test_an_empty_store_reports_zeros(store_db: Any) -> None:
    assert reports.summary(None, "host") == []
    total = reports.overall(None)
    assert (total["requests"], total["pii"], total["duration_p50"]) == (0, 0, None)
    traffic_ = reports.activity(None)
    assert (traffic_["requests"], traffic_["pii_by_type"], traffic_["first_flow"]) == (0, {}, None)


def test_a_failed_request_is_an_error_however_it_failed(store_db: Any) -> None:
    flow(1, status=None)
    flow(2, status=0)
    flow(3, status=404)
    flow(4, status=200, error="upstream reset")
    flow(5, status=200)
    assert reports.overall(None)["errors"] == 4
    assert reports.activity(None)["refused"] == 0  # refusals are the proxy's own 400/413/415/502 answers


def test_counts_given_as_json_text_as_the_proxy_writes_them_are_counted(store_db: Any) -> None:
    flow(1, detections='{"PERSON": 2, "EMAIL_ADDRESS": 1}', layers='{"ner": 2, "patterns": 1}', pii_count=3)
    assert reports.activity(None)["pii_by_type"] == {"PERSON": 2, "EMAIL_ADDRESS": 1}
    assert reports.activity(None)["pii_by_layer"] == {"ner": 2, "patterns": 1}
