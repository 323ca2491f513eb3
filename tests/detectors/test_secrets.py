"""The secrets layer: vendor keys, PEM blocks, JWTs and password values; no flags on plain high-entropy text."""

from __future__ import annotations

import base64
import json

import pytest
from presidio_analyzer import RecognizerResult

from detectors.secrets import (
    RECOGNIZERS,
    ApiKeyRecognizer,
    JwtRecognizer,
    PasswordRecognizer,
    PrivateKeyRecognizer,
)

# Fake credentials are assembled at run time so no scanner mistakes this file for a leak.
MIXED = "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xYz"
OPENAI_LEGACY = "sk-" + (MIXED + MIXED)[:48]
OPENAI_PROJECT = "sk-proj-" + (MIXED * 5)[:156]
ANTHROPIC = "sk-ant-api03-" + (MIXED * 3)[:93] + "AA"
AWS_ACCESS_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE"
AWS_STS_KEY_ID = "ASIA" + "Q3EGRTUV5WXYZ2AB"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
GITHUB_CLASSIC = "ghp_" + (MIXED * 2)[:36]
GITHUB_OAUTH = "gho_" + (MIXED * 2)[1:37]
GITHUB_FINE = "github_pat_" + "11ABCDEFG0" + (MIXED * 3)[:72]
SLACK_BOT = "xoxb-" + "123456789012-1234567890123-" + MIXED[:24]
SLACK_USER = "xoxp-" + "123456789012-123456789012-1234567890123-" + MIXED[:32]
GOOGLE = "AIza" + (MIXED * 2)[:35]
STRIPE = "sk_" + "live_" + MIXED[:24]


def b64url(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


JWT = b64url({"alg": "HS256", "typ": "JWT"}) + "." + b64url({"sub": "1234567890", "name": "x"}) + ".dozjgNryP4J3jVmN"
JWT_ALG_NONE = b64url({"alg": "none"}) + "." + b64url({"sub": "42"}) + "."
NOT_A_JWT = b64url({"typ": "JWT"}) + "." + b64url({"sub": "1"}) + ".abcdefgh"  # header has no "alg"

PEM_BODY = "MIIEowIBAAKCAQEA7bq\nZx9Kq1mN2pQ4rS6tU8vW0xYzaB3dE5fG7hJ9kL==\n"


def pem(kind: str) -> str:
    prefix = f"{kind} " if kind else ""
    return f"-----BEGIN {prefix}PRIVATE KEY-----\n{PEM_BODY}-----END {prefix}PRIVATE KEY-----"


ENCRYPTED_LEGACY_PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n"
    + PEM_BODY
    + "-----END RSA PRIVATE KEY-----"
)

ALL = [cls() for cls in RECOGNIZERS]


def found(text: str, recognizers: list | None = None) -> set[tuple[str, str, float]]:
    """(entity type, matched text, score) for every result of the given recognizers (all by default)."""
    results: set[tuple[str, str, float]] = set()
    for recognizer in recognizers or ALL:
        for result in recognizer.analyze(text, []):
            results.add((result.entity_type, text[result.start : result.end], round(result.score, 2)))
    return results


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"OPENAI_API_KEY: {OPENAI_LEGACY} is set", OPENAI_LEGACY),
        (f"client = OpenAI(api_key='{OPENAI_PROJECT}')", OPENAI_PROJECT),
        (f"curl -H 'x-api-key: {ANTHROPIC}' https://api.anthropic.com", ANTHROPIC),
        (f"aws id {AWS_ACCESS_KEY_ID} here", AWS_ACCESS_KEY_ID),
        (f"AccessKeyId={AWS_STS_KEY_ID}", AWS_STS_KEY_ID),
        (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET),
        (f'"SecretAccessKey": "{AWS_SECRET}"', AWS_SECRET),
        (f"AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n", AWS_SECRET),
        (f"git remote set-url origin https://{GITHUB_CLASSIC}@github.com/o/r", GITHUB_CLASSIC),
        (f"token {GITHUB_OAUTH}.", GITHUB_OAUTH),
        (f"GH_TOKEN={GITHUB_FINE}", GITHUB_FINE),
        (f"slack: {SLACK_BOT}", SLACK_BOT),
        (f"({SLACK_USER})", SLACK_USER),
        (f"https://maps.googleapis.com/api?key={GOOGLE}&q=x", GOOGLE),
        (f'stripe.api_key = "{STRIPE}"', STRIPE),
    ],
)
def test_api_keys_are_found_whole_at_full_score(text: str, expected: str) -> None:
    assert ("API_KEY", expected, 1.0) in found(text, [ApiKeyRecognizer()])


