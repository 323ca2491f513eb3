"""PERSON names found by what surrounds them, not by a list: any script, any origin.

Capitalised words are grouped into runs ("Ngaire Te Awa", "Jelena Petrović"). A run is a name when

- a cue stands before it: a person field (`"assignee": "…"`, `first_name=`, `Reviewed-by:`), a greeting
  (`Hi …,`, `Dear …,`, `Thanks … —`), a sign-off line, `TODO(…)`, an introduction (`my name is`, `speaking
  with`), a verb that takes a person (`ask`, `told`, `assigned to`, `written by`, `email from`);
- a verb only people do follows it (`… said`, `… would ring back`, `… found`);
- it follows a named person in a list (`"A", "B"`, `A and B`); or
- without a cue, it is two or more words that are all rare in English and none a known product or month.

Single words need a cue. One regex pass finds the words; each cue is a look-behind or look-ahead tried at a run's
edges, and word classes are cached, so the cost is linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from detectors.cues import phrase_alternation
from detectors.name_recognizer import NameSpanRecognizer
from detectors.name_words import (
    NAME_GAPS,
    WordClass,
    classify,
    is_census_name,
    is_rare_name,
    is_very_rare,
    name_word_matches,
)
from detectors.person_keys import KeyKind, key_kind

FIELD_SCORE = 0.8  # a person field, a header label, TODO(…), a sign-off, a title
GREETING_SCORE = 0.75  # a greeting or an introduction
VERB_SCORE = 0.7  # a verb that takes a person before the name
FOLLOWING_VERB_SCORE = 0.65  # a verb only people do after the name
RARE_WORDS_SCORE = 0.55  # two or more rare capitalised words, no cue
MAX_NAME_WORDS = 5

# Classes a cue word itself can have: "Dear" and "Will" are census names as well as English words.
_MAYBE_CUE_WORD = (WordClass.WORD, WordClass.COMMON_NAME)


@dataclass(frozen=True, slots=True)
class Cue:
    score: float
    reason: str
    strong: bool  # strong cues accept a lone name that is also an English word ("Hi Grace,")
    lone_census_only: bool = False  # a lone word must be a census name ("name": services, steps, products)
    closed: bool = False  # the value must end where the name does (a field, a greeting, a sign-off line)


# Quoted or bare values after a field name or label: `"first_name": "`, `name="`, `Reviewed-by: `, `"x": ["`.
FIELD_BEFORE = re.compile(r"(?<=(?P<key>[A-Za-z][A-Za-z0-9_ .-]{0,40})[\"']?[ \t]*[:=][ \t]*(?:\[[ \t]*)?[\"'“]?)")
TODO_BEFORE = re.compile(r"(?<=\b(?:TODO|FIXME|XXX|HACK|NOTE|BUG|REVIEW)[ \t]*\([ \t]*)")
# Titles in the languages our users write: "Frau Weber", "Sra. López", "Dott.ssa Bianchi", "M. Dupont", "Dhr. Jansen".
TITLE_BEFORE = re.compile(
    r"(?<=\b(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|Miss|Dame|Sir|Mme|Mlle|Herr|Frau|Hr|Sr|Sra|Srta|Dott|Dott\.ssa|Sig|Sig\.ra|"
    r"Signor|Signora|Mevr|Dhr|Pani|Pan|Doña|Dona|Ing|Mag)\.?|M\.)[ \t]+)"
)
# Words that close a letter or a chat: before a sign-off line's name, or greeting-like before it ("Regards Ana").
CLOSINGS = ("regards", "kind regards", "best regards", "warm regards", "best wishes", "best", "sincerely", "love", "ta")
SIGN_OFFS = (
    "cheers", "thanks", "thank you", "many thanks", "thanks again", "warmest regards", "all the best",
    "yours sincerely", "yours faithfully", "yours truly", "yours", "take care", "talk soon", "speak soon", *CLOSINGS,
)  # fmt: skip
GREETINGS = (
    "hi", "hello", "hey", "hiya", "howdy", "dear", "greetings", "good morning", "good afternoon", "good evening",
    "morning", "afternoon", "evening", "thanks", "thank you", "thx", "cheers", "congrats", "congratulations",
    "welcome", "welcome back", "sorry", "bye", "goodbye", "ok", "okay", *CLOSINGS,
)  # fmt: skip
SIGN_OFF_BEFORE = re.compile(
    r"(?<=(?:\A|\n)[ \t]*(?:--|—|–|" + phrase_alternation(SIGN_OFFS) + r")[ \t]*[,.!]?[ \t]*\r?\n[ \t]*)"
)
GREETING_BEFORE = re.compile(r"(?<=\b" + phrase_alternation(GREETINGS) + r"[ \t]*,?[ \t]+)")
INTRODUCTION_BEFORE = re.compile(
    r"(?<=\b(?i:my name is|my name's|my name’s|name's|name’s|this is|it's|it’s|it is|i'm|i’m|i am|call me|"
    r"(?:speaking|talking|chatting|spoke|speak|talk|chat|meeting|meet|sync|call|catch-up|catch up|1:1|"
    r"one-on-one)[ \t]+(?:with|to)|on behalf of|attn:?|attention:?)[ \t]+)"
)
PERSON_VERB_BEFORE = re.compile(
    r"(?<=\b(?i:ask|asked|asking|tell|told|telling|remind|reminded|ping|pinged|cc|cc'd|cc’d|emailed|emailing|"
    r"rang|messaged|texted|thank|thanked|thanking|met|paged|contact|contacted|invite|invited|introduce|"
    r"introduced|congratulate|congratulated|hired|interviewed|mentored|"
    r"(?:assigned|reassigned|assign|handed|handing|hand|handed over|escalated|referred|forwarded|say hi|"
    r"shout-out|shout-outs|shoutout|shout out|kudos|props|credit|thanks|congrats|congratulations|"
    r"reports|reporting|speak|talk|talking|spoke|chat|reach out|reached out)[ \t]+to|"
    r"(?:written|authored|co-authored|documented|reported|reviewed|approved|signed|countersigned|found|raised|"
    r"filed|requested|assigned|submitted|corroborated|confirmed|referred|seen|examined|treated|prescribed|"
    r"contributed|suggested|proposed|discovered|noticed|translated|edited|interviewed|supervised|presented|"
    r"ported|fixed|maintained|created|led|organised|organized|owned|tested|verified|witnessed|prepared|"
    r"drafted|recorded|taken|sent|phoned|mentored|managed|nominated|authorised|authorized|chaired|taught|"
    r"coached|started|checked|read|triaged|opened|closed|merged|handled|dispensed|administered|covered|performed|"
    r"conducted|completed|hosted|facilitated|delivered|signed off|picked up|looked after|supported|counselled|"
    r"assessed|marked|graded|collected|received|booked|arranged|logged|escalated)[ \t]+by|"
    r"(?:message|email|e-mail|call|note|text|request|feedback|letter|reply|response|visit|referral|complaint|"
    r"invite|invitation|voicemail|statement|update|word|news|ticket|dm|pr|pull request)[ \t]+from)[ \t]+)"
)
_AUXILIARY = r"(?:(?:would|will|can|could|should|might|has|have|had|just|also|then|already|kindly)[ \t]+)?"
# Verbs only people do: enough after a lone rare word ("Afua said", "Lucía would ring back").
FOLLOWING_VERB = re.compile(
    r"(?=['’]?[ \t]+" + _AUXILIARY + r"(?i:said|says|told|tells|asked|asks|replied|replies|thinks|thought|feels|"
    r"felt|mentioned|agreed|agrees|complained|complains|apologised|apologized|explained|promised|phoned|rang|"
    r"emailed|reached out|reach out|get back|got back|ring back|call back|is out sick|is off sick|is on leave|"
    r"was absent|is absent|called in sick|was admitted|was discharged|passed away|disclosed|swapped|volunteered|"
    r"resigned|retired|graduated|joins us|joined us|is joining|has joined|has resigned|is retiring|"
    # school reports and care notes: "Gethin has made excellent progress", "Karthik writes with flair"
    r"(?:has made|is making|made|continues to make)(?:[ \t]+[a-z]+)?[ \t]+progress|writes with|reads with|"
    r"needs to (?:focus|practise|practice|work|read|revise|proofread|concentrate|listen|remember|try)|"
    r"works hard|worked hard|tries hard|is a pleasure|is a delight|has settled|settled in|enjoys|struggles with|"
    r"participates|contributes well|"
    r"(?:will be|is|was|has been)[ \t]+(?:their|his|her|your|our|my)[ \t]+(?:buddy|mentor|manager|supervisor|coach|"
    r"carer|caregiver|teacher|tutor|key worker|keyworker|case manager|point of contact|contact|partner|wife|"
    r"husband|son|daughter|mum|mom|dad|sister|brother))\b)"
)
# A person addressed at a sentence's start: "Thiago, I still haven't got the timesheets", "Litia, can you".
VOCATIVE = re.compile(
    r"(?=[ \t]*,[ \t]+(?:I|I'm|I’m|I've|I’ve|I'd|I’d|you|we|(?i:can you|could you|would you|will you|please|just|"
    r"thanks|thank you|hope|sorry|are you|have you|did you|do you|any chance|when you|if you|let me|let's|let’s))\b)"
)
# "Can Litia cover the Saturday shift?": a yes-no question about what a person will do.
MODAL_QUESTION_BEFORE = re.compile(
    r"(?<=(?:\A|[.!?\n][\"')\]]?[ \t]*)(?:Can|Could|Would|Will|Should|Did|Has|Is)[ \t]+)"
)
MODAL_QUESTION_AFTER = re.compile(
    r"(?=[ \t]+(?:cover|swap|take over|help|join|attend|come|pop|give|send|call|ring|email|check|review|look|sign|"
    r"confirm|pick up|chase|make it|be in|be at|be there|be around|be available|be free|be back|still)\b)"
)
# A chat export's speaker line: the name, then the time alone ("Karthik  10:42 AM").
CHAT_TIME_AFTER = re.compile(
    r"[ \t]{1,4}\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?(?i:am|pm|a\.m\.|p\.m\.))?\]?[ \t]*(?:\r?\n|\Z)"
)
# A role, then the person in brackets: "OT (Caoimhe)", "physio (Elif)", "GP (Dr Rangi)".
ROLE_BEFORE = re.compile(
    r"(?<=\b(?:OT|PT|SLT|SW|RN|EN|GP|HCA|(?i:physio|physiotherapist|nurse|doctor|dietitian|dietician|pharmacist|"
    r"social worker|consultant|registrar|surgeon|midwife|therapist|counsellor|counselor|psychologist|teacher|"
    r"tutor|coach|manager|supervisor|lead|owner|contact|chair|host|facilitator|interpreter|advocate|"
    r"caseworker|case manager|key worker|keyworker|buddy|mentor|carer|caregiver|parent|guardian))[ \t]*\([ \t]*)"
)
# Verbs tools do too ("Sentry reported", "Semgrep found"): only after a full name of two or more words.
FOLLOWING_ACTION = re.compile(
    r"(?=['’]?[ \t]+" + _AUXILIARY + r"(?i:found|noticed|reported|reports|confirmed|approved|signed off|wrote|"
    r"reviewed|fixed|suggested|recommended)\b)"
)
# A person's relatives, colleagues and personal things: "Sione's mum", "Bogdana's laptop" (not "Redis's memory").
FOLLOWING_POSSESSIVE = re.compile(
    r"(?=['’]s[ \t]+(?i:mum|mom|dad|mother|father|parents|wife|husband|partner|spouse|son|daughter|kids|children|"
    r"child|baby|brother|sister|family|grandmother|grandfather|nan|nana|gran|grandma|grandpa|aunt|uncle|cousin|"
    r"friend|boyfriend|girlfriend|fianc[eé]e?|manager|boss|colleague|assistant|doctor|gp|carer|caregiver|"
    r"teacher|lawyer|solicitor|laptop|phone|mobile|inbox|calendar|desk|car|birthday|leave|salary|payslip|"
    r"signature|passport|visa|resignation|appointment|prescription|medication|diagnosis|symptoms|surgery|"
    r"wedding|funeral|retirement|farewell|last day|first day|home|house|flat|address)\b)"
)
# After a greeting the name closes the phrase: "Hi Priya," "Thanks Chinedu —" "Dear Ms Bakare:".
# "Dear Orlov family," names the family by its surname.
CLOSES_PHRASE = re.compile(r"['’]?(?:[ \t]+(?:family|household|whānau))?[ \t]*(?:[,!.?:;)—–]|-[ \t]|\r?\n|\Z)")
# After a field or label the value ends: a quote, a line end, a list separator, an address or a bracket.
CLOSES_VALUE = re.compile(r"[ \t]*(?:[\"'”’,;<(|)\]}]|[—–-][ \t]|\.(?:\s|\Z)|\r?\n|\Z)")
CLOSES_ROLE = re.compile(r"[ \t]*\)")
CLOSES_LINE = re.compile(r"[ \t]*(?:,[^\n]*)?(?:\r?\n|\Z)")
# Between two names of one list: `", "`, `, `, ` and `, ` & `, `; `, or a bracketed note: `A (ops), B`.
LIST_GAP = re.compile(
    r"[\"'”’]?[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?(?:,|;|&|/|,?[ \t]*\band\b|,?[ \t]*\bor\b)[ \t]*(?:and[ \t]+)?"
    r"[\"'“‘]?[ \t]*"
)
FOLLOWED_BY_NUMBER = re.compile(r"[ \t]*\d")
# What may stand between a sentence's end and its first word: spaces, quotes, brackets, list markers.
_SENTENCE_LEAD = frozenset(" \t\"'“‘([*_>#-•")
_SENTENCE_END = frozenset(".!?\n\r:")
SENTENCE_LOOKBACK = 12


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the text, a line or a sentence (its capital then says nothing)."""
    position = start - 1
    limit = max(-1, start - 1 - SENTENCE_LOOKBACK)
    while position > limit and text[position] in _SENTENCE_LEAD:
        position -= 1
    return position < 0 or (position > limit and text[position] in _SENTENCE_END)


