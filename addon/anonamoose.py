"""The script mitmproxy loads: `mitmdump -s addon/anonamoose.py`."""

from addon.proxy import Anonamoose

addons = [Anonamoose()]
