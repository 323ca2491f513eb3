"""Universal pattern recognizers: values whose shape is the same in every locale, checked where a checksum exists.

Scores follow the engine's context contract: self-evident values (email, a card that passes Luhn and a known IIN,
an IBAN that passes mod-97, a VIN whose check digit holds) end at 1.0 through ``validate_result``; IP and MAC
addresses start between 0.6 and 0.85; context-only values (dates of birth, medical record and licence numbers)
start at 0.2 and only pass the default minimum score once the engine adds its context boost.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, cast

import ahocorasick
import regex
from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

from detectors import digit_starts, pattern_hints
from detectors.ascii_hints import matches_ascii
from detectors.context import PREFIX_CHARS, SUFFIX_CHARS, prefix_count_for
from detectors.literal_starts import matches_at
from detectors.pattern_hints import may_match
from detectors.patterns import ConstantPatternRecognizer, compiled, drop_contained
from detectors.results import tagged_result
from detectors.table_context import headers_of
from detectors.whole_field import whole_field

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

logger = logging.getLogger(__name__)


# The engine's default minimum score: a pattern scored under it needs a context word to count.
CUE_SCORE_LIMIT = 0.5
# How far past its region a match may run (the longest value a context-only recognizer matches).
MATCH_OVERRUN = 120


@lru_cache(maxsize=256)
def _cue_regex(context: tuple[str, ...]) -> regex.Pattern[str]:
    """Any context word or phrase at a word start (underscores and any spacing count as word breaks)."""
    alternatives = sorted((r"[\W_]+".join(regex.escape(w) for w in c.lower().split()) for c in context), key=len)
    return regex.compile(rf"(?<![^\W_])(?:{'|'.join(reversed(alternatives))})", regex.IGNORECASE)


@dataclass
class _SharedHits:
    """One analysis's word hits: every context word asked for so far, found in one pass over the text."""

    text: str | None = None
    lowered: str = ""
    words: frozenset[str] = frozenset()
    hits: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


# Every context word a recognizer has looked for in this process: a shared pass looks for all of them at once.
_ASKED: frozenset[str] = frozenset()
# Set by the engine around one text's analysis: its context-only recognizers (about 20) share one pass over the text.
_SHARED: ContextVar[_SharedHits | None] = ContextVar("shared_cue_hits", default=None)


@contextmanager
def shared_cue_hits() -> Iterator[None]:
    """Within this block `_cue_hits` lower-cases and scans each text once for every recognizer's context words."""
    token = _SHARED.set(_SharedHits())
    try:
        yield
    finally:
        _SHARED.reset(token)


def _word_hits(lowered: str, words: frozenset[str]) -> dict[str, list[tuple[int, int]]]:
    """Each context word's (start, end) where it starts a word, by its lower case, from one Aho-Corasick pass."""
    hits: dict[str, list[tuple[int, int]]] = {}
    for last, (word, length) in _words_automaton(words).iter(lowered):
        start = last + 1 - length
        if start == 0 or not lowered[start - 1].isalnum():
            hits.setdefault(word, []).append((start, last + 1))
    return hits