@pytest.mark.parametrize(
    "text",
    [
        "sk-learn is not a key, nor is sk-this-is-a-long-kebab-case-slug-name",
        "AKIA" + "IOSFODNN7EXAMPL",  # 15 characters after the prefix
        "XAKIA" + "IOSFODNN7EXAMPLE",  # inside a longer token
        "akia" + "iosfodnn7example",  # prefixes are case-sensitive
        f"an unlabelled 40-character string {AWS_SECRET} is not an AWS secret",
        "ghp_" + "short123",
        "AIza" + "tooShort123",
        "xoxb-notatoken",
    ],
)
def test_api_key_look_alikes_are_not_flagged(text: str) -> None:
    assert found(text, [ApiKeyRecognizer()]) == set()


@pytest.mark.parametrize("kind", ["", "RSA", "EC", "DSA", "OPENSSH", "ENCRYPTED"])
def test_private_key_blocks_are_found_begin_to_end(kind: str) -> None:
    block = pem(kind)
    assert found(f"my key:\n{block}\nthanks", [PrivateKeyRecognizer()]) == {("PRIVATE_KEY", block, 1.0)}


def test_legacy_encrypted_pem_with_hyphenated_headers_is_found_whole() -> None:
    text = f"key = '''{ENCRYPTED_LEGACY_PEM}'''"
    assert found(text, [PrivateKeyRecognizer()]) == {("PRIVATE_KEY", ENCRYPTED_LEGACY_PEM, 1.0)}


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN RSA PRIVATE KEY-----\n" + "A" * 100_000,  # unterminated: no match, and no backtracking
        ("-----BEGIN PRIVATE KEY-----\n" + "QUJD" * 50 + "\n") * 200,  # many unterminated blocks
        "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "-----END EC PRIVATE KEY-----",  # mismatched END
        "-----BEGIN PUBLIC KEY-----\n" + PEM_BODY + "-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\n" + PEM_BODY + "-----END CERTIFICATE-----",
    ],
)
def test_incomplete_or_public_pem_is_not_a_private_key(text: str) -> None:
    assert found(text, [PrivateKeyRecognizer()]) == set()


def test_two_private_keys_are_two_results() -> None:
    first, second = pem("RSA"), pem("OPENSSH")
    assert found(f"{first}\n\n{second}", [PrivateKeyRecognizer()]) == {
        ("PRIVATE_KEY", first, 1.0),
        ("PRIVATE_KEY", second, 1.0),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Authorization: Bearer {JWT}", JWT),
        (f"the token is {JWT}.", JWT),
        (f'{{"id_token":"{JWT}"}}', JWT),
        (f"unsigned {JWT_ALG_NONE} token", JWT_ALG_NONE),
    ],
)
def test_jwts_are_found(text: str, expected: str) -> None:
    assert ("JWT", expected, 1.0) in found(text, [JwtRecognizer()])


@pytest.mark.parametrize(
    "text",
    [
        f"no alg: {NOT_A_JWT}",
        "eyJub3QganNvbg.eyJzdWIiOiIxIn0.abcdefgh",  # header is not JSON
        "version 1.2.3 and file.tar.gz and a.b.c",
    ],
)
def test_jwt_look_alikes_are_not_flagged(text: str) -> None:
    assert found(text, [JwtRecognizer()]) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password=hunter22", "hunter22"),
        ("passwd: s3cr3tpass", "s3cr3tpass"),
        ('{"password": "p@ss w0rd!"}', "p@ss w0rd!"),
        ("secret: correct-horse-battery", "correct-horse-battery"),
        ("api_key = 'abcd1234efgh'", "abcd1234efgh"),
        ("https://example.com/cb?token=abc123def&state=xyz", "abc123def"),
        ("client_secret: xyzzy-plugh-42", "xyzzy-plugh-42"),
        ("DB_PASSWORD=changeme", "changeme"),  # a weak password is still a password
        ("MYSQL_ROOT_PASSWORD: 'Tr0ub4dor&3'", "Tr0ub4dor&3"),
        ('smtp.password => "mail-pass-99"', "mail-pass-99"),
        ("userPassword := 'camelCased1'", "camelCased1"),
        ('password: str = "typed-default-1"', "typed-default-1"),
        ("--password=cli-secret-7 --user bob", "cli-secret-7"),
        ("The password: hunter22.", "hunter22"),
        ("postgres://app_user:Pa55w0rd@db.internal:5432/app", "Pa55w0rd"),
        ("DATABASE_URL=mysql://root:r00t-pw@127.0.0.1/db", "r00t-pw"),
        ("mongodb+srv://admin:m0ng0pw@cluster0.example.net/test", "m0ng0pw"),
        ("redis://:r3dis-pass@cache:6379/0", "r3dis-pass"),
        # An env-style line keeps `&` and `;` in the value: it runs to a space, a quote or the line's end.
        ("DATABASE_URL=postgres://app@db/app\nDATABASE_PASSWORD=Tr0ub4dor&3x\n", "Tr0ub4dor&3x"),
        ("export API_TOKEN=abc123xyz&foo;bar", "abc123xyz&foo;bar"),
        ("  - MYSQL_ROOT_PASSWORD=Pa55&w0rd", "Pa55&w0rd"),
        ("DB_PASSWORD=a&b<c>d rest of line", "a&b<c>d"),
        # Elsewhere `&` still ends a value, as in a query string.
        ("password=abc123&user=bob", "abc123"),
        ("curl 'https://x.example/login?password=hunter22&user=bob'", "hunter22"),
    ],
)
def test_password_value_is_found_without_its_key(text: str, expected: str) -> None:
    assert found(text, [PasswordRecognizer()]) == {("PASSWORD", expected, 0.8)}


