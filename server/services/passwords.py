"""The one rule for every password a person sets (sign-up, taking an account back, any later
reset): long enough, and not one an attacker tries early.

How guessable a password is comes from zxcvbn, which ships its own frequency lists (leaked
passwords, names, words, keyboard patterns, dates) and needs no network. It is given, as words an
attacker knows, the person's own NIK, name and birth date, the places of the regency, and a
short list of passwords common in Indonesia that its English-leaning lists rank too low.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from zxcvbn import zxcvbn

from server.i18n import N_, Message, lazy_ngettext

MIN_LENGTH = 8
#: What zxcvbn reads at most: its estimate is slow on very long input, and a password this long
#: that starts well is strong anyway.
MAX_CHECKED = 64
#: zxcvbn's score from 0 to 4; 3 means more than about 10^8 guesses, out of reach of an online
#: attacker and costly for anyone holding a copy of the (argon2) password hashes.
MIN_SCORE = 3

#: Passwords common in Indonesia, and words of this service and regency an attacker tries first.
LOCAL_WORDS = (
    "indonesia",
    "bismillah",
    "sayang",
    "sayangku",
    "sayang123",
    "cintaku",
    "rahasia",
    "katasandi",
    "merdeka",
    "garuda",
    "pancasila",
    "alhamdulillah",
    "assalamualaikum",
    "insyaallah",
    "masyaallah",
    "allahuakbar",
    "subhanallah",
    "muhammad",
    "barcelona",
    "persib",
    "persija",
    "jakarta",
    "bandung",
    "surabaya",
    "lombok",
    "lomboktimur",
    "selong",
    "mataram",
    "sasak",
    "rinjani",
    "sembalun",
    "dukcapil",
    "dekat",
    "ktpel",
    "kependudukan",
    "anakku",
    "mamaku",
    "bapakku",
    "qwerty",
    "asdfgh",
)
#: The example the message gives: someone will copy it.
EXAMPLE = "kopi pagi rumah nenek"

TOO_COMMON = N_(
    "Kata sandi ini terlalu mudah ditebak (misalnya angka berurutan, kata yang umum, NIK, nama "
    "atau tanggal lahir). Pakai tiga atau empat kata yang hanya Anda ketahui, misalnya "
    "“%(contoh)s”."
)


def personal_words(nik: str, name: str, born: date | None) -> list[str]:
    """What an attacker who holds the family card knows about the person."""
    words = [nik, nik[-6:], *name.lower().split()]
    if born:
        words += [
            born.strftime(pattern)
            for pattern in ("%d%m%Y", "%d%m%y", "%Y%m%d", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")
        ]
    return [word for word in words if word]


def problem(
    password: str, again: str, known: Iterable[str] = ()
) -> tuple[str, str | Message] | None:
    """What is wrong with a new password and its repetition, as (field, message), or None when
    it may be used. `known` holds what is known about its owner (`personal_words`)."""
    if len(password) < MIN_LENGTH:
        message = lazy_ngettext(
            "Kata sandi paling sedikit %(num)s karakter.",
            "Kata sandi paling sedikit %(num)s karakter.",
            MIN_LENGTH,
        )
        return "password", message
    checked = password[:MAX_CHECKED]
    if zxcvbn(checked, user_inputs=[*LOCAL_WORDS, EXAMPLE, *known])["score"] < MIN_SCORE:
        return "password", Message(TOO_COMMON, {"contoh": EXAMPLE})
    if password != again:
        return "password_ulang", N_("Kedua kata sandi tidak sama.")
    return None