# Not frozen: one is made for every capitalised word, and a frozen one takes four times as long to make.
@dataclass(slots=True)
class Word:
    start: int
    end: int
    cls: WordClass
    rare: bool
    census: bool
    very_rare: bool


@dataclass(frozen=True, slots=True)
class PersonSpan:
    start: int
    end: int
    score: float
    reason: str


def _field_cue(text: str, start: int) -> Cue | None:
    match = FIELD_BEFORE.match(text, start)
    if match is None:
        return None
    kind = key_kind(match.group("key"))
    if kind is None:
        return None
    return Cue(FIELD_SCORE, "person field", kind is KeyKind.PERSON, kind is KeyKind.NAME, closed=True)


# What each cue's look-behind ends with, read off its regex: a blank right before the run (titles, greetings,
# introductions, verbs), or, past any blanks, a bracket (TODO, role), a field's colon, equals sign, list bracket or
# quote, or a line break (sign-off). A cue whose ending is not there is not tried: most runs follow a blank.
_FIELD_ENDS = frozenset("\"'“[:=")


def cue_before(text: str, start: int) -> Cue | None:
    """The strongest cue that ends right where a run starts, if any."""
    blank = start > 0 and text[start - 1] in " \t"
    before = start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    last = text[before] if before >= 0 else ""
    if last == "(" and TODO_BEFORE.match(text, start):
        return Cue(FIELD_SCORE, "TODO owner", strong=True)
    if blank and TITLE_BEFORE.match(text, start):
        return Cue(FIELD_SCORE, "title", strong=True)
    field = _field_cue(text, start) if last in _FIELD_ENDS else None
    if field:
        return field
    if last == "\n" and SIGN_OFF_BEFORE.match(text, start):
        return Cue(FIELD_SCORE, "sign-off", strong=True, closed=True)
    if blank and GREETING_BEFORE.match(text, start):
        return Cue(GREETING_SCORE, "greeting", strong=True, closed=True)
    if blank and INTRODUCTION_BEFORE.match(text, start):
        return Cue(GREETING_SCORE, "introduction", strong=False)
    if blank and PERSON_VERB_BEFORE.match(text, start):
        return Cue(VERB_SCORE, "verb taking a person", strong=False)
    if last == "(" and ROLE_BEFORE.match(text, start):
        return Cue(FIELD_SCORE, "role", strong=False, closed=True)
    return None


