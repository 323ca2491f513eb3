"""Nothing in detection may reach the network: tldextract (used by Presidio) gets its bundled suffix list."""

from __future__ import annotations

import tldextract.tldextract as _tld


def use_bundled_suffix_list() -> None:
    """Replace tldextract's default extractor (which fetches the Public Suffix List) with an offline one."""
    if _tld.TLD_EXTRACTOR.suffix_list_urls:
        _tld.TLD_EXTRACTOR = _tld.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
