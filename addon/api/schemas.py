"""Request and response bodies: the contract in docs/openapi.json. Counts, types and ids; never a stored value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

# The store keeps naive UTC; the API says so (`...Z`).
UtcTime = Annotated[
    datetime, PlainSerializer(lambda t: t.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"), return_type=str)
]
MAX_TEXT = 1_000_000
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- redact / hydrate ----


class Detection(BaseModel):
    start: int
    end: int
    entity_type: str
    score: float
    layer: str


class Redacted(BaseModel):
    redacted: str
    detections: list[Detection]


class RedactRequest(Strict):
    text: Text | Annotated[list[Text], Field(max_length=1000)] = Field(
        description="A text, or a list of up to 1000 texts (then `results` holds one per text)."
    )
    locale: str | None = Field(None, max_length=200, description="default, all, or a comma list of country codes.")
    layers: str | None = Field(None, max_length=200, description="all, or a comma list of layers.")
    min_score: float | None = Field(None, ge=0, le=1)
    style: str = Field("typed", pattern="^(typed|pua)$")
    regions: bool = False


class RedactResponse(BaseModel):
    redacted: str | None = Field(None, description="For a single text.")
    detections: list[Detection] | None = Field(None, description="For a single text.")
    results: list[Redacted] | None = Field(None, description="For a list of texts, in order.")


class HydrateRequest(Strict):
    text: Text
    session: str = Field(min_length=1, max_length=128, description="A session id or a unique prefix of one.")


class Hydrated(BaseModel):
    restored: str


# ---- sessions ----


class Session(BaseModel):
    id: str
    tenant: str
    session: bool = Field(description="Narrowed to one conversation by the x-anonamoose-session header.")
    created: UtcTime
    last_seen: UtcTime
    expires: UtcTime
    expired: bool
    mappings: int
    by_type: dict[str, int]


class PlaceholderRow(BaseModel):
    placeholder: str
    entity_type: str


class SessionDetail(Session):
    replies: int
    requests: int
    placeholders: list[PlaceholderRow]


class ExtendRequest(Strict):
    ttl: int | str = Field(description="Seconds, or a duration like 30m, 24h, 7d.")


class Extended(BaseModel):
    id: str
    expires: UtcTime


class Removed(BaseModel):
    id: str
    removed: bool


class Purged(BaseModel):
    scopes: int
    mappings: int
    replies: int
    flow_rows: int


class ForgetRequest(Strict):
    value: Annotated[str, Field(min_length=1, max_length=10_000)]


class Forgotten(BaseModel):
    forgotten: int


# ---- dictionary / allow ----


class Term(BaseModel):
    term: str
    entity_type: str
    case_sensitive: bool
    whole_word: bool
    created: str | None


class AllowedTerm(BaseModel):
    term: str
    created: str | None


TermText = Annotated[str, Field(min_length=1, max_length=1000)]
EntityType = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")]


class TermsRequest(Strict):
    terms: list[TermText] = Field(min_length=1, max_length=10_000)
    entity_type: EntityType = "CUSTOM"
    case_sensitive: bool = False
    partial: bool = Field(False, description="Match inside words too (default: whole words only).")


class ImportRequest(Strict):
    text: Text = Field(description="One term per line; blank lines and '#' comments are skipped.")
    entity_type: EntityType = "CUSTOM"
    case_sensitive: bool = False
    partial: bool = False


class AllowRequest(Strict):
    terms: list[TermText] = Field(min_length=1, max_length=10_000)


class Added(BaseModel):
    added: int
    present: int


class Count(BaseModel):
    count: int


# ---- settings ----


class SettingInForce(BaseModel):
    """A setting's value in force and where it comes from, as `anonamoose settings get --json` prints it."""

    value: str | float | int
    source: Literal["store", "option", "default"]
    option: str = Field(description="The proxy option this setting overrides.")


class SettingsBody(BaseModel):
    layers: SettingInForce
    locale: SettingInForce
    min_score: SettingInForce
    style: SettingInForce
    ttl: SettingInForce


class SettingsUpdate(Strict):
    layers: str | None = Field(None, max_length=200)
    locale: str | None = Field(None, max_length=200)
    min_score: float | str | None = None
    style: str | None = Field(None, max_length=20)
    ttl: int | str | None = Field(None, description="Seconds, or a duration like 30m, 24h, 7d.")


# ---- stats, logs, audit ----


class Stats(BaseModel):
    period: str
    by: str
    total: dict[str, Any]
    rows: list[dict[str, Any]]


class PublicStats(BaseModel):
    period: str
    requests: int
    pii: int
    restored: int
    refused: int


class Cleared(BaseModel):
    cleared: int


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    store: bool
    spacy: bool
