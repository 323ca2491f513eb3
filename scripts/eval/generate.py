#!/usr/bin/env python3
"""Write the detection evaluation set: scripts/eval/labelled.jsonl and scripts/eval/clean.jsonl.

Deterministic (fixed seed): running it again rewrites identical files. Every checksummed identifier is built
by this file's own implementation of its algorithm (never the project's recognizers), and each implementation
is checked against published examples before anything is written, so a recognizer bug cannot hide behind the
same bug here. Texts are built by concatenation; every span is asserted to cover exactly its value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import string
import sys
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/eval is no package: siblings import by name

from common import DataSet, SeededGen, Value, add_person_templates, fill, grouped, write_dataset  # noqa: E402

SEED = 20240618
OUT_DIR = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------------------
# Checksums (independent implementations)
# ---------------------------------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    for check in "0123456789":
        if luhn_valid(partial + check):
            return partial + check
    raise AssertionError("unreachable")


def iban_check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{98 - number % 97:02d}"


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def french_rib_key(bank: str, branch: str, account: str) -> str:
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def belgian_check(first10: str) -> str:
    remainder = int(first10) % 97
    return f"{remainder or 97:02d}"


VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9), strict=True))}
VIN_VALUES.update(dict(zip("JKLMN", range(1, 6), strict=True)))
VIN_VALUES.update({"P": 7, "R": 9})
VIN_VALUES.update(dict(zip("STUVWXYZ", range(2, 10), strict=True)))
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_char(vin: str) -> str:
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


TFN_WEIGHTS = (1, 4, 3, 7, 5, 8, 6, 9, 10)


def tfn_valid(tfn: str) -> bool:
    digits = [int(c) for c in tfn if c.isdigit()]
    return len(digits) == 9 and sum(d * w for d, w in zip(digits, TFN_WEIGHTS, strict=True)) % 11 == 0


MEDICARE_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9)


def medicare_check(first8: str) -> str:
    return str(sum(int(d) * w for d, w in zip(first8, MEDICARE_WEIGHTS, strict=True)) % 10)


ABN_WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)


def abn_valid(abn: str) -> bool:
    digits = [int(c) for c in abn if c.isdigit()]
    digits[0] -= 1
    return len(digits) == 11 and sum(d * w for d, w in zip(digits, ABN_WEIGHTS, strict=True)) % 89 == 0


IRD_PRIMARY = (3, 2, 7, 6, 5, 4, 3, 2)
IRD_SECONDARY = (7, 4, 3, 2, 5, 2, 7, 6)


def ird_check(base: str) -> int | None:
    padded = base.zfill(8)
    for weights in (IRD_PRIMARY, IRD_SECONDARY):
        remainder = sum(int(d) * w for d, w in zip(padded, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return check
    return None


def ird_valid(ird: str) -> bool:
    digits = "".join(c for c in ird if c.isdigit())
    if not 10_000_000 < int(digits) < 150_000_000:
        return False
    return ird_check(digits[:-1]) == int(digits[-1])


NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are never used


def nhi_check(first6: str) -> int | None:
    values = [NHI_LETTERS.index(c) + 1 for c in first6[:3]] + [int(c) for c in first6[3:]]
    remainder = sum(v * w for v, w in zip(values, (7, 6, 5, 4, 3, 2), strict=True)) % 11
    if remainder == 0:
        return None
    check = 11 - remainder
    return 0 if check == 10 else check


NZ_BANK_WEIGHTS_A = (6, 3, 7, 9, 0, 0, 10, 5, 8, 4, 2, 1)  # branch(4) + account base(8)
NZ_BANK_WEIGHTS_B = (0, 0, 0, 0, 0, 0, 10, 5, 8, 4, 2, 1)


def nz_bank_valid(branch: str, account: str) -> bool:
    base = account.zfill(8)
    weights = NZ_BANK_WEIGHTS_A if int(base) < 990000 else NZ_BANK_WEIGHTS_B
    return sum(int(d) * w for d, w in zip(branch + base, weights, strict=True)) % 11 == 0


def nhs_check(first9: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        return 0
    return None if check == 10 else check


def self_test() -> None:
    """Each algorithm against published examples, so the data is only as wrong as the standards."""
    assert luhn_valid("4111111111111111") and luhn_valid("378282246310005") and not luhn_valid("4111111111111112")
    assert iban_valid("GB82WEST12345698765432") and iban_valid("DE89370400440532013000")
    assert iban_valid("NL91ABNA0417164300") and iban_valid("FR1420041010050500013M02606")
    assert iban_check_digits("GB", "WEST12345698765432") == "82"
    assert french_rib_key("30006", "00001", "12345678901") == "89"  # FR76 3000 6000 0112 3456 7890 189
    assert belgian_check("5390075470") == "34"  # BE68 5390 0754 7034
    assert vin_check_char("1M8GDM9AXKP042788") == "X" and vin_check_char("11111111111111111") == "1"
    assert tfn_valid("123 456 782") and not tfn_valid("123 456 789")
    assert medicare_check("21234567") == "0"  # 2123 45670 1
    assert abn_valid("51 824 753 556") and not abn_valid("51 824 753 557")
    assert all(ird_valid(v) for v in ("49091850", "35901981", "49098576", "136410132"))
    assert not ird_valid("136410133")
    assert nhi_check("ZZZ001") == 6 and nhi_check("ZZZ002") == 4
    assert nz_bank_valid("0902", "0068389")
    assert nhs_check("943476591") == 9


# ---------------------------------------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------------------------------------


class Gen(SeededGen):
    """Every generator draws from one seeded RNG, in a fixed order."""

    # --- universal ---------------------------------------------------------------------------------------

    def card(self, brand: str, fmt: str) -> Value:
        if brand == "visa":
            number = luhn_complete("4" + self.digits(14))
        elif brand == "mc":
            number = luhn_complete("5" + self.rng.choice("12345") + self.digits(13))
        elif brand == "mc2":
            number = luhn_complete(str(self.rng.randint(2221, 2720)) + self.digits(11))
        else:
            number = luhn_complete("3" + self.rng.choice("47") + self.digits(12))
        sizes = (4, 6, 5) if len(number) == 15 else (4, 4, 4, 4)
        text = {"space": grouped(number, sizes), "dash": grouped(number, sizes, "-"), "plain": number}[fmt]
        assert luhn_valid(text)
        return Value("CREDIT_CARD", text)

    def iban(self, country: str, spaced: bool) -> Value:
        if country == "DE":
            bban = self.rng.choice(["37040044", "10070000", "50010517", "20050550"]) + self.digits(10)
        elif country == "GB":
            bban = self.rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + self.digits(6) + self.digits(8)
        elif country == "FR":
            bank, branch, account = self.rng.choice(["30004", "30003", "20041"]), self.digits(5), self.digits(11)
            bban = bank + branch + account + french_rib_key(bank, branch, account)
        elif country == "NL":
            bban = self.rng.choice(["ABNA", "INGB", "RABO", "TRIO"]) + self.digits(10)
        elif country == "IE":
            bban = self.rng.choice(["AIBK", "BOFI"]) + self.digits(6) + self.digits(8)
        else:  # BE
            first10 = self.rng.choice(["539", "001", "068", "310"]) + self.digits(7)
            bban = first10 + belgian_check(first10)
        compact = country + iban_check_digits(country, bban) + bban
        text = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)) if spaced else compact
        assert iban_valid(text)
        return Value("IBAN_CODE", text)

    def mac(self, oui: str, fmt: str) -> Value:
        octets = oui.split(":") + [f"{self.rng.randrange(256):02x}" for _ in range(3)]
        if fmt == "cisco":
            flat = "".join(octets).lower()
            return Value("MAC_ADDRESS", ".".join(flat[i : i + 4] for i in range(0, 12, 4)))
        text = (":" if fmt in ("colon", "colon-lower") else "-").join(octets)
        return Value("MAC_ADDRESS", text.lower() if fmt.endswith("lower") else text.upper())

    def vin(self, wmi: str, vds: str, year: str, plant: str) -> Value:
        partial = wmi + vds + "0" + year + plant + self.digits(6)
        vin = partial[:8] + vin_check_char(partial) + partial[9:]
        assert len(vin) == 17 and vin_check_char(vin) == vin[8]
        return Value("VIN", vin)

    # --- AU ------------------------------------------------------------------------------------------------

    def au_mobile(self, fmt: str) -> Value:
        rest = self.rng.choice("0123456789") + self.digits(7)
        text = {
            "local": f"04{rest[0]}{rest[1]} {rest[2:5]} {rest[5:]}",
            "intl": f"+61 4{rest[0]}{rest[1]} {rest[2:5]} {rest[5:]}",
            "compact": f"+614{rest}",
            "plain": f"04{rest}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "AU")

    def au_landline(self, area: str, fmt: str) -> Value:
        lead = {"2": "98", "3": "9", "7": "3", "8": "8"}[area]
        number = self.digits(1, lead) + self.digits(7)
        text = {
            "paren": f"(0{area}) {number[:4]} {number[4:]}",
            "local": f"0{area} {number[:4]} {number[4:]}",
            "intl": f"+61 {area} {number[:4]} {number[4:]}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "AU")

    def au_tfn(self, fmt: str) -> Value:
        while True:
            first8 = self.digits(8, "123456789")
            remainder = sum(int(d) * w for d, w in zip(first8, TFN_WEIGHTS, strict=False)) % 11
            if remainder != 10:  # the ninth digit d must satisfy 10*d = -remainder (mod 11), i.e. d = remainder
                break
        tfn = first8 + str(remainder)
        assert tfn_valid(tfn)
        text = {"space": grouped(tfn, (3, 3, 3)), "dash": grouped(tfn, (3, 3, 3), "-"), "plain": tfn}[fmt]
        return Value("AU_TFN", text, "AU")

    def au_medicare(self, fmt: str) -> Value:
        first8 = self.digits(8, "23456")
        number = first8 + medicare_check(first8) + self.digits(1, "123456789")
        text = grouped(number, (4, 5, 1)) if fmt == "space" else number
        return Value("AU_MEDICARE", text, "AU")

    def au_abn(self, fmt: str) -> Value:
        tail = self.digits(9)
        tail_sum = sum(int(d) * w for d, w in zip(tail, ABN_WEIGHTS[2:], strict=True))
        for lead in range(10, 100):
            if ((lead // 10 - 1) * 10 + lead % 10 + tail_sum) % 89 == 0:
                break
        abn = f"{lead}{tail}"
        assert abn_valid(abn)
        return Value("AU_ABN", grouped(abn, (2, 3, 3, 3)) if fmt == "space" else abn, "AU")

    def au_passport(self) -> Value:
        return Value("AU_PASSPORT", self.rng.choice(["PA", "PB", "N", "E", "RA"]) + self.digits(7), "AU")

    def au_bsb(self) -> str:
        return self.rng.choice(["062", "063", "033", "732", "013", "083", "082"]) + "-" + self.digits(3)

    def au_account(self, fmt: str) -> Value:
        if fmt == "spaced":
            return Value("AU_BANK_ACCOUNT", grouped(self.digits(8, "123456789"), (4, 4)), "AU")
        if fmt == "combined":
            return Value("AU_BANK_ACCOUNT", f"{self.au_bsb()} {self.digits(9, '123456789')}", "AU")
        return Value("AU_BANK_ACCOUNT", self.digits(self.rng.choice([6, 8, 9]), "123456789"), "AU")

    # --- NZ ------------------------------------------------------------------------------------------------

    def nz_phone(self, kind: str, fmt: str) -> Value:
        if kind == "mobile":
            prefix, rest = self.rng.choice(["21", "22", "27"]), self.digits(7, "23456789")
            local, intl = f"0{prefix} {rest[:3]} {rest[3:]}", f"+64 {prefix} {rest[:3]} {rest[3:]}"
        else:
            prefix, rest = self.rng.choice(["9", "4", "3", "7", "6"]), self.digits(7, "2345689")
            local, intl = f"(0{prefix}) {rest[:3]} {rest[3:]}", f"+64 {prefix} {rest[:3]} {rest[3:]}"
        return Value("PHONE_NUMBER", local if fmt == "local" else intl, "NZ")

    def nz_ird(self, fmt: str) -> Value:
        while True:
            base = str(self.rng.randint(1_100_000, 14_999_999))
            check = ird_check(base)
            ird = base + str(check) if check is not None else ""
            if ird and ird_valid(ird):
                break
        ird = ird.zfill(9)
        if fmt == "dash":
            text = grouped(ird, (3, 3, 3), "-") if ird[0] != "0" else grouped(ird[1:], (2, 3, 3), "-")
        else:
            text = ird.lstrip("0")
        return Value("NZ_IRD", text, "NZ")

    def nz_nhi(self) -> Value:
        while True:
            first6 = self.chars(3, NHI_LETTERS.replace("Z", "")) + self.digits(3)
            check = nhi_check(first6)
            if check is not None:
                return Value("NZ_NHI", first6 + str(check), "NZ")

    def nz_passport(self) -> Value:
        return Value("NZ_PASSPORT", self.rng.choice(["LA", "LH", "LK", "LM", "RA"]) + self.digits(6), "NZ")

    def nz_bank(self, sep: str) -> Value:
        bank, lo, hi = self.rng.choice(
            [
                ("01", 100, 999),
                ("02", 100, 999),
                ("03", 100, 999),
                ("06", 100, 999),
                ("12", 3000, 3299),
                ("38", 9000, 9499),
            ]
        )
        branch = f"{self.rng.randint(lo, hi):04d}"
        while True:
            stem = "0" + self.digits(5)  # accounts below 0990000 use algorithm A, the common case
            partial = sum(int(d) * w for d, w in zip(branch + "0" + stem, NZ_BANK_WEIGHTS_A[:-1], strict=True))
            last = (-partial) % 11
            account = stem + str(last)
            if last < 10 and int(account) < 990000:
                break
        assert nz_bank_valid(branch, account)
        suffix = self.rng.choice(["00", "01", "02", "000", "025"])
        return Value("NZ_BANK_ACCOUNT", sep.join([bank, branch, account, suffix]), "NZ")

    # --- UK ------------------------------------------------------------------------------------------------

    def uk_phone(self, kind: str, fmt: str) -> Value:
        if kind == "mobile":
            rest = self.rng.choice(["7", "8", "9"]) + self.digits(8)
            text = f"07{rest[:3]} {rest[3:]}" if fmt == "local" else f"+44 7{rest[:3]} {rest[3:]}"
        elif kind == "london":
            rest = self.rng.choice(["7", "8"]) + self.digits(7)
            text = f"020 {rest[:4]} {rest[4:]}" if fmt == "local" else f"+44 20 {rest[:4]} {rest[4:]}"
        else:
            area, rest = self.rng.choice(["161", "113", "121", "131", "117"]), self.digits(7, "2345")
            text = f"0{area} {rest[:3]} {rest[3:]}" if fmt == "local" else f"+44 {area} {rest[:3]} {rest[3:]}"
        return Value("PHONE_NUMBER", text, "UK")

    def uk_nino(self, spaced: bool) -> Value:
        while True:
            prefix = self.rng.choice("ABCEGHJKLMNOPRSTWXYZ") + self.rng.choice("ABCEGHJKLMNPRSTWXYZ")
            if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
                break
        body, suffix = self.digits(6), self.rng.choice("ABCD")
        text = f"{prefix} {grouped(body, (2, 2, 2))} {suffix}" if spaced else f"{prefix}{body}{suffix}"
        return Value("UK_NINO", text, "UK")

    def uk_nhs(self, fmt: str) -> Value:
        while True:
            first9 = self.digits(9, "4")
            check = nhs_check(first9)
            if check is not None:
                number = first9 + str(check)
                return Value("UK_NHS", grouped(number, (3, 3, 4)) if fmt == "space" else number, "UK")

    def uk_passport(self) -> Value:
        return Value("UK_PASSPORT", self.digits(9, "1235"), "UK")

    def uk_driving_licence(self, surname: str, born: tuple[int, int, int], female: bool, initials: str) -> Value:
        year, month, day = born
        letters = "".join(c for c in surname.upper() if c.isalpha())[:5].ljust(5, "9")
        month_code = f"{month + 50 if female else month:02d}"
        text = (
            f"{letters}{str(year)[2]}{month_code}{day:02d}{str(year)[3]}{initials.ljust(2, '9')}9"
            f"{self.chars(2, string.ascii_uppercase)}"
        )
        assert len(text) == 16
        return Value("UK_DRIVING_LICENCE", text, "UK")

    def uk_sort_code(self) -> Value:
        return Value(
            "UK_SORT_CODE",
            f"{self.rng.choice(['20', '40', '30', '60', '07', '11'])}-{self.digits(2)}-{self.digits(2)}",
            "UK",
        )

    # --- US ------------------------------------------------------------------------------------------------

    def us_phone(self, fmt: str) -> Value:
        area, exchange, line = self.digits(3, "2345678"), self.digits(3, "2346789"), self.digits(4)
        text = {
            "paren": f"({area}) {exchange}-{line}",
            "dash": f"{area}-{exchange}-{line}",
            "dot": f"{area}.{exchange}.{line}",
            "intl": f"+1 {area} {exchange} {line}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "US")

    def us_ssn(self, sep: str) -> Value:
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        group, serial = self.rng.randint(1, 99), self.rng.randint(1, 9999)
        return Value("US_SSN", f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US")

    # --- secrets -------------------------------------------------------------------------------------------

    def api_key(self, vendor: str) -> Value:
        b62 = string.ascii_letters + string.digits
        b64url = b62 + "-_"
        text = {
            "openai": lambda: "sk-" + self.chars(20, b62) + "T3BlbkFJ" + self.chars(20, b62),
            "openai-proj": lambda: "sk-proj-" + self.chars(74, b64url) + "T3BlbkFJ" + self.chars(74, b64url),
            "anthropic": lambda: "sk-ant-api03-" + self.chars(93, b64url) + "AA",
            "aws": lambda: "AKIA" + self.chars(16, string.ascii_uppercase + "234567"),
            "aws-secret": lambda: self.chars(40, b62 + "+/"),
            "github": lambda: "ghp_" + self.chars(36, b62),
            "github-pat": lambda: (
                "github_pat_11" + self.chars(20, string.ascii_uppercase + string.digits) + "_" + self.chars(59, b62)
            ),
            "slack": lambda: (
                f"xoxb-{self.digits(12, '123456789')}-{self.digits(13, '123456789')}-" + self.chars(24, b62)
            ),
            "google": lambda: "AIza" + self.chars(35, b64url),
        }[vendor]()
        return Value("API_KEY", text)

    def private_key(self, kind: str, line_end: str = "\n") -> Value:
        prefixes = {
            "RSA PRIVATE KEY": (bytes.fromhex("308204a40201000282010100"), 1180),
            "PRIVATE KEY": (bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8"), 1190),
            "EC PRIVATE KEY": (bytes.fromhex("307702010104"), 115),
            "OPENSSH PRIVATE KEY": (b"openssh-key-v1\x00\x00\x00\x00\x04none", 380),
        }
        prefix, total = prefixes[kind]
        body = base64.b64encode(prefix + self.rng.randbytes(total - len(prefix))).decode()
        width = 70 if kind.startswith("OPENSSH") else 64
        lines = [body[i : i + width] for i in range(0, len(body), width)]
        block = line_end.join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])
        return Value("PRIVATE_KEY", block)

    def jwt(self, alg: str) -> Value:
        def b64(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        header: dict[str, str] = {"alg": alg, "typ": "JWT"}
        if alg != "HS256":
            header["kid"] = self.chars(8, "abcdef0123456789")
        issued = self.rng.randint(1_700_000_000, 1_720_000_000)
        payload = {
            "sub": f"usr_{self.chars(10, string.ascii_lowercase + string.digits)}",
            "iat": issued,
            "exp": issued + 3600,
            "scope": self.rng.choice(["read:orders", "openid profile", "admin"]),
        }
        signing_input = (
            b64(json.dumps(header, separators=(",", ":")).encode())
            + "."
            + b64(json.dumps(payload, separators=(",", ":")).encode())
        )
        if alg == "HS256":
            signature = hmac.new(self.rng.randbytes(32), signing_input.encode(), hashlib.sha256).digest()
        else:
            signature = self.rng.randbytes(256)
        return Value("JWT", signing_input + "." + b64(signature))


# ---------------------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------------------

# (full name as written, given name used alone, family name used with a title)
PEOPLE: list[tuple[str, str, str]] = [
    ("Emily Carter", "Emily", "Carter"),
    ("James Whitfield", "James", "Whitfield"),
    ("Sarah Thompson", "Sarah", "Thompson"),
    ("Oliver Bennett", "Oliver", "Bennett"),
    ("Charlotte Hughes", "Charlotte", "Hughes"),
    ("Harriet Ashworth", "Harriet", "Ashworth"),
    ("Siobhan O'Sullivan", "Siobhan", "O'Sullivan"),
    ("Declan Murphy", "Declan", "Murphy"),
    ("Aoife Brennan", "Aoife", "Brennan"),
    ("Niamh Gallagher", "Niamh", "Gallagher"),
    ("Padraig Kavanagh", "Padraig", "Kavanagh"),
    ("Priya Raman", "Priya", "Raman"),
    ("Arjun Mehta", "Arjun", "Mehta"),
    ("Sunita Krishnamurthy", "Sunita", "Krishnamurthy"),
    ("Rahul Deshpande", "Rahul", "Deshpande"),
    ("Ananya Iyer", "Ananya", "Iyer"),
    ("Harpreet Kaur Sandhu", "Harpreet", "Sandhu"),
    ("Zhang Wei", "Wei", "Zhang"),
    ("Chen Jiayi", "Jiayi", "Chen"),
    ("Liu Yang", "Yang", "Liu"),
    ("Mei Lin Wong", "Mei Lin", "Wong"),
    ("Huang Xiaoming", "Xiaoming", "Huang"),
    ("Nguyen Thi Lan", "Lan", "Nguyen"),
    ("Tran Van Minh", "Minh", "Tran"),
    ("Pham Thu Trang", "Trang", "Pham"),
    ("Le Hoang Nam", "Nam", "Le"),
    ("Omar Al-Farsi", "Omar", "Al-Farsi"),
    ("Fatima Haddad", "Fatima", "Haddad"),
    ("Yousef Khalil", "Yousef", "Khalil"),
    ("Layla Mansour", "Layla", "Mansour"),
    ("Ahmed Abdelrahman", "Ahmed", "Abdelrahman"),
    ("Aroha Ngata", "Aroha", "Ngata"),
    ("Wiremu Parata", "Wiremu", "Parata"),
    ("Mere Tawhiri", "Mere", "Tawhiri"),
    ("Rawiri Henare", "Rawiri", "Henare"),
    ("Ngaire Te Awa", "Ngaire", "Te Awa"),
    ("Chinedu Okafor", "Chinedu", "Okafor"),
    ("Adaeze Nwosu", "Adaeze", "Nwosu"),
    ("Oluwaseun Adeyemi", "Oluwaseun", "Adeyemi"),
    ("Ngozi Eze", "Ngozi", "Eze"),
    ("Babatunde Bakare", "Babatunde", "Bakare"),
    ("María Fernández", "María", "Fernández"),
    ("Javier Morales", "Javier", "Morales"),
    ("Lucía Herrera", "Lucía", "Herrera"),
    ("Carlos Gutiérrez", "Carlos", "Gutiérrez"),
    ("Sofía Ramírez", "Sofía", "Ramírez"),
    ("Katarzyna Nowak", "Katarzyna", "Nowak"),
    ("Dmitri Volkov", "Dmitri", "Volkov"),
    ("Andrei Popescu", "Andrei", "Popescu"),
    ("Jelena Petrović", "Jelena", "Petrović"),
    ("Tomasz Wiśniewski", "Tomasz", "Wiśniewski"),
    ("Olena Kovalenko", "Olena", "Kovalenko"),
    ("Kenji Watanabe", "Kenji", "Watanabe"),
    ("Park Ji-woo", "Ji-woo", "Park"),
    ("Mehmet Yılmaz", "Mehmet", "Yılmaz"),
    ("Sione Tupou", "Sione", "Tupou"),
    ("Nikos Papadopoulos", "Nikos", "Papadopoulos"),
    ("Ayesha Siddiqui", "Ayesha", "Siddiqui"),
    ("Dilani Perera", "Dilani", "Perera"),
    ("Abdi Warsame", "Abdi", "Warsame"),
    ("Selam Tesfaye", "Selam", "Tesfaye"),
    ("Maria Santos", "Maria", "Santos"),
    ("Darius Rahimi", "Darius", "Rahimi"),
    ("Ingrid Johansson", "Ingrid", "Johansson"),
    ("Thabo Mokoena", "Thabo", "Mokoena"),
    ("Bridget Walsh", "Bridget", "Walsh"),
]

# Slots: «pN» full name, «pNf» given name alone, «pNl» family name after a title.
PERSON_TEMPLATES: list[tuple[str, str]] = [
    (
        "sentence",
        "Pt seen in ED at 14:20 c/o chest pain radiating to L arm. Hx HTN, T2DM. Reviewed by Dr «p1l» "
        "(cardiology reg). Plan: serial troponins, repeat ECG at 16:00.",
    ),
    (
        "sentence",
        "Discharge summary: «p1» was admitted under the care of Dr «p2l» for community-acquired "
        "pneumonia. Follow-up with GP in one week; repeat CXR in six weeks.",
    ),
    (
        "sentence",
        "Nursing note 02:00 — «p1» settled overnight, obs stable, pain 2/10. Daughter «p2f» phoned "
        "to check in and was updated on the plan.",
    ),
    (
        "sentence",
        "Ticket #48213 — customer «p1» reports the export button does nothing on Safari 17. "
        "Assigned to «p2f» for triage.",
    ),
    (
        "sentence",
        "Hi «p1f»,\n\nThanks for getting back to us. I've escalated this to our billing team and «p2» "
        "will reach out by Friday.\n\nCheers,\n«p3f»",
    ),
    (
        "sentence",
        "From: «p1»\nTo: «p2»\nSubject: Q3 roadmap review\n\nHi «p2f», can we move our 1:1 to "
        "Thursday? The board pack is due Wednesday and I'm still waiting on numbers from finance.",
    ),
    (
        "sentence",
        "HR note: «p1» (Engineering) has requested parental leave from 1 August; their manager, «p2», has "
        "approved it. Backfill to be discussed with «p3f» next week.",
    ),
    (
        "sentence",
        "Performance review for «p1»: consistently exceeds expectations, mentored two graduates this "
        "cycle and led the data-centre migration.",
    ),
    (
        "code",
        "# TODO(«p1f»): remove this shim once the v2 API is fully rolled out\ndef legacy_adapter(payload):"
        '\n    return {**payload, "version": 1}\n',
    ),
    (
        "code",
        "// Written by «p1» in 2021 — do not change the retry policy without talking to «p2f» first.\n"
        "const MAX_RETRIES = 5;\n",
    ),
    ("json", '{"id": 1042, "name": "«p1»", "role": "admin", "active": true}'),
    ("json", '[{"name": "«p1»", "team": "payments"}, {"name": "«p2»", "team": "search"}]'),
    ("json", '{"customer": {"first_name": "«p1f»", "last_name": "«p1l»", "tier": "gold", "orders": 14}}'),
    (
        "sentence",
        "[09:14] «p1f»: anyone know why staging is down?\n[09:15] «p2f»: looking now, looks like the "
        "cert expired\n[09:17] «p1f»: thanks legend",
    ),
    (
        "sentence",
        "User: My name is «p1» and I need help writing a complaint letter to my landlord about the "
        "mould.\nAssistant: Of course, «p1f». Could you tell me when you first reported it?",
    ),
    (
        "sentence",
        "Referral: please see «p1», 67, for assessment of a suspicious pigmented lesion on the left "
        "shoulder. Kind regards, Dr «p2l».",
    ),
    (
        "sentence",
        "Meeting notes — attendees: «p1», «p2», «p3». Actions: «p1f» to draft the vendor "
        "questionnaire, «p3f» to book the pen test.",
    ),
    (
        "sentence",
        "Can you ask «p1f» whether the purchase order went through? Also «p2» from procurement needs the signed copy.",
    ),
    (
        "code",
        "def test_invoice_total():\n    # regression from the bug «p1» found in March\n    assert "
        "invoice_total([1999, 501]) == 2500\n",
    ),
    ("json", '{"ticket": 77120, "requester": "«p1»", "assignee": "«p2»", "status": "open", "priority": "P2"}'),
    (
        "sentence",
        "Thanks «p1f» — I've attached the revised floor plan. «p2» will sign off on the electrical work on Monday.",
    ),
    (
        "sentence",
        "Incident review: the on-call engineer, «p1», paged «p2» at 03:12 when replication lag hit 40 seconds.",
    ),
    (
        "sentence",
        "Dear «p1»,\n\nWe are pleased to offer you the position of Senior Data Analyst, starting on "
        "2 September.\n\nYours sincerely,\n«p2»\nHead of People",
    ),
    ("sentence", "Mr «p1l» called again about his hearing aid repair; I told him «p2f» would ring back after lunch."),
    ("json", '{"author": "«p1»", "reviewers": ["«p2»", "«p3»"], "approved": false}'),
    ("sentence", "«p1» (Year 9) was absent on Tuesday and Wednesday; their guardian «p2» says they had a migraine."),
    ("code", "# Ported from «p1»'s original Perl script; edge cases documented by «p2f» in the wiki.\nimport csv\n"),
    (
        "sentence",
        "Chat transcript — Agent: Good morning, you're speaking with «p1f». How can I help?\n"
        "Customer: Hi, it's «p2», I'm calling about my pension statement.",
    ),
    ("sentence", "Witness statement taken from «p1» regarding the forklift incident; corroborated by «p2»."),
    ("json", '{"patient": {"name": "«p1»", "age": 54, "ward": "4B"}, "attending": "«p2»"}'),
    ("sentence", "Hey «p1f», just a heads-up that «p2f» is out sick today, so the design review moves to Thursday."),
    ("sentence", "The tenancy is held jointly by «p1» and «p2»; rent is paid fortnightly."),
    ("sentence", "Per «p1l»'s email, the warranty claim was rejected because the serial was outside the range."),
    ("code", "git log --oneline | head -3\n3f9c2d1 Merge pull request #412 from «p1f»/fix-timezone\n"),
    ("sentence", "Volunteer roster for Saturday: «p1» (barbecue), «p2» (registration), «p3» (first aid)."),
    (
        "sentence",
        "Counselling note: «p1f» reports improved sleep since the last session; discussed strategies "
        "for work stress with her supervisor, «p2».",
    ),
    ("json", '{"employees": [{"name": "«p1»", "start": "2022-03-01"}, {"name": "«p2»", "start": "2023-11-15"}]}'),
    ("sentence", "Hi «p1f», your parcel couldn't be delivered today. We'll try again tomorrow."),
    (
        "sentence",
        "Statement of claim: the plaintiff, «p1», alleges that the defendant, «p2», breached the contract dated 4 May.",
    ),
    ("sentence", "Shout-out to «p1f» and «p2f» for getting the release out the door on time!"),
    ("sentence", "Prof. «p1l» will chair the panel; «p2» is the external examiner."),
    ("code", "/**\n * Maintainer: «p1»\n * Reviewed-by: «p2»\n */\nexport function parseRate(input: string) {}\n"),
    ("sentence", "Your appointment with «p1» is confirmed for Tuesday at 10:30."),
]


def cycle_people() -> Iterator[tuple[str, str, str]]:
    while True:
        yield from PEOPLE


# ---------------------------------------------------------------------------------------------------------
# Structured identifiers
# ---------------------------------------------------------------------------------------------------------

EMAILS = [
    "priya.raman@northwindhealth.com.au",
    "declan.murphy87@gmail.com",
    "accounts@harbourview-dental.co.nz",
    "t.wisniewski@kontrakt.pl",
    "j.okafor+invoices@outlook.com",
    "nguyen.lan@student.unimelb.edu.au",
    "sarah_thompson@yahoo.co.uk",
    "m.fernandez@clinicasol.es",
    "kenji.w@fastmail.fm",
    "aroha.ngata@xtra.co.nz",
    "hr-payroll@ridgeway-logistics.com",
    "layla.mansour@protonmail.com",
]


def add_universal(ds: DataSet, g: Gen) -> None:
    fill(
        ds,
        "email",
        [
            ("sentence", "Please send the signed contract to «v» before Friday so legal can countersign."),
            ("sentence", "Can you update my contact email to «v»? The old one bounces."),
            ("json", '{"user_id": 88213, "email": "«v»", "verified": true}'),
            ("code", 'DEFAULT_ADMIN_EMAIL = "«v»"\nSEND_ALERTS = True\n'),
            ("code", 'git config --global user.email "«v»"'),
            ("sentence", "Unsubscribe request received from «v»; removed from the weekly digest list."),
            ("code", "2024-05-02T10:14:55Z INFO auth: login succeeded for «v» (web, mfa=totp)"),
            ("sentence", "CC «v» on anything to do with the office lease."),
            ("json", '{"to": ["«v»"], "subject": "Your invoice is ready", "template": "invoice_v3"}'),
            ("code", "UPDATE users SET email = '«v»' WHERE id = 4821;"),
            ("sentence", "My work address is «v» but personal stuff should go to my other inbox."),
            ("sentence", "Forwarded message from «v» — see the thread below about the refund."),
        ],
        lambda i: Value("EMAIL_ADDRESS", EMAILS[i]),
    )

    brands = [
        ("visa", "space"),
        ("mc", "space"),
        ("amex", "space"),
        ("visa", "plain"),
        ("mc2", "dash"),
        ("amex", "plain"),
        ("visa", "dash"),
        ("mc", "plain"),
        ("visa", "space"),
        ("amex", "space"),
    ]
    fill(
        ds,
        "card",
        [
            ("sentence", "Card on file: «v», exp 09/27. Customer asked us to keep it for renewals."),
            ("sentence", "Customer read out their card number «v» over the phone — please purge the recording."),
            ("json", '{"payment_method": {"type": "card", "number": "«v»", "exp_month": 11, "exp_year": 2026}}'),
            ("code", 'test_card = "«v»"  # copied from the Jira ticket, remove before merge'),
            ("sentence", "Charge failed for «v» with decline code do_not_honor."),
            ("sentence", "I paid with my Amex «v» but the receipt shows a different card."),
            ("sentence", "my card is «v» exp 03/26 can you put the deposit through now"),
            ("code", "INSERT INTO payments (card_number, amount) VALUES ('«v»', 149.00);"),
            ("sentence", "Visa «v» was flagged by the fraud rule velocity_3; please confirm with the cardholder."),
            ("sentence", "Please refund to the same card, «v», rather than store credit."),
        ],
        lambda i: g.card(*brands[i]),
    )

    countries = [
        ("DE", True),
        ("GB", True),
        ("FR", True),
        ("NL", False),
        ("IE", True),
        ("BE", True),
        ("DE", False),
        ("GB", False),
        ("NL", True),
        ("FR", False),
    ]
    fill(
        ds,
        "iban",
        [
            ("sentence", "Please transfer the deposit to IBAN «v» (Sparkasse) by the end of the month."),
            ("sentence", "Our bank details have changed: «v». Please update your records before the next payment."),
            ("sentence", "Virement à effectuer sur le compte «v» avant le 15."),
            ("json", '{"iban": "«v»", "holder_type": "individual", "currency": "EUR"}'),
            ("sentence", "Salary account: «v» — please confirm receipt of this change."),
            ("sentence", "Can you double-check «v»? The payment bounced with 'account closed'."),
            ("code", 'PAYOUT_IBAN = "«v»"'),
            ("code", "iban=«v»&amount=250.00&ref=INV-4471"),
            ("sentence", "Wire to «v», reference rent-june."),
            ("json", '{"beneficiary": {"iban": "«v»", "bic": "BNPAFRPP"}}'),
        ],
        lambda i: g.iban(*countries[i]),
    )

    ips = [
        "203.173.50.212",
        "49.3.128.77",
        "81.2.69.160",
        "101.181.42.17",
        "86.142.9.33",
        "122.56.201.14",
        "2001:8003:1c3d:4e00:a1b2:9f3c:17d4:e21a",
        "fe80::1c2b:3aff:fe4d:5e6f",
        "2a02:c7c:8f6e:2300:5d1:4f7a:bb01:9c2e",
        "2404:4408:63a1:c100::3f",
    ]
    fill(
        ds,
        "ip",
        [
            ("code", '«v» - - [12/Mar/2024:08:15:42 +1100] "GET /account/settings HTTP/1.1" 200 5123'),
            ("sentence", "The suspicious logins all came from «v» between 2 and 3 am."),
            ("json", '{"event": "login", "ip": "«v»", "user_agent": "Mozilla/5.0"}'),
            ("code", 'ALLOWED_ADMIN_IPS = ["«v»"]'),
            ("sentence", "My home IP is «v», can you whitelist it on the firewall?"),
            ("sentence", "Blocked «v» after 40 failed SSH attempts."),
            ("sentence", "Client connected from «v» over IPv6 at 11:02."),
            ("code", "Mar 12 09:01:13 gw sshd[2211]: Accepted publickey for deploy from «v» port 52144 ssh2"),
            ("json", '{"remote_addr": "«v»", "status": 403, "path": "/admin"}'),
            ("sentence", "Your device's address is «v» — send this to support if the VPN drops again."),
        ],
        lambda i: Value("IP_ADDRESS", ips[i]),
    )

    urls = [
        "https://www.linkedin.com/in/chinedu-okafor-4b2a91",
        "https://drive.google.com/file/d/1Xb7QmR2kLpV9eT4wYz0aHcN3sDfGj6uK/view?usp=sharing",
        "https://calendly.com/h-ashworth/30min",
        "https://portal.harbourview-dental.co.nz/patients/48213/xrays?token=7fa9c2e1",
        "https://github.com/kwatanabe/dotfiles",
        "http://intranet.ridgeway.local/hr/reviews/2024/emp-00412.pdf",
        "https://www.facebook.com/olena.kovalenko.92",
        "https://docs.google.com/spreadsheets/d/1qA8bT3xR0mZ5vW2nK7yL4cP9sE6dF1gH/edit#gid=0",
    ]
    fill(
        ds,
        "url",
        [
            ("sentence", "Here's my LinkedIn: «v» — happy to connect."),
            ("sentence", "I've shared the scans at «v», let me know if you can't open them."),
            ("sentence", "Book a time with me here: «v»"),
            ("json", '{"attachment": "«v»", "type": "xray"}'),
            ("sentence", "See my config in «v» if you want the same setup."),
            ("code", 'curl -s "«v»" -o review.pdf'),
            ("sentence", "Found her profile at «v»."),
            ("sentence", "Budget sheet with everyone's salaries: «v»"),
        ],
        lambda i: Value("URL", urls[i]),
    )

    macs = [
        ("3C:22:FB", "colon"),
        ("B8:27:EB", "dash"),
        ("00:1B:63", "colon"),
        ("F0:18:98", "cisco"),
        ("DC:A6:32", "dash-lower"),
        ("A4:83:E7", "colon-lower"),
    ]
    fill(
        ds,
        "mac",
        [
            ("sentence", "The laptop's Wi-Fi MAC is «v», please add it to the allow list."),
            ("json", '{"device_id": "dev_2231", "mac": "«v»", "last_seen": "2024-06-01T08:00:00Z"}'),
            ("sentence", "Printer MAC «v», serial number is on the sticker underneath."),
            ("code", "interface Vlan20\n mac-address «v»\n"),
            ("sentence", "Wake-on-LAN target: «v»"),
        ],
        lambda i: g.mac(*macs[i]),
    )
    ds.add(
        "mac-06",
        "code",
        "dhcpd: DHCPREQUEST for «ip» from «v» (Pixel-7) via eth0",
        {"ip": Value("IP_ADDRESS", "10.0.4.57"), "v": g.mac(*macs[5])},
    )

    vins = [
        ("JTD", "BR3FE", "K", "J"),
        ("5YJ", "3E1EA", "N", "F"),
        ("1HG", "CV1F3", "L", "A"),
        ("1FT", "FW1E5", "M", "K"),
        ("WVW", "ZZZAU", "J", "W"),
        ("WBA", "8E9C5", "P", "N"),
    ]
    fill(
        ds,
        "vin",
        [
            ("sentence", "Vehicle VIN «v», 2019 Toyota Corolla, registered to the claimant."),
            ("json", '{"vin": "«v»", "make": "Tesla", "model": "Model 3", "year": 2022}'),
            ("sentence", "I'm selling my Civic, VIN is «v» if you want to run a history check."),
            ("code", "vin = '«v»'\nreport = fetch_history(vin)\n"),
            ("sentence", "Recall notice for chassis «v»: airbag inflator replacement due."),
            ("sentence", "Insurance claim 77812 — vehicle identification number «v»."),
        ],
        lambda i: g.vin(*vins[i]),
    )

    dobs = [
        "14/03/1987",
        "3 March 1962",
        "1990-07-22",
        "07/11/1975",
        "22 Jan 1958",
        "1984-02-29",
        "March 9, 1971",
        "30.06.2001",
    ]
    fill(
        ds,
        "dob",
        [
            ("sentence", "Patient, DOB: «v», presenting with a three-day history of productive cough."),
            ("sentence", "She was born on «v» and moved to Wellington as a child."),
            ("sentence", "Date of birth: «v». Please confirm before releasing results."),
            ("json", '{"dob": "«v»", "sex": "F", "blood_group": "O+"}'),
            ("sentence", "To verify your identity, confirm your date of birth («v») when you call."),
            ("code", 'patient.date_of_birth = date.fromisoformat("«v»")'),
            ("sentence", "Member born on «v» is eligible for the seniors discount from this year."),
            ("sentence", "D.O.B. «v» — verified against passport."),
        ],
        lambda i: Value("DATE_OF_BIRTH", dobs[i]),
    )

    mrn_values = ["00482913", "7734921", "3309184", "A2291837", "1102394", "00918273", "5561029"]
    fill(
        ds,
        "mrn",
        [
            ("sentence", "MRN: «v» — admitted 04/06 via ED with a fractured neck of femur."),
            ("sentence", "Patient ID «v» has an outstanding pathology request."),
            ("json", '{"mrn": "«v»", "ward": "4B", "bed": 12}'),
            ("sentence", "Please link the MRI report to MRN «v»."),
            ("sentence", "patient ID: «v»; allergies: penicillin (rash)"),
            ("code", "SELECT * FROM encounters WHERE mrn = '«v»';"),
            ("sentence", "Wrong MRN on the specimen label — should be «v», not the one printed."),
        ],
        lambda i: Value("MEDICAL_RECORD_NUMBER", mrn_values[i]),
    )

    licences = ["D4827193", "18374920", "492183776", "034512789", "S530-460-75-123-0", "108273645", "EK482913"]
    fill(
        ds,
        "licence",
        [
            ("sentence", "Driver's license «v» (California), expires 2027."),
            ("sentence", "Licence no. «v», class C, issued in NSW."),
            ("json", '{"drivers_license": "«v»", "state": "NY", "class": "D"}'),
            ("sentence", "Please upload a photo of your driver's licence; the number on file is «v»."),
            ("sentence", "driver's license number: «v» (Florida)"),
            ("sentence", "Hire agreement: licence no. «v», expiry 11/2028."),
            ("sentence", "Customer showed NZ driver licence «v» at pickup."),
        ],
        lambda i: Value("LICENCE_NUMBER", licences[i]),
    )


def add_au(ds: DataSet, g: Gen) -> None:
    phones = [
        lambda: g.au_mobile("local"),
        lambda: g.au_landline("2", "paren"),
        lambda: g.au_mobile("intl"),
        lambda: g.au_landline("3", "local"),
        lambda: g.au_mobile("plain"),
        lambda: g.au_landline("7", "intl"),
        lambda: g.au_mobile("compact"),
        lambda: g.au_landline("8", "paren"),
    ]
    fill(
        ds,
        "au-phone",
        [
            ("sentence", "Call me on «v» after 3pm, I'm in meetings all morning."),
            ("sentence", "Reception: «v» (Mon–Fri, 8:30–5)."),
            ("json", '{"phone": "«v»", "preferred_contact": "sms"}'),
            ("sentence", "Our Melbourne office number is «v»."),
            ("sentence", "sms «v» when the parcel arrives pls"),
            ("code", 'SUPPORT_PHONE = "«v»"'),
            ("sentence", "If urgent, ring my mobile «v»."),
            ("sentence", "The caller left a number, «v», and asked for a callback about the quote."),
        ],
        lambda i: phones[i](),
    )
    ds.add(
        "au-phone-09",
        "sentence",
        "Mob: «m» | Ph: «l»\nCoastal Physio, Level 2",
        {"m": g.au_mobile("local"), "l": g.au_landline("2", "local")},
    )

    tfn_formats = ["space", "space", "plain", "space", "dash", "space", "plain"]
    fill(
        ds,
        "au-tfn",
        [
            ("sentence", "My TFN is «v», can you update it in the payroll system?"),
            ("sentence", "Tax file number: «v»"),
            ("json", '{"tfn": "«v»", "residency": "resident", "tax_free_threshold": true}'),
            ("sentence", "TFN «v» was quoted on the declaration form but the name doesn't match."),
            ("sentence", "Here's my tax file number «v» for the onboarding form."),
            ("sentence", "Employee TFN declaration — TFN: «v» — signed 12/07/2024."),
            ("code", 'employee.tfn = "«v»"'),
        ],
        lambda i: g.au_tfn(tfn_formats[i]),
    )

    medicare_formats = ["space", "space", "plain", "space", "space", "plain"]
    fill(
        ds,
        "au-medicare",
        [
            ("sentence", "Medicare number «v», IRN 2."),
            ("sentence", "Medicare card: «v», valid to 04/2027."),
            ("json", '{"medicare_number": "«v»", "irn": 1, "expiry": "2027-04"}'),
            ("sentence", "Bulk billed — Medicare «v» / 3."),
            ("sentence", "Please bring your Medicare card («v») to the appointment."),
            ("code", 'claim["medicare"] = "«v»"'),
        ],
        lambda i: g.au_medicare(medicare_formats[i]),
    )

    abn_formats = ["space", "space", "plain", "space", "space", "plain"]
    fill(
        ds,
        "au-abn",
        [
            ("sentence", "Tax invoice — Coastal Sparks Electrical, ABN «v»."),
            ("sentence", "Sole trader ABN: «v»"),
            ("json", '{"abn": "«v»", "gst_registered": true}'),
            ("sentence", "Please quote ABN «v» on all invoices."),
            ("sentence", "The contractor's ABN is «v» — check it on ABN Lookup before paying."),
            ("code", 'VENDOR_ABN = "«v»"'),
        ],
        lambda i: g.au_abn(abn_formats[i]),
    )

    fill(
        ds,
        "au-passport",
        [
            ("sentence", "Australian passport number «v», expires 2031."),
            ("sentence", "Passport: «v» (AUS)"),
            ("json", '{"passport_number": "«v»", "nationality": "AUS"}'),
            ("sentence", "My passport no. is «v» for the booking."),
            ("sentence", "Travel documents — AU passport «v»."),
        ],
        lambda i: g.au_passport(),
    )

    account_formats = ["spaced", "combined", "plain", "plain", "combined", "plain"]
    fill(
        ds,
        "au-bank",
        [
            ("sentence", "Please pay into BSB 062-184, account «v»."),
            ("sentence", "Bank details: «v» (CommBank)."),
            ("json", '{"bsb": "033-042", "account_number": "«v»"}'),
            ("sentence", "My account number is «v», BSB 083-004."),
            ("sentence", "Direct debit from «v» on the 1st of each month."),
            ("code", 'PAYROLL_ACCOUNT = {"bsb": "732-001", "account": "«v»"}'),
        ],
        lambda i: g.au_account(account_formats[i]),
    )


def add_nz(ds: DataSet, g: Gen) -> None:
    phones = [
        ("mobile", "local"),
        ("landline", "local"),
        ("mobile", "intl"),
        ("landline", "intl"),
        ("mobile", "local"),
        ("landline", "local"),
        ("mobile", "local"),
    ]
    fill(
        ds,
        "nz-phone",
        [
            ("sentence", "Text me on «v» when you're outside."),
            ("sentence", "Clinic phone «v», after hours use Healthline."),
            ("json", '{"mobile": "«v»", "consent_sms": true}'),
            ("sentence", "Ring «v» and ask for accounts."),
            ("code", 'ONCALL = "«v»"  # weekend roster'),
            ("sentence", "Our Christchurch office: «v»."),
            ("sentence", "cheers, flick me a txt on «v» if the delivery's late"),
        ],
        lambda i: g.nz_phone(*phones[i]),
    )

    ird_formats = ["dash", "dash", "plain", "dash", "plain", "dash"]
    fill(
        ds,
        "nz-ird",
        [
            ("sentence", "IRD number «v» — please update your KiwiSaver provider."),
            ("sentence", "My IRD no. is «v»."),
            ("json", '{"ird_number": "«v»", "tax_code": "M"}'),
            ("sentence", "Employee's IRD number: «v», tax code ME."),
            ("code", 'payee.ird = "«v»"'),
            ("sentence", "Please quote IRD «v» on the GST return."),
        ],
        lambda i: g.nz_ird(ird_formats[i]),
    )

    fill(
        ds,
        "nz-nhi",
        [
            ("sentence", "NHI «v», presenting with acute asthma."),
            ("sentence", "Patient NHI number: «v»."),
            ("json", '{"nhi": "«v»", "dhb": "Capital & Coast"}'),
            ("sentence", "Lab results for NHI «v» are back — HbA1c 58."),
            ("code", "SELECT * FROM admissions WHERE nhi = '«v»';"),
            ("sentence", "Please check the NHI on the form («v») against the hospital record."),
        ],
        lambda i: g.nz_nhi(),
    )

    fill(
        ds,
        "nz-passport",
        [
            ("sentence", "NZ passport number «v», expiry 2029."),
            ("sentence", "New Zealand passport: «v»"),
            ("json", '{"document": "passport", "country": "NZL", "number": "«v»"}'),
            ("sentence", "Traveller's passport no. «v» (NZL)."),
            ("sentence", "Passport «v» was reported lost on 3 June."),
        ],
        lambda i: g.nz_passport(),
    )

    seps = ["-", "-", " ", "-", "-", " "]
    fill(
        ds,
        "nz-bank",
        [
            ("sentence", "Please pay the bond into «v» and use your surname as the reference."),
            ("sentence", "Bank account: «v» (ASB)."),
            ("json", '{"bank_account": "«v»", "payee": "sole trader"}'),
            ("sentence", "My account number is «v»."),
            ("code", 'REFUND_ACCOUNT = "«v»"'),
            ("sentence", "Direct credit to «v» fortnightly."),
        ],
        lambda i: g.nz_bank(seps[i]),
    )


def add_uk(ds: DataSet, g: Gen) -> None:
    phones = [
        ("mobile", "local"),
        ("london", "local"),
        ("mobile", "intl"),
        ("regional", "local"),
        ("london", "intl"),
        ("regional", "intl"),
        ("mobile", "local"),
        ("london", "local"),
    ]
    fill(
        ds,
        "uk-phone",
        [
            ("sentence", "Give me a ring on «v» if the engineer is running late."),
            ("sentence", "Switchboard: «v»"),
            ("json", '{"contact_number": "«v»", "type": "mobile"}'),
            ("sentence", "Call the Manchester team on «v»."),
            ("code", 'HELPDESK = "«v»"'),
            ("sentence", "Leeds office: «v»."),
            ("sentence", "my number's «v», text is best"),
            ("sentence", "Please call back on «v» between 9 and 5."),
        ],
        lambda i: g.uk_phone(*phones[i]),
    )

    fill(
        ds,
        "uk-nino",
        [
            ("sentence", "National Insurance number: «v»"),
            ("sentence", "My NI number is «v», I think HMRC has the wrong one."),
            ("json", '{"nino": "«v»", "tax_code": "1257L"}'),
            ("sentence", "NINO «v» appears on two payroll records."),
            ("code", 'employee["ni_number"] = "«v»"'),
            ("sentence", "Please confirm your National Insurance number («v») to continue."),
        ],
        lambda i: g.uk_nino(i % 2 == 0),
    )

    fill(
        ds,
        "uk-nhs",
        [
            ("sentence", "NHS number «v» — referred to physio."),
            ("sentence", "Patient's NHS no: «v»."),
            ("json", '{"nhs_number": "«v»", "gp_practice": "Y02739"}'),
            ("sentence", "Please check NHS number «v» on the spine before booking."),
            ("code", "SELECT * FROM referrals WHERE nhs_number = '«v»';"),
            ("sentence", "Repeat prescription for NHS «v» is ready to collect."),
        ],
        lambda i: g.uk_nhs("space" if i % 2 == 0 else "plain"),
    )

    fill(
        ds,
        "uk-passport",
        [
            ("sentence", "UK passport number «v», issued 2019."),
            ("sentence", "British passport: «v»."),
            ("json", '{"passport_number": "«v»", "nationality": "GBR"}'),
            ("sentence", "My passport no. is «v», expiring next March."),
            ("sentence", "HM Passport Office reference for passport «v»."),
        ],
        lambda i: g.uk_passport(),
    )

    holders = [
        ("Morgan", (1975, 11, 16), False, "SM"),
        ("Okonkwo", (1988, 3, 2), True, "AC"),
        ("Li", (1992, 7, 30), True, "X"),
        ("Fitzgerald", (1969, 12, 5), False, "PJ"),
        ("Patel", (2001, 1, 19), True, "RK"),
    ]
    fill(
        ds,
        "uk-dl",
        [
            ("sentence", "Driving licence number «v» — checked with DVLA, no endorsements."),
            ("sentence", "UK driving licence: «v»"),
            ("json", '{"licence_number": "«v»", "categories": ["B", "BE"]}'),
            ("sentence", "Please enter your licence number exactly as shown: «v»."),
            ("code", 'driver.licence = "«v»"'),
        ],
        lambda i: g.uk_driving_licence(*holders[i]),
    )

    fill(
        ds,
        "uk-sort",
        [
            ("sentence", "Sort code «v», account ending 4417."),
            ("sentence", "Our sort code is «v» — the account number is on the invoice."),
            ("json", '{"sort_code": "«v»", "bank": "Barclays"}'),
            ("sentence", "Please pay to sort code «v»."),
            ("code", 'SORT_CODE = "«v»"'),
        ],
        lambda i: g.uk_sort_code(),
    )

    postcodes = ["SW1A 2AA", "M1 1AE", "EH1 1YZ", "B33 8TH", "CR2 6XH", "LS11 5DT", "BS8 1TH"]
    fill(
        ds,
        "uk-postcode",
        [
            ("sentence", "Deliver to Flat 3, 14 Albert Road, London «v»."),
            ("sentence", "Our new office is at 1 Piccadilly Gardens, Manchester «v»."),
            ("json", '{"address_line_1": "22 Leith Walk", "city": "Edinburgh", "postcode": "«v»"}'),
            ("sentence", "Postcode «v» — the sat nav takes you to the back entrance."),
            ("code", 'address = {"street": "9 Selsdon Park Road", "postcode": "«v»"}'),
            ("sentence", "I live at 40 Elland Road, Leeds, «v»."),
            ("sentence", "Return the form to 5 Queens Road, Bristol «v»."),
        ],
        lambda i: Value("UK_POSTCODE", postcodes[i], "UK"),
    )


def add_us(ds: DataSet, g: Gen) -> None:
    formats = ["paren", "dash", "intl", "dot", "paren", "dash", "intl"]
    fill(
        ds,
        "us-phone",
        [
            ("sentence", "You can reach me at «v» most evenings."),
            ("sentence", "Call «v» to reschedule the installation."),
            ("json", '{"phone": "«v»", "country": "US"}'),
            ("sentence", "Front desk: «v»."),
            ("code", 'TWILIO_TO = "«v»"'),
            ("sentence", "Voicemail from «v» about the lease renewal."),
            ("sentence", "My cell is «v», text anytime."),
        ],
        lambda i: g.us_phone(formats[i]),
    )

    seps = ["-", "-", "-", " ", "-", "-", ""]
    fill(
        ds,
        "us-ssn",
        [
            ("sentence", "SSN: «v»"),
            ("sentence", "My social security number is «v», please don't share it."),
            ("json", '{"ssn": "«v»", "filing_status": "single"}'),
            ("sentence", "Employee SSN «v» on the W-2 is missing a digit? Please check."),
            ("code", "SELECT name FROM employees WHERE ssn = '«v»';"),
            ("sentence", "Applicant's Social Security No. «v» verified via E-Verify."),
            ("code", 'applicant = {"ssn": "«v»", "state": "TX"}'),
        ],
        lambda i: g.us_ssn(seps[i]),
    )


def add_secrets(ds: DataSet, g: Gen) -> None:
    vendors = [
        "openai",
        "openai-proj",
        "openai-proj",
        "anthropic",
        "anthropic",
        "anthropic",
        "aws",
        "aws",
        "aws",
        "github",
        "github",
        "github-pat",
        "slack",
        "slack",
        "google",
        "google",
        "aws-secret",
    ]
    fill(
        ds,
        "api-key",
        [
            ("code", 'client = OpenAI(api_key="«v»")'),
            ("code", "OPENAI_API_KEY=«v»\nOPENAI_ORG=org-acme\n"),
            ("sentence", "Why does my key «v» return 429 on every request?"),
            ("code", 'export ANTHROPIC_API_KEY="«v»"'),
            ("json", '{"provider": "anthropic", "api_key": "«v»", "model": "claude-3-5-sonnet"}'),
            ("code", 'anthropic.Anthropic(api_key="«v»")'),
            ("code", "[default]\naws_access_key_id = «v»\nregion = ap-southeast-2\n"),
            ("sentence", "Found an access key «v» committed in the terraform repo, please rotate."),
            ("json", '{"AccessKeyId": "«v»", "Status": "Active"}'),
            ("code", "git remote set-url origin https://«v»@github.com/acme/infra.git"),
            ("code", 'GITHUB_TOKEN: "«v»"'),
            ("sentence", "Use this fine-grained token for the CI job: «v»"),
            ("code", 'SLACK_BOT_TOKEN="«v»"'),
            ("json", '{"slack": {"token": "«v»", "channel": "#alerts"}}'),
            ("code", "const MAPS_KEY = '«v»';"),
            ("code", 'https_get(f"/maps/api/geocode/json?address={q}&key=«v»")'),
            ("code", "aws_secret_access_key = «v»"),
        ],
        lambda i: g.api_key(vendors[i]),
    )

    ds.add("private-key-01", "code", "cat ~/.ssh/id_rsa\n«v»\n", {"v": g.private_key("RSA PRIVATE KEY")})
    ds.add("private-key-02", "code", "TLS_KEY: |\n  «v»\n", {"v": g.private_key("EC PRIVATE KEY", "\n  ")})
    ds.add(
        "private-key-03",
        "sentence",
        "Here's the deploy key, can you add it to the server?\n\n«v»\n\nthanks!",
        {"v": g.private_key("OPENSSH PRIVATE KEY")},
    )
    ds.add(
        "private-key-04",
        "json",
        '{"type": "service_account", "project_id": "acme-analytics", "private_key_id": '
        '"4f1c2e9a7b", "private_key": "«v»\\n", "client_id": "1049382716"}',
        {"v": g.private_key("PRIVATE KEY", "\\n")},
    )

    algs = ["HS256", "RS256", "HS256", "RS256", "HS256"]
    fill(
        ds,
        "jwt",
        [
            ("code", "Authorization: Bearer «v»"),
            ("json", '{"access_token": "«v»", "token_type": "Bearer", "expires_in": 3600}'),
            ("sentence", "Here's the token that's failing validation: «v»"),
            ("code", 'requests.get(API + "/orders", headers={"Authorization": "Bearer «v»"})'),
            ("code", "Cookie: session=«v»; theme=dark"),
        ],
        lambda i: g.jwt(algs[i]),
    )

    passwords = [
        "Tr0ub4dor&3x",
        "Summer2024!",
        "xK9#mPq2$vL7",
        "hunter2-prod-99",
        "Welcome1!Acme",
        "Qz7!rT2wLpB4",
        "s3cr3t-P@ss",
        "N0v3mber_rain",
    ]
    fill(
        ds,
        "password",
        [
            ("code", "DATABASE_URL=postgres://app@db.internal:5432/app\nDATABASE_PASSWORD=«v»\n"),
            ("json", '{"username": "svc_reports", "password": "«v»"}'),
            ("code", "[smtp]\nhost = mail.internal\nuser = alerts\npassword = «v»\n"),
            ("code", 'psql "host=db.internal dbname=app user=app password=«v»"'),
            ("code", 'login(user="admin", password="«v»")'),
            ("code", "spring:\n  datasource:\n    username: app\n    password: «v»\n"),
            ("code", "PGPASSWORD=«v» pg_dump -h db.internal -U app app > dump.sql"),
            ("sentence", "I set password=«v» in the config but the service still can't log in."),
        ],
        lambda i: Value("PASSWORD", passwords[i]),
    )


def email_for(person: tuple[str, str, str], domain: str, initial: bool = False) -> Value:
    """An address built from the person's own name, the way most work addresses are."""

    def fold(name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z]", "", ascii_name.split()[0])

    given, family = fold(person[1]), fold(person[2])
    local = f"{given[0]}.{family}" if initial else f"{given}.{family}"
    return Value("EMAIL_ADDRESS", f"{local}@{domain}")


