"""The OpenAPI document as committed in docs/openapi.json (`make openapi` rewrites it; a test compares)."""

from __future__ import annotations

import json
from pathlib import Path

from addon.api.app import create_app
from addon.api.auth import Tokens

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def openapi_text() -> str:
    """The app's OpenAPI document, as the file holds it."""
    return json.dumps(create_app(Tokens(), warm=False).openapi(), indent=2, ensure_ascii=False) + "\n"
