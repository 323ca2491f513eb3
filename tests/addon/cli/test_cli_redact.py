import json

import pytest
from click.testing import CliRunner

from addon.cli import cli

TEXT = "Contact Jane Doe at jane.doe@example.com or 0412 345 678 about invoice 88231."


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_json_offsets_point_into_the_original(runner):
    result = runner.invoke(cli, ["redact", "--json", TEXT])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    found = {TEXT[d["start"] : d["end"]]: d for d in data["detections"]}
    assert "jane.doe@example.com" in found and found["jane.doe@example.com"]["entity_type"] == "EMAIL_ADDRESS"
    assert "0412 345 678" in found
    assert set(data["detections"][0]) == {"start", "end", "entity_type", "score", "layer"}
    assert "jane.doe@example.com" not in data["redacted"] and "[EMAIL_" in data["redacted"]
    assert "88231" in data["redacted"]


def test_human_view_shows_the_inspector(runner):
    result = runner.invoke(cli, ["redact", TEXT])
    assert result.exit_code == 0, result.output
    assert "redacted" in result.output and "EMAIL_ADDRESS" in result.output and "patterns" in result.output


def test_file_and_stdin(runner, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT)
    from_file = json.loads(runner.invoke(cli, ["redact", "--json", "--file", str(path)]).output)
    from_stdin = json.loads(runner.invoke(cli, ["redact", "--json"], input=TEXT).output)
    assert from_file == from_stdin


def test_empty_file_is_an_error(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = runner.invoke(cli, ["redact", "--file", str(path)])
    assert result.exit_code != 0 and "empty" in result.output


def test_jsonl_keeps_fields_and_adds_results(runner):
    lines = [json.dumps({"id": 1, "text": TEXT}), json.dumps({"id": 2, "text": "nothing here"})]
    result = runner.invoke(cli, ["redact", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in records] == [1, 2]
    for record in records:
        assert {"redacted", "detections", "elapsed_ms", "text"} <= set(record)
        assert record["elapsed_ms"] >= 0
        for det in record["detections"]:
            assert record["text"][det["start"] : det["end"]].strip()
    assert records[1]["detections"] == []


def test_jsonl_bad_line_stops_or_skips(runner):
    data = json.dumps({"text": TEXT}) + "\n{broken\n" + json.dumps({"text": "x"}) + "\n"
    stopped = runner.invoke(cli, ["redact", "--jsonl"], input=data)
    assert stopped.exit_code != 0 and "line 2" in stopped.output
    skipped = runner.invoke(cli, ["redact", "--jsonl", "--on-error", "skip"], input=data)
    assert skipped.exit_code == 0
    assert "line 2" in skipped.stderr if hasattr(skipped, "stderr") else True
    assert len([line for line in skipped.stdout.splitlines() if line.startswith("{")]) == 2


def test_locale_and_layers_filter(runner):
    text = "NHS number 943 476 5919, SSN 123-45-6789"
    uk = json.loads(runner.invoke(cli, ["redact", "--json", "--locale", "UK", "--layers", "patterns", text]).output)
    types = {d["entity_type"] for d in uk["detections"]}
    assert "UK_NHS" in types and "US_SSN" not in types
    assert {d["layer"] for d in uk["detections"]} == {"patterns"}


def test_bad_option_values(runner):
    assert "unknown locale" in runner.invoke(cli, ["redact", "--locale", "FR", "x"]).output
    assert "unknown layer" in runner.invoke(cli, ["redact", "--layers", "magic", "x"]).output


def test_regions_flag_redacts_countries_and_states(runner):
    text = "Our team in Uruguay and Parramatta is growing."

    def redacted(*flags: str) -> str:
        result = runner.invoke(cli, ["redact", "--json", *flags, text])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["redacted"]

    assert "Uruguay" in redacted() and "Parramatta" not in redacted()
    assert "Uruguay" not in redacted("--regions")


def test_the_readme_examples_are_redacted_whole(runner):
    text = "Email Priya Raghunathan at priya.r@example.com, or post it to 42 Wallaby Way, Sydney NSW 2000."
    data = json.loads(runner.invoke(cli, ["redact", "--json", text]).output)
    spans = {text[d["start"] : d["end"]]: d["entity_type"] for d in data["detections"]}
    assert spans["Priya Raghunathan"] == "PERSON"
    assert spans["42 Wallaby Way, Sydney NSW 2000"] == "ADDRESS"
    assert "[ADDRESS_" in data["redacted"] and "Email [PERSON_" in data["redacted"]
