"""`audit`: the evidence an auditor asks of this control (ISO 27001, HIPAA, GDPR), as one JSON-ready dict.

Counts come from the store's report queries; this module words them: which settings apply and where each
comes from, the TTLs as text, how values are encrypted, which control each part of the evidence answers.
Counts and settings only, never a value.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from typing import Any

import peewee

from addon.operations.context import ensure_store
from addon.units import duration_text, parse_duration
from detectors.detection_settings import parse_layers, parse_locales, parse_min_score
from detectors.types import LAYERS, LOCALES
from store import reports, retention
from store import stored_settings as store_settings
from store.crypto import KEY_FILENAME, default_confdir
from store.db import current_db
from store.models import utcnow

DEFAULT_TTL = "24h"  # anonamoose_ttl's default
DEFAULT_MIN_SCORE = 0.5

# What each control asks for, and which part of the evidence answers it.
CONTROLS: tuple[tuple[str, str, str], ...] = (
    ("ISO 27001 A.8.2", "information classification", "detection: layers and locales on, PII by type"),
    ("ISO 27001 A.8.11", "data masking", "activity: PII replaced by placeholders, restored in replies"),
    ("ISO 27001 A.8.12", "data leakage prevention", "activity: requests scanned, refused when unscannable"),
    ("ISO 27001 A.8.10", "information deletion", "retention and expiry records: TTLs, what each purge removed"),
    ("ISO 27001 A.8.15", "logging", "expiry records and audit events: purges, clears, fail-closed changes"),
    ("ISO 27001 A.8.24", "use of cryptography", "encryption: AES-GCM, key source and file mode"),
    ("ISO 27001 A.5.23", "cloud services", "activity: LLM hosts intercepted"),
    ("HIPAA 164.514(b)", "Safe Harbor de-identification", "activity: identifiers by type before disclosure"),
    ("HIPAA 164.312(a)(2)(iv)", "encryption at rest", "encryption"),
    ("GDPR Art. 5(1)(c), 25", "data minimisation by design", "detection and activity"),
    ("GDPR Art. 5(1)(e), 17", "storage limitation, erasure", "retention and expiry records"),
    ("GDPR Art. 32", "security of processing", "encryption and database"),
)


def _setting(stored: dict[str, Any], key: str, default: Any, parse: Any) -> tuple[Any, str]:
    """(parsed value, "store" | "default"); a stored value that no longer parses is reported as invalid."""
    if key not in stored:
        return parse(default), "default"
    try:
        return parse(stored[key]), "store"
    except (TypeError, ValueError):
        return parse(default), f"invalid stored value {stored[key]!r}; default applies"


def detection_configuration() -> dict[str, Any]:
    """Which layers and locales are on, min score, style and TTL: the store's settings over the defaults."""
    stored = store_settings.all_settings()
    layers, layers_source = _setting(stored, "layers", "all", lambda v: parse_layers(str(v)))
    locales, locales_source = _setting(stored, "locale", "default", lambda v: parse_locales(str(v)))
    min_score, score_source = _setting(stored, "min_score", DEFAULT_MIN_SCORE, parse_min_score)
    return {
        "layers_on": [name for name in LAYERS if name in layers],
        "layers_off": [name for name in LAYERS if name not in layers],
        "layers_source": layers_source,
        "locales_on": [name for name in LOCALES if name in locales],
        "locales_source": locales_source,
        "min_score": min_score,
        "min_score_source": score_source,
        "style": stored.get("style", "typed"),
        "settings_stored": sorted(stored),
    }


def _ttl_seconds(value: Any) -> int | None:
    try:
        return parse_duration(str(value))
    except ValueError:
        return None


