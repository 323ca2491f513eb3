"""Write the API's OpenAPI document to docs/openapi.json (run after changing a route or a schema)."""

from __future__ import annotations

from addon.api.openapi import DOCUMENT, openapi_text

if __name__ == "__main__":
    DOCUMENT.write_text(openapi_text(), encoding="utf-8")
    print(f"wrote {DOCUMENT}")
