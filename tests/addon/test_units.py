"""addon.units: the one parser and formatter each for durations, sizes, "TYPE×n" counts and short scope ids."""

from __future__ import annotations

import pytest

from addon.units import counts_text, duration_seconds, duration_text, parse_duration, parse_size, short_scope


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("30m", 1800), ("24h", 86400), ("7d", 604800), ("1.5h", 5400), (" 2w ", 1209600), ("3H", 10800)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "size"), [("1048576", 1048576), ("512k", 524288), ("8m", 8 << 20), ("1g", 1 << 30), ("8MB", 8 << 20)]
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("parser", "bad"),
    [(parse_duration, "soon"), (parse_duration, "-5m"), (parse_duration, ""), (parse_size, "big"), (parse_size, "-1k")],
)
def test_bad_values(parser, bad: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        parser(bad)


def test_a_period_on_the_command_line_must_say_its_unit() -> None:
    assert duration_seconds("0.5m", unit_required=True) == 30.0
    with pytest.raises(ValueError):
        duration_seconds("90", unit_required=True)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (604800, "7d"),
        (172800, "2d"),
        (86400, "24h"),
        (5400, "90m"),
        (3600, "1h"),
        (59, "59s"),
        (0, "0s"),
        (90061, "90061s"),
    ],
)
def test_duration_text_takes_the_largest_unit_that_divides(seconds: int, text: str) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize("seconds", [1, 60, 5400, 86400, 172800, 604800, 1209600])
def test_duration_text_parses_back(seconds: int) -> None:
    assert parse_duration(duration_text(seconds)) == seconds


def test_counts_are_busiest_first_then_by_name() -> None:
    counts = {"PERSON": 1, "EMAIL_ADDRESS": 2, "API_KEY": 1}
    assert counts_text(counts) == "EMAIL_ADDRESS×2 API_KEY×1 PERSON×1"
    assert counts_text(counts, ", ") == "EMAIL_ADDRESS×2, API_KEY×1, PERSON×1"
    assert counts_text({}) == ""


def test_short_scope() -> None:
    assert short_scope("0123456789abcdef") == "0123456789ab"
    assert short_scope(None) == "-" and short_scope("") == "-"