@pytest.mark.parametrize(
    "text",
    [
        "password=",
        'password: ""',
        "password=***",
        "password: '********'",
        "password=<password>",
        "password: [REDACTED]",
        "password=[PASSWORD_7K2Q9]",  # our own placeholder
        "password=${DB_PASSWORD}",
        "password: $DB_PASSWORD",
        "password = os.environ['DB_PASSWORD']",
        'password = os.getenv("DB_PASSWORD")',
        "token: process.env.API_TOKEN",
        "password = get_password()",
        "password = self.password",
        "password = user_password",
        "password: None",
        '"password": null',
        "secret: true",
        "token=false",
        "password=abc",  # under four characters
        "password: str",
        "password: Optional[str] = None",
        "password: {{ vault_password }}",
        "if password == 'letmein':",
        "max_tokens: 1024",
        "password_hash = 'pbkdf2_sha256$1$x$y'",
        "Please reset your password before Friday.",
        "https://example.com:8443/path and http://host/a:b",
        "DB_PASSWORD=$(cat /run/secrets/db)",
        "DB_PASSWORD=${DB_PASSWORD:-x&y}",
        "PASSWORD_HASH=x&y&z&w",
        "DB_PASSWORD=x&y",  # under four characters
    ],
)
def test_non_secret_password_values_are_not_flagged(text: str) -> None:
    assert found(text, [PasswordRecognizer()]) == set()


@pytest.mark.parametrize(
    "text",
    [
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it",
        "request id 123e4567-e89b-12d3-a456-426614174000",
        "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "upgrade to v2.10.3 (was 2.9.0-rc.1)",
        "const userName = getUserName(accountId); // camelCase identifiers",
        "def handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}",
        "md5 d41d8cd98f00b204e9800998ecf8427e and base64 SGVsbG8gV29ybGQhIFRoaXMgaXMgYSB0ZXN0Lg==",
    ],
)
def test_high_entropy_text_without_a_secret_shape_is_not_flagged(text: str) -> None:
    assert found(text) == set()


def test_results_carry_presidio_metadata_and_layer_tag() -> None:
    recognizer = PasswordRecognizer()
    [result] = recognizer.analyze("password=hunter22", ["PASSWORD"])
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "PasswordRecognizer"
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == recognizer.id
    assert result.analysis_explanation is not None
    assert result.analysis_explanation.score == pytest.approx(0.8)
    assert {cls.LAYER for cls in RECOGNIZERS} == {"secrets"}
    assert {cls.COUNTRY_CODE for cls in RECOGNIZERS} == {None}
    assert {cls().supported_entities[0] for cls in RECOGNIZERS} == {"API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD"}


def test_a_secret_next_to_its_key_name_is_a_key_and_a_password_value() -> None:
    text = f"OPENAI_API_KEY={OPENAI_LEGACY}"
    assert found(text) == {("API_KEY", OPENAI_LEGACY, 1.0), ("PASSWORD", OPENAI_LEGACY, 0.8)}


# Vendor tokens with documented prefixes, assembled at run time like the ones above.
HUGGING_FACE = "hf_" + "SdKqLmNoPqRsTuVwXyZaBcDeFgHiJkLmNo"
GITLAB = "glpat-" + MIXED[:20]
NPM = "npm_" + (MIXED * 2)[:36]
SENDGRID = "SG." + MIXED[:22] + "." + (MIXED * 2)[:43]
STRIPE_PUBLISHABLE = "pk_" + "live_" + MIXED[:24]
TWILIO_KEY_SID = "SK" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
AZURE_STORAGE_KEY = (MIXED * 3)[:86] + "=="


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"huggingface-cli login --token {HUGGING_FACE}", HUGGING_FACE),
        (f"git clone https://oauth2:{GITLAB}@gitlab.example.com/x.git", GITLAB),
        (f"//registry.npmjs.org/:_authToken={NPM}", NPM),
        (f"SENDGRID_API_KEY={SENDGRID}", SENDGRID),
        (f"stripe.publishableKey = '{STRIPE_PUBLISHABLE}'", STRIPE_PUBLISHABLE),
        (f"twilio api key {TWILIO_KEY_SID}", TWILIO_KEY_SID),
        (
            f"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={AZURE_STORAGE_KEY};EndpointSuffix=core",
            AZURE_STORAGE_KEY,
        ),
    ],
)
def test_more_vendor_keys_are_found_at_full_score(text: str, expected: str) -> None:
    assert ("API_KEY", expected, 1.0) in found(text, [ApiKeyRecognizer()])