def closes(text: str, end: int, cue: Cue) -> bool:
    """Whether the name ends the phrase or value the cue opened (a greeting's name is followed by a comma)."""
    if not cue.closed:
        return True
    if cue.reason == "sign-off":
        return CLOSES_LINE.match(text, end) is not None
    if cue.reason == "greeting":
        return CLOSES_PHRASE.match(text, end) is not None
    if cue.reason == "role":
        return CLOSES_ROLE.match(text, end) is not None
    return CLOSES_VALUE.match(text, end) is not None


def accepts(text: str, words: list[Word], cue: Cue) -> bool:
    """Whether a cued run of words reads as one person's name."""
    if len(words) > MAX_NAME_WORDS or words[-1].cls not in (WordClass.NAME, WordClass.COMMON_NAME):
        return False
    if len(words) == 1:
        word = words[0]
        if cue.lone_census_only:
            return word.census and (word.cls is WordClass.NAME or cue.strong)
        if cue.strong:
            return word.cls in (WordClass.NAME, WordClass.COMMON_NAME)
        return word.rare  # "From: Notifications", "Welcome to Quickstart": a weak cue needs a clearly rare word
    if cue.lone_census_only:
        # "name" also names services and components ("Checkout Button"): every word must be a rare name
        return all(word.rare or word.cls is WordClass.PARTICLE for word in words)
    plain = [word for word in words if word.cls is WordClass.WORD]
    if len(plain) > 1 or (plain and (plain[0] is not words[0] or starts_sentence(text, words[0].start))):
        return False  # one capitalised English word may open a name mid-sentence ("the bug Mere Tawhiri found")
    return any(word.cls is WordClass.NAME for word in words) or cue.strong


