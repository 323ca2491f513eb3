"""Restoring placeholders in replies: the mangled forms models produce, counts, escapes, and streaming."""

from __future__ import annotations

import json
import re
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addon import placeholders
from addon.placeholders import (
    LABELS,
    MAX_PLACEHOLDER_LEN,
    PlaceholderFactory,
    Restorer,
    RestoreResult,
    StreamRestorer,
)

EMAIL = "[EMAIL_7K2Q9]"
PERSON = "[PERSON_ABCDE]"
CARD = "[CARD_0123456789ABC]"
CUSTOM = "[ORG_TERM_HJKMN]"  # an unknown entity type's label, underscore included
PUA = "\ue0000123456789abcdef\ue001"
LONGEST_TYPED = "[A_VERY_LONG_ENTI_0123456789ABC]"  # 16-character label, 13-character code
KNOWN = {
    EMAIL: "alice@example.com",
    PERSON: "Jane O'Neil",
    CARD: "4111 1111 1111 1111",
    CUSTOM: 'Project "Moose"',
    PUA: "Bob\\Smith",
    LONGEST_TYPED: "long",
}


class RecordingLookup:
    """A lookup over a dict that records every batch it is asked for."""

    def __init__(self, known: dict[str, str] | None = None):
        self.known = KNOWN if known is None else known
        self.calls: list[list[str]] = []

    def __call__(self, placeholders: list[str]) -> dict[str, str]:
        self.calls.append(list(placeholders))
        return {p: self.known[p] for p in placeholders if p in self.known}


def restore(text: str, escape: object = None) -> RestoreResult:
    return Restorer(RecordingLookup()).restore(text, escape)  # type: ignore[arg-type]


def json_escape(value: str) -> str:
    return json.dumps(value)[1:-1]


@pytest.mark.parametrize(
    ("text", "expected", "restored", "unknown"),
    [
        ("Hello", "Hello", 0, 0),
        ("", "", 0, 0),
        ("Write to [EMAIL_7K2Q9].", "Write to alice@example.com.", 1, 0),
        # Changed case.
        ("to [email_7k2q9]!", "to alice@example.com!", 1, 0),
        ("to [Email_7k2Q9]", "to alice@example.com", 1, 0),
        # Brackets dropped: only known labels, only as a whole word.
        ("to EMAIL_7K2Q9, thanks", "to alice@example.com, thanks", 1, 0),
        # ...and only in upper case: a lower-case bare form is an ordinary identifier.
        ("to email_7k2q9", "to email_7k2q9", 0, 0),
        ("(EMAIL_7K2Q9)", "(alice@example.com)", 1, 0),
        ("XEMAIL_7K2Q9", "XEMAIL_7K2Q9", 0, 0),
        ("EMAIL_7K2Q9X", "EMAIL_7K2Q9X", 0, 0),
        ("EMAIL_7K2Q9_", "EMAIL_7K2Q9_", 0, 0),
        ("_EMAIL_7K2Q9", "_EMAIL_7K2Q9", 0, 0),
        ("ORG_TERM_HJKMN", "ORG_TERM_HJKMN", 0, 0),
        # One bracket lost: the rest still reads as a bare placeholder.
        ("[EMAIL_7K2Q9 and", "[alice@example.com and", 1, 0),
        # Markdown escapes.
        (r"\[EMAIL\_7K2Q9\]", "alice@example.com", 1, 0),
        (r"EMAIL\_7K2Q9", "alice@example.com", 1, 0),
        (r"[EMAIL\_7K2Q9]", "alice@example.com", 1, 0),
        (r"\[ORG\_TERM\_HJKMN\]", 'Project "Moose"', 1, 0),
        # An escaped backslash before a bracket belongs to the text, not to the placeholder.
        (r"C:\\[EMAIL_7K2Q9]", r"C:\\alice@example.com", 1, 0),
        # Typed placeholders of unknown entity types, and the longest code.
        ("[org_term_hjkmn]", 'Project "Moose"', 1, 0),
        ("card CARD_0123456789ABC ok", "card 4111 1111 1111 1111 ok", 1, 0),
        # pua: intact only; JSON-escaped PUA characters count as intact.
        ("x\ue0000123456789ABCDEF\ue001y", "xBob\\Smithy", 1, 0),
        ("x\\ue0000123456789abcdef\\ue001y", "xBob\\Smithy", 1, 0),
        ("x0123456789abcdef\ue001", "x0123456789abcdef\ue001", 0, 0),
        ("\ue0000123456789abcdef", "\ue0000123456789abcdef", 0, 0),
        ("\ue0000123456789abcde\ue001", "\ue0000123456789abcde\ue001", 0, 0),
        # Unknown but well-formed: left exactly as written, counted.
        ("[EMAIL_ZZZZZ] and [nope_abcde]", "[EMAIL_ZZZZZ] and [nope_abcde]", 0, 2),
        ("\ue000ffffffffffffffff\ue001", "\ue000ffffffffffffffff\ue001", 0, 1),
        # Bare and unknown: most likely an ordinary identifier, so not counted.
        ("email_sender PERSON_12345", "email_sender PERSON_12345", 0, 0),
        # Not well-formed: wrong code alphabet or length, no label.
        ("[EMAIL_7K2QI] [EMAIL_7K2Q] [EMAIL_0123456789ABCD] [_7K2Q9]", None, 0, 0),
        ("[ABCDEFGHJKMNPQRST_7K2Q9]", None, 0, 0),
        # Several, repeated, mixed.
        (
            f"{EMAIL} {PERSON} {EMAIL} {PUA} [EMAIL_ZZZZZ] PERSON_ABCDE",
            "alice@example.com Jane O'Neil alice@example.com Bob\\Smith [EMAIL_ZZZZZ] Jane O'Neil",
            5,
            1,
        ),
        ("[EMAIL_7K2Q9][PERSON_ABCDE]", "alice@example.comJane O'Neil", 2, 0),
    ],
)
def test_restore_table(text: str, expected: str | None, restored: int, unknown: int) -> None:
    result = restore(text)
    assert result == RestoreResult(text if expected is None else expected, restored, unknown)


