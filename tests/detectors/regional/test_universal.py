"""Universal pattern recognizers: spans, scores, checksums and the near misses they must leave alone."""

from __future__ import annotations

import pytest
from presidio_analyzer import PatternRecognizer

from detectors.context import WindowContextEnhancer
from detectors.regional.universal import (
    RECOGNIZERS,
    BareDomainRecognizer,
    CreditCardRecognizer,
    DateOfBirthRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    LicenceNumberRecognizer,
    MacAddressRecognizer,
    MedicalRecordNumberRecognizer,
    UniversalPatternRecognizer,
    UrlRecognizer,
    VinRecognizer,
    iban_checksum_valid,
    luhn_valid,
    vin_check_digit_valid,
)
from detectors.types import LayerTagged


def found(recognizer: UniversalPatternRecognizer, text: str) -> list[tuple[int, int, float]]:
    results = recognizer.analyze(text, entities=[recognizer.supported_entities[0]], nlp_artifacts=None)
    return sorted((r.start, r.end, round(r.score, 4)) for r in results)


def found_in_context(recognizer: UniversalPatternRecognizer, text: str) -> list[tuple[int, int, float]]:
    """Results that pass the default 0.5 threshold after the engine's context scoring."""
    results = recognizer.analyze(text, entities=[recognizer.supported_entities[0]], nlp_artifacts=None)
    enhanced = WindowContextEnhancer().enhance_using_context(text, results, None, [recognizer])  # type: ignore[arg-type]
    return sorted((r.start, r.end, round(r.score, 4)) for r in enhanced if r.score >= 0.5)


def span(text: str, value: str, score: float) -> tuple[int, int, float]:
    start = text.index(value)
    return (start, start + len(value), score)


def assert_single(recognizer: UniversalPatternRecognizer, text: str, value: str, score: float) -> None:
    assert found(recognizer, text) == [span(text, value, score)]


# ------------------------------------------------------------------------------------------------------- shared


@pytest.mark.parametrize("cls", RECOGNIZERS)
def test_every_recognizer_is_a_tagged_pattern_recognizer(cls: type[UniversalPatternRecognizer]) -> None:
    recognizer = cls()
    assert isinstance(recognizer, PatternRecognizer)
    assert isinstance(recognizer, LayerTagged)
    assert (recognizer.LAYER, recognizer.COUNTRY_CODE) == ("patterns", None)
    assert recognizer.PATTERNS and recognizer.CONTEXT
    assert recognizer.context == list(cls.CONTEXT)


def test_recognizers_list_their_entities_in_a_stable_order() -> None:
    assert [cls().supported_entities[0] for cls in RECOGNIZERS] == [
        "EMAIL_ADDRESS",
        "CREDIT_CARD",
        "CREDIT_CARD",  # any 12-19 digit run beside a card cue
        "IBAN_CODE",
        "IP_ADDRESS",
        "URL",
        "URL",
        "MAC_ADDRESS",
        "VIN",
        "DATE_OF_BIRTH",
        "MEDICAL_RECORD_NUMBER",
        "LICENCE_NUMBER",
    ]


def test_other_entities_requested_gives_nothing() -> None:
    assert EmailRecognizer().analyze("a@example.com", entities=["CREDIT_CARD"]) == []


SCORING_SAMPLE = (
    "Mail jo.smith+x@mail.example.com or bad@x, card 4111 1111 1111 1111 / 4111111111111112, "
    "IBAN GB82 WEST 1234 5698 7654 32 / GB82WEST12345698765433, https://example.org/a, mac 00:1A:2B:3C:4D:5E, "
    "ff:ff:ff:ff:ff:ff, VIN 1M8GDM9AXKP042788 / 1M8GDM9AXKP042789, dob 03/04/1984, 31/02/1984, MRN 1234567, "
    "00000, licence MED0001234567, website janedoe.dev."
)


@pytest.mark.parametrize("cls", [cls for cls in RECOGNIZERS if cls is not IpRecognizer])
def test_scores_match_presidios_own_pattern_loop(cls: type[UniversalPatternRecognizer]) -> None:
    # Our linear analyze must score exactly as PatternRecognizer.analyze does (IP adds a surroundings check).
    recognizer = cls()
    presidio = PatternRecognizer.analyze(recognizer, SCORING_SAMPLE, entities=[], nlp_artifacts=None)
    expected = sorted((r.start, r.end, round(r.score, 4)) for r in presidio)
    assert expected
    assert found(recognizer, SCORING_SAMPLE) == expected


