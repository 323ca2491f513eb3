"""The anonamoose_* mitmproxy options: declared in load(), parsed once in configure() into frozen settings."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from addon.conversation import RESTORE_MODES, parse_restore_mode
from addon.hosts import HostMatcher
from addon.placeholders import STYLES
from addon.units import parse_duration, parse_size
from detectors.detection_settings import (
    DEFAULT_SPACY_MODEL,
    DetectionSettings,
    parse_layers,
    parse_locales,
    parse_min_score,
)
from store.db import default_db_url

ATTACHMENT_POLICIES = ["pass", "refuse"]


def default_workers() -> int:
    """One detection worker per core this process may run on (here, not in addon.workers: this table stays light)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_log_ttl(value: str) -> int:
    """A duration of at least one second: the flow log always has a retention."""
    seconds = parse_duration(value)
    if seconds < 1:
        raise ValueError("the flow log must be kept for at least one second (e.g. 7d, 30d, 365d)")
    return seconds


def parse_workers(value: int) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValueError("expected a number of worker processes, 0 or more")
    return value


def parse_choice(value: str, choices: Sequence[str]) -> str:
    """mitmproxy checks `choices` only in its flags and editors, not in `--set`: every source is checked here."""
    if value not in choices:
        raise ValueError(f"choose one of {', '.join(choices)}")
    return value


def parse_style(value: str) -> str:
    return parse_choice(value, STYLES)


@dataclass(frozen=True)
class ProxySettings:
    """Everything the hooks need, parsed once."""

    detection: DetectionSettings = field(default_factory=DetectionSettings)
    hosts: HostMatcher = field(default_factory=HostMatcher)
    db_url: str = ""
    style: str = "typed"
    fail_closed: bool = True
    ttl_seconds: int = 86400
    max_body_bytes: int = 8 * 1024**2
    # Retention and what the flow log keeps (nothing plaintext at rest).
    log_ttl_seconds: int = 30 * 86400
    preview: bool = False
    restore: str = "conversation"
    attachments: str = "pass"  # unscanned binary attachments: "pass" (marked and counted) or "refuse"
    unauthenticated_gateway: bool = False
    workers: int = 1  # detection processes; 0 or 1: detection in this process's threads
    console: bool = False  # one log line per intercepted flow (anonamoose run)


# name, type, default, help[, choices]: anonamoose_db's default comes from the environment at load time.
# Choices are given wherever the set is fixed and one value is chosen: mitmweb's option editor offers them.
OPTIONS: list[tuple[Any, ...]] = [
    (
        "anonamoose_db",
        str,
        "",
        "Mapping database: a path or peewee URL (default $ANONAMOOSE_DB or ./data/anonamoose.db).",
    ),
    ("anonamoose_hosts", Sequence[str], [], "Extra LLM API hosts to intercept: host, *.domain or host:port."),
    (
        "anonamoose_locale",
        str,
        "default",
        "Regional identifiers: default (AU, NZ, UK, US), all (every country known) or a comma list (AU, DE, IN ...).",
    ),
    (
        "anonamoose_layers",
        str,
        "all",
        "Detection layers: all, or a comma list of dictionary, ner, patterns, names, secrets.",
    ),
    ("anonamoose_min_score", str, "0.5", "Drop detections scored below this (0-1)."),
    (
        "anonamoose_style",
        str,
        "typed",
        "Placeholder style: typed ([EMAIL_7K2Q9]) or pua (the original tool's).",
        STYLES,
    ),
    ("anonamoose_fail_closed", bool, True, "Refuse a request that cannot be scanned instead of forwarding it."),
    ("anonamoose_ttl", str, "24h", "How long a scope's mappings live after its last use (e.g. 30m, 24h, 7d)."),
    (
        "anonamoose_spacy_model",
        str,
        DEFAULT_SPACY_MODEL,
        "spaCy model package for the NER layer (installed, never downloaded).",
    ),
    ("anonamoose_log_ttl", str, "30d", "How long flow-log rows are kept before the periodic purge deletes them."),
    (
        "anonamoose_preview",
        bool,
        False,
        "Local debugging only: keep 160 characters of each redacted request in the flow log (a value the detectors "
        "missed would be stored too). Off: types, counts and placeholders only.",
    ),
    (
        "anonamoose_restore",
        str,
        "conversation",
        "Which placeholders a reply restores: conversation (only those the proxy produced for that conversation) "
        "or scope (any the client's scope knows).",
        RESTORE_MODES,
    ),
    (
        "anonamoose_max_body",
        str,
        "8m",
        "Largest request body scanned, and the most a compressed one may inflate to; larger ones are refused with 413.",
    ),
    (
        "anonamoose_attachments",
        str,
        "pass",
        "Binary attachments no detector can read (images, audio, PDF): pass forwards them and marks and counts the "
        "flow; refuse answers 415 and sends nothing.",
        ATTACHMENT_POLICIES,
    ),
    (
        "anonamoose_unauthenticated_gateway",
        bool,
        False,
        "Let transparent, WireGuard and reverse listeners beyond loopback run without proxyauth (their clients "
        "cannot send proxy credentials). Regular, upstream and SOCKS5 listeners beyond loopback always need proxyauth.",
    ),
    (
        "anonamoose_workers",
        int,
        default_workers(),
        "Detection worker processes (default one per core), each loading spaCy once; 0 or 1 detects in-process.",
    ),
    ("anonamoose_regions", bool, False, "Also redact countries and US states (Safe Harbor lets them stay)."),
    (
        "anonamoose_console",
        bool,
        False,
        "Log one line per intercepted flow: host, status, PII types×counts, placeholders restored, ms (never a value). "
        "`anonamoose run` turns it on unless --quiet.",
    ),
]


def settings_from_options(options: Any) -> ProxySettings:
    """Parse every anonamoose_* option; ValueError naming the option on a bad value."""

    def parsed(name: str, parser, *args):  # type: ignore[no-untyped-def]
        raw = getattr(options, name)
        try:
            return parser(raw, *args)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"Cannot parse {name} option {raw!r}: {exc}") from exc

    detection = DetectionSettings(
        layers=parsed("anonamoose_layers", parse_layers),
        locales=parsed("anonamoose_locale", parse_locales),
        min_score=parsed("anonamoose_min_score", parse_min_score),
        spacy_model=options.anonamoose_spacy_model or DEFAULT_SPACY_MODEL,
        redact_regions=bool(getattr(options, "anonamoose_regions", False)),
    )
    return ProxySettings(
        detection=detection,
        hosts=parsed("anonamoose_hosts", lambda v: HostMatcher(v)),
        db_url=options.anonamoose_db or os.environ.get("ANONAMOOSE_DB") or default_db_url(),
        style=parsed("anonamoose_style", parse_style),
        fail_closed=bool(options.anonamoose_fail_closed),
        ttl_seconds=parsed("anonamoose_ttl", parse_duration),
        max_body_bytes=parsed("anonamoose_max_body", parse_size),
        log_ttl_seconds=parsed("anonamoose_log_ttl", parse_log_ttl),
        preview=bool(options.anonamoose_preview),
        restore=parsed("anonamoose_restore", parse_restore_mode),
        attachments=parsed("anonamoose_attachments", parse_choice, ATTACHMENT_POLICIES),
        unauthenticated_gateway=bool(options.anonamoose_unauthenticated_gateway),
        workers=parsed("anonamoose_workers", parse_workers),
        console=bool(getattr(options, "anonamoose_console", False)),
    )


def confdir_path(options: Any) -> Path:
    return Path(os.path.expanduser(options.confdir))
