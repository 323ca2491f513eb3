"""The script mitmproxy loads: `mitmdump -s addon/anonamoose.py` (or mitmweb)."""

from addon.contentview import AnonamooseView
from addon.proxy import Anonamoose
from addon.proxy_commands import AnonamooseCommands

anonamoose = Anonamoose()
addons = [anonamoose, AnonamooseView(anonamoose.inspections), AnonamooseCommands(anonamoose)]
