"""The script mitmproxy loads: `mitmdump -s addon/anonamoose.py` (or mitmweb)."""

from addon.api.in_proxy import ApiServer
from addon.proxy import Anonamoose

addons = [Anonamoose(), ApiServer()]