def retention_figures(now: datetime | None = None) -> dict[str, Any]:
    """The TTL setting, how many scopes and mappings the store holds, the oldest, what awaits purging, the log."""
    now = now or utcnow()
    stored_ttl = store_settings.get_setting("ttl")
    ttl_seconds = _ttl_seconds(stored_ttl if stored_ttl is not None else DEFAULT_TTL)
    log = reports.flow_log_figures()
    applied = log.pop("log_ttl_applied")
    return {
        "ttl": duration_text(ttl_seconds) if ttl_seconds is not None else str(stored_ttl),
        "ttl_seconds": ttl_seconds,
        "ttl_source": "store" if stored_ttl is not None else "default",
        **reports.scope_figures(now),
        "log_ttl": applied or retention.DEFAULT_LOG_TTL,
        "log_ttl_source": "applied by the proxy" if applied else "default: no proxy purge recorded yet",
        **log,
    }


def _file_mode(path: os.PathLike[str] | str) -> str | None:
    try:
        return f"{stat.S_IMODE(os.stat(path).st_mode):04o}"
    except OSError:
        return None


def encryption_facts() -> dict[str, Any]:
    """How mappings are protected: algorithm, where the key comes from, the key file and its mode (never the key)."""
    key_file = default_confdir() / KEY_FILENAME
    mode = _file_mode(key_file)
    return {
        "values_encryption": "AES-256-GCM, random 96-bit nonce, scope and placeholder bound as associated data",
        "lookup_hash": "HMAC-SHA256 under HKDF-SHA256 subkeys of the store key",
        "key_source": "ANONAMOOSE_KEY environment variable" if os.environ.get("ANONAMOOSE_KEY") else "key file",
        "anonamoose_key_env_used": bool(os.environ.get("ANONAMOOSE_KEY")),
        "key_file": str(key_file.resolve()),
        "key_file_exists": mode is not None,
        "key_file_mode": mode,
        "key_file_private": mode is not None and int(mode, 8) & 0o077 == 0,
        "flow_log_holds": "entity types, counts, placeholders and timings; never values or the text around them "
        "(redacted previews only with the anonamoose_preview debugging opt-in)",
    }


def database_facts() -> dict[str, Any]:
    """The store's backend and, for SQLite, its file (never a URL that could hold a password)."""
    db = current_db()
    if db is None:
        return {"backend": None}
    facts: dict[str, Any] = {"backend": type(db).__name__}
    if isinstance(db, peewee.SqliteDatabase):
        facts["path"] = db.database
        facts["mode"] = _file_mode(db.database) if db.database != ":memory:" else None
    return facts


def audit_evidence(
    since: timedelta | None = timedelta(days=30), now: datetime | None = None, records: int = 10
) -> dict[str, Any]:
    """Everything an auditor asks of this control, as one JSON-ready dict; counts and settings, never values.

    `records` bounds the expiry records listed (totals cover them all).
    """
    ensure_store()
    now = now or utcnow()
    traffic = reports.activity(since, now)
    for key in ("first_flow", "last_flow"):
        traffic[key] = traffic[key].isoformat() if traffic[key] else None
    return {
        "generated_at": now.isoformat(),
        "period": {
            "since": (now - since).isoformat() if since is not None else None,
            "until": now.isoformat(),
            "days": round(since.total_seconds() / 86400, 2) if since is not None else None,
        },
        "detection": detection_configuration(),
        "dictionary": reports.dictionary_figures(),
        "retention": retention_figures(now),
        "expiry": reports.expiry_evidence(records),
        "events": reports.audit_event_evidence(),
        "activity": traffic,
        "encryption": encryption_facts(),
        "database": database_facts(),
        "controls": [{"control": c, "subject": s, "evidence": e} for c, s, e in CONTROLS],
    }


def audit_report(since: timedelta | None = timedelta(days=30), records: int = 10) -> dict[str, Any]:
    """audit_evidence plus `coverage`: each HIPAA and GDPR identifier against the layers and locales on."""
    from addon.operations.coverage import coverage  # builds the recognizers: only when a report asks for it

    evidence = audit_evidence(since, records=records)
    detection = evidence["detection"]
    evidence["coverage"] = coverage(detection["layers_on"], detection["locales_on"])
    return evidence
