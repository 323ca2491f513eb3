import hashlib
import logging

import pytest
from mitmproxy.test import tflow

from addon.options import parse_style
from addon.proxy import Anonamoose
from addon.tenancy import SESSION_HEADER, credential_of, scope_for


def test_bad_style():
    with pytest.raises(ValueError):
        parse_style("emoji")


class Hasher:
    def keyed_hash(self, label, *parts):
        return hashlib.sha256("\x00".join((label, *parts)).encode()).hexdigest()


def test_scope_comes_from_credentials_and_the_session_header_is_removed():
    flow = tflow.tflow()
    flow.request.headers["authorization"] = "Bearer sk-1"
    flow.request.headers[SESSION_HEADER] = "conv-9"
    scope = scope_for(flow, Hasher())
    assert SESSION_HEADER not in flow.request.headers
    assert scope.session_hash == Hasher().keyed_hash("session", scope.tenant_hash, "conv-9")
    other = tflow.tflow()
    other.request.headers["authorization"] = "Bearer sk-2"
    other.request.headers[SESSION_HEADER] = "conv-9"
    # the same session name under another credential is another scope
    assert scope_for(other, Hasher()).id != scope.id


def test_every_credential_kind_counts():
    flow = tflow.tflow()
    flow.request.headers["x-goog-api-key"] = "g1"
    flow.request.query["key"] = "q1"
    flow.metadata["proxyauth"] = ("alice", "pw")
    credential = credential_of(flow)
    assert "g1" in credential and "q1" in credential and "alice" in credential


def test_library_loggers_are_quiet_in_the_proxy():
    Anonamoose()
    for name in ("peewee", "presidio-analyzer", "presidio-anonymizer"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


def test_regions_option_reaches_the_detection_settings():
    from mitmproxy.test import taddons

    from addon.options import settings_from_options

    with taddons.context(Anonamoose()) as tctx:
        assert settings_from_options(tctx.options).detection.redact_regions is False
        tctx.options.anonamoose_regions = True
        assert settings_from_options(tctx.options).detection.redact_regions is True
