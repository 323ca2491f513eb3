"""The addon's flow marks: markers mitmproxy accepts, shown as plain ASCII letters by mitmweb and the console."""

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow
from mitmproxy.tools.console.common import render_marker
from mitmproxy.tools.web.app import flow_to_json

from addon import marks


@pytest.mark.parametrize("mark", sorted(marks.MARKS))
def test_each_mark_is_a_marker_mitmproxy_accepts_and_shows_as_a_plain_letter(mark):
    flow = tflow.tflow()
    with taddons.context() as tctx:
        core = tctx.master.addons.get("core")
        with pytest.raises(exceptions.CommandError):
            core.mark([flow], "moose")  # the `flow.mark` command refuses markers it does not know...
        core.mark([flow], mark)  # ...and takes ours
    assert flow.marked == mark
    assert mark.isascii() and mark.isalpha() and len(mark) == 1  # no emoji font needed anywhere
    assert flow_to_json(flow)["marked"] == mark  # what mitmweb's flow list shows
    assert render_marker(mark) == mark  # what mitmproxy's console shows


def test_marks_are_distinct():
    assert len({marks.REDACTED, marks.ATTACHMENTS, marks.UNSCANNED, marks.REFUSED}) == len(marks.MARKS) == 4
