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
import json
import re
import string
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/eval is no package: siblings import by name

import generate as ref  # noqa: E402  # its checksums are the tested reference
from common import B62, B64URL, HEX, DataSet, SeededGen, Value, grouped, write_dataset  # noqa: E402

SEED = 90_417_263  # generate.py and generate_holdout.py use others; the sets must not share values
OUT_DIR = Path(__file__).resolve().parent
LABELLED_PATH = OUT_DIR / "fresh_labelled.jsonl"
CLEAN_PATH = OUT_DIR / "fresh_clean.jsonl"

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


UPPER_NO_IO = "ABCDEFGHJKLMNPRSTUVWXYZ"


class FreshGen(SeededGen):
    """Every value is drawn from one seeded RNG, in a fixed order; formats and issuers differ from both sets."""

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
        text = {"space": grouped(number, (4, 5, 1)), "plain": number, "ocr": grouped(number, (4, 5, 1), "  ")}[fmt]
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
            "slack-app": lambda: (
                f"xapp-1-A{self.chars(10, string.ascii_uppercase + string.digits)}-"
                f"{self.digits(13, '123456789')}-{self.chars(64, HEX)}"
            ),
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


# ---------------------------------------------------------------------------------------------------------
# Labelled documents: each one a kind of text neither other set holds, carrying what such a text carries
# ---------------------------------------------------------------------------------------------------------

Extra = Mapping[str, Value] | None


class Writer:
    """Adds one document at a time: person slots from the pool, other values from the caller."""

    def __init__(self, ds: DataSet, people: Iterator[tuple[str, str, str]]) -> None:
        self.ds, self.people = ds, people
        self.drawn: list[tuple[str, str, str]] = []
        self.count = 0

    def draw(self, template: str) -> dict[str, Value]:
        """Draw the template's people now, so values built from them (e-mails, licences) can follow."""
        slots, self.drawn = person_slots(template, self.people)
        return slots

    def add(self, kind: str, template: str, values: Extra = None, people: Mapping[str, Value] | None = None) -> None:
        self.count += 1
        slots = dict(people) if people is not None else self.draw(template)
        self.ds.add(f"fr-{self.count:03d}", kind, template, {**slots, **(values or {})})


def add_health(w: Writer, g: FreshGen) -> None:
    w.add(
        "code",
        "DISPENSED 14/08 10:42 | Rx 7730129 | Pt: «p1u» | Medicare «m» | Prescriber: Dr «p2i» (Prov 2449817B)"
        " | ticagrelor 90 mg x56, 1 BD | Checked: «p3f»",
        {"m": g.au_medicare("plain")},
    )
    w.add(
        "sentence",
        "PHARMACY OWING SLIP\nPatient: «p1»    Medicare: «m»\nItem owed: salbutamol 100 mcg inhaler x1\n"
        "Doctor's script to follow from Dr «p2l» — phone surgery «ph» if not received by Friday.",
        {"m": g.au_medicare("space"), "ph": g.au_landline("2", "dash")},
    )
    w.add(
        "code",
        "MSH|^~\\&|PAS|RHH|LAB|RHH|202503141022||ADT^A04|MSG00412|P|2.4\nPID|1||«mrn»^^^RHH^MR||«p1l»^«p1f»"
        "||«d»|F|||||«ph»\nPV1|1|O|OPD^^^RHH||||«p2l»^«p2f»^^^DR",
        {
            "mrn": Value("MEDICAL_RECORD_NUMBER", "P00913378"),
            "d": Value("DATE_OF_BIRTH", "19780611"),
            "ph": g.au_mobile("local"),
        },
    )
    w.add(
        "sentence",
        "Voicemail (0:52) from «ph1»: \"Hi, it's «p1» from the practice, calling for «p2f». I just need to confirm "
        "your date of birth, which I've got as «d», and your NHI, «nhi». Give me a call back on «ph2», ta.\"",
        {
            "ph1": g.nz_phone("landline"),
            "d": Value("DATE_OF_BIRTH", "3rd of March 1974"),
            "nhi": g.nz_nhi(),
            "ph2": g.nz_phone("compact"),
        },
    )
    w.add(
        "sentence",
        "Re: «p1», DOB «d», NHS No «nhs»\nAddress: 4 Orchard Row, Doncaster «pc»\n\nDear Dr «p2l», thank you for "
        "seeing this gentleman with a six-month history of intermittent claudication.",
        {
            "d": Value("DATE_OF_BIRTH", "05 Aug 1979"),
            "nhs": g.uk_nhs("space"),
            "pc": Value("UK_POSTCODE", "DN4 5HT", "UK"),
        },
    )
    w.add(
        "code",
        "In [12]: patients.head(3)\nOut[12]:\n                name         dob        nhs_no  postcode\n"
        "0   «p1»  «d1»  «n1»  «pc1»\n1   «p2»  «d2»  «n2»  «pc2»\n2   «p3»  «d3»  «n3»  «pc3»\n",
        {
            "d1": Value("DATE_OF_BIRTH", "1958-09-30"),
            "n1": g.uk_nhs("plain"),
            "pc1": Value("UK_POSTCODE", "KT22 7NG", "UK"),
            "d2": Value("DATE_OF_BIRTH", "1971-01-17"),
            "n2": g.uk_nhs("plain"),
            "pc2": Value("UK_POSTCODE", "SA1 1NW", "UK"),
            "d3": Value("DATE_OF_BIRTH", "2003-06-08"),
            "n3": g.uk_nhs("plain"),
            "pc3": Value("UK_POSTCODE", "YO1 7HH", "UK"),
        },
    )
    w.add(
        "sentence",
        "INTAKE — «p1», MRN «mrn», DOB «d». Cell «ph1». Emergency contact: «p2f» (husband) «ph2». "
        "Allergies: penicillin (rash).",
        {
            "mrn": Value("MEDICAL_RECORD_NUMBER", "E4471902"),
            "d": Value("DATE_OF_BIRTH", "04/23/1992"),
            "ph1": g.us_phone("paren-nospace"),
            "ph2": g.us_phone("dash"),
        },
    )
    w.add(
        "code",
        "INSERT INTO enrolments (nhi, full_name, dob, contact) VALUES ('«nhi»', '«p1»', '«d»', '«ph»');",
        {"nhi": g.nz_nhi(), "d": Value("DATE_OF_BIRTH", "1999/10/02"), "ph": g.nz_phone("split4")},
    )
    w.add(
        "sentence",
        "Ward 7 handover 19:00\nBed 3 — «p1u», UR «mrn», post-op day 2 lap chole, mobilising, for d/c tomorrow.\n"
        "Bed 4 — «p2u», UR «mrn2», awaiting MRI. Family («p3f») asking for an update from Dr «p4l».",
        {"mrn": Value("MEDICAL_RECORD_NUMBER", "3310774"), "mrn2": Value("MEDICAL_RECORD_NUMBER", "3309921")},
    )
    w.add(
        "json",
        '{"resourceType": "Patient", "identifier": [{"system": "urn:oid:2.16.840.1.113883.2.18.2", "value": "«nhi»"}],'
        ' "name": [{"family": "«p1l»", "given": ["«p1f»"]}], "birthDate": "«d»"}',
        {"nhi": g.nz_nhi(), "d": Value("DATE_OF_BIRTH", "1986-12-04")},
    )
    w.add(
        "sentence",
        "Vet record — Patient: Biscuit (cavoodle, 4y). Owner: «p1», «ph», «e». Vet: Dr «p2l». "
        "Paid $412.50 by card «card».",
        {
            "ph": g.au_mobile("dash"),
            "e": Value("EMAIL_ADDRESS", "biscuit.and.co@bigpond.net.au"),
            "card": g.card("mc", "space"),
        },
    )
    w.add(
        "sentence",
        "Physio plan for «p1f»: 3x10 sit-to-stand, calf raises. Next appt with «p2i» Tue. Medicare «m» on file.",
        {"m": g.au_medicare("plain")},
    )
    w.add(
        "code",
        "patient_id,nhi,gp\n18823,«nhi1»,Dr «p1l»\n18824,«nhi2»,Dr «p2l»\n",
        {"nhi1": g.nz_nhi(), "nhi2": g.nz_nhi()},
    )
    w.add(
        "sentence",
        "Lab result for «p1r» (MRN «mrn»): HbA1c 7.9%. Please book a review with «p2i».",
        {"mrn": Value("MEDICAL_RECORD_NUMBER", "HN-0082714")},
    )


