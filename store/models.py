"""The store's tables. Values are only ever held encrypted; everything else is hashes, types and counts."""

from __future__ import annotations

from datetime import UTC, datetime

import peewee

from store.db import database


def utcnow() -> datetime:
    """Naive UTC: stored and compared the same way by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    class Meta:
        database = database


class DictionaryTerm(BaseModel):
    """An organisation term the dictionary layer always redacts."""

    id = peewee.AutoField()
    term = peewee.TextField()
    entity_type = peewee.CharField(max_length=64, default="CUSTOM")
    case_sensitive = peewee.BooleanField(default=False)
    whole_word = peewee.BooleanField(default=True)
    created = peewee.DateTimeField(default=utcnow)
    # Set on every insert and update, so dictionary_version notices an edit as well as an add.
    updated = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "dictionary_term"
        indexes = ((("term", "case_sensitive"), True),)


class AllowTerm(BaseModel):
    """A term that is never redacted, whatever a layer thinks of it."""

    id = peewee.AutoField()
    term = peewee.TextField(unique=True)
    created = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "allow_term"


class Setting(BaseModel):
    """A runtime setting changed through the CLI or API; `value` is JSON."""

    id = peewee.AutoField()
    key = peewee.CharField(max_length=128, unique=True)
    value = peewee.TextField()
    updated = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "setting"


class Scope(BaseModel):
    """A tenant (or one session within a tenant): the unit placeholders are private to."""

    id = peewee.CharField(max_length=128, primary_key=True)
    tenant_hash = peewee.CharField(max_length=128, index=True)
    session_hash = peewee.CharField(max_length=128, null=True)
    created = peewee.DateTimeField(default=utcnow)
    last_seen = peewee.DateTimeField(default=utcnow)
    expires_at = peewee.DateTimeField(index=True)

    class Meta:
        table_name = "scope"


class Mapping(BaseModel):
    """One placeholder in one scope and the encrypted original it stands for."""

    scope = peewee.ForeignKeyField(Scope, on_delete="CASCADE", backref="mappings")
    placeholder = peewee.CharField(max_length=128)
    entity_type = peewee.CharField(max_length=64)
    # Keyed hash of the normalised value, the same in every scope, so `forget VALUE` finds them all.
    value_hash = peewee.CharField(max_length=128, index=True)
    # AES-GCM with scope id and placeholder as associated data: a row copied elsewhere will not decrypt.
    ciphertext = peewee.BlobField()
    created = peewee.DateTimeField(default=utcnow)
    last_used = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "mapping"
        # (scope, value_hash): a request's look-up of its values' placeholders reads only their rows, not the
        # whole scope (SQLite, without statistics, otherwise walks the scope's (scope, placeholder) entries).
        indexes = ((("scope", "placeholder"), True), (("scope", "value_hash"), False))


class ReplyMemory(BaseModel):
    """The provider's own text for a reply the client received restored, so it can be sent back upstream."""

    scope = peewee.ForeignKeyField(Scope, on_delete="CASCADE", backref="replies")
    restored_hash = peewee.CharField(max_length=128, index=True)
    provider_text = peewee.BlobField()
    created = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "reply_memory"
        indexes = ((("scope", "restored_hash"), True),)


class ConversationLink(BaseModel):
    """A provider's handle on a conversation (response, conversation or thread id), as a keyed hash, to its id."""

    scope = peewee.ForeignKeyField(Scope, on_delete="CASCADE", backref="conversation_links")
    link_hash = peewee.CharField(max_length=128)
    conversation_hash = peewee.CharField(max_length=128)
    created = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "conversation_link"
        indexes = ((("scope", "link_hash"), True),)


class ConversationPlaceholder(BaseModel):
    """A placeholder the proxy produced for one conversation: only these are restored in its replies."""

    scope = peewee.ForeignKeyField(Scope, on_delete="CASCADE", backref="conversation_placeholders")
    conversation_hash = peewee.CharField(max_length=128)
    placeholder = peewee.CharField(max_length=128)

    class Meta:
        table_name = "conversation_placeholder"
        indexes = ((("scope", "conversation_hash", "placeholder"), True),)


class Revision(BaseModel):
    """A counter another process bumps when it erases data, so a running proxy knows to drop its caches."""

    name = peewee.CharField(max_length=64, primary_key=True)
    counter = peewee.BigIntegerField(default=0)

    class Meta:
        table_name = "revision"