@pytest.mark.parametrize("cls", RECOGNIZERS)
@pytest.mark.parametrize(
    "text",
    [
        "a." * 100_000,
        "1:" * 100_000,
        "1." * 100_000,
        "x@" + "a." * 100_000,
        "1" * 200_000,
        "ab:" * 70_000,
        "www." * 50_000,
        "http://" + "a." * 100_000,
        "12-" * 70_000,
        "A" * 200_000,
    ],
    ids=["a-dot", "one-colon", "one-dot", "email-domain", "digits", "hex-colon", "www", "url", "dashes", "letters"],
)
def test_adversarial_200kb_input_returns(cls: type[UniversalPatternRecognizer], text: str) -> None:
    assert isinstance(cls().analyze(text, entities=[cls.ENTITY], nlp_artifacts=None), list)


def scanning_everywhere(cls: type[UniversalPatternRecognizer]) -> UniversalPatternRecognizer:
    """The recognizer scanning the whole text, not only near its context words: its patterns' shapes under test
    (that the engine's output is the same either way is tests/detectors/test_context_only_regions.py)."""
    return type(cls.__name__, (cls,), {"CONTEXT_ONLY": False})()


def test_many_candidates_are_all_returned() -> None:
    # 12,000 candidates in 72 KB: every one comes back (and de-duplication does not go quadratic).
    text = "12345 " * 12_000
    assert len(found(scanning_everywhere(LicenceNumberRecognizer), text)) == 12_000


def test_context_only_candidates_come_only_near_a_context_word() -> None:
    text = "12345 " * 100 + "licence 67890 " + "12345 " * 100
    spans = [(start, end) for start, end, _ in found(LicenceNumberRecognizer(), text)]
    assert (text.index("67890"), text.index("67890") + 5) in spans
    assert len(spans) < 100


# -------------------------------------------------------------------------------------------------------- email

EMAIL_POSITIVES = [
    ("Write to jane.doe@example.com today", "jane.doe@example.com"),
    ("plus tag: jane+news@mail.example.co.uk.", "jane+news@mail.example.co.uk"),
    ("<Bob.O'Neil@sub.dept.example.org>", "Bob.O'Neil@sub.dept.example.org"),
    ("mixed CASE: John_Smith99@Example.COM,", "John_Smith99@Example.COM"),
    ("(x@y.io)", "x@y.io"),
    ("mailto:jo@example.com", "jo@example.com"),
    ("email:jo@example.com", "jo@example.com"),
]


@pytest.mark.parametrize(("text", "value"), EMAIL_POSITIVES)
def test_email_found_with_full_score(text: str, value: str) -> None:
    assert_single(EmailRecognizer(), text, value, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "user@localhost",
        "lodash@4.17.21",
        "icon@2x.png",
        "@scope/package@latest",
        "x@-bad.com",
        "a@b.c",
        "x@y.com-foo",
        "two dots a..b@example.com",
        "git diff HEAD@{1}",
        "x@y..com",
        # A URL's user and host are not an address, with or without a password.
        "DATABASE_URL=postgres://app@db.internal:5432/app",
        "ssh://git@github.com/org/repo.git",
        "mongodb://admin:S3cret@mongo.example.com:27017/db",
        "x //a@example.com",
    ],
)
def test_email_near_misses_not_found(text: str) -> None:
    assert found(EmailRecognizer(), text) == []


def test_email_two_addresses() -> None:
    text = "cc a@example.com; b@example.net"
    assert found(EmailRecognizer(), text) == [span(text, "a@example.com", 1.0), span(text, "b@example.net", 1.0)]


# ---------------------------------------------------------------------------------------------------- credit card

