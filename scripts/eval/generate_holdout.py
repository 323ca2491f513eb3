#!/usr/bin/env python3
"""Write the held-out evaluation set: scripts/eval/holdout_labelled.jsonl and scripts/eval/holdout_clean.jsonl.

Same format as generate.py's set, built from different material (seed, people, templates, document kinds,
identifier formats and issuers), so detectors tuned against labelled.jsonl can be checked for overfitting.
Deterministic: running it again rewrites identical files. Checksums come from generate.py's independent
implementations (self-tested there) plus the national IBAN checks added here, each tested on a published example.
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
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/eval is no package: siblings import by name

import common  # noqa: E402
import generate as ref  # noqa: E402  # its checksums are the tested reference
from common import (  # noqa: E402
    B62,
    B64URL,
    HEX,
    DataSet,
    SeededGen,
    Value,
    add_person_templates,
    grouped,
    write_dataset,
)

SEED = 7_310_925  # generate.py uses another; the two sets must not share values
OUT_DIR = Path(__file__).resolve().parent
LABELLED_PATH = OUT_DIR / "holdout_labelled.jsonl"
CLEAN_PATH = OUT_DIR / "holdout_clean.jsonl"

# ---------------------------------------------------------------------------------------------------------
# National checks that generate.py does not need (its IBAN countries differ)
# ---------------------------------------------------------------------------------------------------------

SPANISH_WEIGHTS = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)


def spanish_check_digit(ten_digits: str) -> str:
    check = 11 - sum(int(d) * w for d, w in zip(ten_digits, SPANISH_WEIGHTS, strict=True)) % 11
    return {11: "0", 10: "1"}.get(check, str(check))


def spanish_control(bank: str, branch: str, account: str) -> str:
    return spanish_check_digit("00" + bank + branch) + spanish_check_digit(account)


NORWEGIAN_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def norwegian_check(first10: str) -> str | None:
    remainder = sum(int(d) * w for d, w in zip(first10, NORWEGIAN_WEIGHTS, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else str(check)


POLISH_SORT_WEIGHTS = (3, 9, 7, 1, 3, 9, 7)


def polish_sort_check(first7: str) -> str:
    return str((10 - sum(int(d) * w for d, w in zip(first7, POLISH_SORT_WEIGHTS, strict=True)) % 10) % 10)


def self_test() -> None:
    """generate.py's published examples, then this file's national checks on theirs."""
    ref.self_test()
    assert spanish_control("2100", "0418", "0200051332") == "45"  # ES91 2100 0418 4502 0005 1332
    assert ref.iban_valid("ES9121000418450200051332")
    assert norwegian_check("8601111794") == "7"  # NO93 8601 1117 947
    assert ref.iban_valid("NO9386011117947")
    assert polish_sort_check("1090101") == "4"  # PL61 1090 1014 0000 0712 1981 2874
    assert ref.iban_valid("PL61109010140000071219812874")
    assert ref.iban_valid("CH9300762011623852957") and ref.iban_valid("AT611904300234573201")


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------


class HoldoutGen(SeededGen):
    """Every value is drawn from one seeded RNG, in a fixed order; formats and issuers differ from generate.py."""

    # --- universal ---------------------------------------------------------------------------------------

    def card(self, brand: str, fmt: str) -> Value:
        prefix, length = {
            "visa": ("4" + self.digits(1), 16),
            "mc": ("5" + self.rng.choice("12345"), 16),
            "mc2": (str(self.rng.randint(2221, 2720)), 16),
            "amex": ("3" + self.rng.choice("47"), 15),
            "discover": ("6011", 16),
            "jcb": (str(self.rng.randint(3528, 3589)), 16),
            "diners": ("36", 14),
        }[brand]
        number = ref.luhn_complete(prefix + self.digits(length - len(prefix) - 1))
        sizes = {16: (4, 4, 4, 4), 15: (4, 6, 5), 14: (4, 6, 4)}[length]
        text = {"space": grouped(number, sizes), "dash": grouped(number, sizes, "-"), "plain": number}[fmt]
        assert ref.luhn_valid(text)
        return Value("CREDIT_CARD", text)

    def iban(self, country: str, spaced: bool) -> Value:
        if country == "ES":
            bank, branch, account = self.rng.choice(["0049", "0182", "2100", "0081"]), self.digits(4), self.digits(10)
            bban = bank + branch + spanish_control(bank, branch, account) + account
        elif country == "NO":
            while True:
                first10 = self.rng.choice(["1503", "8601", "9710"]) + self.digits(6)
                if (check := norwegian_check(first10)) is not None:
                    break
            bban = first10 + check
        elif country == "PL":
            first7 = self.rng.choice(["1020", "1140", "1090", "1050"]) + self.digits(3)
            bban = first7 + polish_sort_check(first7) + self.digits(16)
        elif country == "AT":
            bban = self.rng.choice(["12000", "20111", "32000", "14000"]) + self.digits(11)
        elif country == "CH":
            bban = self.rng.choice(["00762", "00230", "08390"]) + self.digits(12)
        elif country == "GB":
            bban = self.rng.choice(["MONZ", "SRLG", "NAIA", "TSBS"]) + self.digits(6) + self.digits(8)
        elif country == "IE":
            bban = self.rng.choice(["IPBS", "ULSB"]) + self.digits(6) + self.digits(8)
        else:  # DE
            bban = self.rng.choice(["12030000", "50070010", "43060967", "76026000"]) + self.digits(10)
        compact = country + ref.iban_check_digits(country, bban) + bban
        text = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)) if spaced else compact
        assert ref.iban_valid(text)
        return Value("IBAN_CODE", text)

    def mac(self, oui: str, fmt: str) -> Value:
        octets = oui.split(":") + [f"{self.rng.randrange(256):02X}" for _ in range(3)]
        if fmt == "cisco":
            flat = "".join(octets).lower()
            return Value("MAC_ADDRESS", ".".join(flat[i : i + 4] for i in range(0, 12, 4)))
        text = (":" if fmt.startswith("colon") else "-").join(octets)
        return Value("MAC_ADDRESS", text.lower() if fmt.endswith("lower") else text)

    def vin(self, wmi: str, vds: str, year: str, plant: str) -> Value:
        partial = wmi + vds + "0" + year + plant + self.digits(6)
        vin = partial[:8] + ref.vin_check_char(partial) + partial[9:]
        assert len(vin) == 17 and ref.vin_check_char(vin) == vin[8]
        return Value("VIN", vin)

    # --- AU ------------------------------------------------------------------------------------------------

    def au_mobile(self, fmt: str) -> Value:
        rest = self.digits(8)
        text = {
            "local": f"04{rest[:2]} {rest[2:5]} {rest[5:]}",
            "intl": f"+61 4{rest[:2]} {rest[2:5]} {rest[5:]}",
            "pairs": f"04 {rest[:4]} {rest[4:]}",
            "dots": f"04{rest[:2]}.{rest[2:5]}.{rest[5:]}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "AU")

    def au_landline(self, area: str, fmt: str) -> Value:
        number = self.digits(1, {"2": "89", "3": "89", "7": "3", "8": "89"}[area]) + self.digits(7)
        text = {
            "paren": f"({area.zfill(2)}) {number[:4]} {number[4:]}",
            "intl0": f"+61 (0){area} {number[:4]} {number[4:]}",
            "plain": f"0{area}{number}",
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
        return Value("AU_TFN", {"space": grouped(tfn, (3, 3, 3)), "plain": tfn}[fmt], "AU")

    def au_medicare(self, fmt: str) -> Value:
        first8 = self.digits(8, "23456")
        number = first8 + ref.medicare_check(first8) + self.digits(1, "123456789")
        text = {"space": grouped(number, (4, 5, 1)), "plain": number, "dash": grouped(number, (4, 5, 1), "-")}[fmt]
        return Value("AU_MEDICARE", text, "AU")

    def au_abn(self, fmt: str) -> Value:
        tail = self.digits(9)
        tail_sum = sum(int(d) * w for d, w in zip(tail, ref.ABN_WEIGHTS[2:], strict=True))
        lead = next(n for n in range(10, 100) if ((n // 10 - 1) * 10 + n % 10 + tail_sum) % 89 == 0)
        abn = f"{lead}{tail}"
        assert ref.abn_valid(abn)
        return Value("AU_ABN", grouped(abn, (2, 3, 3, 3)) if fmt == "space" else abn, "AU")

    def au_passport(self) -> Value:
        return Value("AU_PASSPORT", self.rng.choice(["PC", "PD", "PE", "M"]) + self.digits(7), "AU")

    def au_account(self, fmt: str) -> Value:
        if fmt == "combined":
            bsb = self.rng.choice(["012", "034", "062", "484", "814"]) + "-" + self.digits(3)
            return Value("AU_BANK_ACCOUNT", f"{bsb} {self.digits(8, '123456789')}", "AU")
        return Value("AU_BANK_ACCOUNT", self.digits(int(fmt), "123456789"), "AU")

    # --- NZ ------------------------------------------------------------------------------------------------

    def nz_phone(self, kind: str, fmt: str) -> Value:
        if kind == "mobile":
            prefix, rest = self.rng.choice(["021", "022", "027", "029"]), self.digits(7, "2345789")
            text = {
                "local": f"{prefix} {rest[:3]} {rest[3:]}",
                "dash": f"{prefix}-{rest[:3]}-{rest[3:]}",
                "intl": f"+64 {prefix[1:]} {rest[:3]} {rest[3:]}",
            }[fmt]
        else:
            prefix, rest = self.rng.choice(["09", "04", "03", "07"]), self.digits(7, "2345789")
            text = f"{prefix} {rest[:3]} {rest[3:]}" if fmt == "local" else f"+64 {prefix[1]} {rest[:3]} {rest[3:]}"
        return Value("PHONE_NUMBER", text, "NZ")

    def nz_ird(self, fmt: str) -> Value:
        while True:
            base = str(self.rng.randint(2_000_000, 13_999_999))
            check = ref.ird_check(base)
            if check is not None and ref.ird_valid(base + str(check)):
                break
        ird = (base + str(check)).zfill(9)
        if fmt == "dash":
            text = grouped(ird, (3, 3, 3), "-") if ird[0] != "0" else grouped(ird[1:], (2, 3, 3), "-")
        elif fmt == "space":
            text = grouped(ird, (3, 3, 3)) if ird[0] != "0" else grouped(ird[1:], (2, 3, 3))
        else:
            text = ird.lstrip("0")
        return Value("NZ_IRD", text, "NZ")

    def nz_nhi(self) -> Value:
        while True:
            first6 = self.chars(3, ref.NHI_LETTERS.replace("Z", "")) + self.digits(3)
            check = ref.nhi_check(first6)
            if check is not None:
                return Value("NZ_NHI", first6 + str(check), "NZ")

    def nz_passport(self) -> Value:
        return Value("NZ_PASSPORT", self.rng.choice(["LB", "LC", "LD", "LE"]) + self.digits(6), "NZ")

    def nz_bank(self, sep: str) -> Value:
        # banks on algorithm A, each with one of its published branch ranges
        bank, lo, hi = self.rng.choice(
            [("11", 5000, 6499), ("13", 4900, 4999), ("15", 3900, 3999), ("30", 2900, 2949), ("01", 1800, 1899)]
        )
        branch = f"{self.rng.randint(lo, hi):04d}"
        while True:
            stem = "0" + self.digits(5)
            weights = ref.NZ_BANK_WEIGHTS_A[:-1]
            last = (-sum(int(d) * w for d, w in zip(branch + "0" + stem, weights, strict=True))) % 11
            account = stem + str(last)
            if last < 10:
                break
        assert ref.nz_bank_valid(branch, account)
        suffix = self.rng.choice(["00", "50", "001", "003"])
        return Value("NZ_BANK_ACCOUNT", sep.join([bank, branch, account, suffix]), "NZ")

    # --- UK ------------------------------------------------------------------------------------------------

    def uk_phone(self, kind: str, fmt: str) -> Value:
        """kind: "mobile", or a geographic area code without its 0 (2890 and 2920 carry two digits of the number)."""
        if kind == "mobile":
            rest = self.digits(9, "45789")
            text = {
                "local": f"07{rest[:3]} {rest[3:]}",
                "intl0": f"+44 (0)7{rest[:3]} {rest[3:]}",
                "compact": f"+447{rest}",
                "dash": f"07{rest[:3]}-{rest[3:]}",
            }[fmt]
        else:
            area, rest = kind, self.digits(6, "2345")
            if area.startswith("2"):
                area, rest = area[:2], area[2:] + rest
                text = f"0{area} {rest[:4]} {rest[4:]}" if fmt == "local" else f"+44 {area} {rest[:4]} {rest[4:]}"
            else:
                text = f"(0{area}) {rest}" if fmt == "local" else f"+44 {area} {rest}"
        return Value("PHONE_NUMBER", text, "UK")

    def uk_nino(self, spaced: bool) -> Value:
        while True:
            prefix = self.rng.choice("ABCEGHJKLMNPRSTWXYZ") + self.rng.choice("ABCEGHJKLMNPRSTWXYZ")
            if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
                break
        body, suffix = self.digits(6), self.rng.choice("ABCD")
        return Value(
            "UK_NINO", f"{prefix} {grouped(body, (2, 2, 2))} {suffix}" if spaced else prefix + body + suffix, "UK"
        )

    def uk_nhs(self, fmt: str) -> Value:
        while True:
            first9 = self.digits(9, "4")
            check = ref.nhs_check(first9)
            if check is not None:
                number = first9 + str(check)
                text = {"space": grouped(number, (3, 3, 4)), "dash": grouped(number, (3, 3, 4), "-")}.get(fmt, number)
                return Value("UK_NHS", text, "UK")

    def uk_passport(self) -> Value:
        return Value("UK_PASSPORT", self.digits(9, "5678"), "UK")

    def uk_driving_licence(self, surname: str, born: tuple[int, int, int], female: bool, initials: str) -> Value:
        year, month, day = born
        folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode().upper()
        letters = "".join(c for c in folded if c.isalpha())[:5].ljust(5, "9")
        month_code = f"{month + 50 if female else month:02d}"
        text = (
            f"{letters}{str(year)[2]}{month_code}{day:02d}{str(year)[3]}{initials.ljust(2, '9')}"
            f"9{self.chars(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}"
        )
        assert len(text) == 16
        return Value("UK_DRIVING_LICENCE", text, "UK")

    def uk_sort_code(self, sep: str) -> Value:
        first = self.rng.choice(["04", "09", "23", "77", "83", "16"])
        return Value("UK_SORT_CODE", sep.join([first, self.digits(2), self.digits(2)]), "UK")

    # --- US ------------------------------------------------------------------------------------------------

    def us_phone(self, fmt: str) -> Value:
        area = self.rng.choice(["212", "415", "312", "617", "206", "512", "303", "404", "702", "919"])
        exchange, line = self.digits(3, "2346789"), self.digits(4)
        text = {
            "paren": f"({area}) {exchange}-{line}",
            "one-dash": f"1-{area}-{exchange}-{line}",
            "intl-dash": f"+1-{area}-{exchange}-{line}",
            "space": f"{area} {exchange} {line}",
            "e164": f"+1{area}{exchange}{line}",
        }[fmt]
        return Value("PHONE_NUMBER", text, "US")

    def us_ssn(self, sep: str) -> Value:
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        group, serial = self.rng.randint(1, 99), self.rng.randint(1, 9999)
        return Value("US_SSN", f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US")

    # --- secrets -------------------------------------------------------------------------------------------

    def api_key(self, vendor: str) -> Value:
        makers: dict[str, Callable[[], str]] = {
            "openai-proj": lambda: "sk-proj-" + self.chars(74, B64URL) + "T3BlbkFJ" + self.chars(74, B64URL),
            "openai-svc": lambda: "sk-svcacct-" + self.chars(74, B64URL) + "T3BlbkFJ" + self.chars(74, B64URL),
            "anthropic": lambda: "sk-ant-api03-" + self.chars(93, B64URL) + "AA",
            "aws": lambda: "AKIA" + self.chars(16, string.ascii_uppercase + "234567"),
            "aws-temp": lambda: "ASIA" + self.chars(16, string.ascii_uppercase + "234567"),
            "github-oauth": lambda: "gho_" + self.chars(36, B62),
            "github": lambda: "ghp_" + self.chars(36, B62),
            "gitlab": lambda: "glpat-" + self.chars(20, B64URL),
            "stripe": lambda: "sk_live_" + self.chars(24, B62),
            "slack-user": lambda: (
                f"xoxp-{self.digits(12, '123456789')}-{self.digits(12, '123456789')}-"
                f"{self.digits(13, '123456789')}-{self.chars(32, HEX)}"
            ),
            "google": lambda: "AIza" + self.chars(35, B64URL),
            "huggingface": lambda: "hf_" + self.chars(34, string.ascii_letters),
            "sendgrid": lambda: "SG." + self.chars(22, B64URL) + "." + self.chars(43, B64URL),
            "npm": lambda: "npm_" + self.chars(36, B62),
        }
        return Value("API_KEY", makers[vendor]())

    def private_key(self, kind: str, line_end: str = "\n") -> Value:
        prefixes = {
            "RSA PRIVATE KEY": (bytes.fromhex("308209280201000282020100"), 2350),
            "PRIVATE KEY": (
                bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420"),
                138,
            ),
            "ENCRYPTED PRIVATE KEY": (bytes.fromhex("30820526305006092a864886f70d01050d3043"), 1322),
            "OPENSSH PRIVATE KEY": (b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none", 400),
        }
        prefix, total = prefixes[kind]
        body = base64.b64encode(prefix + self.rng.randbytes(total - len(prefix))).decode()
        width = 70 if kind.startswith("OPENSSH") else 64
        lines = [body[i : i + width] for i in range(0, len(body), width)]
        return Value("PRIVATE_KEY", line_end.join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"]))

    def jwt(self, alg: str, claims: Mapping[str, object]) -> Value:
        def b64(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        header: dict[str, str] = {"typ": "JWT", "alg": alg}
        if alg != "HS512":
            header["kid"] = self.chars(16, HEX)
        issued = self.rng.randint(1_720_000_000, 1_740_000_000)
        payload = {"iss": "https://auth.internal", **claims, "iat": issued, "exp": issued + 900}
        signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode())
        if alg == "HS512":
            signature = hmac.new(self.rng.randbytes(64), signing_input.encode(), hashlib.sha512).digest()
        else:
            signature = self.rng.randbytes(64 if alg == "ES256" else 256)
        return Value("JWT", signing_input + "." + b64(signature))


# ---------------------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------------------


def fill(ds: DataSet, prefix: str, templates: list[tuple[str, str]], make: Callable[[int], Value]) -> None:
    """One record per template, each with a fresh value in slot «v»; ids carry this set's prefix."""
    common.fill(ds, f"ho-{prefix}", templates, make)


