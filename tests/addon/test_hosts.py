import pytest

from addon.hosts import HostMatcher, parse_host


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("api.openai.com", 443, True),
        ("API.OpenAI.com", 443, True),
        ("myres.openai.azure.com", 443, True),
        ("openai.azure.com", 443, False),
        ("api.openai.com.evil.net", 443, False),
        ("example.org", 443, False),
        ("llm.internal", 8443, True),
        ("llm.internal", 443, False),
        ("a.b.corp.ai", 443, True),
    ],
)
def test_matching(host, port, expected):
    assert HostMatcher(["llm.internal:8443", "*.corp.ai"]).matches(host, port) is expected


@pytest.mark.parametrize("bad", ["http://x", "a b", "host:port", "*", ""])
def test_bad_host_specs_are_refused(bad):
    with pytest.raises(ValueError):
        parse_host(bad)
