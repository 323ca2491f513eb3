import json

from click.testing import CliRunner

from addon.cli import cli


def test_dictionary_lifecycle_and_redaction():
    runner = CliRunner()
    assert runner.invoke(cli, ["dict", "add", "Project Bluebird", "--type", "project"]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["dict", "list", "--json"]).output)
    assert [row["term"] for row in listed] == ["Project Bluebird"]
    out = json.loads(runner.invoke(cli, ["redact", "--json", "status of project bluebird?"]).output)
    assert out["detections"][0]["layer"] == "dictionary" and out["detections"][0]["entity_type"] == "PROJECT"
    assert runner.invoke(cli, ["dict", "rm", "Project Bluebird"]).exit_code == 0
    assert runner.invoke(cli, ["dict", "rm", "Project Bluebird"]).exit_code != 0
    assert json.loads(runner.invoke(cli, ["dict", "list", "--json"]).output) == []


def test_100k_terms_imported_and_every_occurrence_redacted(tmp_path):
    runner = CliRunner()
    terms = [f"bluebird-{i:06d}" for i in range(100_000)]
    path = tmp_path / "terms.txt"
    path.write_text("# codenames\n" + "\n".join(terms) + "\n")
    result = runner.invoke(cli, ["dict", "import", str(path)])
    assert result.exit_code == 0 and "imported 100000" in result.output
    sample = terms[::997]
    text = "Notes: " + "; ".join(f"see {t} and {t.upper()}" for t in sample)
    out = json.loads(runner.invoke(cli, ["redact", "--json", "--layers", "dictionary", text]).output)
    assert len(out["detections"]) == 2 * len(sample)
    assert "bluebird-" not in out["redacted"].lower()


def test_allow_list_is_never_redacted():
    runner = CliRunner()
    text = "Meet me at the Sydney Opera House, Jane Doe"
    before = json.loads(runner.invoke(cli, ["redact", "--json", text]).output)
    assert any(text[d["start"] : d["end"]] == "Jane Doe" for d in before["detections"])
    assert runner.invoke(cli, ["allow", "add", "Jane Doe"]).exit_code == 0
    after = json.loads(runner.invoke(cli, ["redact", "--json", text]).output)
    assert not any(text[d["start"] : d["end"]] == "Jane Doe" for d in after["detections"])
    assert runner.invoke(cli, ["allow", "rm", "Jane Doe"]).exit_code == 0
    assert runner.invoke(cli, ["dict", "flush"], input="n\n").exit_code != 0
