"""The id formats of each provider: an id-keyed value passes unscanned only when it has its provider's shape."""

from __future__ import annotations

import re

# OpenAI: `call_…`, `fc_…`, `msg_…`, `resp_…`, `rs_…`, `file-…`, `chatcmpl-…`, `conv_…`, `pmpt_…`, `vs_…`, ...
OPENAI_ID = re.compile(
    r"(?:call|fc|msg|resp|rs|ctc|lsh|sh|shc|apc|tsc|mcp|mcpr|mcpl|cu|cua|ig|ws|fs|ci|cmp|comp|conv|asst|thread"
    r"|run|step|vs|vsfb|batch|chatcmpl|pmpt|cntr|cfile|file|ftjob|ft|audio|img|item|toolu)[_-][A-Za-z0-9_-]{1,256}"
)

# Anthropic: `toolu_…`, `srvtoolu_…`, `mcptoolu_…`, `msg_…`, `file_…`, `msgbatch_…`, `container_…`, `req_…`
ANTHROPIC_ID = re.compile(r"(?:toolu|srvtoolu|mcptoolu|msg|file|msgbatch|container|cntr|req)_[A-Za-z0-9_-]{1,256}")

# any host's ids: a UUID, a word-led id holding a digit (`doc1`, `user-123`), a short number, or the above
GENERIC_ID = re.compile(
    r"[0-9a-fA-F]{8}(?:-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}"
    r"|(?=\D*\d)[A-Za-z][A-Za-z0-9]{0,15}(?:[_.:-][A-Za-z0-9_.:-]{1,256})?"
    r"|\d{1,8}"
    rf"|{OPENAI_ID.pattern}|{ANTHROPIC_ID.pattern}"
)
