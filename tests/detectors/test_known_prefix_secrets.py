"""Known-prefix secrets are redacted whatever their entropy or example markers (recall first: a vendor prefix
is the secret's own label, and a key marked EXAMPLE in a prompt may still be a real one)."""

from __future__ import annotations

import pytest

from detectors.secrets import ApiKeyRecognizer

# Assembled at run time so no scanner mistakes this file for a leak.
MARKED = "EXAMPLE" + "NOTAREAL" + "0000000000" + "EXAMPLEKEY12"


def found(text: str) -> set[tuple[str, float]]:
    return {(text[r.start : r.end], r.score) for r in ApiKeyRecognizer().analyze(text, [])}


@pytest.mark.parametrize(
    "value",
    [
        "ghp_" + MARKED,
        "gho_" + MARKED,
        "ghu_" + MARKED,
        "ghs_" + MARKED,
        "ghr_" + MARKED,
        "github_pat_" + MARKED,
        "xoxa-" + "2-EXAMPLE-NOTAREAL",
        "xoxb-" + "000000000000-EXAMPLE",
        "xoxp-" + "0000-EXAMPLE-NOTAREAL",
        "xoxr-" + "EXAMPLE-NOTAREAL",
        "xoxs-" + "EXAMPLE-NOTAREAL",
        "AKIA" + "EXAMPLEEXAMPLE00",
        "ASIA" + "NOTAREALKEY00000",
        "sk-" + "EXAMPLE" + "notareal" + "0000000000",
        "sk-ant-" + "api03-" + "EXAMPLE" + "x" * 40,
        "sk-proj-" + "EXAMPLE" + "x" * 30,
        "AIza" + "SyEXAMPLE" + "x" * 26,
        "glpat-" + "aaaaaaaaaaaaaaaaaaaa",
        "hf_" + "abcdefghijklmnopqrstuvwxyzabcdefgh",
        "npm_" + "0" * 36,
        "sk_" + "live_" + "EXAMPLE" + "0" * 20,
        "sk_" + "test_" + "EXAMPLE" + "0" * 20,
        "rk_" + "live_" + "EXAMPLE" + "0" * 20,
        "pk_" + "live_" + "EXAMPLE" + "0" * 20,
    ],
)
def test_known_prefix_secret_with_example_markers_is_found_whole(value: str) -> None:
    assert (value, 1.0) in found(f"config: token={value} (from the docs)")


@pytest.mark.parametrize(
    "text",
    [
        "pip install sk-learn-compat and sk-this-is-a-long-kebab-case-slug-name",
        "ghp_" + "short",  # too short to be a token
        "see hf_" + "hub_download_helper_for_models in the docs",
    ],
)
def test_prefix_look_alikes_without_a_token_body_are_not_secrets(text: str) -> None:
    assert found(text) == set()
