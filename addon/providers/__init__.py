"""Wire-format adapters: which strings of each LLM API's JSON are text to redact or restore."""

from addon.providers.base import Provider, Slot, provider_for

__all__ = ["Provider", "Slot", "provider_for"]
