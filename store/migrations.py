"""One-time data fixes for an existing database (tables and columns are store.schema's job)."""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable
from functools import reduce

import peewee
from peewee import fn

from store.db import checkpoint_wal, database, tuple_rows

log = logging.getLogger("anonamoose")

# The Revision row that says the flow log's pre-opt-in previews have been blanked (see scrub_legacy_previews).
PREVIEWS_SCRUBBED = "flow_previews_scrubbed"
# The Revision row that says flow_count holds the counts of every flow-log row written before it existed.
FLOW_COUNTS_BACKFILLED = "flow_counts_backfilled"
BACKFILL_BATCH = 500


def scrub_legacy_previews() -> int:
    """Once per database: blank every flow-log preview written before previews became an opt-in.

    Those previews held up to 160 characters of the redacted text, so a value the detectors missed was kept
    in plain text. Returns how many rows were blanked (0 on every later open).
    """
    from store.models import AuditEvent, FlowRecord, Revision  # models import the database proxy from db

    with database.atomic():
        done = Revision.select().where(Revision.name == PREVIEWS_SCRUBBED).exists()
        if done:
            return 0
        blanked = int(
            FlowRecord.update(redacted_preview=None).where(FlowRecord.redacted_preview.is_null(False)).execute()
        )
        Revision.insert(name=PREVIEWS_SCRUBBED, counter=1).on_conflict_ignore().execute()
        if blanked:
            AuditEvent.insert(
                kind="previews_scrubbed",
                detail=f"blanked the redacted previews of {blanked} flow-log row(s) written before previews "
                "became an opt-in (anonamoose_preview)",
            ).execute()
    if blanked:
        checkpoint_wal()
        log.warning("anonamoose: blanked %d stored flow-log preview(s) (previews are now opt-in)", blanked)
    return blanked


def backfill_flow_counts() -> int:
    """Once per database: write the flow_count rows of flow-log rows from before that table, from their JSON.

    Returns how many flow-log rows got counts (0 on every later open). Rows that already have counts (written
    by this version between the table's creation and this step) are left alone, and two processes opening the
    store at once write each count once. Rows an older version writes later (a shared PostgreSQL store during a
    rolling upgrade) get no counts: reports leave their types out, `logs` still shows them.
    """
    from store.flows import COUNT_KINDS, count_rows  # flows imports the models, which import the database proxy from db
    from store.models import FlowCount, FlowRecord, Revision

    with database.atomic():
        if Revision.select().where(Revision.name == FLOW_COUNTS_BACKFILLED).exists():
            return 0
        columns = [getattr(FlowRecord, name) for name in COUNT_KINDS]
        counted = fn.EXISTS(FlowCount.select(FlowCount.id).where(FlowCount.flow == FlowRecord.id))
        query = (
            FlowRecord.select(FlowRecord.id, *columns)
            .where(reduce(operator.or_, [column != "{}" for column in columns]) & ~counted)
            .order_by(FlowRecord.id)
        )
        filled, batch = 0, []
        for flow_id, *counts in tuple_rows(query):  # all read first: the loop writes flow_count
            rows = list(count_rows(flow_id, dict(zip(COUNT_KINDS, counts, strict=True))))
            filled += bool(rows)
            batch += rows
            if len(batch) >= BACKFILL_BATCH:
                FlowCount.insert_many(batch).on_conflict_ignore().execute()
                batch = []
        if batch:
            FlowCount.insert_many(batch).on_conflict_ignore().execute()
        Revision.insert(name=FLOW_COUNTS_BACKFILLED, counter=1).on_conflict_ignore().execute()
    if filled:
        log.info("anonamoose: wrote the per-type counts of %d older flow-log row(s)", filled)
    return filled


def upgrade(db: peewee.Database, models: Iterable[type[peewee.Model]]) -> None:
    """One-time data fixes an older database needs: run by open_db after store.schema brought its tables up."""
    scrub_legacy_previews()
    backfill_flow_counts()
