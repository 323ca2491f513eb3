#!/usr/bin/env python3
"""Write the fresh evaluation set: scripts/eval/fresh_labelled.jsonl and scripts/eval/fresh_clean.jsonl.

The final, honest measurement: the tuning set (generate.py) and the held-out set (generate_holdout.py) have both
been used to tune the detectors, so this set shares neither their seed, their people, their templates, their
document kinds (where another kind exists) nor their values. Same JSONL format as both.
Deterministic: running it again rewrites identical files. Checksums come from generate.py's independent
implementations (self-tested there) plus the national IBAN checks added here, each tested on a published example.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import random
import re
import string
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

SEED = 90_417_263  # generate.py and generate_holdout.py use others; the sets must not share values
OUT_DIR = Path(__file__).resolve().parent
LABELLED_PATH = OUT_DIR / "fresh_labelled.jsonl"
CLEAN_PATH = OUT_DIR / "fresh_clean.jsonl"
SLOT = re.compile(r"«(\w+)»")
KINDS = ("sentence", "json", "code")


def load_reference() -> ModuleType:
    """generate.py as a module: its checksum helpers are the tested reference (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location("eval_generate_reference", OUT_DIR / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ref = load_reference()

# ---------------------------------------------------------------------------------------------------------
# National IBAN checks that neither other generator needs
# ---------------------------------------------------------------------------------------------------------


def portuguese_nib_check(bank_branch_account: str) -> str:
    """The two NIB check digits: 98 - (first 19 digits * 100) mod 97."""
    return f"{98 - int(bank_branch_account + '00') % 97:02d}"


def finnish_check(first13: str) -> str:
    """Finnish BBANs end in a Luhn check digit over the 13 before it."""
    return str(ref.luhn_complete(first13)[-1])


def self_test() -> None:
    """generate.py's published examples, then this file's national checks on theirs."""
    ref.self_test()
    assert portuguese_nib_check("0002012312345678901") == "54"  # PT50 0002 0123 1234 5678 9015 4
    assert ref.iban_valid("PT50000201231234567890154")
    assert finnish_check("1234560000078") == "5"  # FI21 1234 5600 0007 85
    assert ref.iban_valid("FI2112345600000785")
    assert ref.iban_valid("LU280019400644750000") and ref.iban_valid("LT121000011101001000")
    assert ref.iban_valid("DK5000400440116243") and ref.iban_valid("SE4550000000058398257466")


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    category: str
    text: str
    locale: str | None = None


def grouped(digits: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(digits[pos : pos + size])
        pos += size
    assert pos == len(digits), (digits, sizes)
    return sep.join(out)


B62 = string.ascii_letters + string.digits
B64URL = B62 + "-_"
HEX = "0123456789abcdef"
UPPER_NO_IO = "ABCDEFGHJKLMNPRSTUVWXYZ"


class FreshGen:
    """Every value is drawn from one seeded RNG, in a fixed order; formats and issuers differ from both sets."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def digits(self, n: int, first: str = string.digits) -> str:
        return self.rng.choice(first) + "".join(self.rng.choice(string.digits) for _ in range(n - 1))

    def chars(self, n: int, alphabet: str) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    # --- universal ---------------------------------------------------------------------------------------

    def card(self, brand: str, fmt: str) -> Value:
        prefix, length = {
            "visa": ("4" + self.digits(2), 16),
            "mc": ("5" + self.rng.choice("12345") + self.digits(1), 16),
            "mc2": (str(self.rng.randint(2221, 2720)), 16),
            "amex": ("37", 15),
            "discover": ("65" + self.digits(2), 16),
            "jcb": (str(self.rng.randint(3528, 3589)), 16),
            "diners": ("30" + self.rng.choice("012345"), 14),
            "unionpay": ("62" + self.digits(4, "12"), 16),
        }[brand]
        number = ref.luhn_complete(prefix + self.digits(length - len(prefix) - 1))
        sizes = {16: (4, 4, 4, 4), 15: (4, 6, 5), 14: (4, 6, 4)}[length]
        text = {
            "space": grouped(number, sizes),
            "dash": grouped(number, sizes, "-"),
            "plain": number,
            "ocr": grouped(number, sizes, "  "),  # scanners widen the gaps between printed groups
        }[fmt]
        assert ref.luhn_valid(text)
        return Value("CREDIT_CARD", text)

    def iban(self, country: str, spaced: bool) -> Value:
        if country == "PT":
            first19 = self.rng.choice(["0035", "0033", "0010", "0036"]) + self.digits(4) + self.digits(11)
            bban = first19 + portuguese_nib_check(first19)
        elif country == "FI":
            first13 = self.rng.choice(["123456", "400001", "500015", "800026"]) + self.digits(7)
            bban = first13 + finnish_check(first13)
        elif country == "LU":
            bban = self.rng.choice(["001", "002", "003", "014"]) + self.digits(13)
        elif country == "LT":
            bban = self.rng.choice(["73000", "70440", "40100", "21400"]) + self.digits(11)
        elif country == "DK":
            bban = self.rng.choice(["3000", "5301", "9570", "2191"]) + self.digits(10)
        elif country == "SE":
            bban = self.rng.choice(["500", "600", "800", "957"]) + self.digits(17)
        else:  # GB, banks neither other set uses
            bban = self.rng.choice(["CPBK", "ABBY", "BUKB", "HLFX"]) + self.digits(6) + self.digits(8)
        compact = country + ref.iban_check_digits(country, bban) + bban
        text = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)) if spaced else compact
        assert ref.iban_valid(text)
        return Value("IBAN_CODE", text)

    def mac(self, oui: str, fmt: str) -> Value:
        octets = oui.split(":") + [f"{self.rng.randrange(256):02X}" for _ in range(3)]
        flat = "".join(octets)
        text = {
            "colon": ":".join(octets),
            "colon-lower": ":".join(octets).lower(),
            "dash-lower": "-".join(octets).lower(),
            "cisco": ".".join(flat.lower()[i : i + 4] for i in range(0, 12, 4)),
            "bare": flat,
        }[fmt]
        return Value("MAC_ADDRESS", text)

    def vin(self, wmi: str, vds: str, year: str, plant: str) -> Value:
        partial = wmi + vds + "0" + year + plant + self.digits(6)
        vin = partial[:8] + ref.vin_check_char(partial) + partial[9:]
        assert len(vin) == 17 and ref.vin_check_char(vin) == vin[8]
        return Value("VIN", vin)

    # --- AU ------------------------------------------------------------------------------------------------

    def au_mobile(self, fmt: str) -> Value:
        rest = self.digits(8)
        text = {
            "dash": f"04{rest[:2]}-{rest[2:5]}-{rest[5:]}",
            "paren-intl": f"(+61) 4{rest[:2]} {rest[2:5]} {rest[5:]}",
            "intl-dash": f"+61-4{rest[:2]}-{rest[2:5]}-{rest[5:]}",
            "local": f"04{rest[:2]} {rest[2:5]} {rest[5:]}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "AU")

    def au_landline(self, area: str, fmt: str) -> Value:
        number = self.digits(1, "3456789") + self.digits(7)
        text = {
            "dash": f"0{area}-{number[:4]}-{number[4:]}",
            "intl": f"+61{area} {number[:4]} {number[4:]}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "AU")

    def au_tfn(self, fmt: str) -> Value:
        while True:
            first8 = self.digits(8, "123456789")
            remainder = sum(int(d) * w for d, w in zip(first8, ref.TFN_WEIGHTS, strict=False)) % 11
            if remainder != 10:  # ninth digit d with 10*d = -remainder (mod 11), i.e. d = remainder
                break
        tfn = first8 + str(remainder)
        assert ref.tfn_valid(tfn)
        text = {"space": grouped(tfn, (3, 3, 3)), "plain": tfn, "dash": grouped(tfn, (3, 3, 3), "-")}[fmt]
        return Value("AU_TFN", text, "AU")

    def au_medicare(self, fmt: str) -> Value:
        first8 = self.digits(8, "23456")
        number = first8 + ref.medicare_check(first8) + self.digits(1, "123456789")
        text = {"space": grouped(number, (4, 5, 1)), "plain": number, "ten-space": grouped(number, (4, 5, 1))}[fmt]
        return Value("AU_MEDICARE", text, "AU")

    def au_abn(self, fmt: str) -> Value:
        tail = self.digits(9)
        tail_sum = sum(int(d) * w for d, w in zip(tail, ref.ABN_WEIGHTS[2:], strict=True))
        lead = next(n for n in range(10, 100) if ((n // 10 - 1) * 10 + n % 10 + tail_sum) % 89 == 0)
        abn = f"{lead}{tail}"
        assert ref.abn_valid(abn)
        return Value("AU_ABN", grouped(abn, (2, 3, 3, 3)) if fmt == "space" else abn, "AU")

    def au_passport(self) -> Value:
        return Value("AU_PASSPORT", self.rng.choice(["PF", "PG", "PH", "PJ"]) + self.digits(7), "AU")

    def au_account(self, fmt: str) -> Value:
        if fmt == "combined":
            bsb = self.rng.choice(["082", "083", "633", "124", "704"]) + "-" + self.digits(3)
            return Value("AU_BANK_ACCOUNT", f"{bsb} {self.digits(9, '123456789')}", "AU")
        if fmt == "spaced":
            return Value("AU_BANK_ACCOUNT", grouped(self.digits(9, "123456789"), (3, 3, 3)), "AU")
        return Value("AU_BANK_ACCOUNT", self.digits(int(fmt), "123456789"), "AU")

    # --- NZ ------------------------------------------------------------------------------------------------

    def nz_phone(self, fmt: str) -> Value:
        prefix, rest = self.rng.choice(["021", "022", "027"]), self.digits(7, "2345789")
        text = {
            "compact": f"{prefix}{rest}",
            "split4": f"{prefix} {rest[:3]} {rest[3:]}",
            "intl-paren": f"+64 (0){prefix[1:]} {rest[:3]} {rest[3:]}",
            "landline": f"(03) {rest[:3]}-{rest[3:]}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "NZ")

    def nz_ird(self, fmt: str) -> Value:
        while True:
            base = str(self.rng.randint(10_200_000, 14_800_000))
            check = ref.ird_check(base)
            if check is not None and ref.ird_valid(base + str(check)):
                break
        ird = base + str(check)
        text = {"dash": grouped(ird, (3, 3, 3), "-"), "space": grouped(ird, (3, 3, 3)), "plain": ird}[fmt]
        return Value("NZ_IRD", text, "NZ")

    def nz_nhi(self) -> Value:
        while True:
            first6 = self.chars(3, ref.NHI_LETTERS.replace("Z", "")) + self.digits(3)
            check = ref.nhi_check(first6)
            if check is not None:
                return Value("NZ_NHI", first6 + str(check), "NZ")

    def nz_passport(self) -> Value:
        return Value("NZ_PASSPORT", self.rng.choice(["LF", "LG", "LN", "LP"]) + self.digits(6), "NZ")

    def nz_bank(self, sep: str) -> Value:
        bank, lo, hi = self.rng.choice([("02", 1200, 1299), ("03", 1500, 1599), ("12", 3400, 3499), ("06", 500, 599)])
        branch = f"{self.rng.randint(lo, hi):04d}"
        while True:
            stem = "0" + self.digits(5)  # below 0990000: algorithm A
            weights = ref.NZ_BANK_WEIGHTS_A[:-1]
            last = (-sum(int(d) * w for d, w in zip(branch + "0" + stem, weights, strict=True))) % 11
            account = stem + str(last)
            if last < 10:
                break
        assert ref.nz_bank_valid(branch, account)
        suffix = self.rng.choice(["00", "01", "002", "030"])
        return Value("NZ_BANK_ACCOUNT", sep.join([bank, branch, account, suffix]), "NZ")

    # --- UK ------------------------------------------------------------------------------------------------

    def uk_phone(self, fmt: str) -> Value:
        rest = self.digits(9, "3456789")
        text = {
            "mobile-346": f"07{rest[:3]} {rest[3:6]} {rest[6:]}",
            "mobile-intl": f"+44 7{rest[:3]} {rest[3:6]} {rest[6:]}",
            "mobile-00": f"0044 7{rest[:3]} {rest[3:]}",
            "leeds": f"(0113) {rest[1:4]} {rest[4:8]}",
            "glasgow": f"0141-{rest[1:4]}-{rest[4:8]}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "UK")

    def uk_nino(self, fmt: str) -> Value:
        while True:
            prefix = self.rng.choice("ABCEGHJKLMNPRSTWXYZ") + self.rng.choice("ABCEGHJKLMNPRSTWXYZ")
            if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
                break
        body, suffix = self.digits(6), self.rng.choice("ABCD")
        text = {
            "spaced": f"{prefix} {grouped(body, (2, 2, 2))} {suffix}",
            "compact": prefix + body + suffix,
            "suffix-apart": f"{prefix}{body} {suffix}",
        }[fmt]
        return Value("UK_NINO", text, "UK")

    def uk_nhs(self, fmt: str) -> Value:
        while True:
            first9 = self.digits(9, "4")
            check = ref.nhs_check(first9)
            if check is not None:
                number = first9 + str(check)
                text = {"space": grouped(number, (3, 3, 4)), "dash": grouped(number, (3, 3, 4), "-")}.get(fmt, number)
                return Value("UK_NHS", text, "UK")

    def uk_passport(self) -> Value:
        return Value("UK_PASSPORT", self.digits(9, "1234"), "UK")

    def uk_driving_licence(self, surname: str, born: tuple[int, int, int], female: bool, initials: str) -> Value:
        year, month, day = born
        folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode().upper()
        letters = "".join(c for c in folded if c.isalpha())[:5].ljust(5, "9")
        month_code = f"{month + 50 if female else month:02d}"
        text = (
            f"{letters}{str(year)[2]}{month_code}{day:02d}{str(year)[3]}{initials.ljust(2, '9')}"
            f"9{self.chars(2, UPPER_NO_IO)}"
        )
        assert len(text) == 16
        return Value("UK_DRIVING_LICENCE", text, "UK")

    def uk_sort_code(self, sep: str) -> Value:
        first = self.rng.choice(["08", "12", "15", "30", "56", "87"])
        return Value("UK_SORT_CODE", sep.join([first, self.digits(2), self.digits(2)]), "UK")

    # --- US ------------------------------------------------------------------------------------------------

    def us_phone(self, fmt: str) -> Value:
        area = self.rng.choice(["503", "614", "720", "813", "971", "347", "253", "480"])
        exchange, line = self.digits(3, "2346789"), self.digits(4)
        text = {
            "paren-nospace": f"({area}){exchange}-{line}",
            "intl-paren": f"+1 ({area}) {exchange}-{line}",
            "dot-1": f"1.{area}.{exchange}.{line}",
            "plain": f"{area}{exchange}{line}",
            "dash": f"{area}-{exchange}-{line}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "US")

    def us_ssn(self, sep: str) -> Value:
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        group, serial = self.rng.randint(1, 99), self.rng.randint(1, 9999)
        return Value("US_SSN", f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US")

    # --- secrets -------------------------------------------------------------------------------------------

    def api_key(self, vendor: str) -> Value:
        makers = {
            "stripe-restricted": lambda: "rk_live_" + self.chars(99, B62),
            "openai-proj": lambda: "sk-proj-" + self.chars(74, B64URL) + "T3BlbkFJ" + self.chars(74, B64URL),
            "anthropic": lambda: "sk-ant-api03-" + self.chars(93, B64URL) + "AA",
            "aws": lambda: "AKIA" + self.chars(16, string.ascii_uppercase + "234567"),
            "github-server": lambda: "ghs_" + self.chars(36, B62),
            "github-pat": lambda: (
                "github_pat_11" + self.chars(20, string.ascii_uppercase + string.digits) + "_" + self.chars(59, B62)
            ),
            "gitlab": lambda: "glpat-" + self.chars(20, B64URL),
            "slack-app": lambda: f"xapp-1-A{self.chars(10, string.ascii_uppercase + string.digits)}-"
            f"{self.digits(13, '123456789')}-{self.chars(64, HEX)}",
            "digitalocean": lambda: "dop_v1_" + self.chars(64, HEX),
            "shopify": lambda: "shpat_" + self.chars(32, HEX),
            "twilio": lambda: "SK" + self.chars(32, HEX),
            "huggingface": lambda: "hf_" + self.chars(34, string.ascii_letters),
            "google": lambda: "AIza" + self.chars(35, B64URL),
        }
        return Value("API_KEY", makers[vendor]())

    def private_key(self, kind: str, line_end: str = "\n") -> Value:
        prefixes = {
            "RSA PRIVATE KEY": (bytes.fromhex("308206e30201000282018100"), 1767),
            "PRIVATE KEY": (bytes.fromhex("302e020100300506032b657004220420"), 48),  # Ed25519 PKCS#8
            "OPENSSH PRIVATE KEY": (b"openssh-key-v1\x00\x00\x00\x00\naes256-ctr", 464),
            "PGP PRIVATE KEY BLOCK": (bytes.fromhex("9501d80465"), 980),
        }
        prefix, total = prefixes[kind]
        raw = prefix + self.rng.randbytes(total - len(prefix))
        body = base64.b64encode(raw).decode()
        width = 70 if kind.startswith("OPENSSH") else 64
        lines = [body[i : i + width] for i in range(0, len(body), width)]
        if kind.startswith("PGP"):  # armour: a header line, a blank line, the body, a CRC-24 line
            crc = base64.b64encode(hashlib.sha256(raw).digest()[:3]).decode()
            lines = ["Version: GnuPG v2", "", *lines, "=" + crc]
        return Value("PRIVATE_KEY", line_end.join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"]))

    def jwt(self, alg: str, claims: Mapping[str, object]) -> Value:
        def b64(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        header: dict[str, str] = {"alg": alg, "kid": self.chars(22, B64URL), "typ": "JWT"}
        issued = self.rng.randint(1_740_000_000, 1_760_000_000)
        payload = {**claims, "nbf": issued, "iat": issued, "exp": issued + 1800, "jti": self.chars(24, HEX)}
        signing_input = (
            b64(json.dumps(header, separators=(",", ":")).encode())
            + "."
            + b64(json.dumps(payload, separators=(",", ":")).encode())
        )
        if alg == "HS384":
            signature = hmac.new(self.rng.randbytes(48), signing_input.encode(), hashlib.sha384).digest()
        else:
            signature = self.rng.randbytes({"ES384": 96, "EdDSA": 64}.get(alg, 256))
        return Value("JWT", signing_input + "." + b64(signature))


# ---------------------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------------------


class DataSet:
    def __init__(self) -> None:
        self.records: list[dict[str, object]] = []
        self.clean: list[dict[str, object]] = []
        self._ids: set[str] = set()

    def _claim(self, record_id: str, kind: str) -> None:
        assert record_id not in self._ids, record_id
        assert kind in KINDS, record_id
        self._ids.add(record_id)

    def add(self, record_id: str, kind: str, template: str, slots: Mapping[str, Value]) -> None:
        self._claim(record_id, kind)
        pieces = SLOT.split(template)
        assert set(pieces[1::2]) == set(slots), (record_id, set(slots) ^ set(pieces[1::2]))
        text, spans = "", []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                text += piece
                continue
            value, start = slots[piece], len(text)
            text += value.text
            span: dict[str, object] = {"start": start, "end": len(text), "category": value.category}
            if value.locale:
                span["locale"] = value.locale
            spans.append(span)
        assert spans, record_id
        if kind == "json":
            json.loads(text)  # a JSON record must really be JSON
        self.records.append({"id": record_id, "kind": kind, "text": text, "spans": spans})

    def add_clean(self, record_id: str, kind: str, text: str) -> None:
        self._claim(record_id, kind)
        assert "«" not in text, record_id
        if kind == "json":
            json.loads(text)
        self.clean.append({"id": record_id, "kind": kind, "text": text})


# ---------------------------------------------------------------------------------------------------------
# People: none of the name words of generate.py or generate_holdout.py
# ---------------------------------------------------------------------------------------------------------

# (full name as written, given name used alone, family name used with a title)
PEOPLE: list[tuple[str, str, str]] = [
    ("Fergus Abernethy", "Fergus", "Abernethy"),  # Scottish
    ("Eilidh Strachan", "Eilidh", "Strachan"),
    ("Penelope Ashcombe", "Penelope", "Ashcombe"),  # English
    ("Rupert Fairweather", "Rupert", "Fairweather"),
    ("Tamsin Greatorex", "Tamsin", "Greatorex"),
    ("Clive Entwistle", "Clive", "Entwistle"),
    ("Bronwyn Hargreaves", "Bronwyn", "Hargreaves"),  # Australian
    ("Lachlan Pettigrew", "Lachlan", "Pettigrew"),
    ("Shaylee Dunstan", "Shaylee", "Dunstan"),
    ("Saoirse Ruane", "Saoirse", "Ruane"),  # Irish
    ("Tadhg Keogh", "Tadhg", "Keogh"),
    ("Angharad Rees-Pugh", "Angharad", "Rees-Pugh"),  # Welsh
    ("Iestyn Bowen", "Iestyn", "Bowen"),
    ("Anirudh Bhattacharya", "Anirudh", "Bhattacharya"),  # Bengali
    ("Pooja Khandelwal", "Pooja", "Khandelwal"),  # Marwari
    ("Jaswinder Grewal", "Jaswinder", "Grewal"),  # Punjabi
    ("Ishaan Kulkarni", "Ishaan", "Kulkarni"),  # Marathi
    ("Meenakshi Sundaram", "Meenakshi", "Sundaram"),  # Tamil
    ("Bushra Anwar", "Bushra", "Anwar"),  # Pakistani
    ("Tharindu Gunawardena", "Tharindu", "Gunawardena"),  # Sri Lankan
    ("Nusrat Jahan", "Nusrat", "Jahan"),  # Bangladeshi
    ("Guo Mingxuan", "Mingxuan", "Guo"),  # Chinese, family name first
    ("Xu Ruolan", "Ruolan", "Xu"),
    ("Winnie Cheung", "Winnie", "Cheung"),  # Hong Kong, given name first
    ("Derek Mak", "Derek", "Mak"),
    ("Tsai Yi-ting", "Yi-ting", "Tsai"),  # Taiwanese
    ("Yoon Seo-yeon", "Seo-yeon", "Yoon"),  # Korean
    ("Bae Dong-hyun", "Dong-hyun", "Bae"),
    ("Sakura Ishikawa", "Sakura", "Ishikawa"),  # Japanese
    ("Daisuke Morimoto", "Daisuke", "Morimoto"),
    ("Trịnh Quốc Bảo", "Bảo", "Trịnh"),  # Vietnamese
    ("Phan Hồng Nhung", "Nhung", "Phan"),
    ("Jerome Macaraeg", "Jerome", "Macaraeg"),  # Filipino
    ("Rowena Dimaculangan", "Rowena", "Dimaculangan"),
    ("Pornthip Charoenkul", "Pornthip", "Charoenkul"),  # Thai
    ("Agus Setiawan", "Agus", "Setiawan"),  # Indonesian
    ("Siti Rahmawati", "Siti", "Rahmawati"),
    ("Hafiz Rosli", "Hafiz", "Rosli"),  # Malaysian
    ("Tariq Al-Najjar", "Tariq", "Al-Najjar"),  # Palestinian
    ("Hiba Darwish", "Hiba", "Darwish"),  # Lebanese
    ("Reza Farahani", "Reza", "Farahani"),  # Persian
    ("Maryam Jafari", "Maryam", "Jafari"),
    ("Avi Rosenblum", "Avi", "Rosenblum"),  # Israeli
    ("Zeynep Kaya", "Zeynep", "Kaya"),  # Turkish
    ("Anush Petrosyan", "Anush", "Petrosyan"),  # Armenian
    ("Nino Beridze", "Nino", "Beridze"),  # Georgian
    ("Chiara Esposito", "Chiara", "Esposito"),  # Italian
    ("Lorenzo Marchetti", "Lorenzo", "Marchetti"),
    ("Nerea Etxeberria", "Nerea", "Etxeberria"),  # Basque
    ("Rui Magalhães", "Rui", "Magalhães"),  # Portuguese
    ("Solène Marchand", "Solène", "Marchand"),  # French
    ("Aurélien Dubois", "Aurélien", "Dubois"),
    ("Friederike Brandt", "Friederike", "Brandt"),  # German
    ("Urs Bachmann", "Urs", "Bachmann"),  # Swiss
    ("Maarten Verhoeven", "Maarten", "Verhoeven"),  # Dutch
    ("Wout Claes", "Wout", "Claes"),  # Flemish
    ("Sigrid Bakken", "Sigrid", "Bakken"),  # Norwegian
    ("Eino Virtanen", "Eino", "Virtanen"),  # Finnish
    ("Guðrún Sigurðardóttir", "Guðrún", "Sigurðardóttir"),  # Icelandic
    ("Grzegorz Wójcik", "Grzegorz", "Wójcik"),  # Polish
    ("Zdeněk Dvořák", "Zdeněk", "Dvořák"),  # Czech
    ("Kovács Eszter", "Eszter", "Kovács"),  # Hungarian, family name first
    ("Ioana Dumitrescu", "Ioana", "Dumitrescu"),  # Romanian
    ("Miloš Jovanović", "Miloš", "Jovanović"),  # Serbian
    ("Vasiliki Antoniou", "Vasiliki", "Antoniou"),  # Greek
    ("Yekaterina Morozova", "Yekaterina", "Morozova"),  # Russian
    ("Bohdan Tkachenko", "Bohdan", "Tkachenko"),  # Ukrainian
    ("Rūta Kazlauskienė", "Rūta", "Kazlauskienė"),  # Lithuanian
    ("Tendai Moyo", "Tendai", "Moyo"),  # Zimbabwean
    ("Nomvula Dlamini", "Nomvula", "Dlamini"),  # South African
    ("Kofi Asante", "Kofi", "Asante"),  # Ghanaian
    ("Fatmata Kamara", "Fatmata", "Kamara"),  # Sierra Leonean
    ("Mamadou Diallo", "Mamadou", "Diallo"),  # Guinean
    ("Aissatou Ndiaye", "Aissatou", "Ndiaye"),  # Senegalese
    ("Yohannes Haile", "Yohannes", "Haile"),  # Eritrean
    ("Nasra Jama", "Nasra", "Jama"),  # Somali
    ("Wambui Njoroge", "Wambui", "Njoroge"),  # Kenyan
    ("Ifeoma Nnadi", "Ifeoma", "Nnadi"),  # Igbo
    ("Tāne Rangihuna", "Tāne", "Rangihuna"),  # Māori
    ("Kahurangi Paewai", "Kahurangi", "Paewai"),
    ("Iosefa Faleolo", "Iosefa", "Faleolo"),  # Samoan
    ("Losana Fonua", "Losana", "Fonua"),  # Tongan
    ("Yindi Mundine", "Yindi", "Mundine"),  # Aboriginal Australian
    ("Valentina Quispe", "Valentina", "Quispe"),  # Peruvian
    ("Joaquín Echeverría", "Joaquín", "Echeverría"),  # Chilean
    ("Camila Restrepo", "Camila", "Restrepo"),  # Colombian
    ("Mateus Brandão", "Mateus", "Brandão"),  # Brazilian
]


def initialled(person: tuple[str, str, str]) -> str:
    """'F. Abernethy': how rosters, citations and signatures shorten a name."""
    return f"{person[1][0]}. {person[2]}"


def surname_first(person: tuple[str, str, str]) -> str:
    """'Abernethy, Fergus': how payroll, HR and police systems sort a name."""
    return f"{person[2]}, {person[1]}"


def surname_capitals(person: tuple[str, str, str]) -> str:
    """'ABERNETHY Fergus': how charge sheets, passports and scanned forms write a name."""
    return f"{person[2].upper()} {person[1]}"


def airline(person: tuple[str, str, str]) -> str:
    """'ABERNETHY/FERGUS': how a booking record (PNR) writes a name, accents folded."""
    return f"{fold(person[2]).upper()}/{fold(person[1]).upper()}"


def name_forms(person: tuple[str, str, str]) -> set[str]:
    return {*person, initialled(person), surname_first(person), surname_capitals(person), airline(person)}


# Slots: «pN» full, «pNf» given alone, «pNl» family after a title, «pNi» initial + family,
# «pNr» "Family, Given", «pNu» "FAMILY Given", «pNa» "FAMILY/GIVEN".
FORMS = {
    "": lambda p: p[0],
    "f": lambda p: p[1],
    "l": lambda p: p[2],
    "i": initialled,
    "r": surname_first,
    "u": surname_capitals,
    "a": airline,
}


def person_slots(template: str, people: Iterator[tuple[str, str, str]]) -> tuple[dict[str, Value], list]:
    """Values for every person slot in the template, and the people drawn (in slot order) for e-mails etc."""
    numbers = sorted({int(m) for m in re.findall(r"«p(\d+)[flriua]?»", template)})
    slots: dict[str, Value] = {}
    drawn = []
    for number in numbers:
        person = next(people)
        drawn.append(person)
        for suffix, form in FORMS.items():
            if f"«p{number}{suffix}»" in template:
                slots[f"p{number}{suffix}"] = Value("PERSON", form(person))
    return slots, drawn


def cycle_people() -> Iterator[tuple[str, str, str]]:
    while True:
        yield from PEOPLE


def fold(name: str) -> str:
    """A name as a mail system writes it: accents folded, letters only."""
    unstroked = name.replace("ð", "d").replace("Ð", "D")
    ascii_name = unicodedata.normalize("NFKD", unstroked).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", ascii_name)


def email_for(person: tuple[str, str, str], domain: str, style: str = "dot") -> Value:
    given, family = fold(person[1]), fold(person[2])
    local = {
        "dot": f"{given}.{family}",
        "initial": f"{given[0]}{family}",
        "family-initial": f"{family}.{given[0]}",
        "given": given,
        "hyphen": f"{given}-{family}",
    }[style]
    return Value("EMAIL_ADDRESS", f"{local}@{domain}")
