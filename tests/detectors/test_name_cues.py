"""Cue-based PERSON names: fields, greetings, sign-offs, verbs, lists and rare capitalised words, any script."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from detectors import name_cues as cues
from detectors.name_cues import (
    FIELD_SCORE,
    FOLLOWING_VERB_SCORE,
    GREETING_SCORE,
    RARE_WORDS_SCORE,
    VERB_SCORE,
    NameCueRecognizer,
    find_cued_names,
)
from detectors.name_words import NAME_WORD, WordClass, classify
from detectors.person_keys import KeyKind, key_kind
from tests.detectors.test_pattern_hints import texts

RECOGNIZER = NameCueRecognizer()
F = FIELD_SCORE


def found(text: str) -> list[tuple[str, float]]:
    return [(text[span.start : span.end], span.score) for span in find_cued_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # structured fields, any quoting, any script
        ('{"owner": "Tamati Ngata", "team": "infra"}', [("Tamati Ngata", FIELD_SCORE)]),
        (
            '{"first_name": "Siddharth", "last_name": "Venkataraman"}',
            [("Siddharth", FIELD_SCORE), ("Venkataraman", FIELD_SCORE)],
        ),
        (
            "reporter: Kwame Mensah\nassignee: Efua Asante",
            [("Kwame Mensah", FIELD_SCORE), ("Efua Asante", FIELD_SCORE)],
        ),
        ('User.create(full_name="Nomvula Dlamini", email=x)', [("Nomvula Dlamini", FIELD_SCORE)]),
        (
            '"reviewers": ["Anouk de Vries", "Jules van der Berg"]',
            [("Anouk de Vries", FIELD_SCORE), ("Jules van der Berg", FIELD_SCORE)],
        ),
        ('{"assignee": "Ngaire Te Awa"}', [("Ngaire Te Awa", FIELD_SCORE)]),
        (
            '{"patient": {"given_name": "Wiremu", "family_name": "Tipene"}}',
            [("Wiremu", FIELD_SCORE), ("Tipene", FIELD_SCORE)],
        ),
        ('{"name": "Sofía Ramírez"}', [("Sofía Ramírez", FIELD_SCORE)]),
        ("Assigned to: Mateusz Wiśniewski", [("Mateusz Wiśniewski", FIELD_SCORE)]),
        ("Co-authored-by: Henrike Vogelsang <h.v@example.com>", [("Henrike Vogelsang", FIELD_SCORE)]),
        (" * Maintainer: Bongani Khumalo\n", [("Bongani Khumalo", FIELD_SCORE)]),
        ("Next of kin: Tahu Potiki, ph 555", [("Tahu Potiki", FIELD_SCORE)]),
        ("From: Oksana Bondarenko\nTo: Priyanka", [("Oksana Bondarenko", FIELD_SCORE), ("Priyanka", FIELD_SCORE)]),
        ("// FIXME(Ravindra): handle the empty cart", [("Ravindra", FIELD_SCORE)]),
        ("Seen by Dr Oyelaran today", [("Oyelaran", FIELD_SCORE)]),
        # greetings and sign-offs
        ("Hello Ikaika, thanks for the update.", [("Ikaika", GREETING_SCORE)]),
        ("Thanks Chiamaka — see attached.", [("Chiamaka", GREETING_SCORE)]),
        ("Dear Oluwadamilare Adebayo,\n\nWe are pleased", [("Oluwadamilare Adebayo", GREETING_SCORE)]),
        ("Hi Grace, quick one", [("Grace", GREETING_SCORE)]),  # a name that is also a word, after a greeting
        ("Kind regards,\nTeuila Fa'afetai\nHead of Ops", [("Teuila Fa'afetai", FIELD_SCORE)]),
        ("Cheers,\nBartholomew", [("Bartholomew", FIELD_SCORE)]),
        # introductions and verbs that take a person
        ("Good morning, you're speaking with Yevhenia.", [("Yevhenia", GREETING_SCORE)]),
        ("hi, my name is Tevita and my order is late", [("Tevita", GREETING_SCORE)]),
        ("Escalated to Zainab for approval.", [("Zainab", VERB_SCORE)]),
        ("Please ask Mihaela about the notes.", [("Mihaela", VERB_SCORE)]),
        ("edge cases documented by Krzysztof in the wiki", [("Krzysztof", VERB_SCORE)]),
        ("Message from Saoirse: running late", [("Saoirse", VERB_SCORE)]),
        ("Congrats to Kofi and Ama on the launch!", [("Kofi", VERB_SCORE), ("Ama", VERB_SCORE)]),
        # verbs only people do, after the name
        ("Afua said the deploy looks fine.", [("Afua", FOLLOWING_VERB_SCORE)]),
        ("I told him Lucía would ring back.", [("Lucía", FOLLOWING_VERB_SCORE)]),
        ("the bug Mere Tawhiri found in March", [("Mere Tawhiri", FOLLOWING_VERB_SCORE)]),
        # rare capitalised words without a cue
        ("Performance review for Wanjiru Kamau: great year", [("Wanjiru Kamau", RARE_WORDS_SCORE)]),
        ("corroborated later by the foreman, Mehmet Yılmaz.", [("Mehmet Yılmaz", RARE_WORDS_SCORE)]),
        ("# Adapted from Radoslav Hristov's harness", [("Radoslav Hristov", RARE_WORDS_SCORE)]),
    ],
)
def test_names_are_found_with_their_cue_score(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # tech products, months, weekdays
        "Postgres listens on 5432, Redis on 6379 and the API on 8080.",
        "Python 3.12.4 (main, Jun  6 2024, 18:26:22) [Clang 15.0.0] on darwin",
        "Grafana Loki and Prometheus Alertmanager are configured via Helm charts.",
        "We migrated from Heroku Postgres to Amazon Aurora last quarter.",
        "commit 8a375d7\nDate:   Mon Mar 18 09:41:22 2024 +1100",
        "Patch Tuesday is the second Tuesday; this quarter that's 9 Jul, 13 Aug and 10 Sep.",
        "Tested on Windows 10 and Chrome 124, then Safari 17.",
        "Ask Kubernetes to reschedule the pod; thanks Docker!",
        "Vitest and Playwright run in GitHub Actions nightly.",
        # code and config
        "      - name: Migrate\n        env:\n      - name: Setup Node\n",
        '{"name": "payments-service", "author": "Platform Team", "version": "1.4.2"}',
        '{"name": "Checkout Button", "type": "component"}',
        "class UserProfile(BaseModel):\n    first_name: str\n    def Mokoena(self): pass",
        "user.getName() johnSmith OrderList.tsx Sarah_Smith get_thabo()",
        "From: Notifications <noreply@example.com>\nTo: Engineering",
        # common words at a sentence start, group greetings, titles
        "Volunteer roster for Saturday. Email us your availability.",
        "Hi team, the cluster is back up. Thanks everyone!",
        "Dear Customer,\n\nYour subscription renews soon.",
        "Dear Hiring Manager,",
        "Cheers,\nThe Support Team",
        "Senior Data Analyst, Head of People",
        "Stack Overflow suggests using Visual Studio Code.",
        "Install Raspberry OS before the Sprint Review.",
    ],
)
def test_non_names_are_not_found(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("first_name", KeyKind.PERSON),
        ("lastName", KeyKind.PERSON),
        ("Reviewed-by", KeyKind.PERSON),
        ("Next of kin", KeyKind.PERSON),
        ("reviewers", KeyKind.PERSON),
        ("customer_name", KeyKind.PERSON),
        ("projectLeadName", KeyKind.NAME),
        ("name", KeyKind.NAME),
        ("From", KeyKind.HEADER),
        ("moved to", None),  # a header word only as the whole label
        ("hostname", None),
        ("bucket_name", None),
        ("status", None),
    ],
)
def test_field_names_are_classified(label: str, kind: KeyKind | None) -> None:
    assert key_kind(label) is kind


@pytest.mark.parametrize(
    ("word", "cls"),
    [
        ("Mokoena", WordClass.NAME),
        ("Yılmaz", WordClass.NAME),
        ("Sarah", WordClass.NAME),
        ("Will", WordClass.COMMON_NAME),
        ("Volunteer", WordClass.WORD),
        ("Te", WordClass.PARTICLE),
        ("Redis", WordClass.STOP),
        ("Jun", WordClass.STOP),
        ("Ruby", WordClass.NAME),  # a product and a first name: the name wins
        ("Al-Farsi", WordClass.NAME),
        ("Follow-up", WordClass.WORD),
    ],
)
def test_words_are_classified(word: str, cls: WordClass) -> None:
    assert classify(word) is cls


def test_results_carry_presidio_metadata_and_layer_tag() -> None:
    [result] = RECOGNIZER.analyze("Hi Ikaika, welcome", ["PERSON"])
    assert (result.entity_type, result.start, result.end, result.score) == ("PERSON", 3, 9, GREETING_SCORE)
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "NameCueRecognizer"
    assert (NameCueRecognizer.LAYER, NameCueRecognizer.COUNTRY_CODE) == ("names", None)
    assert RECOGNIZER.analyze("Hi Ikaika, welcome", ["EMAIL_ADDRESS"]) == []


def test_long_text_finds_every_occurrence() -> None:
    text = 'Hi Ikaika, see {"assignee": "Thabo Mokoena"}. ' * 1500
    assert len(find_cued_names(text)) == 3000


def test_a_long_run_of_capitalised_words_is_not_one_name() -> None:
    assert find_cued_names("Mokoena Iyer " * 500) == []


FV = FOLLOWING_VERB_SCORE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role, then the person in brackets
        ("OT (Siobhan) to assess the bathroom before discharge.", [("Siobhan", F)]),
        ("physio (Oluwaseun) reviewed the plan", [("Oluwaseun", F)]),
        # verbs that take a person before the name
        ("Refund handled by Ayodele in the payments team.", [("Ayodele", VERB_SCORE)]),
        ("Dispensed by Rawiri.", [("Rawiri", VERB_SCORE)]),
        # a person's verbs after the name: school reports, care notes, rosters
        ("Eirlys has made excellent progress in reading this term.", [("Eirlys", FV)]),
        ("English: Anjali writes with flair but rushes.", [("Anjali", FV)]),
        ("Wellbeing note: Yarran disclosed bullying at lunchtime.", [("Yarran", FV)]),
        ("Siaosi swapped with her last month.", [("Siaosi", FV)]),
        ("Dafydd will be their buddy for the first month.", [("Dafydd", FV)]),
        # addressed or asked about
        ("Rewrite this: Thiago, I still haven't got the timesheets.", [("Thiago", FV)]),
        ("Can Mereani cover the Saturday shift?", [("Mereani", FV)]),
        ("Karthik  10:42 AM\nhas anyone rotated the creds?\nDivya  10:44 AM\nyes", [("Karthik", FV), ("Divya", FV)]),
        # a list that goes on from a full name found without a cue
        (
            "Panel: Matteo Bianchi (chair), Álvaro Castillo, and Inés from People.",
            [
                ("Matteo Bianchi", RARE_WORDS_SCORE),
                ("Álvaro Castillo", RARE_WORDS_SCORE),
                ("Inés", RARE_WORDS_SCORE),
            ],
        ),
        # a common census name inside rare ones, a romanised given name, name parts as struct fields
        ("Opposing party: Gurpreet Singh Dhillon", [("Gurpreet Singh Dhillon", F)]),
        ("CLIENT INTAKE | Opponent: Harjinder Singh Grewal |", [("Harjinder Singh Grewal", RARE_WORDS_SCORE)]),
        ("# Min-jun asked for a chat ping instead", [("Min-jun", FV)]),
        ('owner := Person{First: "Lena", Last: "Hoffmann"}', [("Lena", F), ("Hoffmann", F)]),
    ],
)
def test_more_cues_find_names(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "OT (optional) and PT (2x weekly)",  # brackets after a role hold no name
        "Owner (Platform) approves",
        "Redis has made good progress on memory use.",  # a product, not a pupil
        "Postgres writes with fsync on.",
        "Can Kubernetes cover the load?",
        "Can you cover the Saturday shift?",
        "Anyway, I think it works.",  # an English word addressed at a sentence start
        "Grafana, I think, is fine.",
        "Deploy  10:42 AM\nbuild green",  # an English word on a chat-like line
        "Build completed at 10:42",
        "Follow-up and Read-only and Sign-off",
        '{"first": "Success", "last": "Monday"}',
        "sort(key=first, last=Ascending)",
        "Handled by Support in the payments team.",
    ],
)
def test_more_cues_leave_non_names_alone(text: str) -> None:
    assert found(text) == []


def _every_cue_tried(text: str, start: int) -> object:
    """cue_before without its look at the characters before the run: every cue's regex tried in order."""
    for pattern, cue in (
        (cues.TODO_BEFORE, cues.Cue(cues.FIELD_SCORE, "TODO owner", strong=True)),
        (cues.TITLE_BEFORE, cues.Cue(cues.FIELD_SCORE, "title", strong=True)),
        (None, None),
        (cues.SIGN_OFF_BEFORE, cues.Cue(cues.FIELD_SCORE, "sign-off", strong=True, closed=True)),
        (cues.GREETING_BEFORE, cues.Cue(cues.GREETING_SCORE, "greeting", strong=True, closed=True)),
        (cues.INTRODUCTION_BEFORE, cues.Cue(cues.GREETING_SCORE, "introduction", strong=False)),
        (cues.PERSON_VERB_BEFORE, cues.Cue(cues.VERB_SCORE, "verb taking a person", strong=False)),
        (cues.ROLE_BEFORE, cues.Cue(cues.FIELD_SCORE, "role", strong=False, closed=True)),
    ):
        if pattern is None:
            field = cues._field_cue(text, start)
            if field:
                return field
        elif pattern.match(text, start):
            return cue
    return None


