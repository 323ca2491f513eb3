import socket

import tldextract
import tldextract.tldextract as tld

import detectors  # noqa: F401  (importing the package switches tldextract to its bundled list)


def test_tldextract_uses_its_bundled_suffix_list(monkeypatch):
    assert tld.TLD_EXTRACTOR.suffix_list_urls == ()

    def no_network(*args, **kwargs):
        raise AssertionError("tldextract tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert tldextract.extract("https://forums.bbc.co.uk/x").suffix == "co.uk"