# ---------------------------------------------------------------------------------------------------------
# People: none of generate.py's names, given or family
# ---------------------------------------------------------------------------------------------------------

# (full name as written, given name used alone, family name used with a title)
PEOPLE: list[tuple[str, str, str]] = [
    ("Gregory Pembroke", "Gregory", "Pembroke"),  # English
    ("Abigail Thornbury", "Abigail", "Thornbury"),
    ("Nathaniel Sutcliffe", "Nathaniel", "Sutcliffe"),
    ("Caoimhe Ní Bhriain", "Caoimhe", "Ní Bhriain"),  # Irish
    ("Cillian Doherty", "Cillian", "Doherty"),
    ("Róisín McGrath", "Róisín", "McGrath"),
    ("Hamish MacLeod", "Hamish", "MacLeod"),  # Scottish
    ("Morag Drummond", "Morag", "Drummond"),
    ("Rhiannon Llewellyn", "Rhiannon", "Llewellyn"),  # Welsh
    ("Gethin Pritchard", "Gethin", "Pritchard"),
    ("Vikram Malhotra", "Vikram", "Malhotra"),  # north Indian
    ("Neha Agarwal", "Neha", "Agarwal"),
    ("Gurpreet Singh Dhillon", "Gurpreet", "Dhillon"),
    ("Lakshmi Venkataraman", "Lakshmi", "Venkataraman"),  # south Indian
    ("Karthik Subramanian", "Karthik", "Subramanian"),
    ("Divya Nair", "Divya", "Nair"),
    ("Imran Qureshi", "Imran", "Qureshi"),  # Pakistani
    ("Saima Chaudhry", "Saima", "Chaudhry"),
    ("Tahmina Rahman", "Tahmina", "Rahman"),  # Bangladeshi
    ("Sabbir Hossain", "Sabbir", "Hossain"),
    ("Chamari Jayasuriya", "Chamari", "Jayasuriya"),  # Sri Lankan
    ("Ruwan Wickramasinghe", "Ruwan", "Wickramasinghe"),
    ("Wang Xiuying", "Xiuying", "Wang"),  # Chinese, family name first
    ("Zhou Haoran", "Haoran", "Zhou"),
    ("Kevin Lau", "Kevin", "Lau"),  # Chinese, given name first
    ("Grace Tsang", "Grace", "Tsang"),
    ("Kim Min-jun", "Min-jun", "Kim"),  # Korean
    ("Choi Yuna", "Yuna", "Choi"),
    ("Haruka Takahashi", "Haruka", "Takahashi"),  # Japanese
    ("Ryo Nakamura", "Ryo", "Nakamura"),
    ("Võ Thanh Hải", "Hải", "Võ"),  # Vietnamese
    ("Đặng Thị Hoa", "Hoa", "Đặng"),
    ("Maricel Dela Cruz", "Maricel", "Dela Cruz"),  # Filipino
    ("Rodel Bautista", "Rodel", "Bautista"),
    ("Somchai Wongsakul", "Somchai", "Wongsakul"),  # Thai
    ("Kanokwan Srisuk", "Kanokwan", "Srisuk"),
    ("Budi Santoso", "Budi", "Santoso"),  # Indonesian
    ("Dewi Kusumawati", "Dewi", "Kusumawati"),
    ("Khalid Al-Mansouri", "Khalid", "Al-Mansouri"),  # Arabic
    ("Noor Al-Hashimi", "Noor", "Al-Hashimi"),
    ("Rania Saleh", "Rania", "Saleh"),
    ("Shirin Tehrani", "Shirin", "Tehrani"),  # Persian
    ("Kourosh Moradi", "Kourosh", "Moradi"),
    ("Elif Şahin", "Elif", "Şahin"),  # Turkish
    ("Burak Öztürk", "Burak", "Öztürk"),
    ("Eleni Georgiou", "Eleni", "Georgiou"),  # Greek
    ("Stavros Konstantinidis", "Stavros", "Konstantinidis"),
    ("Giulia Rossetti", "Giulia", "Rossetti"),  # Italian
    ("Matteo Bianchi", "Matteo", "Bianchi"),
    ("Álvaro Castillo", "Álvaro", "Castillo"),  # Spanish
    ("Inés Domínguez", "Inés", "Domínguez"),
    ("João Carvalho", "João", "Carvalho"),  # Portuguese
    ("Beatriz Gonçalves", "Beatriz", "Gonçalves"),
    ("Thiago Albuquerque", "Thiago", "Albuquerque"),  # Brazilian
    ("Luana Ferreira", "Luana", "Ferreira"),
    ("Guadalupe Hernández", "Guadalupe", "Hernández"),  # Mexican
    ("Ximena Villarreal", "Ximena", "Villarreal"),
    ("Théo Lefebvre", "Théo", "Lefebvre"),  # French
    ("Margaux Girard", "Margaux", "Girard"),
    ("Jürgen Schäfer", "Jürgen", "Schäfer"),  # German
    ("Lena Hoffmann", "Lena", "Hoffmann"),
    ("Sanne van der Berg", "Sanne", "van der Berg"),  # Dutch
    ("Joost de Vries", "Joost", "de Vries"),
    ("Astrid Lindqvist", "Astrid", "Lindqvist"),  # Scandinavian
    ("Magnus Haugen", "Magnus", "Haugen"),
    ("Freja Nørgaard", "Freja", "Nørgaard"),
    ("Agnieszka Zielińska", "Agnieszka", "Zielińska"),  # Polish
    ("Paweł Kowalczyk", "Paweł", "Kowalczyk"),
    ("Anastasia Sokolova", "Anastasia", "Sokolova"),  # Russian
    ("Sergei Lebedev", "Sergei", "Lebedev"),
    ("Oksana Shevchuk", "Oksana", "Shevchuk"),  # Ukrainian
    ("Taras Bondarenko", "Taras", "Bondarenko"),
    ("Adebayo Ogunleye", "Adebayo", "Ogunleye"),  # Yoruba
    ("Folake Adesanya", "Folake", "Adesanya"),
    ("Obinna Chukwuemeka", "Obinna", "Chukwuemeka"),  # Igbo
    ("Chiamaka Obi", "Chiamaka", "Obi"),
    ("Aminu Bello", "Aminu", "Bello"),  # Hausa
    ("Zainab Abubakar", "Zainab", "Abubakar"),
    ("Kwame Mensah", "Kwame", "Mensah"),  # Ghanaian
    ("Akosua Boateng", "Akosua", "Boateng"),
    ("Wanjiru Kamau", "Wanjiru", "Kamau"),  # Kenyan
    ("Otieno Odhiambo", "Otieno", "Odhiambo"),
    ("Sipho Ndlovu", "Sipho", "Ndlovu"),  # South African
    ("Annelie Botha", "Annelie", "Botha"),
    ("Dawit Bekele", "Dawit", "Bekele"),  # Ethiopian
    ("Hanna Girma", "Hanna", "Girma"),
    ("Hodan Farah", "Hodan", "Farah"),  # Somali
    ("Faisal Abdullahi", "Faisal", "Abdullahi"),
    ("Tamati Waaka", "Tamati", "Waaka"),  # Māori
    ("Hinemoa Tipene", "Hinemoa", "Tipene"),
    ("Tavita Leota", "Tavita", "Leota"),  # Samoan
    ("Malia Tuiasosopo", "Malia", "Tuiasosopo"),
    ("Viliami Taufa", "Viliami", "Taufa"),  # Tongan
    ("Mele Fifita", "Mele", "Fifita"),
    ("Litia Naivalu", "Litia", "Naivalu"),  # Fijian
    ("Epeli Ravuvu", "Epeli", "Ravuvu"),
    ("Kirra Watego", "Kirra", "Watego"),  # Aboriginal Australian
    ("Jedda Yunupingu", "Jedda", "Yunupingu"),
]