def _telling(stretch: list[Word]) -> bool:
    """Two or more rare words, one of them very rare or all census names: "Ananya Iyer", "Liu Yang"."""
    rare = [word for word in stretch if word.rare]
    return len(rare) >= 2 and (any(word.very_rare for word in rare) or all(word.census for word in rare))


_INSIDE_A_NAME = (WordClass.PARTICLE, WordClass.COMMON_NAME)


def starts_line(text: str, start: int) -> bool:
    """Whether only spaces stand between the previous line break (or the text's start) and `start`."""
    line_start = text.rfind("\n", max(0, start - SENTENCE_LOOKBACK), start) + 1
    return (line_start > 0 or start <= SENTENCE_LOOKBACK) and not text[line_start:start].strip(" \t>")


def rare_words(text: str, words: list[Word]) -> list[Word] | None:
    """The longest stretch of rare name words (particles inside) that reads as a name without a cue, or None."""
    best: list[Word] = []
    current: list[Word] = []
    for word in [*words, None]:
        # A particle or a common census name may stand inside a name: "Gurpreet Singh Dhillon", "Anouk de Vries".
        if word is not None and (word.rare or (word.cls in _INSIDE_A_NAME and current)):
            current.append(word)
            continue
        while current and not current[-1].rare:
            current.pop()
        # more words than one name has is a title or a heading, not a person
        if _telling(current) and len(best) < len(current) <= MAX_NAME_WORDS:
            best = current
        current = []
    return best or None