def add_police_and_legal(w: Writer, g: FreshGen) -> None:
    w.add(
        "sentence",
        "EVENT NO. E24-118273\nREPORTING OFFICER: Sen Const «p1i» #4471\nPERSON OF INTEREST: «p2u»\n"
        "DOB: «d»    LICENCE: «lic» (NSW)\nVEHICLE: silver hatchback, VIN «vin»\nNARRATIVE: At approx 2240 hrs the "
        "POI was stopped for a random breath test and provided mobile «ph».",
        {
            "d": Value("DATE_OF_BIRTH", "29/02/1996"),
            "lic": Value("LICENCE_NUMBER", "29461873"),
            "vin": g.vin("MR0", "FZ29G", "K", "0"),
            "ph": g.au_mobile("local"),
        },
    )
    w.add(
        "sentence",
        "R v «p1u» — listed 10:00, Court 3, bail application. Counsel for the accused: «p2i». "
        "Informant: Det Sgt «p3l».",
    )
    w.add(
        "sentence",
        "STATEMENT OF WITNESS\nName: «p1»\nOccupation: bus driver\nI, «p1», state that on Tuesday I saw a man I now "
        "know to be «p2» strike the shelter glass.",
    )
    w.add(
        "sentence",
        "Incident 25-00817: complainant «p1» reports unauthorised transfers from «iban». Suspect account holder "
        "«p2r». Referred to the fraud unit.",
        {"iban": g.iban("LT", True)},
    )
    w.add(
        "code",
        'case_no,defendant,dob,ssn,charge\nCR-24-0913,"«p1r»",«d»,«ssn»,theft\n',
        {"d": Value("DATE_OF_BIRTH", "11-11-1961"), "ssn": g.us_ssn("-")},
    )
    w.add(
        "sentence",
        "Infringement notice issued to «p1» (licence «lic», Texas) for doing 81 in a 55 zone; vehicle VIN «vin».",
        {"lic": Value("LICENCE_NUMBER", "40917736"), "vin": g.vin("KMH", "D841C", "N", "U")},
    )


def add_property_and_money(w: Writer, g: FreshGen) -> None:
    w.add(
        "sentence",
        "RESIDENTIAL TENANCY APPLICATION\nApplicant 1: «p1»      Applicant 2: «p2»\nCurrent agent: «p3», ph «ph»\n"
        "ID sighted: Australian passport «pp»\nEmployer ABN: «abn»\nBond refund to BSB/acc: «acc»",
        {
            "ph": g.au_landline("3", "dash"),
            "pp": g.au_passport(),
            "abn": g.au_abn("space"),
            "acc": g.au_account("combined"),
        },
    )
    slots = w.draw("«p1r»«p2r»")
    first, second = w.drawn
    w.add(
        "code",
        'emp_id,name,tfn,bank_account,email\n0412,"«p1r»",«t1»,«a1»,«e1»\n0413,"«p2r»",«t2»,«a2»,«e2»\n',
        {
            "t1": g.au_tfn("plain"),
            "a1": g.au_account("9"),
            "e1": email_for(first, "coastline-freight.com.au"),
            "t2": g.au_tfn("plain"),
            "a2": g.au_account("8"),
            "e2": email_for(second, "coastline-freight.com.au"),
        },
        slots,
    )
    w.add(
        "code",
        "Employee|IRD|Bank account|KiwiSaver\n«p1»|«i1»|«b1»|3%\n«p2»|«i2»|«b2»|6%\n",
        {"i1": g.nz_ird("plain"), "b1": g.nz_bank("-"), "i2": g.nz_ird("dash"), "b2": g.nz_bank("")},
    )
    w.add(
        "code",
        "NINO,Surname,Forename,DOB,SortCode,TaxCode\n«n1»,«p1l»,«p1f»,«d1»,«s1»,1257L\n«n2»,«p2l»,«p2f»,«d2»,«s2»,BR\n",
        {
            "n1": g.uk_nino("compact"),
            "d1": Value("DATE_OF_BIRTH", "1983-07-19"),
            "s1": g.uk_sort_code("-"),
            "n2": g.uk_nino("compact"),
            "d2": Value("DATE_OF_BIRTH", "1990-02-26"),
            "s2": g.uk_sort_code(""),
        },
    )
    w.add(
        "sentence",
        "Überweisung bestätigt\nEmpfänger: «p1»\nIBAN: «iban»\nVerwendungszweck: Miete März\nBetrag: 1.180,00 EUR",
        {"iban": g.iban("LU", True)},
    )
    w.add(
        "sentence",
        "Faktura 20418 — betal venligst til «iban» inden 30 dage. Kontakt: «p1», «e».",
        {"iban": g.iban("DK", False), "e": Value("EMAIL_ADDRESS", "bogholderi@nordlys-el.dk")},
    )
    w.add(
        "sentence",
        "Pagamento por transferência para o IBAN «iban» (titular: «p1»). Enviar comprovativo para «e».",
        {"iban": g.iban("PT", True), "e": Value("EMAIL_ADDRESS", "rendas.lisboa@sapo.pt")},
    )
    w.add(
        "json",
        '{"payee": {"name": "«p1»", "iban": "«iban»"}, "amount": "2450.00", "currency": "SEK"}',
        {"iban": g.iban("SE", False)},
    )
    w.add(
        "sentence",
        "Maksu tilille «iban», viite 1234 5678 — kiitos, «p1f»!",
        {"iban": g.iban("FI", True)},
    )
    w.add(
        "sentence",
        "Refund request: please return the deposit to «p1» at «iban» instead of the card.",
        {"iban": g.iban("GB", True)},
    )
    w.add(
        "sentence",
        "DIRECT DEBIT INSTRUCTION\nName(s) of account holder(s): «p1»\nBranch sort code: «sc»\nReference: GYM-004812",
        {"sc": g.uk_sort_code(" ")},
    )
    w.add(
        "sentence",
        "Invoice INV-0098 from «p1» (sole trader). Please pay into «nzb», reference your surname.",
        {"nzb": g.nz_bank(" ")},
    )
    w.add(
        "json",
        '{"supplier": "«p1»", "gst_registered": true, "ird_number": "«ird»", "bank": "«nzb»"}',
        {"ird": g.nz_ird("space"), "nzb": g.nz_bank("-")},
    )
    w.add(
        "sentence",
        "Super rollover form — member «p1», TFN «tfn», date of birth «d». Fund ABN «abn».",
        {"tfn": g.au_tfn("dash"), "d": Value("DATE_OF_BIRTH", "Sept 3, 1968"), "abn": g.au_abn("plain")},
    )
    w.add(
        "sentence",
        "ATO call notes: «p1f» read out her TFN as «tfn» and ABN «abn»; lodgement overdue since October.",
        {"tfn": g.au_tfn("space"), "abn": g.au_abn("space")},
    )
    w.add(
        "sentence",
        "Child support variation — payer «p1», account «acc», payee «p2».",
        {"acc": g.au_account("spaced")},
    )
    w.add(
        "code",
        'bsb_account,name,amount\n«bsb»,"«p1r»",812.40\n',
        {"bsb": g.au_account("combined")},
    )


