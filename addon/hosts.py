"""Which hosts are LLM APIs: only these are decrypted; everything else is tunnelled untouched."""

from __future__ import annotations

import re
from collections.abc import Iterable

BUILT_IN_HOSTS: tuple[str, ...] = (
    "api.openai.com",
    "api.anthropic.com",
    "generativelanguage.googleapis.com",
    "*.openai.azure.com",
    "api.mistral.ai",
    "api.groq.com",
    "api.together.xyz",
    "api.deepseek.com",
    "openrouter.ai",
    "api.x.ai",
    "api.fireworks.ai",
    "api.perplexity.ai",
    "api.cohere.com",
)

HOST_SPEC = re.compile(r"^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def parse_host(spec: str) -> str:
    """Validate one `host`, `*.domain` or `host:port`; ValueError otherwise."""
    spec = spec.strip().lower()
    if not HOST_SPEC.match(spec):
        raise ValueError(f"{spec!r} is not a host, *.domain or host:port")
    return spec


def host_regex(spec: str) -> str:
    """An `allow_hosts` regex for one host spec, matched by mitmproxy against 'host:port'."""
    host, _, port = spec.rpartition(":") if re.search(r":\d+$", spec) else (spec, "", "")
    pattern = r"(?:[a-z0-9-]+\.)+" + re.escape(host[2:]) if host.startswith("*.") else re.escape(host)
    return rf"^{pattern}:{port or r'\d+'}$"


class HostMatcher:
    """Tells whether a (host, port) belongs to an LLM API."""

    def __init__(self, extra: Iterable[str] = ()):
        self.specs = tuple(dict.fromkeys([*BUILT_IN_HOSTS, *(parse_host(s) for s in extra)]))
        self.regexes = [host_regex(spec) for spec in self.specs]
        self._compiled = [re.compile(r, re.IGNORECASE) for r in self.regexes]

    def matches(self, host: str, port: int) -> bool:
        candidate = f"{host.lower().rstrip('.')}:{port}"
        return any(rx.match(candidate) for rx in self._compiled)
