"""Which adapter reads a request, chosen by its URL path alone (hosts differ, paths are shared)."""

from __future__ import annotations

import re
from collections.abc import Callable

from addon.providers.anthropic import Anthropic
from addon.providers.base import Provider
from addon.providers.embeddings import Embeddings
from addon.providers.gemini import Gemini
from addon.providers.generic import Generic
from addon.providers.openai_chat import OpenAIChat
from addon.providers.openai_completions import OpenAICompletions
from addon.providers.openai_responses import OpenAIResponses

# first match wins; patterns are searched in the path so any prefix (/v1, /openai/v1, /api/v1,
# /openai/deployments/{d}) is accepted
ROUTES: list[tuple[re.Pattern[str], Callable[[], Provider]]] = [
    (re.compile(r"/fim/completions$"), Generic),  # Mistral FIM replies in chat shape, not completions
    (re.compile(r"/threads/"), Generic),  # Assistants' thread messages are not Anthropic's
    (re.compile(r"/publishers/anthropic/models/[^/]+:(?:rawPredict|streamRawPredict)$"), Anthropic),
    (
        re.compile(
            r"/(?:models|tunedModels)/[^/]+:"
            r"(?:generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents)$"
        ),
        Gemini,
    ),
    (re.compile(r"/chat/completions$"), OpenAIChat),
    (re.compile(r"/completions$"), OpenAICompletions),
    (re.compile(r"/responses(?:/[^/]+)?$"), OpenAIResponses),  # create, input_tokens, retrieve
    (re.compile(r"/embeddings$"), Embeddings),
    (re.compile(r"/messages(?:/count_tokens)?$"), Anthropic),
]


def provider_for(path: str) -> Provider:
    """A fresh adapter for a request path (query string ignored); the generic walk when none matches."""
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for pattern, adapter in ROUTES:
        if pattern.search(path):
            return adapter()
    return Generic()