def add_support_and_chat(w: Writer, g: FreshGen) -> None:
    slots = w.draw("«p1f»«p2»«p2f»")
    customer = w.drawn[1]
    w.add(
        "sentence",
        "[14:02:11] Virtual assistant → transferred to «p1f»\n[14:02:40] «p1f»: Hi, thanks for holding. Who am I "
        "speaking with?\n[14:03:02] Customer: it's «p2», account email «e»\n[14:03:30] «p1f»: Thanks «p2f». "
        "Can you confirm the card on the account?\n[14:03:58] Customer: «card» exp 08/27",
        {"e": email_for(customer, "hotmail.com", "initial"), "card": g.card("discover", "space")},
        {**slots},
    )
    w.add(
        "sentence",
        "12/03/2025, 21:14 - «p1f»: did you get the rego papers for the ute?\n12/03/2025, 21:15 - «p2f»: yep VIN "
        "is «vin»\n12/03/2025, 21:16 - «p1f»: legend. and your licence no?\n12/03/2025, 21:16 - «p2f»: «lic» "
        "version 221",
        {"vin": g.vin("JMZ", "BP5EF", "L", "1"), "lic": Value("LICENCE_NUMBER", "DB839201")},
    )
    w.add(
        "sentence",
        "[09:41] «p1f»: wifi for the offsite is «pw» — don't post it in the big channel\n[09:42] «p2f»: 👍",
        {"pw": Value("PASSWORD", "Kumara&Koru2025")},
    )
    w.add(
        "json",
        '{"type": "message", "user_name": "«p1f»", "text": "here is the staging key «k» pls rotate after the demo",'
        ' "ts": "1741824000.002100"}',
        {"k": g.api_key("slack-app")},
    )
    w.add(
        "sentence",
        "Live chat 16:20 — Visitor: hi my name is «p1» and I was double charged. card number «card»\n"
        "Agent «p2f»: Sorry about that! Please don't share the full number here, I'll mask it now.",
        {"card": g.card("visa", "plain")},
    )
    w.add(
        "sentence",
        "SMS from «ph»: Hi «p1f», this is «p2f» from the dental clinic, reminding you of your 9:15 tomorrow.",
        {"ph": g.us_phone("intl-paren")},
    )
    w.add(
        "sentence",
        "Voicemail transcript: \"yeah hi it's «p1f», um, my sort code is «sc» and the account ends in 19, "
        'could someone call me on «ph», thanks"',
        {"sc": g.uk_sort_code("-"), "ph": g.uk_phone("mobile-346")},
    )
    w.add(
        "sentence",
        "Hey «p1f», here's my number for the carpool: «ph». «p2f» can pick you up at 7.",
        {"ph": g.nz_phone("intl-paren")},
    )
    w.add(
        "sentence",
        "Transcript 00:03:12 Caller: my social is «ssn», the last name is «p1l», first name «p1f».\n"
        "00:03:30 Rep: Thank you, «p1f», I've found your file.",
        {"ssn": g.us_ssn(" ")},
    )
    w.add(
        "json",
        '{"conversation_id": "c_9921", "messages": [{"from": "«p1f»", "body": "my new number is «ph»"}, '
        '{"from": "support", "body": "updated, thanks"}]}',
        {"ph": g.uk_phone("mobile-intl")},
    )


