"""`anonamoose redact`: the Redaction Inspector, JSON for scripts, JSON Lines for batches."""

from __future__ import annotations

import json
import sys
from typing import IO, TYPE_CHECKING

import click
from rich.console import Console

from addon.cli.params import db_option
from addon.cli.views.inspector import render_inspector
from store.crypto import default_confdir, load_or_create_key

if TYPE_CHECKING:  # Presidio and spaCy load when a text is redacted, not for `anonamoose redact --help`
    from addon.redaction import LocalPlaceholders
    from detectors.detector import Detector


def _run_jsonl(detector: Detector, placeholders: LocalPlaceholders, source: IO[str], on_error: str) -> int:
    from addon.operations.redact import redact_text  # noqa: PLC0415

    errors = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('each line must be a JSON object with a string "text" field')
        except ValueError as exc:
            errors += 1
            if on_error == "stop":
                raise click.ClickException(f"line {number}: invalid input: {exc}") from exc
            click.echo(f"anonamoose: line {number}: invalid input: {exc} (skipped)", err=True)
            continue
        record.update(redact_text(detector, placeholders, record["text"]))
        click.echo(json.dumps(record, ensure_ascii=False))
    return errors


@click.command()
@click.argument("text", required=False)
@click.option("--file", "file_", type=click.File("r", encoding="utf-8"), help="Read the text from FILE ('-' = stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print {redacted, detections} as JSON.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help='Batch: one JSON object with "text" per input line.')
@click.option("--locale", default=None, help="default (AU, NZ, UK, US), all, or a comma list of country codes.")
@click.option("--layers", default=None, help="all, or a comma list of dictionary, ner, patterns, names, secrets.")
@click.option("--min-score", default=None, help="Drop detections scored below this (0-1).")
@click.option(
    "--style", type=click.Choice(["typed", "pua"]), default="typed", show_default=True, help="Placeholder style."
)
@click.option("--regions", is_flag=True, help="Also redact countries and US states (Safe Harbor lets them stay).")
@click.option(
    "--on-error",
    type=click.Choice(["stop", "skip"]),
    default="stop",
    show_default=True,
    help="With --jsonl: stop at a bad line, or report it and go on.",
)
@db_option
def redact(
    text: str | None,
    file_: IO[str] | None,
    as_json: bool,
    as_jsonl: bool,
    locale: str | None,
    layers: str | None,
    min_score: str | None,
    style: str,
    regions: bool,
    on_error: str,
) -> None:
    """Find the PII in a text and show it redacted (argument, --file, or stdin).

    \b
    Examples:
      anonamoose redact "Email Priya Raghunathan at priya@example.com"
      anonamoose redact --file notes.txt --json
      anonamoose redact --jsonl --file batch.jsonl --on-error skip
      echo "Call 0412 345 678" | anonamoose redact --locale AU
    """
    if text is not None and file_ is not None:
        raise click.UsageError("give the text as an argument or with --file, not both")
    if as_json and as_jsonl:
        raise click.UsageError("choose --json or --jsonl, not both")
    # Loaded here: Presidio and spaCy come with them, and `redact --help` does not need them.
    from addon.detection import DetectorProvider  # noqa: PLC0415
    from addon.operations.redact import RedactOptions, detection_settings, redact_text  # noqa: PLC0415
    from addon.redaction import LocalPlaceholders  # noqa: PLC0415

    options = RedactOptions(locale=locale, layers=layers, min_score=min_score, style=style, regions=regions)
    try:
        settings = detection_settings(options)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    # Explicit flags win; otherwise the stored settings (`anonamoose settings set`) apply.
    provider = DetectorProvider(settings, use_store_settings=not options.explicit)
    placeholders = LocalPlaceholders(load_or_create_key(default_confdir()), style)
    source: IO[str] = file_ if file_ is not None else sys.stdin
    if as_jsonl:
        if text is not None:
            raise click.UsageError("--jsonl reads lines from --file or stdin, not an argument")
        _run_jsonl(provider.get(), placeholders, source, on_error)
        return
    if text is None:
        text = source.read()
        if not text.strip():
            name = getattr(source, "name", "stdin")
            raise click.ClickException(f"{name} is empty: nothing to redact")
    result = redact_text(provider.get(), placeholders, text)
    if as_json:
        click.echo(json.dumps({"redacted": result["redacted"], "detections": result["detections"]}, ensure_ascii=False))
        return
    Console().print(render_inspector(text, result["redacted"], result["detections"], result["elapsed_ms"]))


COMMANDS = [redact]