def _segments(text: str, run: list[Word]) -> list[list[Word]]:
    """A run split at words that are never names, with leading particles and trailing non-names dropped."""
    segments: list[list[Word]] = []
    current: list[Word] = []
    for word in [*run, None]:
        if word is not None and word.cls is not WordClass.STOP:
            current.append(word)
            continue
        while current and current[-1].cls in (WordClass.WORD, WordClass.PARTICLE):
            current.pop()
        if current:
            segments.append(current)
        current = []
    return segments


def _followed_by_a_person_s_word(text: str, end: int, words: int) -> bool:
    """A person's verb or possessive after a run, or (after two words or more) an action."""
    return (
        FOLLOWING_VERB.match(text, end) is not None
        or FOLLOWING_POSSESSIVE.match(text, end) is not None
        or (words >= 2 and FOLLOWING_ACTION.match(text, end) is not None)
    )


class _Finder:
    """One pass over the runs of capitalised words, carrying the last cue into a list that follows it."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[PersonSpan] = []
        self.list_cue: Cue | None = None
        self.list_end = -1

    def segment(self, words: list[Word]) -> None:
        text = self.text
        end = words[-1].end
        after: bool | None = None  # what follows the run, read once and only when no cue stands before it
        inherited = (
            self.list_cue
            if self.list_cue and LIST_GAP.fullmatch(text, self.list_end, words[0].start) is not None
            else None
        )
        # Leading English words may be the cue itself ("Dear", "Thanks") or a sentence's first word.
        leading = next((i for i, word in enumerate(words) if word.cls not in _MAYBE_CUE_WORD), len(words))
        # Only the last few words can be one name: a long run of capitalised words costs no more than a short one.
        for first in range(max(0, len(words) - MAX_NAME_WORDS), min(leading, len(words) - 1) + 1):
            candidate = words[first:]
            cue = inherited if first == 0 and inherited else cue_before(text, candidate[0].start)
            if cue is None and after is None:
                after = _followed_by_a_person_s_word(text, end, len(words))
            if cue is None and (after or self._addressed(candidate[0].start, end)):
                cue = Cue(FOLLOWING_VERB_SCORE, "followed by a person's verb or possessive", strong=False)
            if cue and closes(text, end, cue) and accepts(text, candidate, cue):
                self.spans.append(PersonSpan(candidate[0].start, end, cue.score, cue.reason))
                self.list_cue, self.list_end = cue, end
                return
        rare = rare_words(text, words)
        if rare and FOLLOWED_BY_NUMBER.match(text, rare[-1].end) is None:
            self.spans.append(PersonSpan(rare[0].start, rare[-1].end, RARE_WORDS_SCORE, "rare capitalised words"))
            # a list may go on from a full name: "Matteo Bianchi (chair), Álvaro Castillo, and Inés"
            self.list_cue = Cue(RARE_WORDS_SCORE, "listed with a name", strong=False)
            self.list_end = rare[-1].end

    def _addressed(self, start: int, end: int) -> bool:
        """Spoken to or asked about: "Thiago, I still…", "Can Litia cover…?", a chat line "Karthik  10:42 AM"."""
        text = self.text
        if VOCATIVE.match(text, end) and starts_sentence(text, start):
            return True
        if MODAL_QUESTION_BEFORE.match(text, start) and MODAL_QUESTION_AFTER.match(text, end):
            return True
        return CHAT_TIME_AFTER.match(text, end) is not None and starts_line(text, start)


def find_cued_names(text: str) -> list[PersonSpan]:
    """Every cued or rare-word name span in the text, in order."""
    finder = _Finder(text)
    run: list[Word] = []

    def close_run() -> None:
        for segment in _segments(text, run):
            finder.segment(segment)
        run.clear()

    for match in name_word_matches(text):
        if run and text[run[-1].end : match.start()] not in NAME_GAPS:
            close_run()
        value = match.group()
        word_class = classify(value)
        rare = is_rare_name(value)
        census = is_census_name(value)
        run.append(Word(match.start(), match.end(), word_class, rare, census, rare and is_very_rare(value)))
    close_run()
    return finder.spans


class NameCueRecognizer(NameSpanRecognizer):
    """PERSON names from cues (fields, greetings, sign-offs, verbs) and rare capitalised word pairs."""

    EXPLANATION_PREFIX = "Name cue"

    def load(self) -> None:
        classify("Warm")  # read the census lists and word frequencies now, not on the first request

    def find_spans(self, text: str) -> list[PersonSpan]:
        return find_cued_names(text)