# Slots: «pN» full name, «pNf» given name alone, «pNl» family name after a title.
PERSON_TEMPLATES: list[tuple[str, str]] = [
    (
        "sentence",
        "DISCHARGE SUMMARY\nPatient: «p1»\nConsultant: Dr «p2l» (General Medicine)\nPresenting complaint: "
        "syncope on exertion. Echo showed moderate aortic stenosis; referred to the structural heart clinic.",
    ),
    (
        "sentence",
        "Ward round 08:30 — «p1f» is mobilising with a frame and keen to go home. OT («p2f») to assess the "
        "bathroom set-up before discharge.",
    ),
    (
        "sentence",
        "Claim CLM-20931: policyholder «p1» reports water damage to the kitchen ceiling after a burst pipe "
        "upstairs. Loss adjuster «p2» attended on 14 March and recommends a cash settlement.",
    ),
    (
        "sentence",
        "Dear Sir or Madam,\n\nI am writing to dispute a card transaction of $842.10 dated 3 April. I did not "
        "authorise this payment and have since cancelled the card.\n\nYours faithfully,\n«p1»",
    ),
    (
        "sentence",
        "Phone screen — «p1» (senior backend, 7 yrs Go/Kafka). Strong on distributed systems, weaker on "
        "frontend. Recommend onsite; «p2f» to run the system design round.",
    ),
    (
        "sentence",
        "«p1f» has made excellent progress in mathematics this term and shows real curiosity in science "
        "experiments. — Mrs «p2l», Year 5",
    ),
    (
        "sentence",
        "CLIENT INTAKE\nClient name: «p1»\nOpposing party: «p2»\nMatter: residential tenancy bond dispute\n"
        "Referred by: «p3»",
    ),
    (
        "sentence",
        "«p1f»  10:42 AM\nhas anyone rotated the staging DB creds since Friday?\n«p2f»  10:44 AM\nyep, did it "
        "yesterday — check the vault\n«p1f»  10:45 AM\n:pray:",
    ),
    ("code", "PAY-3318 | Bug | Reporter: «p1» | Assignee: «p2» | Refund button disabled for partially shipped orders"),
    (
        "code",
        "fix(billing): round tax per line item, not per invoice\n\nThe old rounding drifted by a cent on large "
        "carts.\n\nReported-by: «p1»\nReviewed-by: «p2»\n",
    ),
    (
        "code",
        "# escalation list for the payments service\noncall:\n  primary: «p1»\n  secondary: «p2»\n  manager: «p3»\n",
    ),
    (
        "code",
        "employee_id,full_name,department,start_date\n10442,«p1»,Finance,2021-04-12\n10443,«p2»,Logistics,2022-09-01\n",
    ),
    ("code", "INSERT INTO contacts (id, first_name, last_name, tier) VALUES (3021, '«p1f»', '«p1l»', 'gold');"),
    (
        "code",
        "def notify_owner(order):\n    # «p1f» asked for a chat ping instead of an email here (see PAY-2210)\n"
        "    chat.post('#orders', f'order {order.id} stuck')\n",
    ),
    (
        "code",
        "/* Lint rule disabled on purpose: «p1» will fix the typings in the Q3 clean-up. */\n"
        "// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport const handler = (evt: any) => evt;\n",
    ),
    (
        "code",
        "// Package ledger was first written by «p1» for the 2019 audit.\n// Ask «p2f» before touching the "
        "rounding rules.\npackage ledger\n",
    ),
    ("code", "2024-09-03 11:02:17.884 INFO  [auth] password reset requested by «p1» (role=clinician)"),
    (
        "sentence",
        "Thanks «p1f», that works for me.\n\nOn Tue, 4 Jun 2024 at 09:12, «p2» wrote:\n> Hi all, I've moved the "
        "vendor call to 2pm.\n> Let me know if that clashes.\n> «p2f»",
    ),
    (
        "json",
        '{"claimant": "«p1»", "claim_type": "income_protection", "case_manager": "«p2»", "status": "under_review"}',
    ),
    (
        "json",
        '{"student": {"given_name": "«p1f»", "family_name": "«p1l»", "year_level": 8}, "homeroom_teacher": "«p2»"}',
    ),
    (
        "json",
        '{"key": "OPS-771", "fields": {"summary": "VPN drops every 20 min", "reporter": {"displayName": "«p1»"}, '
        '"assignee": {"displayName": "«p2»"}}}',
    ),
    (
        "sentence",
        "Reference for «p1»: I managed her for three years at a logistics start-up; she is reliable, calm under "
        "pressure and an excellent mentor. «p2»",
    ),
    ("sentence", "Resident «p1» had a fall at 03:40, no injuries noted. Son «p2f» informed by phone at 07:15."),
    (
        "sentence",
        "Physio review: «p1f» can now do 10 sit-to-stands unaided. Continue the home programme; review with «p2» "
        "in 4 weeks.",
    ),
    ("sentence", "Listing: «p1» v «p2» — directions hearing at 10:00. Counsel for the applicant: «p3»."),
    ("sentence", "Panel for the data engineer role: «p1» (chair), «p2», and «p3f» from People & Culture."),
    (
        "sentence",
        "Lost property: a blue backpack was handed in by «p1f» at the front desk; its owner, «p2», collected it "
        "on Thursday.",
    ),
    (
        "sentence",
        "Rewrite this so it sounds friendlier: «p1f», I still haven't got the timesheets you promised last week. "
        "Please send them today. Regards, «p2»",
    ),
    ("sentence", "RSVPs so far: «p1» (+1), «p2», «p3» (vegetarian). Still waiting to hear from «p4f»."),
    ("code", 'def make_user(**overrides):\n    return User(name="«p1»", role="viewer", **overrides)\n'),
    ("code", 'owner := Person{First: "«p1f»", Last: "«p1l»", Team: "risk"}'),
    ("code", "[2024-10-11T22:14:03.551Z] WARN  scheduler: shift swap between «p1» and «p2» rejected (overlap 45m)"),
    ("code", "reviewers:\n  - «p1»\n  - «p2»\nlabels: [needs-triage]\n"),
    (
        "sentence",
        "Routine inspection completed. Tenant «p1» was present; minor mould in the bathroom. Property manager: «p2».",
    ),
    (
        "sentence",
        "«p1f» (agent): Thanks for waiting! I can see the order now.\n«p2» (customer): great, when will it arrive?",
    ),
    (
        "sentence",
        "Parent–teacher interview booked: «p1» (mother of «p2f», Year 3) with Mr «p3l» on Wednesday at 4:15pm.",
    ),
    (
        "sentence",
        "Dispute raised by «p1» over a duplicated direct debit; handled by «p2f» in the disputes team, "
        "provisional credit applied.",
    ),
    (
        "sentence",
        "Incident report: «p1» says a parcel was taken from the porch; the neighbour, «p2», has a doorbell camera "
        "recording.",
    ),
    (
        "json",
        '[{"contact": "«p1»", "stage": "proposal"}, {"contact": "«p2»", "stage": "won"}, '
        '{"contact": "«p3»", "stage": "lost"}]',
    ),
    ("code", 'ticket,requester,agent\n"HD-1182","«p1»","«p2»"\n"HD-1183","«p3»","«p2»"\n'),
    ("code", "UPDATE staff SET manager = '«p1»' WHERE staff_no = 7712;"),
    (
        "sentence",
        "Supervisor: A/Prof «p1l». Co-supervisor: Dr «p2». Candidate «p3» submitted the thesis on 30 September.",
    ),
    (
        "sentence",
        "Script for «p1» — amoxicillin 500 mg tds for 5 days. Prescriber: Dr «p2l». Dispensed by «p3f».",
    ),
    ("sentence", "Under-12s: player of the match went to «p1f»; thanks to «p2» for coaching while «p3f» was away."),
    (
        "sentence",
        "From: «p1»\nSent: Monday, 9 September 2024 4:02 PM\nTo: «p2»\nSubject: RE: invoice query\n\nHi «p2f», "
        "the credit note is attached.\n\n-----Original Message-----\n> Could you resend the March invoice?",
    ),
    ("sentence", "Can «p1f» cover the Saturday shift? «p2f» swapped with her last month."),
    (
        "sentence",
        "Wellbeing note: «p1f» disclosed bullying at lunchtime; parents («p2», «p3») contacted by the deputy head.",
    ),
    (
        "sentence",
        "Bank dispute, case 44-1902: customer «p1» says «p2» (ex-partner) used the card without consent.",
    ),
    ("json", '{"incident": {"reported_by": "«p1»", "witnesses": ["«p2»", "«p3»"]}}'),
    ("code", "# owners: «p1» (backend), «p2» (infra)\nOWNERS = ['platform-team']\n"),
    (
        "sentence",
        "Hi team, «p1» joins us on Monday as a graduate analyst; «p2f» will be their buddy for the first month.",
    ),
    ("sentence", "Pre-op checklist: consent signed by «p1»; anaesthetist Dr «p2l»; scrub nurse «p3f»."),
    ("code", "2025-01-20 07:45:02.118 AUDIT record 55102 viewed by «p1» (reason: treating clinician)"),
    ("sentence", "English: «p1f» writes with flair but needs to proofread more carefully. Teacher: «p2»."),
    (
        "code",
        "func TestRefund(t *testing.T) {\n\t// reproduces the case «p1» reported on 3 March\n\t_ = refund(4200)\n}\n",
    ),
    (
        "sentence",
        "Claim notes: the repairer, «p1», quoted $3,480; «p2» from the assessing team approved it.",
    ),
    ("json", '{"author": {"name": "«p1»"}, "editor": {"name": "«p2»"}, "title": "Q2 board report"}'),
    ("sentence", "Tenancy application: «p1» and «p2» (co-applicants); landlord reference from «p3»."),
    ("code", "| Name | Role |\n| --- | --- |\n| «p1» | Product Owner |\n| «p2» | Tech Lead |\n| «p3» | QA |\n"),
]