def test_escape_is_applied_to_each_restored_value_only() -> None:
    arguments = '{"to": "[EMAIL_7K2Q9]", "name": "PERSON_ABCDE", "org": "[ORG_TERM_HJKMN]", "x": "[EMAIL_ZZZZZ]"}'
    result = restore(arguments, json_escape)
    assert json.loads(result.text) == {
        "to": "alice@example.com",
        "name": "Jane O'Neil",
        "org": 'Project "Moose"',
        "x": "[EMAIL_ZZZZZ]",
    }
    assert (result.restored, result.unknown) == (3, 1)


def test_placeholder_after_a_json_escape_in_arguments() -> None:
    arguments = '{"body": "Hi,\\nEMAIL_7K2Q9 wrote:\\t\\ue0000123456789abcdef\\ue001"}'
    result = restore(arguments, json_escape)
    assert json.loads(result.text) == {"body": "Hi,\nalice@example.com wrote:\tBob\\Smith"}


def test_one_lookup_per_text_with_canonical_unique_placeholders() -> None:
    lookup = RecordingLookup()
    text = r"[email_7k2q9] EMAIL_7K2Q9 \[EMAIL\_7K2Q9\] [EMAIL_ZZZZZ] x\ue0000123456789ABCDEF\ue001 [Org_Term_hjkmn]"
    Restorer(lookup).restore(text)
    assert lookup.calls == [[EMAIL, "[EMAIL_ZZZZZ]", PUA, CUSTOM]]


def test_no_lookup_without_placeholders() -> None:
    lookup = RecordingLookup()
    assert Restorer(lookup).restore("nothing [to] see_here").restored == 0
    assert lookup.calls == []


def test_values_are_never_rescanned() -> None:
    # A value that itself looks like a placeholder is inserted as is, not restored again.
    result = Restorer(RecordingLookup({EMAIL: PERSON, PERSON: "Jane"})).restore(EMAIL)
    assert result == RestoreResult(PERSON, 1, 0)


