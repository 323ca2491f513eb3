"""Embeddings (`/v1/embeddings`, Azure and compatible hosts): text goes out, only vectors come back.

Requests are walked default-deny: `input` (a string or a list of strings; token arrays are numbers), `user`
and any other string are scanned, except token-shaped enum-like values (`model`, `encoding_format`, ...).
"""

from __future__ import annotations

from addon.providers.base import Provider
from addon.providers.openai_completions import RULES


class Embeddings(Provider):
    name = "embeddings"
    rules = RULES