CARD_POSITIVES = [
    ("Visa 4111111111111111 exp", "4111111111111111"),
    ("Visa 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("Visa 4111-1111-1111-1111.", "4111-1111-1111-1111"),
    ("Visa (13 digits): 4222222222222", "4222222222222"),
    ("MC 5555555555554444", "5555555555554444"),
    ("MC 2-series 2223003122003222", "2223003122003222"),
    ("Amex 378282246310005", "378282246310005"),
    ("Amex 3782 822463 10005", "3782 822463 10005"),
    ("Discover 6011111111111117", "6011111111111117"),
    ("JCB 3530111333300000", "3530111333300000"),
    ("Diners 36227206271667", "36227206271667"),
    ("Diners 30569309025904", "30569309025904"),
    ("UnionPay 6200000000000005", "6200000000000005"),
    ("Maestro 6759649826438453", "6759649826438453"),
    ("card 4111 1111 1111 1111 cvv 123", "4111 1111 1111 1111"),
]


@pytest.mark.parametrize(("text", "value"), CARD_POSITIVES)
def test_card_found_with_full_score(text: str, value: str) -> None:
    assert_single(CreditCardRecognizer(), text, value, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "bad Luhn 4111111111111112",
        "unknown prefix 1234567812345670",
        "all zeros 0000000000000000",
        "order number 100000000000000001",
        "in a longer run 1234 4111 1111 1111 1111",
        "five groups 4111 1111 1111 1111 1111",
        "mixed separators 4111 1111-1111 1111",
        "decimal 4111111111111111.50",
        "word glued x4111111111111111",
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "timestamp 1700000000000",
        "git 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    ],
)
def test_card_near_misses_not_found(text: str) -> None:
    assert found(CreditCardRecognizer(), text) == []


def test_card_all_same_digit_is_invalidated() -> None:
    assert CreditCardRecognizer().invalidate_result("4444 4444 4444 4444") is True
    assert CreditCardRecognizer().invalidate_result("4111 1111 1111 1111") is False


@pytest.mark.parametrize(
    ("digits", "valid"), [("4111111111111111", True), ("4111111111111112", False), ("79927398713", True)]
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


# ----------------------------------------------------------------------------------------------------------- IBAN

IBAN_POSITIVES = [
    ("IBAN GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32"),
    ("to GB82WEST12345698765432.", "GB82WEST12345698765432"),
    ("DE89 3704 0044 0532 0130 00 2 days from today", "DE89 3704 0044 0532 0130 00"),
    ("FR1420041010050500013M02606", "FR1420041010050500013M02606"),
    ("NL91ABNA0417164300", "NL91ABNA0417164300"),
    ("Belgian BE68 5390 0754 7034 THEN more", "BE68 5390 0754 7034"),
    ("CH9300762011623852957", "CH9300762011623852957"),
    ("Norway NO93 8601 1117 947", "NO93 8601 1117 947"),
    ("PT50000201231234567890154", "PT50000201231234567890154"),
    ("Dash as iban separator: AL47-2121-1009-0000-0002-3569-8741", "AL47-2121-1009-0000-0002-3569-8741"),
]


@pytest.mark.parametrize(("text", "value"), IBAN_POSITIVES)
def test_iban_found_with_full_score(text: str, value: str) -> None:
    assert_single(IbanRecognizer(), text, value, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "bad checksum GB82 WEST 1234 5698 7654 33",
        "bad checksum GB82WEST12345698765433",
        "wrong length for GB: GB82WEST1234569876543",
        "unknown country ZZ82WEST12345698765432",
        "lower case gb82west12345698765432",
        "glued XGB82WEST12345698765432",
        "glued GB82WEST12345698765432X",
        "mixed separators GB82-WEST 1234-5698-7654-32",
    ],
)
def test_iban_near_misses_not_found(text: str) -> None:
    assert found(IbanRecognizer(), text) == []


@pytest.mark.parametrize(
    ("iban", "valid"),
    [("GB82 WEST 1234 5698 7654 32", True), ("GB82 WEST 1234 5698 7654 23", False), ("GB82WEST123", False)],
)
def test_iban_checksum(iban: str, valid: bool) -> None:
    assert iban_checksum_valid(iban) is valid


# ------------------------------------------------------------------------------------------------------------- IP

IP_POSITIVES = [
    ("server 192.168.1.10 is up", "192.168.1.10", 0.6),
    ("host:10.0.0.1", "10.0.0.1", 0.6),
    ("connect 8.8.8.8:53", "8.8.8.8", 0.6),
    ("net 10.20.0.0/16", "10.20.0.0", 0.6),
    ("edge 250.251.252.253", "250.251.252.253", 0.6),
    ("addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334.", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", 0.7),
    ("addr 2001:db8::1 ok", "2001:db8::1", 0.7),
    ("link fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a", 0.7),
    ("mapped ::ffff:192.168.1.1", "::ffff:192.168.1.1", 0.7),
    ("nat64 64:ff9b::192.0.2.33", "64:ff9b::192.0.2.33", 0.7),
    ("url http://[2001:db8::2]:8080/", "2001:db8::2", 0.7),
]


@pytest.mark.parametrize(("text", "value", "score"), IP_POSITIVES)
def test_ip_found(text: str, value: str, score: float) -> None:
    assert_single(IpRecognizer(), text, value, score)


@pytest.mark.parametrize(
    "text",
    [
        "v1.2.3.4",
        "version 10.0.0.1",
        "Version is now 10.0.0.1",
        "release 4.2.1.0 is out",
        "pkg==4.2.1.0",
        "pkg>=4.2.1.0",
        "lib@1.2.3.4",
        "numpy-1.2.3.4",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.4-beta",
        "192.168.01.1",
        "256.1.1.1",
        "time 12:30:45",
        "at 2024-01-01T12:30:45Z",
        "std::vector<int>",
        "a::b",
        "x[1::2]",
        "mac 00:1a:2b:3c:4d:5e",
        "fingerprint 43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8",
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "git 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "bind 0.0.0.0 and 127.0.0.1 and ::1",
        "mask 255.255.255.0",
        "broadcast 255.255.255.255",
        '[assembly: AssemblyVersion("4.2.1.0")]',
        '[assembly: AssemblyFileVersion("4.2.1.0")]',
        "FILEVERSION 4.2.1.0",
        'file_version="4.2.1.0"',
        "<appVersion>4.2.1.0</appVersion>",
    ],
)
def test_ip_near_misses_not_found(text: str) -> None:
    assert found(IpRecognizer(), text) == []


@pytest.mark.parametrize(
    "text",
    ["after conversion the host is 10.1.2.3", "HttpServer 10.1.2.3", "inversion at 10.1.2.3"],
)
def test_ip_after_words_that_only_contain_version_found(text: str) -> None:
    assert_single(IpRecognizer(), text, "10.1.2.3", 0.6)


def test_ip_range_keeps_both_ends() -> None:
    text = "range 10.0.0.1-10.0.0.254"
    assert found(IpRecognizer(), text) == [(6, 14, 0.6), (15, 25, 0.6)]


# ------------------------------------------------------------------------------------------------------------ URL

URL_POSITIVES = [
    ("see https://example.com/a?b=1.", "https://example.com/a?b=1"),
    ("(www.foo.org/x)", "www.foo.org/x"),
    ("get ftp://files.example.org/f.txt, then", "ftp://files.example.org/f.txt"),
    ("HTTP://EXAMPLE.COM/Path", "HTTP://EXAMPLE.COM/Path"),
    ("[docs](https://docs.example.com/guide#install)", "https://docs.example.com/guide#install"),
    ("local http://[::1]:8080/x!", "http://[::1]:8080/x"),
]


@pytest.mark.parametrize(("text", "value"), URL_POSITIVES)
def test_url_found(text: str, value: str) -> None:
    assert_single(UrlRecognizer(), text, value, 0.6)


@pytest.mark.parametrize(
    "text", ["example.com", "www.", "mailto:a@example.com", "https://", "file:///etc/hosts", "notwww.example.com"]
)
def test_url_near_misses_not_found(text: str) -> None:
    assert found(UrlRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("my domains: microsoft.com google.co.il", ["microsoft.com", "google.co.il"]),
        ("My website is janedoe.dev, come by", ["janedoe.dev"]),
        ("website: jan.de", ["jan.de"]),
    ],
)
def test_bare_domain_named_by_its_cue_is_a_url(text: str, values: list[str]) -> None:
    assert found_in_context(BareDomainRecognizer(), text) == [span(text, value, 0.7) for value in values]


@pytest.mark.parametrize(
    "text",
    [
        "microsoft.com and google.co.il",  # no cue
        "our website: see main.py and README.md",  # file names
        "the domain of f.x is large",  # one-letter "TLD"
        "website a@janedoe.dev",  # an email, not a host
    ],
)
def test_bare_domain_without_cue_or_shape_not_found(text: str) -> None:
    assert found_in_context(BareDomainRecognizer(), text) == []


# ------------------------------------------------------------------------------------------------------------ MAC

MAC_POSITIVES = [
    ("mac 00:1A:2B:3C:4D:5E.", "00:1A:2B:3C:4D:5E", 0.8),
    ("mac 00-1a-2b-3c-4d-5e", "00-1a-2b-3c-4d-5e", 0.8),
    ("cisco 0012.3456.789a", "0012.3456.789a", 0.6),
]


@pytest.mark.parametrize(("text", "value", "score"), MAC_POSITIVES)
def test_mac_found(text: str, value: str, score: float) -> None:
    assert_single(MacAddressRecognizer(), text, value, score)


@pytest.mark.parametrize(
    "text",
    [
        "ff:ff:ff:ff:ff:ff",
        "FF-FF-FF-FF-FF-FF",
        "00:00:00:00:00:00",
        "0000.0000.0000",
        "mixed 00:1A-2B:3C:4D:5E",
        "five 00:1A:2B:3C:4D",
        "eui64 00:1A:2B:3C:4D:5E:6F:70",
        "fingerprint 43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8",
        "time 12:30:45",
        "not hex 00:1G:2B:3C:4D:5E",
    ],
)
def test_mac_near_misses_not_found(text: str) -> None:
    assert found(MacAddressRecognizer(), text) == []


# ------------------------------------------------------------------------------------------------------------ VIN

VIN_POSITIVES = [
    ("VIN 1M8GDM9AXKP042788 on file", "1M8GDM9AXKP042788"),
    ("vehicle: 1HGCM82633A004352.", "1HGCM82633A004352"),
]


@pytest.mark.parametrize(("text", "value"), VIN_POSITIVES)
def test_vin_found_with_full_score(text: str, value: str) -> None:
    assert_single(VinRecognizer(), text, value, 1.0)


@pytest.mark.parametrize(
    "text",
    [
        "bad check digit 1M8GDM9A1KP042788",
        "no letter 11111111111111111",
        "lower case 1m8gdm9axkp042788",
        "has O 1M8GDM9AXKO042788",
        "sixteen 1M8GDM9AXKP04278",
        "eighteen 1M8GDM9AXKP0427881",
        "git 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "constant MAX_BUFFER_SIZE_BYTES",
    ],
)
def test_vin_near_misses_not_found(text: str) -> None:
    assert found(VinRecognizer(), text) == []


@pytest.mark.parametrize(
    ("vin", "valid"), [("1M8GDM9AXKP042788", True), ("1HGCM82633A004352", True), ("1HGCM82643A004352", False)]
)
def test_vin_check_digit(vin: str, valid: bool) -> None:
    assert vin_check_digit_valid(vin) is valid


# -------------------------------------------------------------------------------------------------- date of birth

DOB_POSITIVES = [
    ("dob 03/04/1984", "03/04/1984"),
    ("born 3/4/84 in", "3/4/84"),
    ("US 12/31/1984", "12/31/1984"),
    ("ISO 1984-03-03.", "1984-03-03"),
    ("dotted 03.04.1984", "03.04.1984"),
    ("born on 3 March 1984", "3 March 1984"),
    ("born 3rd of Mar. 1984", "3rd of Mar. 1984"),
    ("birthday March 3, 1984", "March 3, 1984"),
    ("born Sept 21st 1990", "Sept 21st 1990"),
]


@pytest.mark.parametrize(("text", "value"), DOB_POSITIVES)
def test_date_found_at_context_only_score(text: str, value: str) -> None:
    # 0.2 stays under the default min_score 0.5; the engine's context boost lifts it.
    assert_single(scanning_everywhere(DateOfBirthRecognizer), text, value, 0.2)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/1984",
        "1984-02-30",
        "13/13/1984",
        "2099-01-01",
        "time 12:30:45",
        "version 1.2.3",
        "1.2.3.4",
        "12/2024",
        "30 Febtober 1984",
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "at 2024-01-01T12:30:45Z",
    ],
)
def test_date_near_misses_not_found(text: str) -> None:
    assert found(DateOfBirthRecognizer(), text) == []