def add_engineering(w: Writer, g: FreshGen) -> None:
    w.add(
        "sentence",
        "**«p1»** commented on `billing/refunds.py` line 88:\n> Please don't hard-code the test customer — «ssn» is a "
        "real SSN from the fixtures dump. Use the faker factory instead.\n\n**«p2f»** replied: good catch, fixing.",
        {"ssn": g.us_ssn("-")},
    )
    w.add(
        "sentence",
        "Review from «p1i»: `config/prod.yaml` still has the payments key (`«k»`) in plain text. Blocking until it "
        "moves to the vault.",
        {"k": g.api_key("stripe-restricted")},
    )
    w.add(
        "code",
        'resource "aws_db_instance" "ledger" {\n  identifier = "ledger-prod"\n  username   = "ledger_admin"\n'
        '  password   = "«pw»"\n}\n\nprovider "digitalocean" {\n  token = "«k»"\n}\n',
        {"pw": Value("PASSWORD", "Tr0pical-Cyclone-77"), "k": g.api_key("digitalocean")},
    )
    w.add(
        "code",
        'resource "tls_private_key" "bastion" {\n  algorithm = "RSA"\n}\n\nlocals {\n  legacy_key = <<-EOT\n'
        "    «pk»\n  EOT\n}\n",
        {"pk": g.private_key("RSA PRIVATE KEY", "\n    ")},
    )
    w.add(
        "code",
        "---\nansible_user: deploy\nansible_become_password: «pw»\nhost_mac: «mac»\nmgmt_ip: «ip»\n"
        "deploy_key: |\n  «pk»\n",
        {
            "pw": Value("PASSWORD", "w1nter!sComing#42"),
            "mac": g.mac("00:50:56", "colon-lower"),
            "ip": Value("IP_ADDRESS", "58.96.12.201"),
            "pk": g.private_key("OPENSSH PRIVATE KEY", "\n  "),
        },
    )
    slots = w.draw("«p1»")
    owner = w.drawn[0]
    w.add(
        "code",
        "# .env.production — DO NOT COMMIT\nSTRIPE_RESTRICTED_KEY=«k1»\nOPENAI_API_KEY=«k2»\n"
        'FIREBASE_PRIVATE_KEY="«pk»"\nSUPPORT_INBOX=«e»\nONCALL_PHONE=«ph»\n# owner: «p1»\n',
        {
            "k1": g.api_key("stripe-restricted"),
            "k2": g.api_key("openai-proj"),
            "pk": g.private_key("PRIVATE KEY", "\\n"),
            "e": email_for(owner, "tidepool.app", "family-initial"),
            "ph": g.au_mobile("intl-dash"),
        },
        slots,
    )
    slots = w.draw("«p1»")
    maintainer = w.drawn[0]
    w.add(
        "code",
        "FROM node:20-alpine\nARG NPM_TOKEN\nENV HF_TOKEN=«k1»\nENV SHOPIFY_ADMIN_TOKEN=«k2»\n"
        'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc\nLABEL maintainer="«p1» <«e»>"\n',
        {"k1": g.api_key("huggingface"), "k2": g.api_key("shopify"), "e": email_for(maintainer, "kiwi-bits.nz")},
        slots,
    )
    w.add(
        "code",
        "In [3]: os.environ['ANTHROPIC_API_KEY']\nOut[3]: '«k»'\n\nIn [4]: client = Anthropic()",
        {"k": g.api_key("anthropic")},
    )
    w.add(
        "code",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments-gw\ntype: Opaque\nstringData:\n"
        "  GITHUB_TOKEN: «k»\n  DB_PASSWORD: «pw»\n  SERVICE_JWT: «jwt»\n",
        {
            "k": g.api_key("github-server"),
            "pw": Value("PASSWORD", "mango-Lassi-9931"),
            "jwt": g.jwt("RS512", {"sub": "svc-payments", "aud": "ledger"}),
        },
    )
    w.add(
        "json",
        '{"request": {"method": "GET", "url": "/v2/me", "headers": [{"name": "Authorization", '
        '"value": "Bearer «jwt»"}]}, "clientIPAddress": "«ip»"}',
        {"jwt": g.jwt("ES384", {"sub": "u_48213", "scope": "profile"}), "ip": Value("IP_ADDRESS", "101.98.44.7")},
    )
    w.add(
        "code",
        "curl -s -H 'Authorization: Bearer «jwt»' -H 'X-Forwarded-For: «ip»' localhost:8080/v2/orders",
        {
            "jwt": g.jwt("PS256", {"sub": "u_77120", "roles": ["support"]}),
            "ip": Value("IP_ADDRESS", "2a00:23c7:9d81:4f01:8d2:11ff:fe3a:7c10"),
        },
    )
    w.add(
        "code",
        "GET /dashboard HTTP/1.1\nHost: localhost:3000\nCookie: theme=dark; session=«jwt»; consent=1",
        {"jwt": g.jwt("HS384", {"sub": "u_10442", "tenant": "acme"})},
    )
    w.add(
        "code",
        ">>> localStorage.getItem('id_token')\n'«jwt»'",
        {"jwt": g.jwt("EdDSA", {"sub": "u_55019", "email_verified": True})},
    )
    slots = w.draw("«p1»«p2»«p3i»")
    author, coauthor, _ = w.drawn
    w.add(
        "code",
        "commit 7a1c0f3e9b2d4c5a6e7f8091a2b3c4d5e6f70812\nAuthor: «p1» <«e1»>\nDate:   Wed Mar 12 09:14:02 2025 "
        "+1300\n\n    fix(kyc): mask passport numbers in the audit log\n\n    Co-authored-by: «p2» <«e2»>\n"
        "    Reviewed-by: «p3i»",
        {"e1": email_for(author, "users.noreply.github.com", "given"), "e2": email_for(coauthor, "fastmail.com")},
        slots,
    )
    w.add(
        "code",
        '// HACK(«p1i»): bypass until the KYC vendor fixes their sandbox\nconst SANDBOX_TFN = "«tfn»";\n',
        {"tfn": g.au_tfn("plain")},
    )
    w.add(
        "code",
        'client = Client(account_sid, "«k»")  # «p1f» says this one is revoked, double check',
        {"k": g.api_key("twilio")},
    )
    w.add(
        "code",
        "git -c http.extraHeader='PRIVATE-TOKEN: «k»' fetch origin --prune",
        {"k": g.api_key("gitlab")},
    )
    w.add(
        "code",
        "export AWS_ACCESS_KEY_ID=«k»\nexport AWS_DEFAULT_REGION=ap-southeast-2\n# set up by «p1i», rotate quarterly",
        {"k": g.api_key("aws")},
    )
    w.add(
        "code",
        "[core]\n\teditor = vim\n[github]\n\ttoken = «k»\n[user]\n\tname = «p1»\n",
        {"k": g.api_key("github-pat")},
    )
    w.add(
        "code",
        'const firebaseConfig = {\n  apiKey: "«k»",\n  projectId: "roster-app-4412",\n};\n',
        {"k": g.api_key("google")},
    )
    w.add(
        "sentence",
        "can you import this on the build box? it's the release signing key\n\n«pk»\n\npassphrase is in 1Password",
        {"pk": g.private_key("PGP PRIVATE KEY BLOCK")},
    )
    w.add(
        "code",
        "lease «ip» {\n  starts 3 2025/03/12 09:14:02;\n  hardware ethernet «mac»;\n"
        '  client-hostname "«p1f»-iPhone";\n}',
        {"ip": Value("IP_ADDRESS", "185.220.101.4"), "mac": g.mac("F4:F5:D8", "colon-lower")},
    )
    w.add(
        "code",
        "hostname,mac,ip,assigned_to\nlt-0412,«mac1»,«ip1»,«p1i»\nlt-0413,«mac2»,«ip2»,«p2i»\n",
        {
            "mac1": g.mac("3C:5A:B4", "dash-lower"),
            "ip1": Value("IP_ADDRESS", "110.174.3.88"),
            "mac2": g.mac("AC:DE:48", "bare"),
            "ip2": Value("IP_ADDRESS", "2405:6e00:40c:b900::12"),
        },
    )
    w.add(
        "code",
        "Mar 12 03:14:07 gw01 sshd[2231]: Failed password for «e» from «ip» port 51522 ssh2",
        {"e": Value("EMAIL_ADDRESS", "backup-ops@quarrylane.io"), "ip": Value("IP_ADDRESS", "62.31.190.45")},
    )
    w.add(
        "code",
        "interface GigabitEthernet0/12\n description desk phone - «p1»\n switchport port-security mac-address «mac»\n",
        {"mac": g.mac("E4:5F:01", "cisco")},
    )
    w.add(
        "code",
        "arp -a\nrouter.lan («ip») at «mac» on en0 ifscope [ethernet]",
        {"ip": Value("IP_ADDRESS", "192.168.20.1"), "mac": g.mac("00:0C:29", "colon")},
    )
    w.add(
        "code",
        "postgres://reporting:«pw»@db-replica:5432/warehouse?sslmode=require",
        {"pw": Value("PASSWORD", "9vQz!rT2#pLm")},
    )


