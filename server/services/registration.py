"""Citizen sign-up: the NIK, KK number and birth date must match the registry; one account per
NIK. Errors are returned per field, in the words the person will read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from server.db import UNIQUE_VIOLATIONS
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Account, Role
from server.models.penduduk import Penduduk
from server.services import nik as nik_rules
from server.services.auth import hash_password

MIN_PASSWORD_LENGTH = 8

NO_MATCH = N_(
    "Data tidak cocok dengan data kependudukan. Periksa NIK, nomor KK dan tanggal lahir "
    "sesuai Kartu Keluarga, atau minta bantuan di kantor desa."
)
ALREADY_REGISTERED = N_("NIK ini sudah punya akun. Silakan masuk dengan NIK dan kata sandi Anda.")


@dataclass
class SignUp:
    nik: str = ""
    kk: str = ""
    tanggal_lahir: str = ""
    password: str = ""
    password_ulang: str = ""


@dataclass
class SignUpResult:
    account_id: int | None = None
    errors: dict[str, str | Message] = field(default_factory=dict)
    #: True when the form was well formed but did not match the registry (counts as a failure
    #: towards the address's throttle, since it is how someone would probe the registry).
    registry_mismatch: bool = False


def check_form(form: SignUp) -> tuple[dict[str, str | Message], str, str, date | None]:
    errors: dict[str, str | Message] = {}
    nik = kk = ""
    born = None
    try:
        nik = nik_rules.parse_nik(form.nik).value
    except nik_rules.NikError as error:
        errors["nik"] = str(error)
    try:
        kk = nik_rules.parse_kk(form.kk)
    except nik_rules.NikError as error:
        errors["kk"] = str(error)
    try:
        born = date.fromisoformat(form.tanggal_lahir.strip())
    except ValueError:
        errors["tanggal_lahir"] = N_("Isi tanggal lahir dengan benar (hari, bulan, tahun).")
    if len(form.password) < MIN_PASSWORD_LENGTH:
        errors["password"] = lazy_ngettext(
            "Kata sandi paling sedikit %(num)s karakter.",
            "Kata sandi paling sedikit %(num)s karakter.",
            MIN_PASSWORD_LENGTH,
        )
    elif form.password != form.password_ulang:
        errors["password_ulang"] = N_("Kedua kata sandi tidak sama.")
    return errors, nik, kk, born


async def register(form: SignUp) -> SignUpResult:
    errors, nik, kk, born = check_form(form)
    if errors:
        return SignUpResult(errors=errors)
    person = (
        await Penduduk.select(Penduduk.id, Penduduk.kk, Penduduk.tanggal_lahir, Penduduk.nama)
        .where(Penduduk.nik == nik)
        .first()
    )
    if person is None or person["kk"] != kk or person["tanggal_lahir"] != born:
        return SignUpResult(errors={"form": NO_MATCH}, registry_mismatch=True)
    if await Account.exists().where(Account.username == nik):
        return SignUpResult(errors={"form": ALREADY_REGISTERED})
    try:
        rows = await Account.insert(
            Account(
                username=nik,
                password_hash=hash_password(form.password),
                role=Role.warga,
                display_name=person["nama"],
                penduduk=person["id"],
            )
        )
    except UNIQUE_VIOLATIONS:  # the same NIK signing up twice at once
        return SignUpResult(errors={"form": ALREADY_REGISTERED})
    return SignUpResult(account_id=rows[0]["id"])