def cycle_people() -> Iterator[tuple[str, str, str]]:
    while True:
        yield from PEOPLE


def email_for(person: tuple[str, str, str], domain: str, style: str = "dot") -> Value:
    """A work-style address built from the person's own name (accents folded, as mail systems do)."""

    def fold(name: str) -> str:
        # Đ has no decomposition, so NFKD alone would drop it
        unstroked = name.replace("Đ", "D").replace("đ", "d")
        ascii_name = unicodedata.normalize("NFKD", unstroked).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z]", "", ascii_name)

    given, family = fold(person[1]) or "user", fold(person[2]) or "x"
    local = {"dot": f"{given}.{family}", "initial": f"{given[0]}{family}", "underscore": f"{given}_{family[0]}"}[style]
    return Value("EMAIL_ADDRESS", f"{local}@{domain}")


# ---------------------------------------------------------------------------------------------------------
# Structured identifiers
# ---------------------------------------------------------------------------------------------------------

EMAILS = [
    "tahmina.rahman@meridian-insure.com.au",
    "gpembroke@corvid-legal.co.uk",
    "k.subramanian+jira@hey.com",
    "oksana_s1990@ukr.net",
    "wanjiru.kamau@strathmore-school.ac.ke",
    "jurgen.schafer@web.de",
    "billing-disputes@tallyfin.io",
    "m.tuiasosopo@icloud.com",
    "zhou.haoran@qq.com",
    "astrid.lindqvist@telia.se",
    "r.wickramasinghe@hospital.health.nz",
    "noor.alhashimi@outlook.sa",
]


