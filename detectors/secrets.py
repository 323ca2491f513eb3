"""The secrets layer: API keys and tokens, private key blocks, JWTs and the values of password-style pairs.

Only shapes that announce themselves (a vendor prefix, a PEM armour line, a JWT header, a key name next to
the value) are flagged: a bare high-entropy string (git SHA, UUID, hash, base64 blob) never is.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import regex as re
from presidio_analyzer import Pattern, RecognizerResult

from detectors import pattern_hints
from detectors.pattern_hints import may_match
from detectors.patterns import ConstantPatternRecognizer, compiled, drop_contained, presidio_score
from detectors.results import tagged_result

# Case matters for every prefix (AKIA, ghp_, AIza); key names opt into case folding with (?i:...).
SECRET_REGEX_FLAGS = re.DOTALL | re.MULTILINE

# A token may not continue into a neighbouring token character on either side.
_BEFORE = r"(?<![A-Za-z0-9_-])"
_AFTER = r"(?![A-Za-z0-9_-])"
_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
VALUE_GROUP = "value"


class SecretPatternRecognizer(ConstantPatternRecognizer):
    """A PatternRecognizer whose result covers the `value` group when a pattern has one, else the whole match.

    Presidio reports the whole match; a secret next to its key name must be reported without the key.
    """

    LAYER = "secrets"
    REGEX_FLAGS = SECRET_REGEX_FLAGS
    # Characters dropped from the end of a value, as sentence punctuation rather than part of the secret.
    TRAILING_PUNCTUATION = ""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        flags: int = regex_flags or self.global_regex_flags or SECRET_REGEX_FLAGS
        # Keyed by span: Presidio's remove_duplicates compares every pair, quadratic on a long text.
        results: dict[tuple[int, int], RecognizerResult] = {}
        for pattern in self.patterns:
            if not may_match(pattern, text):
                continue  # its hint is absent: it cannot match here
            for match in pattern_hints.matches(pattern, compiled(pattern, flags), text, flags):
                result = self._result_for(match, pattern, flags)
                if result is None:
                    continue
                kept = results.get((result.start, result.end))
                if kept is None or result.score > kept.score:
                    results[(result.start, result.end)] = result
        # A longer value that scores as well wins: `a&b` on an env line beats the `a` before `&`.
        ordered = sorted(results.values(), key=lambda result: (result.start, -result.end))
        return sorted(drop_contained(ordered), key=lambda result: (result.start, result.end))

    def _result_for(self, match: Any, pattern: Pattern, flags: int) -> RecognizerResult | None:
        group = VALUE_GROUP if VALUE_GROUP in match.re.groupindex else 0
        start, end = match.span(group)
        while end > start and match.string[end - 1] in self.TRAILING_PUNCTUATION:
            end -= 1
        if start < 0 or start == end:
            return None
        scored = presidio_score(self, match.string[start:end], pattern)
        if scored is None:
            return None
        score, validation = scored
        explanation = self.build_regex_explanation(
            self.name, pattern.name, pattern.regex, pattern.score, bool(validation), flags
        )
        explanation.score = score
        return tagged_result(self, self.supported_entities[0], start, end, score, explanation)


# Prefixes of random-bodied tokens (npm, GitLab, SendGrid): the body after them must look random.
_TOKEN_PREFIX = re.compile(r"npm_|gl(?:pat|dt|ptt|rt|oas|cbt|imt)-|SG\.")
_AZURE_KEY_LENGTHS = (44, 88)
# Prefixes no other string carries: the pattern's shape after them is enough.
_KNOWN_PREFIXES = (
    "sk-ant-", "AKIA", "ASIA", "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xoxa-", "xoxb-", "xoxe-",
    "xoxo-", "xoxp-", "xoxr-", "xoxs-", "AIza", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_",
    "pk_test_", "hf_",
)  # fmt: skip


def _mixed_case_with_digit(body: str) -> bool:
    """Random tokens mix upper, lower and digits; slugs and words do not."""
    return any(c.isupper() for c in body) and any(c.islower() for c in body) and any(c.isdigit() for c in body)


class ApiKeyRecognizer(SecretPatternRecognizer):
    """Vendor API keys and tokens, recognised by their documented prefixes and shapes."""

    ENTITY = "API_KEY"
    PATTERNS = (
        Pattern("Anthropic API key", _BEFORE + r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{32,200}" + _AFTER, 1.0),
        Pattern(
            "OpenAI API key",
            _BEFORE + r"sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,300}" + _AFTER,
            1.0,
        ),
        Pattern("AWS access key id", r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])", 1.0),
        Pattern(
            "AWS secret access key",
            r"(?i:aws[_.-]?secret(?:[_.-]?access)?[_.-]?key|secret[_-]?access[_-]?key)[\"']?\s*(?:=>|:=|[:=])"
            r"\s*[\"']?(?P<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
            1.0,
        ),
        Pattern("GitHub token", _BEFORE + r"gh[pousr]_[A-Za-z0-9]{20,251}" + _AFTER, 1.0),
        Pattern("GitHub fine-grained token", _BEFORE + r"github_pat_[A-Za-z0-9_]{22,244}" + _AFTER, 1.0),
        Pattern("Slack token", _BEFORE + r"xox[abeoprs]-[A-Za-z0-9]+(?:-[A-Za-z0-9]+){1,5}" + _AFTER, 1.0),
        # Slack app-level tokens: xapp-1-A0123-4567-<hex>.
        Pattern("Slack app token", _BEFORE + r"xapp-[0-9]-[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,3}" + _AFTER, 1.0),
        Pattern("Google API key", _BEFORE + r"AIza[A-Za-z0-9_-]{35}" + _AFTER, 1.0),
        Pattern("Stripe key", _BEFORE + r"(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,247}" + _AFTER, 1.0),
        Pattern("Hugging Face token", _BEFORE + r"hf_[A-Za-z0-9]{30,40}" + _AFTER, 1.0),
        Pattern("GitLab token", _BEFORE + r"gl(?:pat|dt|ptt|rt|oas|cbt|imt)-[A-Za-z0-9_-]{20,64}" + _AFTER, 1.0),
        Pattern("npm token", _BEFORE + r"npm_[A-Za-z0-9]{36}" + _AFTER, 1.0),
        Pattern("SendGrid API key", _BEFORE + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _AFTER, 1.0),
        # Twilio: API key SIDs (SK) and account SIDs (AC) are 32 lower-case hex digits after the prefix.
        Pattern("Twilio key or account SID", r"(?<![A-Za-z0-9])(?:SK|AC)[0-9a-f]{32}(?![A-Za-z0-9])", 1.0),
        # Azure storage and service bus connection strings carry the key itself: 44 or 88 base64 characters.
        Pattern(
            "Azure connection string key",
            r"(?i:AccountKey|SharedAccessKey)=(?P<value>[A-Za-z0-9+/]{42,86}={0,2})(?![A-Za-z0-9+/=])",
            1.0,
        ),
    )
    CONTEXT = ("key", "token", "api", "secret", "credential", "bearer", "authorization")

    def validate_result(self, pattern_text: str) -> bool | None:
        text = pattern_text
        # A vendor prefix is the secret's own label: redacted whatever its entropy or an "EXAMPLE" inside it.
        if text.startswith(_KNOWN_PREFIXES) or _TOKEN_PREFIX.match(text):
            return True
        if text.startswith("sk-"):
            # OpenAI's bare "sk-" is also a word prefix (sk-learn, kebab slugs): the body needs a digit or capital.
            body = text.removeprefix("sk-")
            for scope in ("proj-", "svcacct-", "admin-"):
                body = body.removeprefix(scope)
            return len(body) >= 20 and any(c.isdigit() or c.isupper() for c in body)
        if text.startswith("xapp-"):
            return len(text) >= 40 and any(c.isdigit() for c in text[5:]) and any(c.isalpha() for c in text[5:])
        if text.startswith(("SK", "AC")) and len(text) == 34:
            return any(c.isdigit() for c in text[2:]) and any(c.isalpha() for c in text[2:])
        if len(text) in _AZURE_KEY_LENGTHS and text.endswith("="):
            return set(text.rstrip("=")) <= _B64_CHARS and _mixed_case_with_digit(text)
        # The AWS secret access key: 40 base64 characters that look random.
        return len(text) == 40 and set(text) <= _B64_CHARS and _mixed_case_with_digit(text)


class PrivateKeyRecognizer(SecretPatternRecognizer):
    """A whole PEM private key block, from the BEGIN line through the matching END line."""

    ENTITY = "PRIVATE_KEY"
    # The body never contains '-----', so each attempt stops at the next armour line: linear on any input.
    PATTERNS = (
        Pattern(
            "PEM private key block",
            r"-----BEGIN (?P<kind>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?)PRIVATE KEY(?P<block>(?: BLOCK)?)-----"
            r"(?:[^-]|-(?!----))*+"
            r"-----END (?P=kind)PRIVATE KEY(?P=block)-----",
            1.0,
        ),
    )
    CONTEXT = ("private", "key", "pem", "ssh")


def _b64url_decode(segment: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None


class JwtRecognizer(SecretPatternRecognizer):
    """A JSON Web Token: three base64url segments whose first decodes to a JSON header naming its "alg"."""

    ENTITY = "JWT"
    PATTERNS = (
        Pattern(
            "JSON Web Token",
            r"(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*+"
            r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])",
            1.0,
        ),
    )
    CONTEXT = ("jwt", "token", "bearer", "authorization")

    def validate_result(self, pattern_text: str) -> bool | None:
        header_segment, payload_segment, _signature = pattern_text.split(".")
        header = _b64url_decode(header_segment)
        if header is None or _b64url_decode(payload_segment) is None:
            return False
        try:
            parsed = json.loads(header)
        except (UnicodeDecodeError, ValueError):
            return False
        return isinstance(parsed, dict) and "alg" in parsed


# Key names whose value is a secret; a prefix (db_, MYSQL_ROOT_, smtp.) and a _key suffix are allowed.
# A bare "pass" key only on its own or after a separator ("pass", "smtp.pass", "DB_PASS"), never "bypass".
_SECRET_KEY_NAME = (
    r"(?<![\w.-])(?:[\w.-]{0,40}?"
    r"(?i:passw(?:or)?d|passphrase|pwd|secret|client[_-]?secret|api[_-]?key|apikey|token|auth[_-]?token)"
    r"|(?:[\w.-]{0,40}?[_.-])?(?i:pass))"
    r"(?i:[_-]?(?:access[_-]?)?key)?"
)
# `=`, `:`, `=>`, `:=`, or a typed declaration such as `: str =` / `: str | None =`; never `==`.
# A value on the next line only when indented under its key: `API_KEY=` then `DB_PASSWORD=` are two empty keys.
_ASSIGN = (
    r"[\"']?\s*(?:=>|:=|=(?!=)|:\s*[A-Za-z_][\w.\[\]]{0,30}(?:\s*[|,]\s*[\w.\[\]]{1,30}){0,3}\s*=(?!=)|:)"
    r"[ \t]*(?:\r?\n[ \t]+)?"
)
_QUOTED_VALUE = r"\"(?P<value>(?:[^\"\\\r\n]|\\.){1,256})\"|'(?P<value>(?:[^'\\\r\n]|\\.){1,256})'"
# Possessive, so a value cut short by a call's '(' is refused rather than shortened.
_BARE_VALUE = r"(?P<value>[^\s\"'`,;&<>(){}\[\]=][^\s\"'`,;&<>(){}\[\]]{0,255}+)(?![(\[])"
# A .env / shell / compose line (`DB_PASSWORD=a&b;c`): the key starts the line and the value runs to a space
# or quote, so `&` and `;` stay in it; `$(...)` and `${...}` are substitutions, not values.
# Upper case, as environment variables are named: `password=a&user=b` is a query string, where `&` ends a value.
_ENV_LINE_KEY = (
    r"^[ \t]*(?:export[ \t]+|-[ \t]+)?(?-i:(?:[A-Z0-9_]{0,40}?"
    r"(?:PASSW(?:OR)?D|PASSPHRASE|PWD|SECRET|API_?KEY|APIKEY|TOKEN|AUTH_?TOKEN)|(?:[A-Z0-9_]{0,40}?_)?PASS)"
    r"(?:_?(?:ACCESS_?)?KEY)?)"
)
_ENV_VALUE = r"=(?P<value>(?!\$[({])[^\s\"'`=][^\s\"'`]{0,255}+)(?=\s|$)"

# Values written without `=` or `:` (a .netrc line, a sentence) must look made up: a digit or a symbol in them.
_MADE_UP_VALUE = r"(?=[^\s\"'“”‘’]*[0-9!@#$%^&*?~+=_])[^\s\"'“”‘’]{4,128}?(?=[.,;:)\]]*(?:\s|$)|[\"'”’])"
_PASSWORD_WORD = r"(?i:password|passwd|passphrase|passcode)"
# .netrc and FTP-style lines: `machine host login user password value`, fields split by spaces or lines.
_NETRC_LINE = (
    r"(?<![\w-])(?i:login|user|account)\s+\S{1,128}\s+" + _PASSWORD_WORD + r"[ \t]+(?P<value>" + _MADE_UP_VALUE + ")"
)
# A sentence: "the wifi password for the staff room is X", "password has been changed to X".
_PASSWORD_SENTENCE = (
    r"(?<![\w-])" + _PASSWORD_WORD + r"(?:[ \t]+(?!is\b)[\w'’-]{1,20}){0,6}?[ \t]+"
    r"(?i:is|was|is now|will be|has been (?:changed|reset|set) to|changed to|reset to|set to)[ \t]*:?[ \t]+[\"'“‘]?"
    r"(?P<value>" + _MADE_UP_VALUE + ")"
)
# "the wifi for the offsite is X": no password word, so the value must look like one (both cases, 8+ characters).
_WIFI_SENTENCE = (
    r"(?<![\w-])(?i:wi-?fi)(?:[ \t]+(?!is\b)[\w'’-]{1,20}){1,4}?[ \t]+(?i:is)[ \t]*:?[ \t]+[\"'“‘]?"
    r"(?P<value>(?=[^\s\"'“”‘’]{8})(?=[^\s]*[a-z])(?=[^\s]*[A-Z])" + _MADE_UP_VALUE + ")"
)

# Values that say where a secret comes from, or that there is none, rather than being one.
_NOT_A_SECRET_WORDS = frozenset(
    {
        "none", "null", "nil", "undefined", "true", "false", "yes", "no", "empty", "redacted", "hidden",
        "secret", "password", "passwd", "token", "string", "str", "bytes", "int", "bool", "optional",
        "secretstr", "any", "required", "changeit_here", "your_password", "your_token", "your_api_key",
    }
)  # fmt: skip
_PLACEHOLDER_VALUE = re.compile(
    r"""
    ^(?:
        [*xX.•·_-]+                          # masked: ***, xxxx, ....
      | <[^<>]*>                              # <password>
      | \[[^\[\]]*\]                          # [REDACTED], [PASSWORD_7K2Q9]
      | \{\{.*\}\}                            # {{ template }}
      | \$\{?[A-Za-z_][\w.:-]*\}?             # ${ENV_VAR}, $ENV_VAR
      | %\(?[\w]*\)?s                          # %(password)s
      | (?:os\.)?(?:environ|getenv)\b.*       # os.environ[...], os.getenv(...)
      | process\.env\..*                      # process.env.X
      | (?:self|this|settings|config|cfg|args|request|params)\.[\w.\[\]'"]+  # attribute access
      | env\(.*                               # env("X")
    )$
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SNAKE_CASE = re.compile(r"[a-z_][a-z0-9_]*|[A-Z_][A-Z0-9_]*")
_SECRET_WORDS = ("pass", "secret", "token", "key", "pwd")
MIN_PASSWORD_LENGTH = 4


def _is_variable_name(value: str) -> bool:
    """`password = user_password`: a variable named for what it holds, not the secret itself."""
    lowered = value.lower()
    return "_" in value and _SNAKE_CASE.fullmatch(value) is not None and any(word in lowered for word in _SECRET_WORDS)


class PasswordRecognizer(SecretPatternRecognizer):
    """The value (never the key) of a password=, secret:, "api_key": "..." pair, and a URL's password."""

    ENTITY = "PASSWORD"
    TRAILING_PUNCTUATION = "."
    PATTERNS = (
        Pattern("Secret key-value pair, quoted", _SECRET_KEY_NAME + _ASSIGN + r"(?:" + _QUOTED_VALUE + r")", 0.8),
        Pattern("Secret key-value pair", _SECRET_KEY_NAME + _ASSIGN + _BARE_VALUE, 0.8),
        Pattern("Secret env-style assignment", _ENV_LINE_KEY + _ENV_VALUE, 0.8),
        Pattern("Password after a login (.netrc)", _NETRC_LINE, 0.8),
        Pattern("Password in a sentence", _PASSWORD_SENTENCE, 0.8),
        Pattern("Wifi password in a sentence", _WIFI_SENTENCE, 0.8),
        Pattern(
            "URL credentials",
            r"(?<![\w+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:@/\"'<>]{0,128}:(?P<value>[^\s@/\"'<>]{1,256})@"
            r"(?=[A-Za-z0-9\[])",
            0.8,
        ),
    )
    CONTEXT = ("password", "passwd", "secret", "credential", "token", "login")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        value = pattern_text.strip()
        if len(value) < MIN_PASSWORD_LENGTH:
            return True
        if value.lower() in _NOT_A_SECRET_WORDS:
            return True
        if _PLACEHOLDER_VALUE.match(value) or _is_variable_name(value):
            return True
        # A function call or index on the right-hand side is code, not a value.
        return value.endswith((")", "]")) and ("(" in value or "[" in value)


# What each costly pattern cannot match without (see pattern_hints): every key name holds one of the words, a
# password word holds "pass", a URL's credentials its "://".
_KEY_NAME_HINT = r"(?i:pass|pwd|secret|api[_-]?key|token)"
PASSWORD_HINTS = {
    "Secret key-value pair, quoted": _KEY_NAME_HINT,
    "Secret key-value pair": _KEY_NAME_HINT,
    "Password after a login (.netrc)": r"(?i:pass)",
    "Password in a sentence": r"(?i:pass)",
    "Wifi password in a sentence": r"(?i:wi-?fi)",
    "URL credentials": r"://",
}
# Both key names of an AWS secret access key hold "secret"; the other vendor keys lead with a literal the regex module
# finds fast, but this one leads with a case-insensitive alternation tried at every position.
API_KEY_HINTS = {"AWS secret access key": r"(?i:secret)"}
for _pattern in ApiKeyRecognizer.PATTERNS:
    if _pattern.name in API_KEY_HINTS:
        pattern_hints.register(_pattern.regex, API_KEY_HINTS[_pattern.name])
# A key-value pair starts where its key's token starts: up to 40 characters and "client_" before the hint.
KEY_NAME_START = pattern_hints.StartRule(run=r"[\w.-]", reach=48)
for _pattern in PasswordRecognizer.PATTERNS:
    if _pattern.name in PASSWORD_HINTS:
        pattern_hints.register(_pattern.regex, PASSWORD_HINTS[_pattern.name])
    if PASSWORD_HINTS.get(_pattern.name) == _KEY_NAME_HINT:
        pattern_hints.register_starts(_pattern.regex, KEY_NAME_START)


RECOGNIZERS: tuple[type[SecretPatternRecognizer], ...] = (
    ApiKeyRecognizer,
    PrivateKeyRecognizer,
    JwtRecognizer,
    PasswordRecognizer,
)
