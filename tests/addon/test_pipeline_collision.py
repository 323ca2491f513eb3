"""Two instances giving one placeholder to two values at the same moment: the loser assigns again, no error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from addon.detection import DetectorProvider, LocalScanner
from addon.pipeline import RequestRedactor
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.providers.base import provider_for
from addon.tenancy import Scope
from detectors.detection_settings import DetectionSettings, parse_layers
from store.crypto import Vault
from store.db import open_db
from store.mappings import MappingStore

KEY = bytes(range(32))
EMAIL = "jane.citizen@example.com"


class CrowdedFactory:
    """Every value wants [X_1] first, then [X_2]...: a collision on demand."""

    style = "typed"

    def candidates(self, scope_id: str, entity_type: str, normalised_value: str) -> Iterator[str]:
        return (f"[X_{n}]" for n in range(1, 10))

    def writes(self, placeholder: str, entity_type: str) -> bool:
        return placeholder.startswith("[X_")

    def assign(
        self, scope_id: str, entity_type: str, value: str, owner: Callable[[str], str | None], value_hash: str
    ) -> str:
        for candidate in self.candidates(scope_id, entity_type, value):
            if owner(candidate) in (None, value_hash):
                return candidate
        raise AssertionError("no free placeholder")


class RacedStore(MappingStore):
    """A store where another instance acts (once) between this one choosing placeholders and storing them."""

    rival: Callable[[], object] | None = None

    def remember_many(self, scope_id: str, entries: Iterable[tuple[str, str, str, str]]) -> None:
        rival, self.rival = self.rival, None
        if rival is not None:
            rival()
        super().remember_many(scope_id, entries)


def test_a_placeholder_taken_by_another_instance_meanwhile_is_assigned_again() -> None:
    open_db()
    vault = Vault(KEY)
    scope = Scope("s1", "tenant", None)
    store_a = RacedStore(vault, cache_size=0)
    service_a = PlaceholderService(CrowdedFactory(), store_a, vault)  # type: ignore[arg-type]
    service_b = PlaceholderService(CrowdedFactory(), MappingStore(vault, cache_size=0), vault)  # type: ignore[arg-type]

    def instance_b_takes_x1() -> None:
        pending = PendingMappings()
        assert service_b.assign(scope, "EMAIL_ADDRESS", "other@example.com", pending) == "[X_1]"
        service_b.persist(scope, pending, 3600)

    store_a.rival = instance_b_takes_x1
    detectors = DetectorProvider(DetectionSettings(layers=parse_layers("patterns")), use_store_settings=False)
    redactor = RequestRedactor(LocalScanner(detectors), service_a, store_a, 1 << 20, 3600)
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": f"mail {EMAIL}"}]}).encode()

    outcome = redactor.redact(body, None, "application/json", provider_for("/v1/chat/completions"), scope)

    assert outcome.body is not None
    assert json.loads(outcome.body)["messages"][0]["content"] == "mail [X_2]"
    assert outcome.mappings == {"[X_2]": EMAIL}
    assert store_a.lookup_many("s1", ["[X_1]", "[X_2]"]) == {"[X_1]": "other@example.com", "[X_2]": EMAIL}
