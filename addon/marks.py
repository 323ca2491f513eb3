"""The marks the addon sets on flows: plain letters, which mitmproxy accepts as marks (a-z, A-Z, 0-9) and which
read in any terminal font and in mitmweb without an emoji font. The flow's comment says the rest."""

from __future__ import annotations

REDACTED = "R"  # PII found and replaced by placeholders
ATTACHMENTS = "A"  # binary attachments forwarded unscanned (anonamoose_attachments=pass)
UNSCANNED = "U"  # not scanned at all (fail-open after an error): sent as the client wrote it
REFUSED = "X"  # refused or closed by the addon: nothing was sent
MARKS = {REDACTED: "redacted", ATTACHMENTS: "attachments unscanned", UNSCANNED: "NOT scanned", REFUSED: "refused"}