# ----------------------------------------------------------------------------------- medical record / licence numbers

MRN_POSITIVES = [
    ("MRN 1234567", "1234567"),
    ("patient id: AB12345", "AB12345"),
    ("UR number 00123456.", "00123456"),
    ("hospital number H1234567890X", "H1234567890X"),
]


@pytest.mark.parametrize(("text", "value"), MRN_POSITIVES)
def test_mrn_found_at_context_only_score(text: str, value: str) -> None:
    assert_single(MedicalRecordNumberRecognizer(), text, value, 0.2)


@pytest.mark.parametrize(
    "text",
    [
        "MRN 1234",
        "MRN ABCDEFG",
        "MRN 1234567890123",
        "MRN 00000",
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "file report1.txt",
        "path /srv/data12345/x",
        "version 1.2.3",
        "git 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "patient given 500mg",
        "patient BP 120mmHg",
        "patient drank 250ml",
    ],
)
def test_mrn_near_misses_not_found(text: str) -> None:
    assert found(MedicalRecordNumberRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Wrong MRN on the specimen label — should be 1234567, not that one.", ["1234567"]),
        ("MRN for the patient we discussed at handover yesterday is AB12345", ["AB12345"]),
        ("MRN noted. The rest of this long sentence carries on for a good many words before 1234567", []),
        ("order placed and shipped, tracking 1234567", []),
    ],
)
def test_mrn_context_reaches_ten_words_back(text: str, values: list[str]) -> None:
    assert found_in_context(MedicalRecordNumberRecognizer(), text) == [span(text, v, 0.6) for v in values]


