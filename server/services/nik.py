"""The NIK (Nomor Induk Kependudukan) and KK number: shape, region and encoded birth date.

A NIK is 16 digits: 2 province, 2 regency, 2 kecamatan digits of the place it was issued, the
birth date as DDMMYY with 40 added to the day for women, then a 4-digit serial. Every place a
NIK enters Dekat goes through `parse_nik`, so the same rules and messages apply everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from server.i18n import N_

#: Province codes in use (Kemendagri), including the Papua provinces formed in 2022.
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    }
)

_SIXTEEN_DIGITS = re.compile(r"\d{16}")


class NikError(ValueError):
    """A NIK or KK number that cannot be right; the message is for the person who typed it."""


@dataclass(frozen=True)
class Nik:
    value: str
    region: str  # six digits: province, regency, kecamatan
    birth_date: date
    female: bool


def normalise(raw: str) -> str:
    """Drop the spaces, dots and dashes people type or paste between digit groups."""
    return re.sub(r"[\s.\-]", "", raw or "")


#: What `_check_region` says about a NIK and about a KK number: whole sentences, so that each
#: language can word them its own way.
_NIK_REGION = (
    N_("Dua angka pertama NIK bukan kode provinsi yang dikenal."),
    N_("Kode wilayah pada NIK tidak lengkap."),
)
_KK_REGION = (
    N_("Dua angka pertama nomor KK bukan kode provinsi yang dikenal."),
    N_("Kode wilayah pada nomor KK tidak lengkap."),
)


def _check_region(value: str, messages: tuple[str, str]) -> None:
    unknown_province, incomplete = messages
    if value[:2] not in PROVINCE_CODES:
        raise NikError(unknown_province)
    if value[2:4] == "00" or value[4:6] == "00":
        raise NikError(incomplete)


def parse_nik(raw: str, *, today: date | None = None) -> Nik:
    value = normalise(raw)
    if not value:
        raise NikError(N_("NIK wajib diisi."))
    if not _SIXTEEN_DIGITS.fullmatch(value):
        raise NikError(N_("NIK harus 16 angka, tanpa huruf."))
    _check_region(value, _NIK_REGION)
    day, month, year2 = int(value[6:8]), int(value[8:10]), int(value[10:12])
    female = day > 40
    if female:
        day -= 40
    today = today or date.today()
    # Two-digit years: a date that would lie in the future belongs to the previous century.
    year = 2000 + year2 if 2000 + year2 <= today.year else 1900 + year2
    try:
        birth_date = date(year, month, day)
    except ValueError:
        raise NikError(N_("Tanggal lahir di dalam NIK tidak valid.")) from None
    if birth_date > today:
        raise NikError(N_("Tanggal lahir di dalam NIK tidak valid."))
    if value[12:] == "0000":
        raise NikError(N_("Nomor urut di akhir NIK tidak valid."))
    return Nik(value=value, region=value[:6], birth_date=birth_date, female=female)


def parse_kk(raw: str) -> str:
    """Check a KK (Kartu Keluarga) number: 16 digits starting with a region code."""
    value = normalise(raw)
    if not value:
        raise NikError(N_("Nomor KK wajib diisi."))
    if not _SIXTEEN_DIGITS.fullmatch(value):
        raise NikError(N_("Nomor KK harus 16 angka, tanpa huruf."))
    _check_region(value, _KK_REGION)
    return value


def mask(value: str) -> str:
    """Show the region and the last four digits only: 520317••••••0001."""
    if len(value) != 16:
        return "•" * len(value)
    return value[:6] + "•" * 6 + value[12:]
