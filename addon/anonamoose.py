"""The script mitmproxy loads: `mitmdump -s addon/anonamoose.py` (or mitmweb)."""

from addon.proxy import Anonamoose

addons = [Anonamoose()]