class FlowRecord(BaseModel):
    """What happened to one proxied request: types, counts and timings, never values."""

    id = peewee.AutoField()
    time = peewee.DateTimeField(default=utcnow, index=True)
    client = peewee.CharField(max_length=255, default="")
    host = peewee.CharField(max_length=255, index=True)
    path = peewee.TextField(default="")
    provider = peewee.CharField(max_length=64, default="")
    method = peewee.CharField(max_length=16, default="")
    status = peewee.IntegerField(null=True, index=True)
    duration_ms = peewee.FloatField(default=0.0)
    detect_ms = peewee.FloatField(default=0.0)
    streamed = peewee.BooleanField(default=False)
    scope_id = peewee.CharField(max_length=128, null=True, index=True)
    detections = peewee.TextField(default="{}")  # JSON {entity_type: count}
    layers = peewee.TextField(default="{}")  # JSON {layer: count}
    pii_count = peewee.IntegerField(default=0)
    restored = peewee.IntegerField(default=0)
    unknown = peewee.IntegerField(default=0)
    error = peewee.TextField(null=True)
    # Only with anonamoose_preview (a local-debugging opt-in): text around a missed value would be stored too.
    redacted_preview = peewee.TextField(null=True)
    # JSON list of the placeholders the request used, never values; a database default so older writers still insert
    placeholders = peewee.TextField(default="[]", constraints=[peewee.SQL("DEFAULT '[]'")])
    # binary attachments forwarded unscanned (policy pass); a database default so older writers still insert
    attachments = peewee.IntegerField(default=0, constraints=[peewee.SQL("DEFAULT 0")])
    # JSON {entity_type: placeholders of that type restored in the reply}; a database default so older writers
    # still insert (their rows, and rows from before this column, count their restored under no type)
    restored_types = peewee.TextField(default="{}", constraints=[peewee.SQL("DEFAULT '{}'")])

    class Meta:
        table_name = "flow_record"


class FlowCount(BaseModel):
    """One count of one flow-log row, for SQL reports: PII caught by entity type (kind "type") or by layer
    ("layer"), or placeholders of an entity type restored in the reply ("restored").

    The row's JSON columns say the same for `logs`; this table lets reports group and sum in SQL.
    """

    id = peewee.AutoField()
    flow = peewee.ForeignKeyField(FlowRecord, on_delete="CASCADE", backref="counts")
    kind = peewee.CharField(max_length=8)
    name = peewee.CharField(max_length=64)
    count = peewee.IntegerField(default=0)

    class Meta:
        table_name = "flow_count"
        indexes = ((("flow", "kind", "name"), True),)


class ExpiryRecord(BaseModel):
    """Retention evidence: one purge or clear of scopes, mappings and flow-log rows, and the TTL it applied.

    Periodic purges that found nothing are folded into one row (`runs`, `first_time` to `time`).
    """

    id = peewee.AutoField()
    time = peewee.DateTimeField(default=utcnow, index=True)
    first_time = peewee.DateTimeField(default=utcnow)
    runs = peewee.IntegerField(default=1)
    action = peewee.CharField(max_length=32)  # "purge" | "clear"
    trigger = peewee.CharField(max_length=32)  # "proxy" | "cli"
    scopes = peewee.IntegerField(default=0)
    mappings = peewee.IntegerField(default=0)
    replies = peewee.IntegerField(default=0)
    flow_rows = peewee.IntegerField(default=0)
    scope_ttl = peewee.CharField(max_length=32, null=True)  # the proxy's anonamoose_ttl, None from the CLI
    log_ttl = peewee.CharField(max_length=64, null=True)  # "30d", or "manual clear" / "manual clear before 7d"

    class Meta:
        table_name = "expiry_record"


class AuditEvent(BaseModel):
    """A change an auditor must see, such as fail-closed turned off at runtime; a sentence, never a value."""

    id = peewee.AutoField()
    time = peewee.DateTimeField(default=utcnow, index=True)
    kind = peewee.CharField(max_length=64)
    detail = peewee.TextField(default="")

    class Meta:
        table_name = "audit_event"


ALL_MODELS: list[type[peewee.Model]] = [
    DictionaryTerm,
    AllowTerm,
    Setting,
    Scope,
    Mapping,
    ReplyMemory,
    ConversationLink,
    ConversationPlaceholder,
    FlowRecord,
    FlowCount,
    Revision,
    ExpiryRecord,
    AuditEvent,
]