@pytest.mark.parametrize(
    "text",
    [
        "hf_" + "hub_download_the_model_from_the_hub",  # a function name: underscores are not in a token
        "npm_" + "install_dependencies_for_the_project1",
        "SK" + "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",  # not hex
        "AccountKey=short==",
    ],
)
def test_more_vendor_key_look_alikes_are_not_flagged(text: str) -> None:
    assert found(text, [ApiKeyRecognizer()]) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("machine ftp.example.org login backup password kT4!vW9qZ2", "kT4!vW9qZ2"),
        ("machine api.example.org\n  login bob\n  password s3cr3t!\n", "s3cr3t!"),
        ("The wifi password for the meeting room is ghj&K2p0xq (changed weekly).", "ghj&K2p0xq"),
        ("the password is hunter22.", "hunter22"),
        ("Your passcode has been changed to 7741-ab!", "7741-ab!"),
        ('{"smtp": {"user": "notify", "pass": "Vb8$eR1nQ#"}}', "Vb8$eR1nQ#"),
        ("DB_PASS=Tr0ub4dor&3x", "Tr0ub4dor&3x"),
        ("smtp.pass: hunter-22", "hunter-22"),
    ],
)
def test_passwords_without_an_assignment_are_found(text: str, expected: str) -> None:
    assert found(text, [PasswordRecognizer()]) == {("PASSWORD", expected, 0.8)}


@pytest.mark.parametrize(
    "text",
    [
        "The password is in the vault.",  # no digit or symbol: a word, not a password
        "Your password must be at least 12 characters.",
        "The password was changed on Friday.",
        "login as admin and open password reset",
        "bypass: all-users-1",  # "pass" only as a whole key or after a separator
        "compass: north-east1",
        "passport: LA123456",
    ],
)
def test_password_words_in_prose_are_not_flagged(text: str) -> None:
    assert found(text, [PasswordRecognizer()]) == set()


def test_bypass_env_line_is_not_a_password() -> None:
    assert found("BYPASS=Tr0ub4dor&3x", [PasswordRecognizer()]) == set()


SLACK_APP = "xapp-1-" + "AL6TPEKM6GB-5040390500904-" + ("e2019bbb1232" * 6)[:64]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"here is the staging key {SLACK_APP} pls rotate", SLACK_APP),
        (f'"token": "{SLACK_APP}"', SLACK_APP),
    ],
)
def test_slack_app_token_found(text: str, value: str) -> None:
    assert ("API_KEY", value, 1.0) in found(text, [ApiKeyRecognizer()])


@pytest.mark.parametrize("text", ["see xapp-1-docs for setup", "the xapp-1-AB-12 sample"])
def test_slack_app_token_near_misses(text: str) -> None:
    assert found(text, [ApiKeyRecognizer()]) == set()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("wifi for the offsite is Kumara&Koru2025 — don't post it", "Kumara&Koru2025"),
        ("the wi-fi at the bach is Tui!Nest88", "Tui!Nest88"),
    ],
)
def test_wifi_password_in_a_sentence(text: str, value: str) -> None:
    assert ("PASSWORD", value, 0.8) in found(text, [PasswordRecognizer()])


@pytest.mark.parametrize(
    "text",
    [
        "wifi speed in the office is 100Mbps",  # one case only
        "the wifi standard is 802.11ac",
        "wifi for the offsite is Excellent",  # no digit or symbol
        "wifi is Kumara&Koru2025",  # no words naming which network
    ],
)
def test_wifi_sentence_near_misses(text: str) -> None:
    assert found(text, [PasswordRecognizer()]) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OPENAI_API_KEY=\nDB_PASSWORD=\nDEBUG=false\n", set()),  # empty keys: the next line is not a value
        ("password:\n  Hunter2!x\n", {("PASSWORD", "Hunter2!x", 0.8)}),  # indented under its key
    ],
)
def test_values_do_not_run_onto_the_next_key(text: str, expected: set[tuple[str, str, float]]) -> None:
    assert found(text, [PasswordRecognizer()]) == expected
