"""One-time data fixes for an existing database (tables and columns are store.schema's job)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import peewee

from store.db import checkpoint_wal, database

log = logging.getLogger("anonamoose")

# The Revision row that says the flow log's pre-opt-in previews have been blanked (see scrub_legacy_previews).
PREVIEWS_SCRUBBED = "flow_previews_scrubbed"


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


def upgrade(db: peewee.Database, models: Iterable[type[peewee.Model]]) -> None:
    """One-time data fixes an older database needs: run by open_db after store.schema brought its tables up."""
    scrub_legacy_previews()
