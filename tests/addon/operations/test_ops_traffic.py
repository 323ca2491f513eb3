"""`report`, `logs` and `anonamoose.stats` as operations: traffic summaries and the flow log from the store."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from addon.operations import traffic as ops
from store.db import close_db, current_db


def test_report_gives_rows_and_the_period_total(traffic: None) -> None:
    result = ops.report(timedelta(days=7), "host")
    assert [(row["host"], row["requests"]) for row in result["rows"]] == [
        ("api.openai.com", 4),
        ("api.mistral.ai", 1),
        ("api.anthropic.com", 1),  # equal requests: more PII first
    ]
    assert (result["total"]["requests"], result["total"]["pii"], result["total"]["errors"]) == (6, 9, 1)


def test_report_refuses_an_unknown_grouping(store_db: None) -> None:
    with pytest.raises(ValueError, match="cannot group by 'colour'"):
        ops.report(by="colour")


def test_flow_log_filters_and_follows(traffic: None) -> None:
    assert [row["host"] for row in ops.flow_log(status=502)] == ["api.openai.com"]
    last = ops.last_flow_id()
    assert ops.flow_log(limit=None, after_id=last) == [] and len(ops.flow_log(limit=2)) == 2


def test_an_operation_opens_the_default_store_when_none_is_open(traffic: None) -> None:
    close_db()  # as an API process would start: $ANONAMOOSE_DB (tests/conftest.py) names another, empty store
    assert ops.report(None, "day") == {"rows": [], "total": {**ops.report(None, "day")["total"], "requests": 0}}
    db = current_db()
    assert db is not None and db.database == os.environ["ANONAMOOSE_DB"]