@pytest.mark.parametrize("entity_type", sorted(LABELS))
def test_factory_placeholders_of_every_builtin_type_round_trip(entity_type: str) -> None:
    placeholder = next(PlaceholderFactory(b"k" * 32).candidates("s", entity_type, "v"))
    restorer = Restorer(RecordingLookup({placeholder: "VALUE"}))
    bare = placeholder[1:-1]
    text = f"{placeholder} {placeholder.lower()} {bare} {bare.lower()} {bare.replace('_', chr(92) + '_')}"
    assert restorer.restore(text) == RestoreResult(f"VALUE VALUE VALUE {bare.lower()} VALUE", 4, 0)


# ---- streaming ---------------------------------------------------------------------------------------------


def stream(pieces: list[str], lookup: RecordingLookup | None = None, escape: object = None) -> tuple[str, int, int]:
    restorer = StreamRestorer(Restorer(lookup or RecordingLookup()), escape)  # type: ignore[arg-type]
    out = []
    for piece in pieces:
        out.append(restorer.feed(piece))
        assert len(restorer.pending) <= MAX_PLACEHOLDER_LEN
    out.append(restorer.flush())
    assert restorer.pending == ""
    return "".join(out), restorer.restored, restorer.unknown


def test_first_token_goes_out_at_once() -> None:
    restorer = StreamRestorer(Restorer(RecordingLookup()))
    assert restorer.feed("Hello") == "Hello"
    assert restorer.feed(" world, how are you") == " world, how are you"
    assert restorer.flush() == ""


@pytest.mark.parametrize(
    ("pieces", "outputs"),
    [
        # Held while it could still become a placeholder, released restored.
        (["Mail [EMA", "IL_7K2Q9] now"], ["Mail ", "alice@example.com now"]),
        # Held, then released unchanged once it cannot.
        (["Mail [EMA", "IL is"], ["Mail ", "[EMAIL is"]),
        # A bare placeholder at the end might still grow: held until a non-word character arrives.
        (["to EMAIL_7K2Q9", "."], ["to ", "alice@example.com."]),
        (["to EMAIL_7K2Q9", "I"], ["to ", "EMAIL_7K2Q9I"]),
        # A Crockford character could still make a longer code.
        (["to EMAIL_7K2Q9", "X", "."], ["to ", "", "EMAIL_7K2Q9X."]),
        # A label prefix is held only where a word starts, and only in upper case.
        (["Hello PE", "TER"], ["Hello ", "PETER"]),
        (["Hello Pe", "ter"], ["Hello Pe", "ter"]),
        (["Tope", "r"], ["Tope", "r"]),
        # A backslash may start an escape.
        (["a \\", "[EMAIL\\_7K2Q9\\]"], ["a ", "alice@example.com"]),
        (["a \\", "]"], ["a ", "\\]"]),
        # After a JSON `\\n` a word starts: `N` there may begin `NHS_`.
        (["a \\nN", "x"], ["a \\n", "Nx"]),
        (["a \\n", "x"], ["a \\n", "x"]),
        (["a \\r", "EMAIL_7K2Q9."], ["a \\r", "alice@example.com."]),
        (["a \ue000012", "3456789abcdef\ue001."], ["a ", "Bob\\Smith."]),
    ],
)
def test_stream_holds_back_only_what_could_be_a_placeholder(pieces: list[str], outputs: list[str]) -> None:
    restorer = StreamRestorer(Restorer(RecordingLookup()))
    assert [restorer.feed(piece) for piece in pieces] == outputs
    assert restorer.flush() == ""


def test_flush_releases_a_trailing_placeholder_and_partial() -> None:
    restorer = StreamRestorer(Restorer(RecordingLookup()))
    assert restorer.feed("see PERSON_ABCDE") == "see "
    assert restorer.flush() == "Jane O'Neil"
    assert restorer.feed(" [EMAIL_7K2") == " "
    assert restorer.flush() == "[EMAIL_7K2"
    assert (restorer.restored, restorer.unknown) == (1, 0)