@lru_cache(maxsize=64)
def _words_automaton(words: frozenset[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word.lower(), (word.lower(), len(word)))
    if not words:
        automaton.add_word("\x00", ("\x00", 1))  # an automaton needs a word; this one never occurs in text
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class _Context:
    """A recognizer's context words, split once: phrases for the regex, single words for the shared pass."""

    phrases: tuple[str, ...]
    # the phrases' first words that can match ASCII text, lower case; None when one of them is not ASCII (see
    # `_split_context`, `_phrase_hits`)
    firsts: frozenset[str] | None
    # the single words' lower case keys into the shared pass's hits
    keys: frozenset[str]
    # what the shared pass looks for: the single words and the phrases' first words
    words: frozenset[str]


@lru_cache(maxsize=256)
def _split_context(context: tuple[str, ...]) -> _Context:
    phrases = tuple(c for c in context if " " in c.strip())
    words = frozenset(c for c in context if " " not in c.strip())
    firsts = frozenset(c.lower().split()[0] for c in phrases)
    # A first word with a letter no ASCII one matches ("número") starts no match in ASCII text; one whose letters
    # all may ("ſtreet") could start one where the lower case differs: then the regex scans.
    in_ascii = frozenset(first for first in firsts if all(char.isascii() or matches_ascii(char) for char in first))
    ascii_firsts = in_ascii if all(first.isascii() for first in in_ascii) else None
    return _Context(phrases, ascii_firsts, frozenset(word.lower() for word in words), words | (ascii_firsts or set()))


def _phrase_hits(text: str, context: _Context, found: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """What `_cue_regex(phrases).finditer(text)` finds, tried only where a phrase's first word starts a word (`found`,
    the shared pass's hits) in an ASCII text: the regex alone is tried at every position of the text. A non-ASCII
    text, or a first word that could match it case-insensitively where the lower case differs, is scanned by the
    regex."""
    pattern = _cue_regex(context.phrases)
    if context.firsts is None or not text.isascii():
        return [hit.span() for hit in pattern.finditer(text)]
    # every phrase has a separator ([\W_]+) after its first word: in ASCII text, anything but a letter or digit
    limit = len(text)
    starts = sorted(
        {
            start
            for first in context.firsts
            for start, end in found.get(first, ())
            if end < limit and not text[end].isalnum()
        }
    )
    hits: list[tuple[int, int]] = []
    position = 0
    for start in starts:
        if start < position:
            continue  # inside the last match, as finditer resumes at its end
        match = pattern.match(text, start)
        if match is not None:
            hits.append(match.span())
            position = match.end()
    return hits


def _cue_hits(text: str, context: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each context word starting a word: one Aho-Corasick pass over the lower-cased text (shared by
    the recognizers of one analysis, see `shared_cue_hits`)."""
    shared = _SHARED.get()
    lowered = shared.lowered if shared is not None and shared.text is text else text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: offsets would shift
        return [hit.span() for hit in _cue_regex(context).finditer(text)]
    split = _split_context(context)
    words = split.words
    if shared is None:
        found = _word_hits(lowered, words)
    else:
        if shared.text is not text or not words <= shared.words:
            # a new text, or words not looked for yet: one pass for every word any recognizer has asked for
            global _ASKED
            asked = _ASKED | words
            _ASKED = asked
            shared.text, shared.lowered, shared.words = text, lowered, asked
            shared.hits = _word_hits(lowered, asked)
        found = shared.hits
    # Phrases may be spelt with any separators ("D . O . B", "card_number"): a regex finds those.
    hits = _phrase_hits(text, split, found) if split.phrases else []
    for key in split.keys:
        hits.extend(found.get(key, ()))
    return hits


def cue_regions(text: str, context: list[str], words_before: int, longest_match: int = 0) -> list[tuple[int, int]]:
    """Where a context-only match may start and still have its context word in reach: after each context word as
    far as the context enhancer looks back, a little before it (`longest_match` more for a match whose end, not
    start, must be within the enhancer's look-ahead), and the rows of a table whose header names it."""
    reach_after = max(PREFIX_CHARS, words_before * PREFIX_CHARS // 6)
    windows: list[tuple[int, int]] = []
    tables = None
    for start, end in _cue_hits(text, tuple(context)):
        windows.append((max(0, start - SUFFIX_CHARS - longest_match), min(len(text), end + reach_after)))
        tables = tables or headers_of(text)
        rows = tables.rows_under(start)
        if rows is not None:
            windows.append(rows)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class UniversalPatternRecognizer(ConstantPatternRecognizer):
    """Base for this module's recognizers: class-constant patterns and context, and a linear-time ``analyze``.

    ``analyze`` scores exactly like Presidio's ``PatternRecognizer`` (validate True -> 1.0, False -> dropped;
    invalidate True -> dropped) but de-duplicates in O(n log n): Presidio's own pass is quadratic in the number
    of matches, which costs seconds on a 64 KB text full of numbers.
    """

    # Presidio's default flags: case-insensitive unless a pattern opts out with (?-i:...).
    REGEX_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
    # True for recognizers whose low-scored patterns (below CUE_SCORE_LIMIT) only pass with a context word, their
    # validate_result never raising a match to full score: those patterns are looked for only around the words.
    CONTEXT_ONLY: ClassVar[bool] = False
    # With CONTEXT_ONLY: the longest match to allow for ahead of a context word that follows it (0: the old regions).
    LONGEST_MATCH: ClassVar[int] = 0
    # Whether a match filling the whole text counts as cued (see whole_field); False where the cue alone gives the
    # type (any "ID number", any card-length run), which a bare field cannot say.
    FIELD_IS_CUE: ClassVar[bool] = True

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        if entities and entity not in entities:
            return []
        flags: int = regex_flags or self.global_regex_flags or 0
        results: list[RecognizerResult] = []
        whole = [(0, len(text))]
        cued = (
            cue_regions(text, self.context, prefix_count_for(self, 6), self.LONGEST_MATCH)
            if self.CONTEXT_ONLY and (not self.FIELD_IS_CUE or whole_field(text) is None)  # a field is its own cue
            else whole
        )
        for pattern in self.patterns:
            if not may_match(pattern, text):
                continue  # its hint is absent: it cannot match here
            pattern_regex = compiled(pattern, flags)
            try:
                for region_start, region_end in cued if pattern.score < CUE_SCORE_LIMIT else whole:
                    results.extend(self._scan(text, pattern, pattern_regex, flags, region_start, region_end))
            except TimeoutError:
                logger.warning("pattern %s of %s timed out; skipped", pattern.name, self.name)
        # Same spans keep the best score: the higher-scored one comes first and covers the rest.
        return drop_contained(sorted(results, key=lambda r: (r.start, -r.end, -r.score)))

    def _scan(
        self, text: str, pattern: Pattern, pattern_regex: regex.Pattern[str], flags: int, first: int, last: int
    ) -> list[RecognizerResult]:
        """Results for matches starting in text[first:last]; a match may run on past `last`."""
        results = []
        endpos = len(text) if last >= len(text) else min(len(text), last + MATCH_OVERRUN)
        if first == 0 and endpos == len(text) and pattern_hints.has_start_rule(pattern):
            matches = pattern_hints.matches(pattern, pattern_regex, text, flags)  # tried only where one can start
        elif digit_starts.is_digit_led(pattern.regex):
            starts = digit_starts.between(digit_starts.word_start_digits(text), first, last)
            matches = iter(matches_at(pattern_regex, text, starts, endpos, REGEX_TIMEOUT_SECONDS))  # only at a digit
        else:
            matches = pattern_regex.finditer(text, first, endpos, timeout=REGEX_TIMEOUT_SECONDS)
        for match in matches:
            start, end = match.span()
            if start >= last:
                break
            if start == end:
                continue
            result = self._score_match(text, start, end, pattern, flags)
            if result is not None:
                results.append(result)
        return results

    def _score_match(self, text: str, start: int, end: int, pattern: Pattern, flags: int) -> RecognizerResult | None:
        value = text[start:end]
        validation = self.validate_result(value)
        # Presidio records None ("not validated") here although its signature says bool.
        explanation = self.build_regex_explanation(
            self.name, pattern.name, pattern.regex, pattern.score, cast(bool, validation), flags
        )
        score = pattern.score
        if validation is not None:
            score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
        if self.invalidate_result(value) or not self.accepts_surroundings(text, start, end):
            score = EntityRecognizer.MIN_SCORE
        explanation.score = score
        if score <= EntityRecognizer.MIN_SCORE:
            return None
        return tagged_result(self, self.supported_entities[0], start, end, score, explanation)

    def accepts_surroundings(self, text: str, start: int, end: int) -> bool:
        """Whether the text around a match allows it; a hook for what a regex alone cannot see cheaply."""
        return True


def _all_same(chars: str) -> bool:
    return len(set(chars)) <= 1


# ---------------------------------------------------------------------------------------------------------- email

_EMAIL_LOCAL_CHARS = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
# Retina image names ("icon@2x.png") have an email's shape; these suffixes are never real TLDs.
_FILE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tiff", "avif"})
# How far back a URL's "scheme://user:" is looked for, and what ends the token it sits in.
_USERINFO_CHARS = 160
_TOKEN_BREAK = regex.compile(r"[\s\"'<>()\[\]]")


class EmailRecognizer(UniversalPatternRecognizer):
    """Email addresses: plus-addressing, dotted local parts, subdomains; a sentence's full stop stays outside.

    Reference: https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1 (local part, domain and path lengths) and
    https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4 (63-character labels)
    """

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = (
        Pattern(
            "email",
            # Start only where a local part can start, and never give characters back: linear on "a.a.a...".
            # A local part never starts with "/": "scheme://user@host" is a URL's user, not an address.
            rf"(?<![A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~@-])(?!/){_EMAIL_LOCAL_CHARS}++(?:\.{_EMAIL_LOCAL_CHARS}++)*+"
            # Domain labels are taken possessively too; the lookbehind then asks for an alphabetic TLD.
            r"@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++(?<=\.[A-Za-z]{2,63})",
            0.5,
        ),
    )
    CONTEXT = ("email", "e-mail", "mail", "contact")

    def validate_result(self, pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        labels_ok = all(
            0 < len(label) <= 63 and not label.startswith("-") and not label.endswith("-")
            for label in domain.split(".")
        )
        return labels_ok and len(local) <= 64 and len(pattern_text) <= 254

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text.rsplit(".", 1)[-1].lower() in _FILE_SUFFIXES

    def accepts_surroundings(self, text: str, start: int, end: int) -> bool:
        # In "scheme://user:secret@host" the part after the colon is a URL's password and host, not an address.
        if start == 0 or text[start - 1] != ":":
            return True
        token = _TOKEN_BREAK.split(text[max(0, start - _USERINFO_CHARS) : start])[-1]
        return "://" not in token


# ---------------------------------------------------------------------------------------------------- credit card

# (lowest prefix, highest prefix, allowed lengths): a number must fall in one row to count as a card.
_CARD_NETWORKS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("4", "4", (13, 16, 19)),  # Visa
    ("51", "55", (16,)),  # Mastercard
    ("2221", "2720", (16,)),  # Mastercard 2-series
    ("34", "34", (15,)),  # American Express
    ("37", "37", (15,)),  # American Express
    ("6011", "6011", (16, 17, 18, 19)),  # Discover
    ("644", "649", (16, 17, 18, 19)),  # Discover
    ("65", "65", (16, 17, 18, 19)),  # Discover
    ("3528", "3589", (16, 17, 18, 19)),  # JCB
    ("300", "305", (14, 15, 16, 17, 18, 19)),  # Diners Club
    ("3095", "3095", (14, 15, 16, 17, 18, 19)),  # Diners Club
    ("36", "36", (14, 15, 16, 17, 18, 19)),  # Diners Club
    ("38", "39", (14, 15, 16, 17, 18, 19)),  # Diners Club
    ("1800", "1800", (15,)),  # JCB (15 digits)
    ("2131", "2131", (15,)),  # JCB (15 digits)
    ("62", "62", (16, 17, 18, 19)),  # UnionPay (and Discover's co-branded 622126-622925)
    ("81", "81", (16, 17, 18, 19)),  # UnionPay 81xx, RuPay
    ("50", "50", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro, Dankort, Verve
    ("56", "58", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
    ("6304", "6304", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro, Laser
    ("67", "67", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
    ("2200", "2204", (16, 17, 18, 19)),  # Mir
    ("60", "60", (16,)),  # RuPay
    ("82", "82", (16,)),  # RuPay
    ("353", "353", (16,)),  # RuPay co-branded
    ("356", "356", (16,)),  # RuPay co-branded
    ("9792", "9792", (16,)),  # Troy
    ("1", "1", (15,)),  # UATP (AirPlus)
)


def known_card_network(digits: str) -> bool:
    """Whether a digit string has the prefix and length of a card network we know."""
    return any(low <= digits[: len(low)] <= high and len(digits) in lengths for low, high, lengths in _CARD_NETWORKS)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


# A card is not a piece of a longer number or word; cards listed one after another are each a card.
_CARD_BEFORE = r"(?<![\w.-])"
_CARD_AFTER = r"(?![\w-])(?!\.[0-9])"
MIN_CARD_DIGITS = 12
MAX_CARD_DIGITS = 19
CARD_PATTERNS = (
    Pattern("card (plain)", rf"{_CARD_BEFORE}[0-9]{{{MIN_CARD_DIGITS},{MAX_CARD_DIGITS}}}{_CARD_AFTER}", 0.5),
    # 4-4-4-4, 4-4-4-4-3, 4-4-4-1, 4-6-5 (Amex), 4-6-4 (Diners): one separator used throughout.
    Pattern(
        "card (groups)",
        rf"{_CARD_BEFORE}[0-9]{{4}}(?P<sep>  |[ .-])[0-9]{{3,6}}(?:(?P=sep)[0-9]{{3,5}}){{0,3}}(?:(?P=sep)[0-9]{{1,5}})"
        rf"(?!(?P=sep)[0-9]){_CARD_AFTER}",
        0.5,
    ),
)
CARD_CONTEXT = (
    "credit", "debit", "card", "visa", "mastercard", "amex", "discover", "jcb", "diners", "maestro", "unionpay",
    "cc", "rupay", "mir", "payment", "primary account number",
)  # fmt: skip


def card_digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


class CreditCardRecognizer(UniversalPatternRecognizer):
    """Payment card numbers: 12-19 digits, plain or in groups, passing Luhn with a known network prefix.

    Reference: ISO/IEC 7812-1 (issuer ranges and the Luhn check digit); https://en.wikipedia.org/wiki/Luhn_algorithm
    """

    ENTITY = "CREDIT_CARD"
    PATTERNS = CARD_PATTERNS
    CONTEXT = CARD_CONTEXT

    def validate_result(self, pattern_text: str) -> bool:
        digits = card_digits(pattern_text)
        return MIN_CARD_DIGITS <= len(digits) <= MAX_CARD_DIGITS and known_card_network(digits) and luhn_valid(digits)

    def invalidate_result(self, pattern_text: str) -> bool:
        return _all_same(card_digits(pattern_text))


class CardNumberNearCueRecognizer(UniversalPatternRecognizer):
    """Any 12-19 digit run next to a card cue ("card number", "cc", a card column), even when Luhn fails.

    Recall first: a mistyped or test card next to the word "card" is still someone's card to the reader.

    Reference: ISO/IEC 7812-1 (card numbers are 8-19 digits; payment cards 12-19):
    https://en.wikipedia.org/wiki/Payment_card_number
    """

    ENTITY = "CREDIT_CARD"
    CONTEXT_ONLY = True
    FIELD_IS_CUE = False
    PATTERNS = tuple(Pattern(f"{p.name} near a card cue", p.regex, 0.2) for p in CARD_PATTERNS)
    CONTEXT = CARD_CONTEXT
    CONTEXT_PREFIX_COUNT = 4

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if MIN_CARD_DIGITS <= len(card_digits(pattern_text)) <= MAX_CARD_DIGITS else False

    def invalidate_result(self, pattern_text: str) -> bool:
        return _all_same(card_digits(pattern_text))


# ----------------------------------------------------------------------------------------------------------- IBAN

# Total IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
    "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def _iban_regex() -> str:
    """One alternative per IBAN length, so a match stops at its country's length even when a word follows."""
    by_length: dict[int, list[str]] = {}
    for country, length in IBAN_LENGTHS.items():
        by_length.setdefault(length, []).append(country)
    alternatives = []
    for length, countries in sorted(by_length.items()):
        body = length - 4
        full_groups, rest = divmod(body, 4)
        # Groups of four after spaces, or after dashes ("AL47-2121-1009-..."), one separator throughout.
        spaced = f"(?P<sep{length}>[ -])[A-Z0-9]{{4}}(?:(?P=sep{length})[A-Z0-9]{{4}}){{{full_groups - 1}}}" + (
            f"(?P=sep{length})[A-Z0-9]{{{rest}}}" if rest else ""
        )
        alternatives.append(f"(?:{'|'.join(sorted(countries))})[0-9]{{2}}(?:[A-Z0-9]{{{body}}}|{spaced})")
    # Upper case only, whatever flags the caller passes: lower-case runs are identifiers, not IBANs.
    return rf"(?-i:(?<![A-Za-z0-9])(?:{'|'.join(alternatives)})(?![A-Za-z0-9]))"


def iban_checksum_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").replace("-", "").upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


class IbanRecognizer(UniversalPatternRecognizer):
    """IBANs: country code, two check digits and the country's BBAN length, plain or in groups of four.

    Reference: ISO 13616-1 (check digits: ISO/IEC 7064 MOD 97-10) and the SWIFT IBAN registry:
    https://www.swift.com/standards/data-standards/iban-international-bank-account-number
    """

    ENTITY = "IBAN_CODE"
    PATTERNS = (Pattern("iban", _iban_regex(), 0.5),)
    CONTEXT = ("iban", "bank", "account", "transfer", "payment")

    def validate_result(self, pattern_text: str) -> bool:
        return iban_checksum_valid(pattern_text)


# ----------------------------------------------------------------------------------------------------------- IP

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"  # no leading zeros: "010" is octal to some parsers
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_VERSION_WORDS = frozenset({"version", "versions", "ver", "release", "v"})
_WORD = regex.compile(r"[A-Za-z]+")
# The parts of a camelCase or PascalCase identifier: "AssemblyFileVersion" -> Assembly, File, Version.
_CAMEL_PART = regex.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


def _names_a_version(word: str) -> bool:
    """The word "version", or an identifier built on it (AssemblyVersion, FILEVERSION); not "conversion"."""
    if word.isupper() and word.endswith(("VERSION", "VERSIONS")):
        return True
    return any(part.lower() in _VERSION_WORDS for part in _CAMEL_PART.findall(word))


def _follows_version_marker(text: str, start: int) -> bool:
    """Whether what precedes a dotted quad marks it as a version: "==", "@", "numpy-" or "version" a few words back."""
    before = text[max(0, start - 40) : start]
    if before.endswith(("==", "@", ">=", "<=", "~=", "^", "~")):
        return True
    if len(before) >= 2 and before[-1] == "-" and before[-2].isalpha():
        return True
    return any(_names_a_version(word) for word in _WORD.findall(before)[-4:])


def _ipv6_is_address(candidate: str) -> bool:
    """Whether a colon-hex run is a real IPv6 address rather than C++ scope, a slice or a hash fragment."""
    try:
        address = ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    if address.is_unspecified or address.is_loopback:
        return False
    groups = [group for group in candidate.split(":") if group]
    hex_digits = sum(len(group) for group in groups)
    # "a::b", "std::x" and "x[1::2]" parse, but real addresses carry digits and more than two hex characters.
    return len(groups) >= 2 and hex_digits >= 4 and any(c.isdigit() for c in candidate)


class IpRecognizer(UniversalPatternRecognizer):
    """IPv4 (no leading zeros) and IPv6 (full, compressed, embedded IPv4); not version strings or timestamps."""

    ENTITY = "IP_ADDRESS"
    PATTERNS = (
        Pattern("ipv4", rf"(?<![\w.])(?<![0-9A-Fa-f]:){_IPV4}(?![\w]|\.\w|[-+][A-Za-z])", 0.6),
        Pattern(
            "ipv6",
            rf"(?<![\w:.])(?:[0-9A-Fa-f]{{0,4}}:){{2,8}}(?:{_IPV4}|[0-9A-Fa-f]{{1,4}})?(?![\w:]|\.\w)",
            0.7,
        ),
    )
    CONTEXT = ("ip", "ipv4", "ipv6", "address", "host", "server")

    def invalidate_result(self, pattern_text: str) -> bool:
        if ":" in pattern_text:
            return not _ipv6_is_address(pattern_text)
        address = ipaddress.IPv4Address(pattern_text)
        # 0.0.0.0, 127.x and netmasks (255.255.255.0) are configuration, not anyone's address.
        return address.is_unspecified or address.is_loopback or _is_netmask(address)

    def accepts_surroundings(self, text: str, start: int, end: int) -> bool:
        return ":" in text[start:end] or not _follows_version_marker(text, start)


def _is_netmask(address: ipaddress.IPv4Address) -> bool:
    bits = int(address)
    inverted = ~bits & 0xFFFFFFFF
    return bits >> 24 == 0xFF and inverted & (inverted + 1) == 0


# ---------------------------------------------------------------------------------------------------------- URL


class UrlRecognizer(UniversalPatternRecognizer):
    """http(s) and ftp URLs and bare www. hosts; trailing sentence punctuation stays outside the match."""

    ENTITY = "URL"
    PATTERNS = (
        Pattern(
            "url",
            r"(?<![\w@.-])(?:(?:https?|ftp)://|www\.(?=[A-Za-z0-9-]+\.[A-Za-z]))"
            r"[^\s<>\"'`{}|\\^]*[^\s<>\"'`{}|\\^.,;:!?)\]]",
            0.6,
        ),
    )
    CONTEXT = ("url", "link", "website", "site", "homepage")


# Generic top-level domains people register their own names under; any two-letter country code counts too.
_GENERIC_TLDS = "com|org|net|info|biz|name|me|io|dev|app|blog|site|online|xyz|tech|page|email|family|life|art"

# Two-letter file suffixes that are not meant as country domains: "see main.py", "README.md".
_FILE_SUFFIXES_2 = "(?:py|md|js|ts|rb|cs|db|gz|sh|kt|hs)\\b"


class BareDomainRecognizer(UniversalPatternRecognizer):
    """Host names without a scheme ("janedoe.com", "google.co.il") named as domains or websites nearby: a person's
    own domain identifies them as a URL does; elsewhere a bare name.tld is as often a file or a product."""

    ENTITY = "URL"
    CONTEXT_ONLY = True
    PATTERNS = (
        Pattern(
            "domain name near its cue",
            rf"(?-i:(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+"
            rf"(?:{_GENERIC_TLDS}|(?!{_FILE_SUFFIXES_2})[a-z]{{2}})(?![\w/@-]|\.\w))",
            0.3,
        ),
    )
    CONTEXT = ("domain", "domains", "website", "websites", "homepage", "web address", "my site")


# ---------------------------------------------------------------------------------------------------------- MAC

_HEX_PAIR = "[0-9A-Fa-f]{2}"
_HEX_QUAD = "[0-9A-Fa-f]{4}"


class MacAddressRecognizer(UniversalPatternRecognizer):
    """MAC addresses: six hex pairs joined by ':' or '-', or Cisco's three dotted quads; not all-zero or broadcast."""

    ENTITY = "MAC_ADDRESS"
    PATTERNS = (
        Pattern(
            "mac (pairs)",
            rf"(?<![\w:-]){_HEX_PAIR}(?P<sep>[:-]){_HEX_PAIR}(?:(?P=sep){_HEX_PAIR}){{4}}(?![\w:]|-\w)",
            0.8,
        ),
        Pattern("mac (cisco)", rf"(?<![\w.]){_HEX_QUAD}\.{_HEX_QUAD}\.{_HEX_QUAD}(?!\w|\.\w)", 0.6),
        # Twelve hex digits run together (a "mac" column): context only, and letters and digits both, since
        # twelve digits alone are a phone or an order number.
        Pattern(
            "mac (bare)",
            r"(?<![\w:.-])(?=[0-9]{0,11}[A-Fa-f])(?=[A-Fa-f]{0,11}[0-9])[0-9A-Fa-f]{12}(?![\w:-]|\.\w)",
            0.2,
        ),
    )
    CONTEXT = ("mac", "hardware", "physical", "ethernet", "wifi", "bssid")

    def invalidate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text.upper() if c not in ":-.")
        return digits in ("000000000000", "FFFFFFFFFFFF")


# ---------------------------------------------------------------------------------------------------------- VIN

_VIN_VALUES: dict[str, int] = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_valid(vin: str) -> bool:
    """ISO 3779 / FMVSS 115 check digit: position 9 is the weighted sum mod 11 ('X' for 10)."""
    if len(vin) != 17 or any(c not in _VIN_VALUES for c in vin):
        return False
    remainder = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True)) % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


class VinRecognizer(UniversalPatternRecognizer):
    """Vehicle identification numbers: 17 upper-case characters without I, O or Q and a valid check digit.

    Reference: ISO 3779 and 49 CFR 565.15 (the ninth-character check digit):
    https://www.ecfr.gov/current/title-49/subtitle-B/chapter-V/part-565
    """

    ENTITY = "VIN"
    PATTERNS = (Pattern("vin", r"(?-i:(?<![A-Za-z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9]))", 0.5),)
    CONTEXT = ("vin", "vehicle", "chassis", "car")

    def validate_result(self, pattern_text: str) -> bool:
        has_digit = any(c.isdigit() for c in pattern_text)
        has_letter = any(c.isalpha() for c in pattern_text)
        return has_digit and has_letter and vin_check_digit_valid(pattern_text)


# -------------------------------------------------------------------------------------------------- date of birth

_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:19|20)[0-9]{2}"
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DATE_BEFORE = r"(?<![\w/.:-])"
_DATE_AFTER = r"(?![\w/:-]|\.[0-9])"
_DATE_PARTS = regex.compile(r"[0-9]+|[A-Za-z]+")


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    short = int(year)
    return 2000 + short if short <= datetime.date.today().year % 100 else 1900 + short


def plausible_birth_date(text: str) -> bool:
    """Whether a matched date is a real calendar date, not in the future, read as d/m/y, m/d/y or y-m-d."""
    parts = _DATE_PARTS.findall(text)
    words = [p for p in parts if p.isalpha() and p.lower()[:3] in _MONTH_NUMBERS]
    numbers = [p for p in parts if p.isdigit()]
    if len(numbers) == 1 and len(numbers[0]) == 8:
        # YYYYMMDD, as HL7 writes it
        numbers = [numbers[0][:4], numbers[0][4:6], numbers[0][6:]]
    if words:
        day, year = numbers[0], numbers[-1]
        candidates = [(_full_year(year), _MONTH_NUMBERS[words[0].lower()[:3]], int(day))]
    elif len(numbers[0]) == 4:
        candidates = [(int(numbers[0]), int(numbers[1]), int(numbers[2]))]
    else:
        first, second, year = int(numbers[0]), int(numbers[1]), _full_year(numbers[2])
        candidates = [(year, second, first), (year, first, second)]
    today = datetime.date.today()
    return any(_real_date(y, m, d) and datetime.date(y, m, d) <= today for y, m, d in candidates)


class DateOfBirthRecognizer(UniversalPatternRecognizer):
    """Dates that are dates of birth only when context says so: base 0.2, the engine's context lifts it.

    Reference: 45 CFR 164.514(b)(2)(i)(C), dates directly related to an individual:
    https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-E/section-164.514
    """

    ENTITY = "DATE_OF_BIRTH"
    # Its 0.2 patterns are looked for only near a context word, from as far ahead of it as a match could reach.
    CONTEXT_ONLY = True
    FIELD_IS_CUE = False
    LONGEST_MATCH = MATCH_OVERRUN
    PATTERNS = (
        Pattern(
            "date (d/m/y or m/d/y)",
            rf"{_DATE_BEFORE}{_DAY}(?P<sep>[/.-]){_DAY}(?P=sep)(?:{_YEAR4}|[0-9]{{2}}){_DATE_AFTER}",
            0.2,
        ),
        Pattern("date (y-m-d)", rf"{_DATE_BEFORE}{_YEAR4}(?P<sep>[/.-]){_MONTH}(?P=sep){_DAY}{_DATE_AFTER}", 0.2),
        Pattern(
            "date (d month y)",
            rf"(?<!\w){_DAY}{_ORDINAL}[ \t]+(?:of[ \t]+)?{_MONTH_NAME},?[ \t]+{_YEAR4}(?!\w)",
            0.2,
        ),
        Pattern("date (month d, y)", rf"(?<!\w){_MONTH_NAME}[ \t]+{_DAY}{_ORDINAL},?[ \t]+{_YEAR4}(?!\w)", 0.2),
        # Clinical systems print 21-Feb-1979, 21/Feb/79, 21.Feb.1979.
        Pattern(
            "date (d-mon-y)",
            rf"{_DATE_BEFORE}{_DAY}(?P<sep>[/.-]){_MONTH_NAME}(?P=sep)(?:{_YEAR4}|[0-9]{{2}}){_DATE_AFTER}",
            0.2,
        ),
        # HL7 v2: PID-7 is the patient's birth date, YYYYMMDD (a time may follow).
        Pattern(
            "date (HL7 PID-7)",
            rf"(?<=(?<![\w|])PID(?:\|[^|\r\n]{{0,80}}){{6}}\|){_YEAR4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
            r"(?=[0-9]{0,6}(?:[|^\r\n]|$))",
            0.85,
        ),
        # Airline SSR DOCS: .../P/<issuer>/<passport>/<nationality>/<DDMMMYY birth date>/<gender>/...
        Pattern(
            "date (SSR DOCS)",
            r"(?<=(?-i:DOCS)[^/\r\n]{0,20}/[A-Z]{1,2}/[A-Z]{3}/[A-Z0-9]{5,20}/[A-Z]{3}/)"
            r"(?-i:[0-3][0-9][A-Z]{3}[0-9]{2})(?=/[MFUX]I?/)",
            0.85,
        ),
    )
    # "D . O . B" in an OCR'd form reads as the words "d o b".
    CONTEXT = ("dob", "d.o.b", "d o b", "birth", "born", "birthday", "birthdate", "date of birth")

    def validate_result(self, pattern_text: str) -> bool | None:
        # None keeps the base score: a real date is only a birth date once context says so.
        return None if plausible_birth_date(pattern_text) else False


# ----------------------------------------------------------------------------------- medical record / licence numbers

# An identifier token with at least one digit, not a piece of a path, file name, version or UUID.
_ID_BEFORE = r"(?<![\w./-])"
_ID_AFTER = r"(?![\w/-]|\.\w)"
# A dose or reading in a clinical note ("500mg", "120mmHg") sits near "patient" but is nobody's record number.
_MEASUREMENT = regex.compile(r"[0-9]+(?i:mcg|mg|ug|ml|kg|mmol|units?|iu|bpm|mmhg|cm|mm|hrs?|mins?)")
_LOOKS_LIKE_DATE = regex.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{2,4}")


class MedicalRecordNumberRecognizer(UniversalPatternRecognizer):
    """Medical record numbers (MRN, patient id, hospital or UR number): 5-12 alphanumerics with a digit, in context."""

    ENTITY = "MEDICAL_RECORD_NUMBER"
    # Its 0.2 patterns are looked for only near a context word, from as far ahead of it as a match could reach.
    CONTEXT_ONLY = True
    FIELD_IS_CUE = False
    LONGEST_MATCH = MATCH_OVERRUN
    PATTERNS = (
        Pattern("mrn", rf"{_ID_BEFORE}(?=[A-Za-z]{{0,11}}[0-9])[A-Za-z0-9]{{5,12}}{_ID_AFTER}", 0.2),
        # The label written into the value ("MRN-2207841", "UR:004512") names it wherever it stands.
        Pattern("mrn (labelled)", rf"{_ID_BEFORE}(?-i:MRN|UMRN|URN|UR)[-:#]?[0-9][A-Za-z0-9]{{3,11}}{_ID_AFTER}", 0.85),
        # A facility prefix joined by a hyphen: HN-0082714.
        Pattern("mrn (letter prefix)", rf"{_ID_BEFORE}[A-Za-z]{{1,4}}-[0-9]{{5,10}}{_ID_AFTER}", 0.2),
        # HL7 v2: PID-2 and PID-3 hold the patient's identifiers, components split by '^', repeats by '~'.
        Pattern(
            "mrn (HL7 PID segment)",
            r"(?<=(?<![\w|])PID\|[^|\r\n]{0,10}\|(?:[^|\r\n]{0,60}\|)?(?:[^|\r\n]{0,60}~)?)"
            r"[A-Za-z0-9-]{4,20}(?=[\^|~\r\n]|$)",
            0.85,
        ),
    )
    CONTEXT = ("mrn", "medical", "patient", "hospital", "ur", "urn", "umrn")
    # Clinical notes name the record and give the number later in the sentence ("MRN on the label ... is N").
    CONTEXT_PREFIX_COUNT = 10

    def invalidate_result(self, pattern_text: str) -> bool:
        return _all_same(pattern_text) or _MEASUREMENT.fullmatch(pattern_text) is not None


class LicenceNumberRecognizer(UniversalPatternRecognizer):
    """Licence, certificate and registration numbers (driver licences, AHPRA's MED0001234567), in context.

    Reference: https://ntsi.com/drivers-license-format/ (US driver licence formats, as Presidio's UsLicenseRecognizer
    cites)
    """

    ENTITY = "LICENCE_NUMBER"
    # Its 0.2 patterns are looked for only near a context word, from as far ahead of it as a match could reach.
    CONTEXT_ONLY = True
    FIELD_IS_CUE = False
    LONGEST_MATCH = MATCH_OVERRUN
    PATTERNS = (
        Pattern("licence", rf"{_ID_BEFORE}(?=[A-Za-z]{{0,14}}[0-9])[A-Za-z0-9]{{5,15}}{_ID_AFTER}", 0.2),
        # US states print theirs in hyphenated groups: S530-460-75-123-0 (FL), S-530-460-751-234 (MD).
        Pattern(
            "licence (hyphenated groups)",
            rf"{_ID_BEFORE}(?:[A-Za-z]{{1,2}}-?)?[0-9]{{1,4}}(?:-[0-9]{{1,4}}){{2,5}}{_ID_AFTER}",
            0.2,
        ),
        # Australian cards print theirs in spaced groups: 042 918 337.
        Pattern("licence (spaced groups)", rf"{_ID_BEFORE}[0-9]{{2,4}}(?: [0-9]{{2,4}}){{1,3}}{_ID_AFTER}", 0.2),
    )
    # "DL" is how US forms and staff write driver licence.
    CONTEXT = ("licence", "license", "cert", "certificate", "registration", "rego", "permit", "ahpra", "dl")
    # A chat reply gives the number a line after the question, behind a timestamp and the speaker's name.
    CONTEXT_PREFIX_COUNT = 10

    def validate_result(self, pattern_text: str) -> bool | None:
        if " " in pattern_text:
            # Spaced groups: a licence has 7-12 digits; fewer is a count or a measure, more a phone or card.
            return None if 7 <= sum(c.isdigit() for c in pattern_text) <= 12 else False
        if "-" not in pattern_text:
            return None
        digits = "".join(c for c in pattern_text if c.isdigit())
        # Fewer digits is a section or version number; a date is the licence's expiry, not the licence.
        return None if 7 <= len(digits) <= 15 and not _LOOKS_LIKE_DATE.fullmatch(pattern_text) else False

    def invalidate_result(self, pattern_text: str) -> bool:
        return _all_same(pattern_text.replace("-", "").replace(" ", ""))


# What each costly pattern cannot match without (see pattern_hints): an address its "@", an HL7 segment its "PID|",
# a labelled record number its label, a bare MAC its twelve hex digits, a URL its scheme or www.
PATTERN_HINTS = {
    (EmailRecognizer, "email"): "@",
    (DateOfBirthRecognizer, "date (HL7 PID-7)"): r"(?i:PID\|)",
    (MedicalRecordNumberRecognizer, "mrn (HL7 PID segment)"): r"(?i:PID\|)",
    (MedicalRecordNumberRecognizer, "mrn (labelled)"): r"(?-i:UR|MRN)",
    (MacAddressRecognizer, "mac (bare)"): r"[0-9A-Fa-f]{12}",
    # its scheme's "://" or its "www." (no other character matches a "w" ignoring case)
    (UrlRecognizer, "url"): r"://|[wW]{3}\.",
}
for (_cls, _name), _hint in PATTERN_HINTS.items():
    pattern_hints.register(next(p.regex for p in _cls.PATTERNS if p.name == _name), _hint)
# An address starts where the run of local-part characters and dots before its "@" starts.
pattern_hints.register_starts(
    EmailRecognizer.PATTERNS[0].regex, pattern_hints.StartRule(run=rf"[.{_EMAIL_LOCAL_CHARS[1:-1]}]", reach=None)
)

RECOGNIZERS: tuple[type[UniversalPatternRecognizer], ...] = (
    EmailRecognizer,
    CreditCardRecognizer,
    CardNumberNearCueRecognizer,
    IbanRecognizer,
    IpRecognizer,
    UrlRecognizer,
    BareDomainRecognizer,
    MacAddressRecognizer,
    VinRecognizer,
    DateOfBirthRecognizer,
    MedicalRecordNumberRecognizer,
    LicenceNumberRecognizer,
)