LICENCE_POSITIVES = [
    ("AHPRA registration MED0001234567", "MED0001234567"),
    ("driver licence no. 12345678", "12345678"),
    ("cert #AB12345", "AB12345"),
    ("License: D1234567", "D1234567"),
    ("driver's license number: S530-460-75-123-0 (Florida)", "S530-460-75-123-0"),
    ("licence S-530-460-751-234.", "S-530-460-751-234"),
    ("licence no 123-456-789", "123-456-789"),
]


@pytest.mark.parametrize(("text", "value"), LICENCE_POSITIVES)
def test_licence_found_at_context_only_score(text: str, value: str) -> None:
    assert_single(LicenceNumberRecognizer(), text, value, 0.2)


@pytest.mark.parametrize(
    "text",
    [
        "licence 1234",
        "licence MIT",
        "licence 1111111",
        "cert file server.pem",
        "cert v1.2.3",
        "licence ABC0001234567890",
        "uuid 550e8400-e29b-41d4-a716-446655440000",
        "licence expires 2027-05-12",
        "licence expires 12-05-2027",
        "licence clause 4-2-1",
        "licence 1111-111-11",
        "licence S530-460-75-123-0-1-2",
        "licence S530-46075-123-0",
    ],
)
def test_licence_near_misses_not_found(text: str) -> None:
    assert found(LicenceNumberRecognizer(), text) == []