def add_identity_and_travel(w: Writer, g: FreshGen) -> None:
    w.add(
        "code",
        "RP/SYD1A0980/\n  1.«p1a» MR  2.«p2a» MS\n  3 QF 143 Y 14APR 5 SYDAKL HK2  0915 1415\n"
        "  SSR DOCS QF HK1/P/NZL/«pp»/NZL/«d»/M/22OCT31/«p1a»/P1",
        {"pp": g.nz_passport(), "d": Value("DATE_OF_BIRTH", "12MAR84")},
    )
    w.add(
        "sentence",
        "Traveller: «p1» — NZ passport «pp» (expires 2031). Seat 14C requested.",
        {"pp": g.nz_passport()},
    )
    w.add(
        "json",
        '{"traveller": {"name": "«p1»", "passport": {"number": "«pp»", "country": "NZL"}}}',
        {"pp": g.nz_passport()},
    )
    w.add(
        "sentence",
        "Visa lodgement checklist for «p1r»: passport no. «pp» (certified copy), two photos, bank statements.",
        {"pp": g.au_passport()},
    )
    w.add(
        "code",
        "applicant_passport,nationality,arrival\n«pp1»,AUS,2025-04-02\n«pp2»,AUS,2025-04-09\n",
        {"pp1": g.au_passport(), "pp2": g.au_passport()},
    )
    w.add(
        "sentence",
        "Hotel registration — Guest: «p1u». Passport: «pp» (Australia). Arrival 14/04.",
        {"pp": g.au_passport()},
    )
    w.add(
        "sentence",
        "Renewal form: Surname «p1l», Forenames «p1f». Old passport number «pp», issued 2016. Countersigned by «p2».",
        {"pp": g.uk_passport()},
    )
    w.add(
        "json",
        '{"kyc": {"document_type": "passport", "document_number": "«pp»", "issuing_country": "GBR", "holder": "«p1»"}}',
        {"pp": g.uk_passport()},
    )
    w.add(
        "sentence",
        "Right to work check: «p1», UK passport «pp», share code not required. Checked by «p2i».",
        {"pp": g.uk_passport()},
    )
    slots = w.draw("«p1»«p2»")
    insured, other = w.drawn
    w.add(
        "sentence",
        "CLAIM FORM — Motor\nInsured: «p1»\nDate of birth: «d»\nVehicle VIN: «vin»\nThird party driver: «p2», "
        "licence «dl», mobile «ph»\nPay settlement to: «iban»",
        {
            "d": Value("DATE_OF_BIRTH", "13.06.1950"),
            "vin": g.vin("SAL", "GA2BE", "M", "A"),
            "dl": g.uk_driving_licence(other[2], (1987, 5, 14), False, other[1][0]),
            "ph": g.uk_phone("mobile-00"),
            "iban": g.iban("GB", False),
        },
        slots,
    )
    slots = w.draw("«p1»")
    hirer = w.drawn[0]
    w.add(
        "sentence",
        "Car hire agreement 88120 — Hirer: «p1». Driving licence: «dl». Vehicle VIN «vin». Deposit on card «card».",
        {
            "dl": g.uk_driving_licence(hirer[2], (1992, 11, 3), True, hirer[1][0]),
            "vin": g.vin("VF1", "RJA00", "N", "S"),
            "card": g.card("amex", "dash"),
        },
        slots,
    )
    slots = w.draw("«p1»")
    driver = w.drawn[0]
    w.add(
        "json",
        '{"driver": "«p1»", "dvla_check": {"licence_number": "«dl»", "points": 3, "status": "valid"}}',
        {"dl": g.uk_driving_licence(driver[2], (1975, 8, 22), False, driver[1][0])},
        slots,
    )
    slots = w.draw("«p1r»")
    starter = w.drawn[0]
    w.add(
        "code",
        "onboarding,«p1r»,licence=«dl»,nino=«ni»,start=2025-05-06\n",
        {
            "dl": g.uk_driving_licence(starter[2], (2000, 2, 9), True, starter[1][0]),
            "ni": g.uk_nino("spaced"),
        },
        slots,
    )
    w.add(
        "sentence",
        "A P P L I C A T I O N   F O R M\nSurname :  «p1l»          Given  names : «p1f»\nD . O . B  :  «d»\n"
        "Tax  File  No :  «tfn»\nMedicare  No :  «m»\nCard  No  «card»",
        {
            "d": Value("DATE_OF_BIRTH", "07/10/1969"),
            "tfn": g.au_tfn("space"),
            "m": g.au_medicare("ocr"),
            "card": g.card("visa", "ocr"),
        },
    )
    w.add(
        "sentence",
        "Form W-9   Name (as shown on your income tax return)   «p1u»\nSocial  security  number   «ssn»",
        {"ssn": g.us_ssn(" ")},
    )
    w.add(
        "code",
        "applicant:\n  name: «p1»\n  ssn: «ssn»\n  phone: «ph»\n  dob: «d»\n",
        {"ssn": g.us_ssn(""), "ph": g.us_phone("plain"), "d": Value("DATE_OF_BIRTH", "1993-05-28")},
    )
    w.add(
        "sentence",
        "Employment verification for «p1»: SSN on file «ssn», hired 2019. Contact HR at «ph».",
        {"ssn": g.us_ssn("-"), "ph": g.us_phone("dot-1")},
    )
    w.add(
        "sentence",
        "HMRC letter to «p1» — National Insurance number «ni». Your tax code has changed.",
        {"ni": g.uk_nino("suffix-apart")},
    )
    w.add(
        "sentence",
        "Student loan form: NI number «ni», course start September, contact «ph».",
        {"ni": g.uk_nino("spaced"), "ph": g.uk_phone("glasgow")},
    )
    w.add(
        "json",
        '{"employee": "«p1»", "ni_number": "«ni»", "nhs_pension": true}',
        {"ni": g.uk_nino("compact")},
    )
    w.add(
        "sentence",
        "New York DL «lic» scanned at check-in for «p1»; California DL «lic2» for the second guest, «p2».",
        {"lic": Value("LICENCE_NUMBER", "281 774 903"), "lic2": Value("LICENCE_NUMBER", "C6612094")},
    )
    w.add(
        "code",
        "licence_no,class,state\n«lic»,HC,WA\n",
        {"lic": Value("LICENCE_NUMBER", "5502918")},
    )
    w.add(
        "sentence",
        "Vehicle inspection: VIN «vin» matches the build plate; odometer 118,204 km. Inspector «p1i».",
        {"vin": g.vin("LRW", "YGCEK", "P", "C")},
    )
    w.add(
        "sentence",
        "Dental claim for «p1», MRN «mrn», DOB «d».",
        {"mrn": Value("MEDICAL_RECORD_NUMBER", "9923108"), "d": Value("DATE_OF_BIRTH", "1 April 2011")},
    )


