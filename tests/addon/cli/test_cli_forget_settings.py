"""`anonamoose forget` and `anonamoose settings` through CliRunner, error paths included."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from addon.cli import cli
from store import stored_settings as stored
from store.db import open_db
from store.models import Mapping

EMAIL = "jane.citizen@example.com"


def run(*args: str, input: str | None = None):  # noqa: A002 - click's name
    return CliRunner().invoke(cli, list(args), input=input)


def test_forget_counts_and_never_echoes_the_value(seed) -> None:
    seed("scope-one", [("EMAIL_ADDRESS", EMAIL), ("PERSON", "Jane Citizen")])
    seed("scope-two", [("EMAIL_ADDRESS", EMAIL)])
    refused = run("forget", EMAIL.upper(), input="n\n")
    assert refused.exit_code == 1 and Mapping.select().count() == 3
    result = run("forget", EMAIL.upper(), input="y\n")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("forgot 2 mapping(s)")
    assert EMAIL not in result.output.lower()
    assert Mapping.select().count() == 1


@pytest.mark.parametrize("args", [("--yes",), ("--yes", "--json")])
def test_forget_unknown_value_is_zero(seed, args: tuple[str, ...]) -> None:
    seed("scope-one", [("EMAIL_ADDRESS", EMAIL)])
    result = run("forget", "nobody@example.com", *args)
    assert result.exit_code == 0
    if "--json" in args:
        assert json.loads(result.output) == {"forgotten": 0}
    else:
        assert result.output == "forgot 0 mapping(s)\n"
    assert "nobody" not in result.output


def test_forget_help_documents_yes(seed) -> None:
    help_text = " ".join(run("forget", "--help").output.split())
    assert "--yes" in help_text and "-y" in help_text
    assert "Erase without asking first" in help_text and "It asks before erasing" in help_text
    seed("scope-one", [("EMAIL_ADDRESS", EMAIL)])
    result = run("forget", EMAIL, "-y")
    assert result.exit_code == 0 and result.output == "forgot 1 mapping(s)\n"  # no prompt with -y


def test_forget_blank_value_is_an_error() -> None:
    result = run("forget", " ", "--yes")
    assert result.exit_code == 1 and "give the value to forget" in result.output


def test_settings_set_get_unset() -> None:
    assert run("settings", "set", "layers", "patterns,secrets").output.startswith("layers = patterns,secrets")
    assert run("settings", "set", "min-score", "0.8").exit_code == 0
    assert run("settings", "set", "ttl", "12h").output.startswith("ttl = 43200")
    assert json.loads(run("settings", "get", "--json").output) == {
        "layers": {"value": "patterns,secrets", "source": "store", "option": "anonamoose_layers"},
        "locale": {"value": "default", "source": "default", "option": "anonamoose_locale"},
        "min_score": {"value": 0.8, "source": "store", "option": "anonamoose_min_score"},
        "style": {"value": "typed", "source": "default", "option": "anonamoose_style"},
        "ttl": {"value": 43200, "source": "store", "option": "anonamoose_ttl"},
    }
    assert run("settings", "get", "layers").output == "patterns,secrets (store)\n"
    assert run("settings", "get", "style").output == "typed (default)\n"
    assert json.loads(run("settings", "get", "ttl", "--json").output) == {
        "ttl": {"value": 43200, "source": "store", "option": "anonamoose_ttl"}
    }
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:5]]
        for line in run("settings", "get").output.splitlines()
        if line.startswith("│")
    }
    assert rows["layers"] == ["patterns,secrets", "store", "anonamoose_layers"]
    assert rows["style"] == ["typed", "default", "anonamoose_style"]
    assert rows["ttl"] == ["43200", "store", "anonamoose_ttl"]
    assert run("settings", "unset", "ttl").output == "ttl unset\n"
    assert run("settings", "unset", "ttl").output == "ttl was not set\n"
    assert stored.all_settings() == {"layers": "patterns,secrets", "min_score": 0.8}


def test_settings_get_defaults_are_the_proxy_options_defaults() -> None:
    from addon.options import OPTIONS

    defaults = {name: default for name, _type, default, *_ in OPTIONS}
    shown = json.loads(run("settings", "get", "--json").output)
    assert {entry["source"] for entry in shown.values()} == {"default"}
    assert shown["layers"]["value"] == defaults["anonamoose_layers"]
    assert shown["min_score"]["value"] == float(defaults["anonamoose_min_score"])
    assert shown["ttl"]["value"] == 86400 and defaults["anonamoose_ttl"] == "24h"
    assert "default: the option's default" in run("settings", "get").output


def test_settings_get_shows_options_the_confdirs_config_yaml_sets(tmp_path, monkeypatch) -> None:
    confdir = tmp_path / "certs"
    confdir.mkdir()
    (confdir / "config.yaml").write_text("anonamoose_style: pua\nanonamoose_ttl: 2h\nweb_port: 9090\n")
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(confdir))
    assert run("settings", "get", "style").output == "pua (option)\n"
    assert run("settings", "get", "ttl").output == "7200 (option)\n"
    assert run("settings", "set", "style", "typed").exit_code == 0  # the store overrides the option
    shown = json.loads(run("settings", "get", "--json").output)
    assert shown["style"] == {"value": "typed", "source": "store", "option": "anonamoose_style"}
    assert shown["ttl"]["source"] == "option" and shown["layers"]["source"] == "default"
    assert "option: set in the confdir's config.yaml" in run("settings", "get").output


def test_settings_get_ignores_a_config_yaml_it_cannot_read(tmp_path, monkeypatch) -> None:
    (tmp_path / "config.yaml").write_text("anonamoose_style: [unclosed\n")
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path))
    assert run("settings", "get", "style").output == "typed (default)\n"


def test_settings_get_ignores_a_stored_value_that_no_longer_parses() -> None:
    open_db()  # $ANONAMOOSE_DB from tests/conftest.py
    stored.set_setting("style", "emoji")  # written by an older or foreign writer; the proxy ignores it too
    assert run("settings", "get", "style").output == "typed (default)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("settings", "set", "layers", "regex"), "cannot set layers to 'regex': unknown layer(s) regex"),
        (("settings", "set", "min_score", "2"), "cannot set min_score to '2': expected a number between 0 and 1"),
        (("settings", "set", "style", "emoji"), "choose one of typed, pua"),
        (("settings", "set", "colour", "red"), "unknown setting 'colour'"),
        (("settings", "get", "colour"), "unknown setting 'colour'"),
        (("settings", "unset", "colour"), "unknown setting 'colour'"),
    ],
)
def test_settings_errors_are_sentences(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1 and message in result.output
    assert stored.all_settings() == {}