# ------------------------------------------------------------------- clinical dates, labelled and HL7 MRNs, licences


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Patient (DOB 14-Mar-1982) reports a cough.", "14-Mar-1982"),
        ("d.o.b. 3/Sep/75", "3/Sep/75"),
        ("Born 21 March 1990 in Hamilton.", "21 March 1990"),
    ],
)
def test_birth_dates_with_a_month_name_are_found_in_context(text: str, value: str) -> None:
    assert found_in_context(DateOfBirthRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "Invoice dated 14-Mar-1982 was paid.",  # no birth context
        "DOB 31-Feb-1982",  # not a real date
        "build 14-Mar-19822",
    ],
)
def test_month_name_dates_without_birth_context_are_not_found(text: str) -> None:
    assert found_in_context(DateOfBirthRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("UPDATE admissions SET discharged = now() WHERE mrn = 'MRN-3318842';", "MRN-3318842"),
        ("see UR:004512 for the history", "UR:004512"),
        ("PID|1||55012345^^^HOSP^MR||Doe^Jane", "55012345"),
        ("MSH|^~\\&|LAB\rPID|1|A7654321|55012345^^^HOSP^MR||Doe^Jane", "A7654321"),
    ],
)
def test_labelled_and_hl7_record_numbers_need_no_context_word(text: str, value: str) -> None:
    assert span(text, value, 0.85) in found(MedicalRecordNumberRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "ticket PAY-2210 is closed",  # a prefix that is not a record label
        "MRN-ABCDEF",  # no digits
        "RPID|1||55012345^^^HOSP",  # not a PID segment
        "the process PID 4242 exited",
    ],
)
def test_other_prefixed_ids_are_not_labelled_record_numbers(text: str) -> None:
    assert [r for r in found(MedicalRecordNumberRecognizer(), text) if r[2] >= 0.5] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Victorian driver licence number 061 552 719, expiry 03/2029.", "061 552 719"),
        ("NSW licence 1234 5678", "1234 5678"),
    ],
)
def test_spaced_licence_numbers_are_found_in_context(text: str, value: str) -> None:
    assert found_in_context(LicenceNumberRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "licence count 100 200",  # six digits: a count
        "licence fee 12 34",
        "we processed 120 000 rows in 3 400 ms",  # no context
        "licence 111 111 111",  # one digit repeated
    ],
)
def test_spaced_numbers_that_are_not_licences(text: str) -> None:
    assert found_in_context(LicenceNumberRecognizer(), text) == []