def add_contacts(w: Writer, g: FreshGen) -> None:
    slots = w.draw("«p1»")
    person = w.drawn[0]
    w.add(
        "sentence",
        "Thanks,\n«p1»\nSenior Conveyancer | Keystone Conveyancing\nM «ph» | E «e»\nABN «abn»",
        {"ph": g.au_mobile("paren-intl"), "e": email_for(person, "keystoneconvey.com.au"), "abn": g.au_abn("space")},
        slots,
    )
    slots = w.draw("«p1l»«p1f»«p1»")
    person = w.drawn[0]
    w.add(
        "code",
        "BEGIN:VCARD\nVERSION:3.0\nN:«p1l»;«p1f»;;;\nFN:«p1»\nTEL;TYPE=cell:«ph»\nEMAIL:«e»\nURL:«url»\nEND:VCARD",
        {
            "ph": g.uk_phone("mobile-intl"),
            "e": email_for(person, "proton.me", "hyphen"),
            "url": Value("URL", "https://bsky.app/profile/" + fold(person[1]) + fold(person[2]) + ".bsky.social"),
        },
        slots,
    )
    slots = w.draw("«p1»«p2»")
    organiser, guest = w.drawn
    w.add(
        "code",
        "BEGIN:VEVENT\nSUMMARY:Settlement call\nDTSTART:20250314T230000Z\nORGANIZER;CN=«p1»:mailto:«e1»\n"
        "ATTENDEE;CN=«p2»:mailto:«e2»\nLOCATION:«url»\nEND:VEVENT",
        {
            "e1": email_for(organiser, "lawpartners.co.nz"),
            "e2": email_for(guest, "gmail.com", "initial"),
            "url": Value("URL", "https://us06web.zoom.us/j/84120937712?pwd=bXk4WnFzTmt2Q3pPRkdVdz09"),
        },
        slots,
    )
    slots = w.draw("«p1»")
    person = w.drawn[0]
    w.add(
        "sentence",
        "«p1»\n«ph» · «e» · «url»\n\nPROFILE\nData engineer with eight years in payments and risk.",
        {
            "ph": g.us_phone("intl-paren"),
            "e": email_for(person, "outlook.com"),
            "url": Value("URL", "https://www.linkedin.com/in/" + fold(person[1]) + "-" + fold(person[2]) + "-7c31a0"),
        },
        slots,
    )
    w.add(
        "sentence",
        "Portfolio: «url» — or grab a slot on my calendar at «url2».",
        {
            "url": Value("URL", "https://www.behance.net/rangihuna-design"),
            "url2": Value("URL", "https://cal.com/paewai/intro-call"),
        },
    )
    w.add(
        "code",
        "- [My GitHub](«url»)\n- [Strava](«url2»)",
        {
            "url": Value("URL", "https://github.com/faleolo-iosefa"),
            "url2": Value("URL", "https://www.strava.com/athletes/90218834"),
        },
    )
    slots = w.draw("«p1»")
    person = w.drawn[0]
    w.add(
        "json",
        '{"billing_details": {"name": "«p1»", "email": "«e»", "phone": "«ph»"}, "pan": "«card»", '
        '"avatar_url": "«url»"}',
        {
            "e": email_for(person, "icloud.com", "given"),
            "ph": g.au_mobile("intl-dash"),
            "card": g.card("jcb", "plain"),
            "url": Value("URL", "https://photos.app.goo.gl/Vq8sLmN2xR4tK9yZ7"),
        },
        slots,
    )
    w.add(
        "sentence",
        "Please update my email to «e» and my mobile to «ph» — «p1f»",
        {"e": Value("EMAIL_ADDRESS", "tui.kereru.77@xtra.co.nz"), "ph": g.nz_phone("split4")},
    )
    w.add(
        "code",
        "2025-03-12T03:14:07.221+11:00 auth[2231]: password reset requested for «e» from «ip»",
        {"e": Value("EMAIL_ADDRESS", "nightowl_88@yahoo.com.au"), "ip": Value("IP_ADDRESS", "1.132.104.56")},
    )
    w.add(
        "sentence",
        "Order 55120 ships to «p1» («ph»). Card «card» authorised for $89.95.",
        {"ph": g.uk_phone("leeds"), "card": g.card("diners", "space")},
    )
    w.add(
        "sentence",
        "Payment declined for card «card» (UnionPay). Customer «p1f» will try again tonight.",
        {"card": g.card("unionpay", "plain")},
    )
    w.add(
        "code",
        "charge --amount 4200 --card «card» --cvc-check skip  # «p1i» test, delete me",
        {"card": g.card("mc2", "dash")},
    )
    w.add(
        "sentence",
        "Call «p1» back on «ph» about the pool fence certificate.",
        {"ph": g.au_landline("7", "intl")},
    )
    w.add(
        "sentence",
        "Reach the site foreman on «ph» (mobile) before 7am.",
        {"ph": g.us_phone("plain")},
    )
    w.add(
        "code",
        "Host: localhost:8080\nX-Real-IP: «ip»\nUser-Agent: curl/8.5.0",
        {"ip": Value("IP_ADDRESS", "203.59.11.142")},
    )
    w.add(
        "sentence",
        "Claim address: 22 Harbour Walk, Swansea «pc» — posted to «p1».",
        {"pc": Value("UK_POSTCODE", "SA1 3XL", "UK")},
    )
    w.add(
        "json",
        '{"recipient": "«p1»", "address": {"line1": "Flat 9, 14 Castlegate", "postcode": "«pc»"}}',
        {"pc": Value("UK_POSTCODE", "AB10 1XG", "UK")},
    )
    w.add(
        "code",
        "name,postcode\n«p1»,«pc»\n",
        {"pc": Value("UK_POSTCODE", "L1 8JQ", "UK")},
    )
    w.add(
        "sentence",
        "NHS number «nhs» for «p1» — please link to the new GP record.",
        {"nhs": g.uk_nhs("dash")},
    )
    w.add(
        "sentence",
        "Payment ref for «p1»: sort code «sc», ref 88120-A.",
        {"sc": g.uk_sort_code("-")},
    )
    w.add(
        "sentence",
        "Fleet list: «vin» (ute, «p1f»), «vin2» (van, «p2f»).",
        {"vin": g.vin("MR0", "HA3CD", "M", "0"), "vin2": g.vin("KMH", "H351A", "R", "U")},
    )
    w.add(
        "sentence",
        "Login from new device: «p1f», your account was accessed from «ip» at 02:14. Not you? Reset your password.",
        {"ip": Value("IP_ADDRESS", "2406:e003:1a41:7f00:4c2:9aff:fe10:3b27")},
    )
    w.add(
        "sentence",
        "DOB «d» — «p1» turns 18 next birthday; consent still needed from «p2».",
        {"d": Value("DATE_OF_BIRTH", "22 January 2008")},
    )
    w.add(
        "code",
        "SSN=«ssn» python scripts/backfill.py --dry-run  # from «p1f»'s ticket",
        {"ssn": g.us_ssn("-")},
    )