LONGEST_PUA = "\ue000" + "f" * 48 + "\ue001"
# Each mangled form and the placeholder it stands for.
MANGLED = {
    EMAIL: EMAIL,
    "[email_7k2q9]": EMAIL,
    "EMAIL_7K2Q9": EMAIL,
    r"\[EMAIL\_7K2Q9\]": EMAIL,
    r"EMAIL\_7K2Q9": EMAIL,
    CUSTOM: CUSTOM,
    r"\[ORG\_TERM\_HJKMN\]": CUSTOM,
    CARD: CARD,
    "CARD_0123456789ABC": CARD,
    PUA: PUA,
    "\\ue0000123456789abcdef\\ue001": PUA,
    "\\uE000" + "f" * 48 + "\\uE001": LONGEST_PUA,
    LONGEST_TYPED: LONGEST_TYPED,
    r"\[A\_VERY\_LONG\_ENTI\_0123456789ABC\]": LONGEST_TYPED,
    # The most text a typed placeholder can take: every label character an escaped underscore (unknown).
    "\\[A" + "\\_" * 16 + "0123456789ABC\\]": "[A" + "_" * 16 + "0123456789ABC]",
}
MANGLED_FORMS = list(MANGLED)


@pytest.mark.parametrize("form", MANGLED_FORMS)
def test_every_prefix_of_a_placeholder_is_held(form: str) -> None:
    for cut in range(1, len(form)):
        restorer = StreamRestorer(Restorer(RecordingLookup()))
        assert restorer.feed("x " + form[:cut]) == "x ", (form, cut)
        assert restorer.pending == form[:cut]


def test_longest_placeholder_fits_the_hold_back() -> None:
    longest = "\\uE000" + "f" * 48 + "\\uE001"
    assert len(longest) == MAX_PLACEHOLDER_LEN
    restorer = StreamRestorer(Restorer(RecordingLookup({LONGEST_PUA: "V"})))
    assert restorer.feed(longest[:-1]) == ""
    assert restorer.feed(longest[-1]) + restorer.flush() == "V"


REPLY = (
    "Dear [person_abcde], your card CARD_0123456789ABC is linked to \\[EMAIL\\_7K2Q9\\] and "
    "[EMAIL_ZZZZZ]; ask \ue0000123456789abcdef\ue001 or EMAIL_7K2Q9. [ORG_TERM_HJKMN]\n"
    'args {"x": "\\ue0000123456789abcdef\\ue001"} PERSON_ABCDE'
)


def test_reply_cut_at_every_boundary() -> None:
    expected = restore(REPLY)
    assert expected.restored == 8 and expected.unknown == 1
    for cut in range(len(REPLY) + 1):
        assert stream([REPLY[:cut], REPLY[cut:]]) == tuple(expected), cut


def test_reply_cut_at_every_pair_of_boundaries() -> None:
    text = REPLY[:120]
    expected = tuple(restore(text))
    for first, second in combinations(range(len(text) + 1), 2):
        assert stream([text[:first], text[first:second], text[second:]]) == expected, (first, second)


def test_reply_one_character_at_a_time() -> None:
    assert stream(list(REPLY)) == tuple(restore(REPLY))


def test_stream_applies_the_escape() -> None:
    arguments = '{"to": "[EMAIL_7K2Q9]", "org": "ORG_TERM_HJKMN [ORG_TERM_HJKMN]"}'
    out, restored, _ = stream(list(arguments), escape=json_escape)
    assert json.loads(out) == {"to": "alice@example.com", "org": 'ORG_TERM_HJKMN Project "Moose"'}
    assert restored == 2


def test_stream_batches_lookups_per_feed() -> None:
    lookup = RecordingLookup()
    restorer = StreamRestorer(Restorer(lookup))
    restorer.feed("a [EMAIL_7K2Q9] b [EMAIL_7K2Q9] c PERSON_ABCDE ")
    restorer.feed("plain text")
    restorer.flush()
    assert lookup.calls == [[EMAIL, PERSON]]


# ---- properties --------------------------------------------------------------------------------------------