def add_mixed(ds: DataSet, g: Gen, people: Iterator[tuple[str, str, str]]) -> None:
    """Realistic records carrying several kinds of PII at once."""

    def full() -> tuple[Value, tuple[str, str, str]]:
        person = next(people)
        return Value("PERSON", person[0]), person

    n, name = full()
    ds.add(
        "mixed-01",
        "sentence",
        "Support ticket #55120\nName: «n»\nEmail: «e»\nPhone: «p»\nIssue: can't reset password, locked out "
        "after three attempts.",
        {"n": n, "e": email_for(name, "gmail.com"), "p": g.nz_phone("mobile", "local")},
    )
    n, name = full()
    ds.add(
        "mixed-02",
        "sentence",
        "Referral — «n», DOB «d», NHS no. «h». Lives at 12 Mill Lane, Bristol «pc». Please see within 2 weeks.",
        {
            "n": n,
            "d": Value("DATE_OF_BIRTH", "04/09/1949"),
            "h": g.uk_nhs("space"),
            "pc": Value("UK_POSTCODE", "BS3 4EA", "UK"),
        },
    )
    n, name = full()
    ds.add(
        "mixed-03",
        "json",
        '{"name": "«n»", "email": "«e»", "phone": "«p»", "medicare": "«m»"}',
        {
            "n": n,
            "e": email_for(name, "bigpond.com", initial=True),
            "p": g.au_mobile("intl"),
            "m": g.au_medicare("plain"),
        },
    )
    n, name = full()
    ds.add(
        "mixed-04",
        "sentence",
        "--\n«n»\nSenior Account Manager | Ridgeway Logistics\nM: «m» | E: «e»",
        {"n": n, "m": g.uk_phone("mobile", "intl"), "e": email_for(name, "ridgeway.co.uk", initial=True)},
    )
    n, _ = full()
    kin, _ = full()
    ds.add(
        "mixed-05",
        "sentence",
        "Clinical note: «n» (NHI «h», DOB «d») reviewed in clinic. Next of kin: «k», ph «p».",
        {
            "n": n,
            "h": g.nz_nhi(),
            "d": Value("DATE_OF_BIRTH", "17/02/1983"),
            "k": kin,
            "p": g.nz_phone("landline", "local"),
        },
    )
    n, name = full()
    ds.add(
        "mixed-06",
        "code",
        '# seed data for local dev only\nUser.create(name="«n»", email="«e»", ssn="«s»", phone="«p»")\n',
        {"n": n, "e": email_for(name, "example-mail.com"), "s": g.us_ssn("-"), "p": g.us_phone("dash")},
    )
    n, _ = full()
    ds.add(
        "mixed-07",
        "sentence",
        "New starter: «n», TFN «t», super fund member no. on file. Bank: BSB 062-000, account «a».",
        {"n": n, "t": g.au_tfn("space"), "a": g.au_account("spaced")},
    )
    n, _ = full()
    ds.add(
        "mixed-08",
        "json",
        '{"applicant": {"name": "«n»", "nino": "«ni»", "dob": "«d»", "postcode": "«pc»"}}',
        {
            "n": n,
            "ni": g.uk_nino(True),
            "d": Value("DATE_OF_BIRTH", "1979-05-12"),
            "pc": Value("UK_POSTCODE", "NW1 6XE", "UK"),
        },
    )
    given = next(people)[1]
    ds.add(
        "mixed-09",
        "sentence",
        "Hi «f», your login from «ip» was blocked. If this wasn't you, reply to «e».",
        {
            "f": Value("PERSON", given),
            "ip": Value("IP_ADDRESS", "58.84.201.117"),
            "e": Value("EMAIL_ADDRESS", "security@northwindhealth.com.au"),
        },
    )
    given = next(people)[1]
    ds.add(
        "mixed-10",
        "sentence",
        "Hey, it's «f» — my new card is «c» and the address is the same. Call me on «p» if it fails.",
        {"f": Value("PERSON", given), "c": g.card("visa", "space"), "p": g.au_mobile("local")},
    )