def add_forms(w: Writer, g: FreshGen) -> None:
    """Short official forms and exports for the categories the documents above carry least."""
    w.add(
        "sentence",
        "IR330 tax code declaration — «p1», IRD number «ird», tax code M SL.",
        {"ird": g.nz_ird("dash")},
    )
    w.add(
        "code",
        "kiwisaver_opt_out,ird_number\nN,«ird»\nY,«ird2»\n",
        {"ird": g.nz_ird("space"), "ird2": g.nz_ird("plain")},
    )
    w.add(
        "sentence",
        "Lost passport report: «p1» says NZ passport «pp» was stolen from a locker on 2 May.",
        {"pp": g.nz_passport()},
    )
    w.add("code", "traveller_id: 4412\npassport_number: «pp»\npassport_country: NZL\n", {"pp": g.nz_passport()})
    w.add(
        "sentence",
        "Passport No. / No. du passeport   «pp»\nSurname / Nom   «p1u»",
        {"pp": g.uk_passport()},
    )
    w.add("code", "guest:\n  passport_no: «pp»\n  nationality: GBR\n", {"pp": g.uk_passport()})
    w.add("sentence", "TAX INVOICE 00412 — Tidy Gutters Pty Ltd, ABN «abn». GST included.", {"abn": g.au_abn("plain")})
    w.add("code", "medicare_number: «m»\nmedicare_irn: 2\n", {"m": g.au_medicare("plain")})
    w.add(
        "sentence",
        "Koha can be paid to «nzb» — please use your name as the reference.",
        {"nzb": g.nz_bank("-")},
    )
    w.add(
        "sentence",
        "The temporary password for the front-desk kiosk is «pw»; it expires at midnight.",
        {"pw": Value("PASSWORD", "Pukeko-Sunrise-48")},
    )


def add_people(w: Writer) -> None:
    """Texts whose only PII is names, written the way each kind of document writes them."""
    templates: list[tuple[str, str]] = [
        (
            "sentence",
            "Minutes — Board meeting 12 March\nPresent: «p1» (Chair), «p2», «p3», «p4»\nApologies: «p5»\n"
            "Moved «p2i», seconded «p3i»: that the budget be adopted. Carried.",
        ),
        ("sentence", "«p1i», «p2i» and «p3i» (2023). Sleep quality in shift workers. J Occup Health 65(2): 14–29."),
        ("code", "| Week | Primary | Secondary |\n|---|---|---|\n| 14 | «p1i» | «p2i» |\n| 15 | «p2i» | «p3i» |\n"),
        ("json", '{"speakers": [{"name": "«p1»", "talk": "Zero-copy parsing"}, {"name": "«p2»", "talk": "CRDTs"}]}'),
        ("code", "table,seat,guest\n4,1,«p1»\n4,2,«p2»\n4,3,«p3f» (+1)\n"),
        ("sentence", "Congratulations to «p1f» and «p2f» on their engagement! Drinks Friday at 5."),
        ("sentence", "Kia ora «p1f», ngā mihi for the kōrero yesterday. «p2» will send the draft on Monday."),
        ("code", '@pytest.mark.skip(reason="flaky on CI — «p1f» is looking into it")\ndef test_sync():\n    ...\n'),
        ("sentence", "Deceased estate of the late «p1»; executor «p2»; solicitor «p3i»."),
        ("sentence", "Attendance: «p1u» present, «p2u» absent (sick), «p3u» late 09:12."),
        ("code", "assignees:\n  - «p1»\n  - «p2»\nmilestone: 2025-Q2\n"),
        ("sentence", "Prof «p1l» and Dr «p2l» co-supervise; «p3f» is the lab manager."),
        (
            "sentence",
            "Hi all, «p1f» here — I'm covering for «p2f» while she's on leave. Questions to me or to «p3».",
        ),
        ("json", '{"match": "U14 final", "mvp": "«p1»", "coach": "«p2»", "referee": "«p3»"}'),
        ("code", "SELECT * FROM members WHERE full_name = '«p1»' OR full_name = '«p2»';"),
        ("sentence", "Rostered on Sunday: «p1» (readings), «p2» (morning tea), «p3» (door)."),
        ("code", "INFO 2025-03-12 09:14:02 approver=«p1» request=LV-4412 status=approved\n"),
        ("sentence", "Thank you, «p1l»-sensei, for the recommendation letter. — «p2f»"),
        ("sentence", "«p1u» and «p2u» v. Northgate Holdings Ltd — directions hearing adjourned."),
        ("sentence", "Emergency contacts: «p1» (mother), «p2» (neighbour)."),
        ("code", "/* Thanks to «p1» for the original algorithm and «p2» for the port to WASM. */\n"),
        ("sentence", "Chère «p1f», merci pour ton aide. Bises, «p2f»."),
        ("json", '{"mentor": "«p1»", "mentees": ["«p2»", "«p3»", "«p4»"]}'),
        ("sentence", "Shortlisted: «p1r»; «p2r»; «p3r»."),
        ("sentence", "«p1» was appointed CFO in 2022 after eleven years at the firm."),
        ("sentence", "Lost property: a blue lunchbox labelled «p1f» was handed in at reception."),
        ("code", "Reported-by: «p1»\nAcked-by: «p2»\n"),
    ]
    for kind, template in templates:
        w.add(kind, template)


# ---------------------------------------------------------------------------------------------------------
# Clean texts: nothing the labelled sets call PII, built to tempt a detector
# ---------------------------------------------------------------------------------------------------------


def failing_luhn(g: FreshGen, length: int) -> str:
    """A number that looks like a card but fails the Luhn check."""
    while True:
        number = g.digits(length, "456")
        if not ref.luhn_valid(number):
            return number