# Cues right before a name, after blanks, tabs, brackets, quotes, list brackets and line breaks.
CUE_TEXTS = (
    'TODO( Ana)\nTODO(\tAna) "assignee": ["Tui Ngata"], reviewer=\'Ana\' owner:  Ana, name = “Ana”',
    "Thanks,\nAna\n\nCheers\r\n  Tui\n-- \nAna Dr\tNgata, Hi  Ana, hello\tTui; my name is Ana, ask Tui, OT ( Ana)",
    "(Ana) [Tui] :Ana =Tui 'Ana' “Tui” \tAna\n Ana",
)


def test_cues_are_tried_only_where_their_look_behind_can_end() -> None:
    for text in [*texts(), *CUE_TEXTS]:
        for match in NAME_WORD.finditer(text):
            assert cues.cue_before(text, match.start()) == _every_cue_tried(text, match.start()), text[:60]
    assert {cues.cue_before(CUE_TEXTS[0], CUE_TEXTS[0].index("Ana")).reason} == {"TODO owner"}


def test_name_gaps_are_what_name_gap_matches_in_full() -> None:
    import itertools

    from detectors.name_words import NAME_GAP, NAME_GAPS

    for length in range(5):
        for chars in itertools.product(" \tx\n", repeat=length):
            gap = "".join(chars)
            assert (gap in NAME_GAPS) == (NAME_GAP.fullmatch(gap) is not None), repr(gap)
