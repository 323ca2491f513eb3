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


def test_fixed_sets_are_declared_as_choices_for_mitmweb_s_option_editor():
    from mitmproxy import optmanager
    from mitmproxy.test import taddons

    with taddons.context(Anonamoose()) as tctx:
        dumped = optmanager.dump_dicts(tctx.options)  # what mitmweb's option editor is sent
    choices = {name: d["choices"] for name, d in dumped.items() if name.startswith("anonamoose_") and d["choices"]}
    assert {k: list(v) for k, v in choices.items()} == {
        "anonamoose_style": ["typed", "pua"],
        "anonamoose_restore": ["conversation", "scope"],
        "anonamoose_attachments": ["pass", "refuse"],
    }
    # every default is one of its choices
    assert all(dumped[name]["default"] in values for name, values in choices.items())


@pytest.mark.parametrize(
    ("name", "value"),
    [("anonamoose_style", "emoji"), ("anonamoose_restore", "all"), ("anonamoose_attachments", "drop")],
)
def test_a_value_outside_the_choices_is_refused_naming_them(name, value):
    from mitmproxy import exceptions
    from mitmproxy.test import taddons

    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        with pytest.raises(exceptions.OptionsError) as raised:
            tctx.options.update(**{name: value})
        choices = tctx.options._options[name].choices
    message = str(raised.value)
    assert name in message and repr(value) in message and ", ".join(choices) in message
