"""Embeddings (`/v1/embeddings`, Azure and compatible hosts): text goes out, only vectors come back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot
from addon.providers.openai_completions import strings_of


class Embeddings(Provider):
    name = "embeddings"

    def request_slots(self, body: Any) -> Iterator[Slot]:
        if isinstance(body, dict):
            yield from strings_of(body, "input")