# ------------------------------------------------------------------------------------ fresh-set formats (OCR, HL7, PNR)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hostname,mac,ip\nlt-0413,ACDE48680F19,10.0.0.2\n", "ACDE48680F19"),  # the column says mac
        ("mac ACDE48680F19 on the switch", "ACDE48680F19"),
    ],
)
def test_bare_mac_found_in_context(text: str, value: str) -> None:
    assert found_in_context(MacAddressRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "hostname,build,ip\nlt-0413,ACDE48680F19,10.0.0.2\n",  # no mac word or column
        "mac 123456789012 on the switch",  # digits only
        "mac ACDEFABCDEFA on the switch",  # letters only
        "mac ACDE48680F19AB on the switch",  # fourteen hex digits
    ],
)
def test_bare_mac_near_misses_not_found(text: str) -> None:
    assert found_in_context(MacAddressRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("PID|1||P00913378^^^RHH^MR||Entwistle^Clive||19780611|F|||", "19780611"),
        ("PID|1||P009^^^RHH^MR||Doe^Jo||197806110930|M", "19780611"),  # a time may follow
        ("SSR DOCS QF HK1/P/NZL/LF644230/NZL/12MAR84/M/22OCT31/RUANE/SAOIRSE/P1", "12MAR84"),
        ("D . O . B  :  07/10/1969", "07/10/1969"),  # an OCR'd, spaced-out label
    ],
)
def test_birth_dates_in_records_and_forms(text: str, value: str) -> None:
    assert any(hit[:2] == span(text, value, 0)[:2] for hit in found_in_context(DateOfBirthRecognizer(), text))


@pytest.mark.parametrize(
    "text",
    [
        "PID|1||P00913378^^^RHH^MR||Entwistle^Clive||19781311|F|||",  # month 13
        "OBR|1||P00913378^^^RHH^MR||Entwistle^Clive||19780611|F|||",  # not the PID segment
        "PID|1||19780611|F|||",  # PID-3, not PID-7
        "SSR DOCS QF HK1/P/NZL/LF644230/NZL/22OCT31/RUANE/SAOIRSE/P1",  # expiry field: no gender after it
        "D . O . X  :  07/10/1969",
    ],
)
def test_birth_date_near_misses_not_found(text: str) -> None:
    assert found_in_context(DateOfBirthRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Lab result (MRN HN-0082714) is back", "HN-0082714"),
        ("patient WPV-1359902 reviewed", "WPV-1359902"),
    ],
)
def test_mrn_with_a_letter_prefix_found_in_context(text: str, value: str) -> None:
    assert found_in_context(MedicalRecordNumberRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "Ticket HN-0082714 closed",  # no record word
        "patient on COVID-19 ward",  # too few digits
        "patient file ABCDE-0082714",  # prefix too long
    ],
)
def test_mrn_letter_prefix_near_misses_not_found(text: str) -> None:
    assert found_in_context(MedicalRecordNumberRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("New York DL 281 774 903 scanned", ["281 774 903"]),
        ("California DL C6612094 for the guest", ["C6612094"]),
        ("12/03/2025, 21:16 - Bo: and your licence no?\n12/03/2025, 21:16 - Ru: DB839201 version 2", ["DB839201"]),
        ("Download C6612094 now", []),  # no licence word
        ("New York DL 281 774 903 1234 scanned", []),  # thirteen digits
    ],
)
def test_licence_after_dl_or_a_chat_question(text: str, values: list[str]) -> None:
    assert found_in_context(LicenceNumberRecognizer(), text) == [span(text, v, 0.6) for v in values]


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        ("Card  No  4373  0435  5675  7053", True),  # OCR doubles the spaces
        ("Card  No  4373  0435 5675  7053", False),  # mixed gaps are not one number
        ("Card  No  4373   0435   5675   7053", False),  # three spaces
    ],
)
def test_card_with_doubled_spaces(text: str, found_it: bool) -> None:
    assert bool(found(CreditCardRecognizer(), text)) is found_it
