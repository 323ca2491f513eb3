"""Library loggers held at WARNING inside the proxy.

mitmproxy routes every log record of every logger to its addons; peewee logs each query (with its parameters) and
Presidio logs each recognizer step at DEBUG. That costs milliseconds per request and risks text reaching a log.
"""

from __future__ import annotations

import logging

CHATTY_LOGGERS = ("peewee", "presidio-analyzer", "presidio-anonymizer", "spacy", "urllib3", "filelock")


def quiet_library_loggers() -> None:
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