# ---------------------------------------------------------------------------------------------------------
# Clean texts: no PII, but full of things that look like it
# ---------------------------------------------------------------------------------------------------------


def add_clean(ds: DataSet, g: Gen) -> None:
    sha1 = hashlib.sha1(b"anonamoose-eval").hexdigest()
    sha256 = hashlib.sha256(b"release-2.4.1.tar.gz").hexdigest()
    job_uuid = uuid.UUID(int=g.rng.getrandbits(128), version=4)
    trace_uuid = uuid.UUID(int=g.rng.getrandbits(128), version=4)
    integrity = base64.b64encode(hashlib.sha512(b"left-pad-1.3.0").digest()).decode()
    clean: list[tuple[str, str]] = [
        ("sentence", "Bumped requests from 2.31.0 to 2.32.3 and pinned urllib3<2.3 to keep the 3.8 wheels working."),
        ("sentence", "Order #100234871 has shipped. Estimated delivery: 3–5 business days."),
        ("sentence", "Your order 4521-8890-3341 was refunded: $129.95 will appear within 5–7 business days."),
        (
            "code",
            '2024-03-18T09:41:22.512Z level=info msg="request completed" status=200 duration_ms=48 '
            "route=/api/v1/orders",
        ),
        ("code", f"commit {sha1}\nDate:   Mon Mar 18 09:41:22 2024 +1100\n\n    Fix off-by-one in pagination cursor\n"),
        ("code", f"{sha256}  release-2.4.1.tar.gz"),
        ("sentence", f"Retrying job {job_uuid} (attempt 2 of 5) after a 30s backoff."),
        (
            "code",
            "def chunk(items, size=500):\n    for i in range(0, len(items), size):\n        yield items[i:i + size]\n",
        ),
        (
            "code",
            "SELECT order_id, total_cents FROM orders WHERE created_at >= '2024-01-01' AND status IN "
            "('paid', 'shipped') ORDER BY created_at DESC LIMIT 50;",
        ),
        ("json", '{"dependencies": {"react": "^18.2.0", "typescript": ">=5.0.0 <5.5.0", "lodash": "~4.17.21"}}'),
        ("sentence", "Build 20240318.4 (#4821) passed in 12m 37s on runner linux-x64-07."),
        ("sentence", "Pro plan: $29/month or $290/year (save 17%). Enterprise from $1,499.00 per seat per year."),
        ("sentence", "Sprint 14 runs 2024-07-01 to 2024-07-12; the retro is on 2024-07-12 at 15:00."),
        ("sentence", "Postgres listens on 5432, Redis on 6379 and the API on 8080; only 443 is exposed publicly."),
        ("code", "model.safetensors  4.37 GB\ntokenizer.json     2.1 MB\nconfig.json        1,024 bytes\n"),
        (
            "code",
            ":root {\n  --primary: #1e90ff;\n  --danger: #dc3545;\n  --muted: #6c757d;\n  background: #fafafa;\n}\n",
        ),
        ("sentence", "Invoice INV-2024-00417 is overdue by 14 days. Amount due: AUD 3,960.00 incl. GST."),
        ("sentence", "Tracking number 1Z4E8V310391426650 — out for delivery, expected by 6 pm."),
        ("sentence", "AusPost tracking 33LVP5012345 and USPS 9400 1118 9922 3857 4962 11 both show 'in transit'."),
        (
            "code",
            "Mar 12 09:01:13 web-03 nginx[1123]: upstream timed out (110: Connection timed out) while "
            'reading response header from upstream, request: "GET /healthz HTTP/1.1"',
        ),
        (
            "code",
            "NAME                     READY   STATUS    RESTARTS   AGE\napi-7d9f8c6b5-x2k4q      1/1     "
            "Running   0          3d4h\nworker-5c8b9d7f4-qm8zt   1/1     Running   2          3d4h\n",
        ),
        (
            "code",
            "TypeError: Cannot read properties of undefined (reading 'map')\n    at OrderList "
            "(OrderList.tsx:42:17)\n    at renderWithHooks (react-dom.development.js:16305:18)",
        ),
        (
            "code",
            'Traceback (most recent call last):\n  File "/app/worker.py", line 118, in run\n    '
            "result = handler(msg)\nKeyError: 'order_id'",
        ),
        ("code", "git checkout -b fix/1423-null-cursor && git cherry-pick 4f1c2e9"),
        (
            "sentence",
            "Throughput went from 1,240 req/s to 3,615 req/s after enabling keep-alive; p99 latency "
            "dropped from 412 ms to 188 ms.",
        ),
        ("sentence", "Windows Update failed with error 0x80070643; KB5034441 is the usual culprit."),
        ("sentence", "The project was born on a hackathon weekend in 2019 and hit 1.0 in 2021."),
        ("json", '{"model": "gpt-4o-2024-08-06", "temperature": 0.2, "max_tokens": 4096, "seed": 1234}'),
        ("code", "const retryDelays = [250, 500, 1000, 2000, 4000];"),
        ("sentence", "Recommended reading: ISBN 978-0-13-468599-1, chapter 7 on concurrency."),
        ("code", "Python 3.12.4 (main, Jun  6 2024, 18:26:22) [Clang 15.0.0 (clang-1500.3.9.4)] on darwin"),
        ("code", "0 3 * * 1-5 /usr/local/bin/backup.sh --retain 14 --compress zstd"),
        (
            "code",
            'resource "aws_instance" "web" {\n  ami           = "ami-0c55b159cbfafe1f0"\n  instance_type '
            '= "t3.micro"\n}\n',
        ),
        ("code", "arn:aws:lambda:ap-southeast-2:418295730164:function:resize-images"),
        ("sentence", "Table 3: n = 1,024 samples, mean 12.7 (SD 3.1), 95% CI 11.9–13.5, p < 0.001."),
        ("sentence", "Epoch 1717200000 corresponds to 2024-06-01 00:00 UTC."),
        ("code", "Segmentation fault at address 0x00007ffd5e8c3a10, rip 0x000055d1c2a4b3f0"),
        (
            "code",
            '<img alt="" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUl'
            'EQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">',
        ),
        ("json", f'{{"node_modules/left-pad": {{"version": "1.3.0", "integrity": "sha512-{integrity}"}}}}'),
        (
            "code",
            "a1b2c3d feat: add retry with jitter\n9e8f7a6 fix: null check on empty cart\n"
            "5d4c3b2 chore(deps): bump vite from 5.2.8 to 5.2.11",
        ),
        ("sentence", "Supports Node >=18.17.0 || ^20.3.0; tested on 18.19.1, 20.11.0 and 21.6.2."),
        (
            "code",
            "CREATE TABLE patients (\n  id BIGSERIAL PRIMARY KEY,\n  mrn VARCHAR(16) NOT NULL,\n  "
            "date_of_birth DATE,\n  nhs_number CHAR(10)\n);",
        ),
        ("code", 'password = os.environ["DB_PASSWORD"]\napi_key = settings.OPENAI_API_KEY  # loaded from env'),
        (
            "code",
            "      - name: Migrate\n        env:\n          DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n"
            "        run: make migrate",
        ),
        ("sentence", "Enter your date of birth (DD/MM/YYYY) and your Medicare number exactly as shown on your card."),
        ("sentence", "Card ending 4242 was charged $18.00 on 2 June."),
        ("code", "[2024-06-01 12:00:03,114] WARNING worker-4 queue depth 1532 exceeds threshold 1000"),
        ("sentence", "Your reference number is 204 118 337. Keep it for your records."),
        ("sentence", "Room 4.12, Level 4 — dial extension 2231 from any internal phone."),
        ("sentence", "Tested on Windows 10.0.19045.4291 and Chrome 124.0.6367.91."),
        ("code", '[assembly: AssemblyVersion("4.2.1.0")]\n[assembly: AssemblyFileVersion("4.2.1.1187")]'),
        ("sentence", "Deployed at Tue, 18 Jun 2024 04:12:55 GMT (14:12 AEST); rollback window closes at 16:00."),
        ("sentence", "Release 2.0.0-rc.1+build.20240618.7f3a2c1 is on the staging channel."),
        (
            "json",
            '{"id": "ord_8Jk2Lm9QxP", "amount": 4599, "currency": "aud", "status": "succeeded", "created": 1718690000}',
        ),
        ("code", 'SSN_PATTERN = re.compile(r"\\b\\d{3}-\\d{2}-\\d{4}\\b")\nPOSTCODE_MAX_LEN = 8'),
        ("sentence", "Will this change the rate limit? If so, mark it as breaking in the changelog."),
        ("sentence", "The June release adds dark mode; in May we focused on bug fixes."),
        ("sentence", "Final score 3–1; attendance 48,213; kick-off was at 19:45."),
        ("sentence", "Fridge 2: 3.8°C at 06:00, 4.1°C at 12:00, 3.9°C at 18:00 — all within range."),
        ("sentence", "Preheat the oven to 180°C, bake for 35–40 minutes; serves 8."),
        ("code", f"trace_id={trace_uuid.hex} span_id=5b8efff798038103 sampled=1"),
        (
            "json",
            '{"version": "3.4.1", "build": 8812, "commit": "e83c516", "released": "2024-05-30T11:02:44Z", '
            '"size_bytes": 48213390}',
        ),
        ("sentence", "Please grant the deploy role read access to the bucket; the bill for May was $412.37."),
        ("code", "docker pull ghcr.io/acme/api@sha256:" + hashlib.sha256(b"api-image").hexdigest()),
        (
            "sentence",
            "Patch Tuesday is the second Tuesday of each month; this quarter that's 9 Jul, 13 Aug and 10 Sep.",
        ),
        (
            "code",
            "SELECT COUNT(*) FROM events WHERE ts BETWEEN 1717200000 AND 1717286399 GROUP BY "
            "date_trunc('hour', to_timestamp(ts));",
        ),
        ("sentence", "Lot 0423-B expires 2026-11-30; store below 25°C."),
    ]
    for index, (kind, text) in enumerate(clean):
        ds.add_clean(f"clean-{index + 1:02d}", kind, text)


# ---------------------------------------------------------------------------------------------------------


def build() -> DataSet:
    self_test()
    g = Gen(SEED)
    ds = DataSet()
    people = cycle_people()
    add_person_templates(ds, "person", PERSON_TEMPLATES, people)
    add_universal(ds, g)
    add_au(ds, g)
    add_nz(ds, g)
    add_uk(ds, g)
    add_us(ds, g)
    add_secrets(ds, g)
    add_mixed(ds, g, people)
    add_clean(ds, g)
    return ds


def main() -> int:
    write_dataset(build(), OUT_DIR / "labelled.jsonl", OUT_DIR / "clean.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