def add_universal(ds: DataSet, g: HoldoutGen) -> None:
    fill(
        ds,
        "email",
        [
            ("sentence", "Claim acknowledged. We'll send updates to «v» — reply there with any photos of the damage."),
            ("code", "Signed-off-by: Release Bot <«v»>"),
            ("code", "notifications:\n  email:\n    recipients:\n      - «v»\n    on_failure: always\n"),
            ("sentence", "Hi, can you add «v» to the parents' newsletter? Thanks"),
            ("code", "user_id,email,plan\n55102,«v»,pro\n"),
            ("json", '{"applicant": {"contact_email": "«v»", "right_to_work": true}}'),
            ("code", "2024-11-02T08:17:44.019Z ERROR mailer: bounce (550 5.1.1) for recipient=«v»"),
            ("sentence", "> From: «v»\n> Sent: Friday\n> Please escalate the chargeback."),
            ("code", "INSERT INTO subscribers (email, source) VALUES ('«v»', 'import');"),
            ("json", '{"sender": "«v»", "folder": "inbox", "unread": 3}'),
            ("sentence", "Results will be emailed to the referring clinician at «v» within 48 hours."),
            ("code", 'const ADMIN = process.env.ADMIN ?? "«v»";'),
        ],
        lambda i: Value("EMAIL_ADDRESS", EMAILS[i]),
    )

    brands = [
        ("discover", "space"),
        ("jcb", "dash"),
        ("visa", "space"),
        ("diners", "space"),
        ("mc2", "plain"),
        ("amex", "dash"),
        ("mc", "space"),
        ("visa", "plain"),
        ("jcb", "space"),
        ("amex", "space"),
    ]
    fill(
        ds,
        "card",
        [
            ("sentence", "Disputed charge of $312.40 on card «v» — merchant says the goods were delivered."),
            ("code", "pan=«v»&cvv=***&amount=18.50"),
            ("sentence", "Travel insurance premium paid with «v»; please refund the unused portion to the same card."),
            ("json", '{"card": {"pan": "«v»", "expiry": "08/28", "brand": "diners"}}'),
            ("code", "2024-08-19 14:22:10.331 DEBUG gateway: authorise card=«v» amount=64.00 currency=AUD"),
            ("sentence", "hey can u just use the amex «v» for the team dinner"),
            ("code", "customer_id,card_number,expiry\n8812,«v»,11/27\n"),
            ("sentence", "The claimant supplied card «v» for the excess payment."),
            ("json", '{"type": "card_update", "new_card": "«v»"}'),
            ("sentence", "Please stop the recurring charge on my card «v» from next month."),
        ],
        lambda i: g.card(*brands[i]),
    )

    countries = [
        ("ES", True),
        ("NO", False),
        ("PL", True),
        ("AT", True),
        ("CH", False),
        ("GB", True),
        ("IE", False),
        ("DE", True),
        ("ES", False),
        ("PL", False),
    ]
    fill(
        ds,
        "iban",
        [
            ("sentence", "Reembolso: please return the deposit to «v», account holder as on the lease."),
            ("json", '{"payout": {"iban": "«v»", "currency": "NOK"}}'),
            ("sentence", "Przelew na konto «v» z tytułem: faktura 2024/118."),
            ("code", "beneficiary_iban: «v»\nreference: SEPA-INV-7719\n"),
            ("sentence", "Dispute: a SEPA debit was collected twice from «v»."),
            ("sentence", "My Monzo IBAN is «v», use that for the refund please."),
            ("code", "INSERT INTO payees (iban, label) VALUES ('«v»', 'landlord');"),
            ("sentence", "Gehalt bitte auf «v» überweisen."),
            ("code", "iban,amount,purpose\n«v»,1200.00,rent\n"),
            ("json", '{"debtor_account": {"iban": "«v»"}, "amount": {"value": "90.00"}}'),
        ],
        lambda i: g.iban(*countries[i]),
    )

    ips = [
        "139.130.4.5",
        "45.248.77.9",
        "152.91.14.200",
        "91.198.174.192",
        "114.23.60.8",
        "2406:3400:21c:9a10:6d2e:41ff:fe08:b7c3",
        "2001:4860:7:60f::fe",
        "2403:5800:9001:4d::1a7",
        "172.58.206.33",
        "198.41.192.77",
    ]
    fill(
        ds,
        "ip",
        [
            ("code", "2024-09-21T03:14:08.117Z WARN  auth: 12 failed logins for one account from «v» in 60s"),
            (
                "sentence",
                "Claimant says she was at home; the portal login came from «v», which resolves to a mobile carrier.",
            ),
            ("code", "X-Forwarded-For: «v»\nUser-Agent: okhttp/4.12.0\n"),
            ("json", '{"audit": {"actor_ip": "«v»", "action": "export_csv"}}'),
            ("sentence", "please add my home address «v» to the vpn bypass list"),
            ("code", "location /admin {\n    allow «v»;\n    deny all;\n}\n"),
            ("sentence", "Unusual sign-in from «v» — was this you?"),
            ("code", "-A INPUT -s «v»/128 -p tcp --dport 22 -j ACCEPT"),
            ("code", "client_ip,session_start\n«v»,2024-07-02T09:15:00.000Z\n"),
            ("json", '{"ip": "«v»", "geo": null, "asn": 13335}'),
        ],
        lambda i: Value("IP_ADDRESS", ips[i]),
    )

    urls = [
        "https://www.instagram.com/kirra.watego.art/",
        "https://au.linkedin.com/in/vikram-malhotra-5a11b2",
        "https://onedrive.live.com/redir?resid=9A7C12F04B3E&authkey=!AKx7",
        "https://gitlab.com/haruka-t/thesis-notes",
        "https://patientportal.example-health.org/records/7781/discharge.pdf?sig=ab12cd",
        "https://x.com/otieno_odhiambo",
        "https://www.strava.com/athletes/48120937",
        "https://calendar.app.google/teo-lefebvre-30m",
    ]
    fill(
        ds,
        "url",
        [
            ("sentence", "Her portfolio is at «v» if you want to check the mural work."),
            ("sentence", "Candidate profile: «v» (referred internally)."),
            ("sentence", "I uploaded the claim photos here: «v»"),
            ("code", "git clone «v».git"),
            ("json", '{"document_url": "«v»", "expires_in": 600}'),
            ("sentence", "He posts about the dispute on «v» almost daily."),
            ("sentence", "My running log is «v», it shows I was out that morning."),
            ("sentence", "Grab a slot on my calendar: «v»"),
        ],
        lambda i: Value("URL", urls[i]),
    )

    macs = [
        ("00:50:56", "colon"),
        ("08:00:27", "dash-lower"),
        ("E4:5F:01", "cisco"),
        ("F4:F5:D8", "colon-lower"),
        ("AC:DE:48", "dash"),
        ("70:B3:D5", "colon"),
    ]
    fill(
        ds,
        "mac",
        [
            ("code", 'ethernet0.address = "«v»"\nethernet0.addressType = "static"\n'),
            ("sentence", "The kid's tablet has MAC «v»; please block it after 9pm."),
            ("code", "switch# show mac address-table | include «v»"),
            ("json", '{"hostname": "kitchen-speaker", "hw_addr": "«v»"}'),
            ("code", "host lab-printer {\n  hardware ethernet «v»;\n  fixed-address 10.20.0.15;\n}\n"),
            ("code", "Oct 02 06:11:40 ap-2 hostapd: wlan0: STA «v» IEEE 802.11: associated"),
        ],
        lambda i: g.mac(*macs[i]),
    )

    vins = [
        ("JN1", "TANT3", "K", "W"),
        ("KMH", "D841C", "M", "U"),
        ("SAL", "GA2BE", "L", "A"),
        ("VF1", "RFB00", "N", "C"),
        ("YV1", "LZ08A", "R", "1"),
        ("6FP", "AAAJG", "H", "C"),
    ]
    fill(
        ds,
        "vin",
        [
            ("sentence", "Claim 55-20931: insured vehicle «v», 2019 Nissan X-Trail, rear-ended at the lights."),
            ("code", "vin,make,odometer\n«v»,Hyundai,48210\n"),
            ("json", '{"vehicle": {"vin": "«v»", "rego_state": "VIC"}}'),
            ("sentence", "PPSR search on «v» came back clear, no finance owing."),
            ("code", "SELECT * FROM recalls WHERE vin = '«v»';"),
            ("sentence", "The ute's chassis number is «v» — it's stamped on the firewall."),
        ],
        lambda i: g.vin(*vins[i]),
    )

    dobs = ["1993-11-08", "8 November 1993", "02/05/1966", "May 17, 1988", "21-Feb-1979", "12.10.1955", "1st July 2004"]
    fill(
        ds,
        "dob",
        [
            ("json", '{"member": {"birth_date": "«v»", "plan": "family"}}'),
            ("sentence", "Claimant's date of birth is «v»; policy started in 2015."),
            ("code", "mrn,dob,sex\n2231908,«v»,M\n"),
            ("sentence", "Born «v», the applicant is over 21 and eligible for the full licence."),
            ("sentence", "Patient (DOB «v») reports two weeks of worsening dyspnoea."),
            ("code", "INSERT INTO members (dob, tier) VALUES ('«v»', 'silver');"),
            ("sentence", "Student's birthday is «v», so she starts kindergarten next year."),
        ],
        lambda i: Value("DATE_OF_BIRTH", dobs[i]),
    )

    mrns = ["3318204", "40219877", "H0048812", "9912037", "MRN-2207841", "0071193"]
    fill(
        ds,
        "mrn",
        [
            ("sentence", "Patient label: UR number «v», ward 7C. Please file the consent form in the paper chart."),
            ("code", "HL7 PID|1||«v»^^^HOSP^MR||\n"),
            ("json", '{"encounter": {"medical_record_number": "«v»", "type": "outpatient"}}'),
            ("sentence", "Hospital number «v» — the radiology request has the wrong side marked."),
            ("code", "UPDATE admissions SET discharged_at = now() WHERE mrn = '«v»';"),
            ("sentence", "Pathology received for medical record no. «v»; potassium 6.1, repeat urgently."),
        ],
        lambda i: Value("MEDICAL_RECORD_NUMBER", mrns[i]),
    )

    licences = ["042 918 337", "B7734019", "WDL8842JQ", "DN482117", "93011842", "F255-7810-4431-07"]
    fill(
        ds,
        "licence",
        [
            ("sentence", "Victorian driver licence number «v», expiry 03/2029."),
            ("json", '{"driver": {"licence_no": "«v»", "class": "C"}}'),
            ("sentence", "Washington driver license «v» — verified at the rental desk."),
            ("sentence", "Her NZ driver licence number is «v», version 412."),
            ("code", "licence_number,state\n«v»,QLD\n"),
            ("sentence", "Driver's license no. «v» (FL) was used to open the account."),
        ],
        lambda i: Value("LICENCE_NUMBER", licences[i]),
    )