def add_clean(ds: DataSet, g: FreshGen) -> None:
    not_a_card = failing_luhn(g, 16)
    notebook_hash = hashlib.sha1(b"fresh-notebook").hexdigest()
    clean: list[tuple[str, str]] = [
        (
            "code",
            "# .env.example — copy to .env and fill in\nSTRIPE_KEY=\nOPENAI_API_KEY=\nDB_PASSWORD=\nDEBUG=false\n",
        ),
        ("code", 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n'),
        ("code", "FROM python:3.13-slim\nRUN --mount=type=secret,id=pip_token pip install -r requirements.txt\n"),
        ("code", "- name: Restart worker\n  ansible.builtin.systemd:\n    name: worker\n    state: restarted\n"),
        (
            "code",
            "In [7]: df.describe()\nOut[7]:\n         amount     qty\ncount  1024.00  1024.0\nmean     48.21    3.1",
        ),
        ("code", "Out[9]: array([0.125, 0.25 , 0.5  , 1.   ])"),
        (
            "sentence",
            f"Reference {not_a_card[:4]} {not_a_card[4:8]} {not_a_card[8:12]} {not_a_card[12:]} is a batch id.",
        ),
        ("sentence", "Take 1 tablet twice daily with food; do not exceed 4 g of paracetamol in 24 hours."),
        ("sentence", "Gaussian blur with sigma 1.5, then a Sobel filter and non-maximum suppression."),
        ("sentence", "Use a Bayesian prior here; the Boolean flag only controls logging."),
        ("sentence", "Reviewer comment: nit — prefer early return over the nested else."),
        ("code", "LGTM once CI is green. Squash before merge please."),
        ("sentence", 'Voicemail (0:12): "Hi, just confirming the delivery window tomorrow, no need to call back."'),
        (
            "sentence",
            "[10:02:14] Agent: Is there anything else I can help with today?\n[10:02:30] Customer: no that's all",
        ),
        ("code", "| Tier | Monthly | Annual |\n|---|---|---|\n| Starter | $9 | $90 |\n| Team | $29 | $290 |\n"),
        ("sentence", "Rent is due on the 1st; a late fee of $25 applies after the 5th."),
        ("code", "pay_period,gross,tax,net\n2025-03,7412.50,1843.00,5569.50\n2025-04,7412.50,1843.00,5569.50\n"),
        ("sentence", "Incident 25-00913: false alarm, sensor 4 recalibrated, no further action."),
        ("sentence", "A P P L I C A T I O N   R E C E I V E D — processing takes 10 to 15 working days."),
        ("code", "Signed-off-by: the release bot\nChange-Id: I8f3c0a7b1d2e4f5a6b7c8d9e0f1a2b3c4d5e6f70"),
        ("code", f"commit {notebook_hash}\n\n    chore: regenerate notebooks"),
        ("code", "ssh-keygen -t ed25519 -C build-box -f ~/.ssh/build_ed25519"),
        ("code", "openssl req -new -newkey rsa:4096 -nodes -keyout server.key -out server.csr"),
        ("sentence", "Grace period is 14 days; after that the account is suspended."),
        ("sentence", "Will the nightly job still run if the queue is paused? Bill it to cost centre 4410."),
        ("sentence", "Dawn and dusk readings were identical: 1013 hPa."),
        ("sentence", "Faith in the rollout plan is low; Hope is not a strategy, as the saying goes."),
        ("code", "UPDATE settings SET value = 'on' WHERE key = 'dark_mode';"),
        ("json", '{"password_min_length": 12, "require_mfa": true, "session_ttl_minutes": 30}'),
        ("json", '{"token_type": "Bearer", "expires_in": 3600, "scope": "read write"}'),
        ("code", "Authorization: Bearer <redacted>\nX-Request-Id: 7b0c2d1e-9f3a-4c5b-8d6e-1a2b3c4d5e6f"),
        ("sentence", "Serial SN-00042-X7 passed burn-in; firmware 2.14.0 flashed."),
        ("sentence", "Form 1040, Schedule C, line 31: net profit or loss."),
        ("sentence", "Invoice dated 14/03/2025, due 13/04/2025; 30-day terms."),
        ("sentence", "Valid from 01.04.2025 to 31.03.2026 inclusive."),
        ("code", "cron: '15 2 * * 0'  # Sundays at 02:15 UTC"),
        ("sentence", "Batch 20250312-0912 contains 1,204 rows; 3 rejected for missing fields."),
        ("code", "0x7ffe4b2c1a90: 48 65 6c 6c 6f 2c 20 77 6f 72 6c 64  Hello, world"),
        ("sentence", "CAS 7732-18-5 is water; CAS 64-17-5 is ethanol."),
        ("sentence", "Track 7 runs 4:32; the album totals 48:15 across 11 songs."),
        ("code", "docker compose up -d --scale worker=4 --no-deps worker"),
        ("sentence", "Chapter 12 covers Markov chains; chapter 13, importance sampling."),
        ("sentence", "Our support hours are 8am–6pm weekdays; urgent issues go to the on-call rotation."),
        ("code", "git log --author=bot --since=2.weeks --oneline | wc -l"),
        ("sentence", "Part number 4417-220-B replaces 4417-220-A from lot 12 onwards."),
        ("sentence", "The quarterly figures: revenue 4.12m, costs 3.87m, margin 6.1%."),
        ("code", "kubectl get pods -n payments -o wide | grep -v Running"),
        ("sentence", "Sign here, initial each page, and return the form in the envelope provided."),
        ("json", '{"schema_version": 7, "fields": ["name", "email", "phone", "dob"], "pii": true}'),
        ("sentence", "Please enter your full name, date of birth and passport number exactly as printed."),
        ("code", "const MASK = 'XXX-XX-XXXX'; // shown instead of the real number"),
        ("sentence", "Scan quality: 300 dpi, greyscale, deskewed; OCR confidence 97.2%."),
        ("sentence", "Meeting moved from Tue 3pm to Wed 10am — same room, same agenda."),
        ("code", "terraform plan -var-file=prod.tfvars -out=tfplan && terraform show -json tfplan > plan.json"),
        ("sentence", "The ticket was closed as a duplicate of the March regression; no customer impact."),
        ("code", "Epoch 4/20 - loss: 0.3127 - accuracy: 0.8914 - val_loss: 0.3402 - val_accuracy: 0.8801"),
    ]
    for index, (kind, text) in enumerate(clean):
        ds.add_clean(f"fr-clean-{index + 1:02d}", kind, text)


# ---------------------------------------------------------------------------------------------------------


def build() -> DataSet:
    self_test()
    g = FreshGen(SEED)
    ds = DataSet()
    w = Writer(ds, cycle_people())
    add_health(w, g)
    add_police_and_legal(w, g)
    add_property_and_money(w, g)
    add_support_and_chat(w, g)
    add_engineering(w, g)
    add_identity_and_travel(w, g)
    add_contacts(w, g)
    add_forms(w, g)
    add_people(w)
    add_clean(ds, g)
    return ds


def main() -> int:
    write_dataset(build(), LABELLED_PATH, CLEAN_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