_KNOWN_FORMS = st.sampled_from(MANGLED_FORMS)
_UNKNOWN_FORMS = st.sampled_from(
    ["[EMAIL_ZZZZZ]", "[nope_abcde]", "\ue000ffffffffffffffff\ue001", "PERSON_12345", r"\[X\_ABCDE\]"]
)
# Characters that start, continue or break placeholders, so that filler interacts with them.
_FILLER = st.text(alphabet="[]\\_ EMAILPRSONCDorgemail7K2Q9Z0123ue\ue000\ue001x.\n", max_size=8)
_SEGMENTS = st.lists(st.one_of(_KNOWN_FORMS, _UNKNOWN_FORMS, _FILLER), max_size=12)


@settings(max_examples=400, deadline=None)
@given(segments=_SEGMENTS, data=st.data())
def test_stream_equals_whole_restore_for_any_cuts(segments: list[str], data: st.DataObject) -> None:
    text = "".join(segments)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=12)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    assert stream(pieces) == tuple(restore(text))


@settings(max_examples=200, deadline=None)
@given(segments=_SEGMENTS)
def test_stream_one_character_at_a_time_equals_whole_restore(segments: list[str]) -> None:
    text = "".join(segments)
    assert stream(list(text)) == tuple(restore(text))


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.one_of(_KNOWN_FORMS, st.sampled_from(["hello", "a,", "[b]", "x_y"])), max_size=10))
def test_restore_replaces_exactly_the_known_placeholders(words: list[str]) -> None:
    result = restore(" ".join(words))
    assert result.text == " ".join(KNOWN.get(MANGLED.get(word, ""), word) for word in words)
    assert result.restored == sum(MANGLED.get(word) in KNOWN for word in words)
    assert result.unknown == sum(word in MANGLED and MANGLED[word] not in KNOWN for word in words)


# The pattern without its first-character lookahead: what the lookahead must never change.
_EVERY_POSITION = re.compile(f"{placeholders._TYPED}|{placeholders._PUA}|{placeholders._BARE}", placeholders._FLAGS)


def _matches(
    pattern: re.Pattern[str], text: str, start: int = 0
) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text, start)]


@settings(max_examples=600, deadline=None)
@given(segments=_SEGMENTS, data=st.data())
def test_first_character_lookahead_finds_exactly_what_every_position_finds(
    segments: list[str], data: st.DataObject
) -> None:
    text = "".join(segments)
    start = data.draw(st.integers(0, len(text)))
    assert _matches(placeholders.PLACEHOLDER_PATTERN, text, start) == _matches(_EVERY_POSITION, text, start)


@pytest.mark.parametrize("label", sorted(placeholders.KNOWN_LABELS))
def test_first_character_lookahead_admits_every_bare_label(label: str) -> None:
    for text in (f"{label}_ABCDE", f"x {label}\\_ABCDE.", f"\\n{label}_0123456789ABC"):
        assert _matches(placeholders.PLACEHOLDER_PATTERN, text) == _matches(_EVERY_POSITION, text) != []


@given(st.text(alphabet=st.characters(exclude_characters="[\\\ue000_"), max_size=200))
def test_text_without_placeholder_characters_streams_through_unchanged(text: str) -> None:
    restorer = StreamRestorer(Restorer(RecordingLookup()))
    assert restorer.feed(text) + restorer.flush() == text


def test_ndjson_reply_restores_each_line_json_escaped():
    from addon.providers.base import provider_for
    from addon.replies import ReplyRestorer

    values = {"[PERSON_AB3CD]": 'Ann "Lee"\\'}
    body = b'{"text": "Hi [PERSON_AB3CD]"}\n{"text": "bye"}\nnot json [PERSON_AB3CD]\n'
    reply = ReplyRestorer(None, None).restore_response(  # type: ignore[arg-type]
        body,
        None,
        "application/x-ndjson",
        provider_for("/api/generate"),
        lambda wanted: {p: values[p] for p in wanted if p in values},
    )
    assert reply.body is not None and reply.restored == 2
    first, second, third, end = reply.body.decode().split("\n")
    assert json.loads(first) == {"text": 'Hi Ann "Lee"\\'} and json.loads(second) == {"text": "bye"}
    assert third == 'not json Ann \\"Lee\\"\\\\' and end == ""