def add_au(ds: DataSet, g: HoldoutGen) -> None:
    phones = [
        lambda: g.au_mobile("pairs"),
        lambda: g.au_landline("2", "intl0"),
        lambda: g.au_mobile("dots"),
        lambda: g.au_landline("8", "plain"),
        lambda: g.au_mobile("intl"),
        lambda: g.au_landline("7", "paren"),
        lambda: g.au_mobile("local"),
    ]
    fill(
        ds,
        "au-phone",
        [
            ("sentence", "Next of kin contact: «v» (daughter)."),
            ("code", "contact:\n  after_hours: «v»\n"),
            ("sentence", "txt me on «v» when ur here"),
            ("code", "phone,consent\n«v»,yes\n"),
            ("json", '{"guardian_phone": "«v»"}'),
            ("sentence", "Claims hotline callback requested to «v» between 1 and 3pm."),
            ("sentence", "Mobile: «v» — best after school pick-up."),
        ],
        lambda i: phones[i](),
    )

    tfn_formats = ["space", "plain", "space", "plain", "space", "space"]
    fill(
        ds,
        "au-tfn",
        [
            ("sentence", "Super fund requested my TFN («v») again — is it safe to email it?"),
            ("code", "employee_no,tfn\n4471,«v»\n"),
            ("json", '{"payee": {"tax_file_number": "«v»", "medicare_levy": "full"}}'),
            ("sentence", "tfn «v» for the new casual please"),
            ("code", "UPDATE payroll SET tfn = '«v»' WHERE employee_no = 4471;"),
            ("sentence", "The tax file number on the claim form, «v», belongs to a different person."),
        ],
        lambda i: g.au_tfn(tfn_formats[i]),
    )

    medicare_formats = ["space", "dash", "plain", "space", "space", "plain"]
    fill(
        ds,
        "au-medicare",
        [
            ("sentence", "Discharge letter cc GP. Medicare: «v» (ref 1)."),
            ("code", "medicare_no,irn\n«v»,2\n"),
            ("json", '{"coverage": {"medicare_card": "«v»", "reference": 3}}'),
            ("sentence", "Can you check if Medicare card «v» is still current?"),
            ("sentence", "Patient's Medicare number «v» was declined by HICAPS."),
            ("code", "SELECT * FROM claims WHERE medicare_number = '«v»';"),
        ],
        lambda i: g.au_medicare(medicare_formats[i]),
    )

    abn_formats = ["space", "plain", "space", "plain", "space"]
    fill(
        ds,
        "au-abn",
        [
            ("sentence", "Recruitment agency invoice — ABN «v», payment terms 14 days."),
            ("code", "supplier_abn,name\n«v»,Harbour Glass Pty Ltd\n"),
            ("json", '{"supplier": {"abn": "«v»", "gst": true}}'),
            ("sentence", "The builder gave ABN «v» but it's registered to someone else."),
            ("code", "invoice:\n  abn: «v»\n  terms: 30\n"),
        ],
        lambda i: g.au_abn(abn_formats[i]),
    )

    fill(
        ds,
        "au-passport",
        [
            ("sentence", "Visa application: applicant's Australian passport «v», issued 2022."),
            ("json", '{"traveller": {"passport": "«v»", "country": "AUS"}}'),
            ("code", "passport_no,nationality\n«v»,AUS\n"),
            ("sentence", "Passport number «v» expires in under six months, so the airline may refuse boarding."),
            ("sentence", "Scan of my passport («v») is attached."),
        ],
        lambda i: g.au_passport(),
    )

    account_formats = ["combined", "8", "9", "combined", "6", "8"]
    fill(
        ds,
        "au-bank",
        [
            ("sentence", "Refund to BSB/account «v» please, not the credit card."),
            ("json", '{"bsb": "484-799", "account_no": "«v»", "account_name": "trust"}'),
            ("sentence", "Account «v» (BSB 012-003) is closed; use the new details."),
            ("code", "bsb_account,amount\n«v»,450.00\n"),
            ("sentence", "Pay the bond to account number «v», BSB 814-282."),
            ("code", "payout:\n  bsb: 034-002\n  account: «v»\n"),
        ],
        lambda i: g.au_account(account_formats[i]),
    )


def add_nz(ds: DataSet, g: HoldoutGen) -> None:
    phones = [
        ("mobile", "dash"),
        ("landline", "intl"),
        ("mobile", "intl"),
        ("landline", "local"),
        ("mobile", "local"),
        ("mobile", "dash"),
    ]
    fill(
        ds,
        "nz-phone",
        [
            ("sentence", "Whānau contact: «v» (aunty)."),
            ("code", "clinic:\n  phone: «v»\n"),
            ("json", '{"caregiver_mobile": "«v»"}'),
            ("sentence", "Please ring the school office on «v» to confirm."),
            ("code", "mobile,opt_in\n«v»,true\n"),
            ("sentence", "sweet as, my number is «v»"),
        ],
        lambda i: g.nz_phone(*phones[i]),
    )

    ird_formats = ["space", "dash", "plain", "dash", "space"]
    fill(
        ds,
        "nz-ird",
        [
            ("sentence", "KiwiSaver opt-in form: IRD «v», contribution rate 4%."),
            ("json", '{"employee": {"ird": "«v»", "tax_code": "S"}}'),
            ("code", "ird_number,tax_code\n«v»,M SL\n"),
            ("sentence", "The student loan letter quotes IRD number «v»."),
            ("sentence", "my ird is «v» can you fix the tax code"),
        ],
        lambda i: g.nz_ird(ird_formats[i]),
    )

    fill(
        ds,
        "nz-nhi",
        [
            ("sentence", "Discharge summary — NHI: «v». Follow-up with GP in 2 weeks."),
            ("code", "nhi,clinic\n«v»,diabetes\n"),
            ("json", '{"patient": {"nhi_number": "«v»", "ethnicity": "21"}}'),
            ("sentence", "Immunisation record for «v» shows the MMR booster is overdue."),
            ("code", "HL7 PID|1||«v»^^^NHI^NH||\n"),
        ],
        lambda i: g.nz_nhi(),
    )

    fill(
        ds,
        "nz-passport",
        [
            ("sentence", "Traveller's NZ passport «v» was scanned at the kiosk."),
            ("json", '{"passport": {"number": "«v»", "issuing_country": "NZL"}}'),
            ("code", "passport,country\n«v»,NZL\n"),
            ("sentence", "Please re-enter the passport number: «v»."),
            ("sentence", "Renewal for New Zealand passport «v» lodged online."),
        ],
        lambda i: g.nz_passport(),
    )

    seps = ["-", " ", "-", "-", " "]
    fill(
        ds,
        "nz-bank",
        [
            ("sentence", "Koha can be paid to «v», reference with your name."),
            ("json", '{"payee_account": "«v»", "particulars": "rent"}'),
            ("code", "account,amount\n«v»,320.00\n"),
            ("sentence", "Please refund the excess to bank account «v»."),
            ("code", "payroll:\n  bank_account: «v»\n"),
        ],
        lambda i: g.nz_bank(seps[i]),
    )


def add_uk(ds: DataSet, g: HoldoutGen) -> None:
    phones = [
        ("mobile", "intl0"),
        ("1224", "local"),
        ("mobile", "compact"),
        ("2920", "intl"),
        ("mobile", "dash"),
        ("2890", "local"),
        ("1865", "intl"),
    ]
    fill(
        ds,
        "uk-phone",
        [
            ("sentence", "Please phone the claimant on «v» after 6pm."),
            ("code", "surgery:\n  phone: «v»\n"),
            ("json", '{"msisdn": "«v»", "sms_opt_in": true}'),
            ("code", "phone,role\n«v»,landlord\n"),
            ("sentence", "my mob is «v» lol, ring if the keys aren't under the mat"),
            ("sentence", "School office: «v» (term time only)."),
            ("sentence", "Out-of-hours contact for the tenant: «v»."),
        ],
        lambda i: g.uk_phone(*phones[i]),
    )

    fill(
        ds,
        "uk-nino",
        [
            ("code", "ni_number,tax_code\n«v»,1257L\n"),
            ("sentence", "Universal Credit claim references National Insurance no. «v»."),
            ("json", '{"employee": {"national_insurance": "«v»"}}'),
            ("sentence", "HMRC letter shows NI «v» — that's not my number."),
            ("code", "UPDATE staff SET nino = '«v»' WHERE payroll_id = 3381;"),
        ],
        lambda i: g.uk_nino(i % 2 == 1),
    )

    fill(
        ds,
        "uk-nhs",
        [
            ("sentence", "Discharge summary sent to GP. NHS No. «v»."),
            ("code", "nhs_number,ward\n«v»,AMU\n"),
            ("json", '{"subject": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "«v»"}}}'),
            ("sentence", "Can you check the NHS number «v» against the spine? The DOB differs."),
            ("sentence", "NHS «v» — urgent 2-week-wait referral."),
        ],
        lambda i: g.uk_nhs(["space", "plain", "plain", "dash", "space"][i]),
    )

    fill(
        ds,
        "uk-passport",
        [
            ("sentence", "Right-to-work check done: British passport «v», seen in person."),
            ("code", "passport_number,expiry\n«v»,2031-02-14\n"),
            ("json", '{"id_document": {"type": "passport", "number": "«v»", "country": "GBR"}}'),
            ("sentence", "Passport no. «v» — applicant's photo page attached."),
            ("sentence", "The UK passport number you entered («v») doesn't match our records."),
        ],
        lambda i: g.uk_passport(),
    )

    holders = [
        ("Pritchard", (1983, 6, 27), False, "GH"),
        ("Ní Bhriain", (1991, 2, 11), True, "CA"),
        ("Öztürk", (1977, 9, 3), False, "BO"),
        ("Qureshi", (1999, 12, 22), False, "I9"),
        ("Ferreira", (1964, 4, 8), True, "LA"),
    ]
    fill(
        ds,
        "uk-dl",
        [
            ("sentence", "Hire desk note: DVLA licence «v», 3 penalty points (SP30)."),
            ("code", "licence_number,points\n«v»,0\n"),
            ("json", '{"driver": {"dvla_licence": "«v»", "check_code": "Xy 7a Lm 2P"}}'),
            ("sentence", "Driving licence «v» supplied for the insurance quote."),
            ("sentence", "Please confirm your driving licence number: «v»"),
        ],
        lambda i: g.uk_driving_licence(*holders[i]),
    )

    fill(
        ds,
        "uk-sort",
        [
            ("sentence", "Dispute: refund went to sort code «v» instead of my account."),
            ("code", "sort_code,account\n«v»,41927735\n"),
            ("json", '{"bank": {"sort_code": "«v»"}}'),
            ("sentence", "Sort code: «v». Account name: the school PTA."),
            ("code", "payee:\n  sort_code: «v»\n"),
        ],
        lambda i: g.uk_sort_code(["-", "", " ", "-", "-"][i]),
    )

    postcodes = ["CF10 1EP", "G2 3JD", "BT1 5GS", "NE1 4ST", "OX1 2JD", "EC1A 1BB", "PL4 0DW"]
    fill(
        ds,
        "uk-postcode",
        [
            ("sentence", "Claim address: 17 Westgate Street, Cardiff «v»."),
            ("code", "address_line,postcode\n5 Royal Exchange Square,«v»\n"),
            ("json", '{"address": {"line1": "9 Donegall Square", "postcode": "«v»"}}'),
            ("sentence", "Pupil lives at «v» — outside the catchment."),
            ("code", "UPDATE customers SET postcode = '«v»' WHERE id = 5521;"),
            ("sentence", "Send the replacement card to «v» (work address)."),
            ("sentence", "postcode for the delivery is «v», flat 2"),
        ],
        lambda i: Value("UK_POSTCODE", postcodes[i], "UK"),
    )


def add_us(ds: DataSet, g: HoldoutGen) -> None:
    formats = ["one-dash", "space", "intl-dash", "e164", "paren", "space"]
    fill(
        ds,
        "us-phone",
        [
            ("sentence", "Policyholder callback number: «v»."),
            ("code", "phone,timezone\n«v»,America/Chicago\n"),
            ("json", '{"to": "«v»", "body": "Your code is 481920"}'),
            ("code", "twilio:\n  from: «v»\n"),
            ("sentence", "Recruiter line: «v» (ask for the hiring desk)."),
            ("sentence", "call me at «v» after my shift"),
        ],
        lambda i: g.us_phone(formats[i]),
    )

    seps = ["-", " ", "-", "", "-", "-"]
    fill(
        ds,
        "us-ssn",
        [
            ("sentence", "W-9 received; taxpayer SSN «v» matches the IRS record."),
            ("code", "ssn,state\n«v»,OH\n"),
            ("json", '{"applicant": {"social_security_number": "«v»"}}'),
            ("sentence", "Social security no. «v» — please redact it before forwarding."),
            ("code", "INSERT INTO dependents (ssn, relation) VALUES ('«v»', 'child');"),
            ("sentence", "my ssn is «v», do you need anything else for the background check"),
        ],
        lambda i: g.us_ssn(seps[i]),
    )


def add_secrets(ds: DataSet, g: HoldoutGen) -> None:
    vendors = [
        "openai-proj",
        "openai-svc",
        "anthropic",
        "anthropic",
        "aws",
        "aws-temp",
        "github",
        "github-oauth",
        "gitlab",
        "stripe",
        "slack-user",
        "google",
        "huggingface",
        "sendgrid",
        "npm",
    ]
    fill(
        ds,
        "api-key",
        [
            ("code", "services:\n  api:\n    environment:\n      OPENAI_API_KEY: «v»\n"),
            ("code", 'os.environ.setdefault("OPENAI_API_KEY", "«v»")'),
            ("sentence", "Rotated the leaked Claude key «v» — it was in the Jira ticket description."),
            ("code", "curl https://api.anthropic.com/v1/messages -H 'x-api-key: «v»'"),
            ("code", "AWS_ACCESS_KEY_ID=«v» aws s3 ls"),
            ("json", '{"Credentials": {"AccessKeyId": "«v»", "Expiration": "2024-09-01T00:00:00Z"}}'),
            ("code", 'const octokit = new Octokit({ auth: "«v»" });'),
            ("sentence", "The OAuth token «v» still works after revoking the app, is that expected?"),
            ("code", "//gitlab.com/api/v4/packages/npm/:_authToken=«v»"),
            ("code", 'stripe.api_key = "«v»"'),
            ("code", 'client := slack.New("«v»")'),
            ("code", '<meta-data android:name="com.google.android.geo.API_KEY" android:value="«v»"/>'),
            ("code", "huggingface-cli login --token «v»"),
            ("code", "SENDGRID_API_KEY='«v»'"),
            ("code", "//registry.npmjs.org/:_authToken=«v»"),
        ],
        lambda i: g.api_key(vendors[i]),
    )

    ds.add(
        "ho-private-key-01",
        "code",
        "apiVersion: v1\nkind: Secret\nstringData:\n  tls.key: |\n    «v»\n",
        {"v": g.private_key("RSA PRIVATE KEY", "\n    ")},
    )
    ds.add(
        "ho-private-key-02",
        "sentence",
        "Is this the right format for the Apple push key?\n\n«v»",
        {"v": g.private_key("PRIVATE KEY")},
    )
    ds.add(
        "ho-private-key-03",
        "code",
        'SSH_KEY = """«v»"""\n',
        {"v": g.private_key("OPENSSH PRIVATE KEY")},
    )
    ds.add(
        "ho-private-key-04",
        "json",
        '{"tls": {"cert": "cert.pem", "key": "«v»"}}',
        {"v": g.private_key("ENCRYPTED PRIVATE KEY", "\\n")},
    )

    jwts: list[tuple[str, dict[str, object]]] = [
        ("RS256", {"sub": "patient-7781", "scope": "records.read"}),
        ("HS512", {"sub": "u_51022", "role": "teacher"}),
        ("ES256", {"sub": "svc-claims", "aud": "claims-api"}),
        ("HS512", {"sub": "u_90311", "tenant": "t-18"}),
        ("RS256", {"sub": "auth0|66b2f0", "email_verified": True}),
    ]
    fill(
        ds,
        "jwt",
        [
            ("code", 'curl -H "Authorization: Bearer «v»" https://api.internal/v2/claims'),
            ("sentence", "This id_token fails with 'invalid signature': «v»"),
            ("json", '{"refresh_token": "r_81aa", "id_token": "«v»"}'),
            ("code", "localStorage.setItem('token', '«v»');"),
            ("code", "2024-08-07T10:00:01.002Z DEBUG http: outgoing auth=«v»"),
        ],
        lambda i: g.jwt(*jwts[i]),
    )

    passwords = ["Pohutukawa#88", "kT4!vW9qZ2rM", "Spring-Fling-2025", "ghj&K2p0!xq", "Lighthouse!07", "Vb8$eR1nQ#"]
    fill(
        ds,
        "password",
        [
            ("code", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: «v»\n"),
            ("code", "machine ftp.internal login backup password «v»\n"),
            ("code", "jdbc:mysql://db.internal:3306/claims?user=claims_app&password=«v»"),
            ("sentence", "The wifi password for the staff room is «v» (changed this term)."),
            ("code", "kubectl create secret generic db --from-literal=password=«v»"),
            ("json", '{"smtp": {"user": "notify", "pass": "«v»"}}'),
        ],
        lambda i: Value("PASSWORD", passwords[i]),
    )


def add_mixed(ds: DataSet, g: HoldoutGen, people: Iterator[tuple[str, str, str]]) -> None:
    """Realistic records carrying several kinds of PII at once."""

    def full() -> tuple[Value, tuple[str, str, str]]:
        person = next(people)
        return Value("PERSON", person[0]), person

    n, p = full()
    ds.add(
        "ho-mixed-01",
        "code",
        "commit 4be1f07\nAuthor: «n» <«e»>\nDate:   Thu Aug 8 16:20:11 2024 +1000\n\n"
        "    Handle empty basket in checkout",
        {"n": n, "e": email_for(p, "users.noreply.github.com", "initial")},
    )
    n, p = full()
    ds.add(
        "ho-mixed-02",
        "sentence",
        "Insurance claim — insured: «n», DOB «d», mobile «m», Medicare «mc». Vehicle VIN «v».",
        {
            "n": n,
            "d": Value("DATE_OF_BIRTH", "19/06/1971"),
            "m": g.au_mobile("local"),
            "mc": g.au_medicare("space"),
            "v": g.vin("MR0", "FZ22G", "P", "0"),
        },
    )
    n, p = full()
    ds.add(
        "ho-mixed-03",
        "json",
        '{"applicant": "«n»", "email": "«e»", "nino": "«ni»", "sort_code": "«s»", "phone": "«ph»"}',
        {
            "n": n,
            "e": email_for(p, "proton.me", "underscore"),
            "ni": g.uk_nino(False),
            "s": g.uk_sort_code("-"),
            "ph": g.uk_phone("mobile", "local"),
        },
    )
    n, p = full()
    kin, _ = full()
    ds.add(
        "ho-mixed-04",
        "sentence",
        "Admission: «n» (NHI «h») via ED. Emergency contact «k», «ph». IRD for the ACC claim: «i».",
        {"n": n, "h": g.nz_nhi(), "k": kin, "ph": g.nz_phone("mobile", "local"), "i": g.nz_ird("dash")},
    )
    n, p = full()
    ds.add(
        "ho-mixed-05",
        "code",
        "INSERT INTO applicants (name, email, ssn, phone) VALUES ('«n»', '«e»', '«s»', '«ph»');",
        {"n": n, "e": email_for(p, "gmail.com"), "s": g.us_ssn("-"), "ph": g.us_phone("paren")},
    )
    n, p = full()
    ds.add(
        "ho-mixed-06",
        "sentence",
        "On Fri, 12 Jul 2024, «n» <«e»> wrote:\n> New bank details for the invoice: «iban».\n> Thanks!",
        {"n": n, "e": email_for(p, "freelance.studio"), "iban": g.iban("ES", True)},
    )
    n, p = full()
    ds.add(
        "ho-mixed-07",
        "code",
        "name,tfn,bsb_account,abn\n«n»,«t»,«a»,«b»\n",
        {"n": n, "t": g.au_tfn("space"), "a": g.au_account("combined"), "b": g.au_abn("space")},
    )
    given = next(people)[1]
    ds.add(
        "ho-mixed-08",
        "sentence",
        "hi «f» 👋 your sign-in from «ip» used card «c». if that wasn't you reply STOP",
        {"f": Value("PERSON", given), "ip": Value("IP_ADDRESS", "61.68.14.222"), "c": g.card("visa", "space")},
    )
    n, p = full()
    ds.add(
        "ho-mixed-09",
        "sentence",
        "Recruitment note: «n» («e», «ph») — right to work confirmed via passport «pp».",
        {
            "n": n,
            "e": email_for(p, "outlook.com", "initial"),
            "ph": g.nz_phone("mobile", "intl"),
            "pp": g.nz_passport(),
        },
    )
    n, p = full()
    ds.add(
        "ho-mixed-10",
        "json",
        '{"patient": "«n»", "nhs": "«nhs»", "postcode": "«pc»", "gp_email": "«e»"}',
        {
            "n": n,
            "nhs": g.uk_nhs("space"),
            "pc": Value("UK_POSTCODE", "L3 8EN", "UK"),
            "e": Value("EMAIL_ADDRESS", "gp.referrals@riverside-surgery.nhs.uk"),
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Clean texts: no PII, full of things that look like it. No place names (LOCATION is not scored) and no URLs
# (this set labels every URL), so every detection here is a false positive nobody can argue with.
# ---------------------------------------------------------------------------------------------------------


def failing_luhn(g: HoldoutGen, length: int) -> str:
    """A digit string of card length whose Luhn check fails, as order and tracking numbers usually do."""
    while True:
        number = g.digits(length, "123456789")
        if not ref.luhn_valid(number):
            return number


def add_clean(ds: DataSet, g: HoldoutGen) -> None:
    commit_a, commit_b = hashlib.sha1(b"holdout-a").hexdigest(), hashlib.sha1(b"holdout-b").hexdigest()
    digest = hashlib.sha256(b"holdout-image").hexdigest()
    request_id = uuid.UUID(int=g.rng.getrandbits(128), version=4)
    tenant_id = uuid.UUID(int=g.rng.getrandbits(128), version=4)
    integrity = base64.b64encode(hashlib.sha512(b"holdout-lodash-4.17.21").digest()).decode()
    etag = hashlib.md5(b"holdout-etag", usedforsecurity=False).hexdigest()
    order_number = failing_luhn(g, 16)
    hexdump = " ".join(f"{b:02x}" for b in b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff")
    clean: list[tuple[str, str]] = [
        ("code", f"{commit_a[:7]} (HEAD -> main) build: drop node 16 from the matrix\n{commit_b[:7]} docs: fix typo"),
        ("code", f"commit {commit_a}\nMerge: {commit_b[:7]} {commit_a[:7]}\n\n    Merge branch 'release/4.8'"),
        ("json", '{"peerDependencies": {"react": ">=17 <19", "react-dom": "^17.0.2 || ^18.0.0"}}'),
        (
            "code",
            "FROM python:3.12.4-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
            'EXPOSE 8000\nCMD ["gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "app:wsgi"]',
        ),
        (
            "code",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing-worker\nspec:\n  replicas: 3\n"
            "  template:\n    spec:\n      containers:\n        - name: worker\n          image: billing:4.8.2\n"
            "          resources:\n            limits: {cpu: 500m, memory: 512Mi}\n",
        ),
        (
            "code",
            'java.lang.NullPointerException: Cannot invoke "Order.getTotal()" because "order" is null\n'
            "\tat com.acme.billing.InvoiceService.render(InvoiceService.java:214)\n"
            "\tat com.acme.billing.InvoiceController.get(InvoiceController.java:58)",
        ),
        (
            "code",
            "SELECT id, status FROM claims WHERE id IN (4417, 4418, 90211, 120034) AND updated_at > now() - "
            "interval '7 days';",
        ),
        (
            "code",
            ".btn-primary {\n  color: #ffffff;\n  background-color: #0b5ed7;\n  border: 1px solid #0a58ca;\n"
            "  padding: 0.375rem 0.75rem;\n}\n@media (max-width: 768px) { .sidebar { display: none; } }",
        ),
        ("sentence", "Total due: €1.249,00 (EUR) or $1,362.15 (USD) or ¥198,400 — prices exclude VAT."),
        ("sentence", "ISBN 978-1-4028-9462-6 and ISBN-10 0-306-40615-2 are both on the reading list for week 3."),
        ("code", "2025-01-14 08:03:12.345 [main] INFO  o.s.b.w.e.tomcat.TomcatWebServer - Tomcat started on port 8080"),
        ("sentence", f"Request {request_id} failed; retry with the same idempotency key."),
        ("code", f"00000000: {hexdump}  GIF89a.........."),
        (
            "json",
            f'{{"node_modules/lodash": {{"version": "4.17.21", "license": "MIT", "dev": true, '
            f'"integrity": "sha512-{integrity}"}}}}',
        ),
        ("sentence", "We moved the event stream from Apache Kafka to Apache Pulsar and the dashboards to Grafana."),
        ("sentence", "Open the folder in Visual Studio Code, then run the task from the Command Palette."),
        ("sentence", "August was our busiest month; April and June were quiet."),
        ("sentence", "Standups are on Monday, Wednesday and Friday; Tuesday is the no-meetings day."),
        ("sentence", "Grant read access to the reporting role, then bill the usage to the analytics cost centre."),
        ("sentence", "Will the migration finish before the freeze? Mark any blockers in the tracker."),
        ("sentence", "Rose gold and midnight are out of stock; ivory ships in two days."),
        ("sentence", "Chase up the unpaid invoices before the end of the quarter."),
        ("sentence", f"Order {order_number} is ready for collection from the parcel locker."),
        ("code", f'ETag: "{etag}"\nCache-Control: max-age=31536000, immutable\nContent-Length: 48213'),
        ("code", f"docker run --rm ghcr.io/acme/worker@sha256:{digest} --concurrency 8"),
        ("code", f'tenant_id = "{tenant_id}"\nBATCH_SIZE = 250\nTIMEOUT_MS = 1_500'),
        ("sentence", "Version 10.4.2.1187 of the agent fixes the memory leak seen in 10.4.1.1102."),
        ("code", "snmpwalk -v2c -c public localhost 1.3.6.1.2.1.1.3.0"),
        ("sentence", "Refund of $84.50 processed; the remaining balance of $15.50 stays as store credit."),
        ("code", "const pattern = /^\\d{3}-\\d{3}-\\d{4}$/; // validate format only, no data here"),
        ("code", "ERROR 1062 (23000): Duplicate entry '90211' for key 'claims.PRIMARY'"),
        ("sentence", "Line 2 of the CSV has 14 columns but the header has 13."),
        (
            "code",
            '  File "/srv/app/tasks.py", line 77, in reconcile\n    ledger.post(entry)\n'
            "ValueError: amount must be positive, got -12.5",
        ),
        (
            "code",
            "--- a/billing/tax.py\n+++ b/billing/tax.py\n@@ -41,7 +41,7 @@ def line_tax(item):\n"
            "-    return round(item.price * RATE, 2)\n+    return (item.price * RATE).quantize(CENT)",
        ),
        ("json", '{"semver": "^2.0.0-beta.3", "engines": {"node": ">=20.11.1"}, "private": true}'),
        ("sentence", "The 09:30 standup moved to 09:45 because the 09:00 planning session overran."),
        ("code", 'time=2025-02-03T04:05:06.789123Z level=debug msg="cache miss" key=product:88213 ttl=300'),
        ("sentence", "Sprint goal: ship the Jira integration and the Microsoft Teams notifications."),
        ("sentence", "Checksums match: 3 of 3 artefacts verified, 0 skipped."),
        ("code", "for i := 0; i < 1024; i++ {\n\tbuf[i] = byte(i % 251)\n}"),
        (
            "code",
            '#!/usr/bin/env bash\nset -euo pipefail\nfor port in 5432 6379 9092; do nc -z localhost "$port"; done',
        ),
        ("sentence", "Marketing asked for 3 variants of the banner at 1200×628, 1080×1080 and 1080×1920."),
        ("code", "price,qty,sku\n19.99,3,SKU-40012\n4.50,12,SKU-40013\n"),
        ("sentence", "Temperature log: 21.4, 21.9, 22.3, 22.8 °C; humidity steady at 48%."),
        ("code", "[mysqld]\nmax_connections = 500\ninnodb_buffer_pool_size = 4G\nport = 3306\n"),
        ("sentence", "Press Ctrl+Shift+P, type 'Reload Window' and hit Enter."),
        ("code", 'terraform {\n  required_version = ">= 1.6.0, < 2.0.0"\n}\n'),
        ("sentence", "New in 3.2: dark mode, CSV export, and a 40% faster search index."),
        ("code", 'Exception in thread "pool-3-thread-7" java.util.concurrent.TimeoutException: 30000 ms'),
        ("sentence", "Summer sale ends Sunday at midnight — 25% off everything."),
        ("code", "npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory."),
        ("sentence", "Frank feedback from the retro: the release checklist is too long."),
        ("code", "Running 412 tests ... 409 passed, 3 skipped in 87.21s (0:01:27)"),
        ("json", '{"amount_minor": 129900, "currency": "GBP", "fee_bps": 175, "batch": 20250118}'),
        ("sentence", "Read chapters 4–6 before the seminar on Thursday; the quiz is worth 15%."),
    ]
    for index, (kind, text) in enumerate(clean):
        ds.add_clean(f"ho-clean-{index + 1:02d}", kind, text)


# ---------------------------------------------------------------------------------------------------------


def build() -> DataSet:
    self_test()
    g = HoldoutGen(SEED)
    ds = DataSet()
    people = cycle_people()
    add_person_templates(ds, "ho-person", PERSON_TEMPLATES, people)
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
    write_dataset(build(), LABELLED_PATH, CLEAN_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
