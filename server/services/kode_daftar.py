"""One-time codes that let a resident set their own account's password, handed over in person.

NIK, KK number and birth date are all printed on the family card, so they prove nothing about
who is signing up. A desa officer (residents of their desa) or Dukcapil staff (their scope)
issues a code for a resident standing in front of them; it is random, printed once on a slip,
valid for `VALIDITY`, used once, and only its SHA-256 is stored. A newer code voids any earlier
one for the same resident. Issuing and using are written to the audit log.

Two kinds: `daftar` opens a first account; `pemulihan` comes with taking an account back for its
owner (someone else signed up with their NIK): the officer records which original document they
saw, every session and push subscription of the account ends, its password stops working, and
the owner sets a new one with the code.

The code is made by `issue_code`, separate from how it reaches the person (`SaluranKode`): the
slip today; a text message to the phone number on record would be another channel of the same
mechanism.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from server.db import write_transaction
from server.errors import UserError
from server.i18n import N_
from server.models.accounts import (
    Account,
    DokumenDiperiksa,
    JenisKode,
    KodeDaftar,
    Role,
    SaluranKode,
    Session,
    StatusKode,
)
from server.models.kantor import Kantor
from server.models.notifikasi import LanggananPush
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa
from server.services import audit
from server.services.auth import User
from server.services.scope import penduduk_scope

#: Who may issue codes and take accounts back: those who meet residents at a counter.
ISSUER_ROLES = (Role.operator_desa, Role.petugas_dinas)
#: How long a code works: three days, time enough to reach a phone with signal after the
#: office visit, short enough that a lost slip is soon worthless.
VALIDITY_HOURS = 72
VALIDITY = timedelta(hours=VALIDITY_HOURS)
#: No 0/O, 1/I/L: read from paper and typed on a phone without doubt.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: 31^12 ≈ 2^59: beyond guessing online, and beyond brute force of a stolen hash within its life.
CODE_LENGTH = 12
#: Stored in place of the password of an account taken back: no argon2 hash, so no password
#: ever matches it.
NO_PASSWORD = "!dipulihkan"  # noqa: S105 - a marker, not a credential

NOT_FOUND = N_("Data penduduk tidak ditemukan, atau di luar wilayah tugas Anda.")
HAS_ACCOUNT = N_(
    "Warga ini sudah punya akun. Jika akun itu bukan dibuat olehnya, pakai “Pulihkan akun”."
)
NO_ACCOUNT = N_("Warga ini belum punya akun. Buat kode pendaftaran untuknya.")
NO_DOCUMENT = N_("Pilih dokumen asli yang Anda periksa sendiri.")
NOT_CONFIRMED = N_(
    "Centang pernyataan bahwa Anda sudah mencocokkan orangnya dengan dokumen aslinya."
)


class CodeError(UserError):
    """A sign-up code that cannot be issued."""


@dataclass(frozen=True)
class Slip:
    """What the printed slip shows: the code once, and whom and what it is for."""

    kode: str
    jenis: JenisKode
    nik: str
    nama: str
    kedaluwarsa: datetime
    kantor: str
    petugas: str

    @property
    def nama_depan(self) -> str:
        return self.nama.split()[0] if self.nama else ""

    @property
    def kode_tampil(self) -> str:
        return display(self.kode)


def _now() -> datetime:
    return datetime.now(UTC)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def normalise(text: str) -> str:
    """A code as typed (dashes, spaces, small letters), or "" when it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    return code if len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) else ""


def display(code: str) -> str:
    """`K7QXM2PA9RTB` → `K7QX-M2PA-9RTB`."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


async def office_of(user: User) -> str:
    """The office an officer hands codes out at, as the slip names it."""
    if user.role == Role.operator_desa and user.desa_id:
        desa = await Desa.select(Desa.name).where(Desa.id == user.desa_id).first()
        return f"Kantor Desa {desa['name']}" if desa else ""
    condition = (
        Kantor.kecamatan == user.kecamatan_id if user.kecamatan_id else Kantor.kecamatan.is_null()
    )
    kantor = await Kantor.select(Kantor.nama).where(condition).first()
    return kantor["nama"] if kantor else ""


async def _resident(user: User, penduduk_id: int) -> dict:
    person = (
        await Penduduk.select(Penduduk.id, Penduduk.nik, Penduduk.nama)
        .where((Penduduk.id == penduduk_id) & penduduk_scope(user))
        .first()
    )
    if person is None:
        raise CodeError(NOT_FOUND)
    return person


async def account_of(penduduk_id: int) -> int | None:
    row = await Account.select(Account.id).where(Account.penduduk == penduduk_id).first()
    return row["id"] if row else None


async def issue_code(
    user: User,
    person: dict,
    jenis: JenisKode,
    *,
    saluran: SaluranKode = SaluranKode.slip,
    dokumen: DokumenDiperiksa | None = None,
    now: datetime | None = None,
    code: str | None = None,
) -> Slip:
    """A fresh code for `person`, voiding any earlier one still waiting. Runs inside the
    caller's write transaction; the caller has checked scope. `code` is for the demo only,
    whose documented code must be known in advance."""
    now = now or _now()
    code = code or new_code()
    await KodeDaftar.update({KodeDaftar.status: StatusKode.dibatalkan}).where(
        (KodeDaftar.penduduk == person["id"]) & (KodeDaftar.status == StatusKode.menunggu)
    )
    kantor = await office_of(user)
    await KodeDaftar.insert(
        KodeDaftar(
            penduduk=person["id"],
            jenis=jenis,
            saluran=saluran,
            kode_hash=code_hash(code),
            dibuat=now,
            kedaluwarsa=now + VALIDITY,
            petugas=user.id,
            kantor=kantor,
            dokumen=dokumen,
        )
    )
    await audit.record(user, f"terbitkan_kode_{jenis.value}", "penduduk", person["id"])
    return Slip(
        kode=code,
        jenis=jenis,
        nik=person["nik"],
        nama=person["nama"],
        kedaluwarsa=now + VALIDITY,
        kantor=kantor,
        petugas=user.display_name,
    )


async def issue_signup_code(user: User, penduduk_id: int) -> Slip:
    """A sign-up code for a resident in `user`'s scope who has no account yet."""
    person = await _resident(user, penduduk_id)
    async with write_transaction():
        if await account_of(person["id"]) is not None:
            raise CodeError(HAS_ACCOUNT)
        return await issue_code(user, person, JenisKode.daftar)


def parse_document(raw: str) -> DokumenDiperiksa | None:
    try:
        return DokumenDiperiksa(raw)
    except ValueError:
        return None


async def recover_account(
    user: User, penduduk_id: int, dokumen: str, confirmed: bool
) -> tuple[Slip | None, dict[str, str]]:
    """Take a resident's account back for its owner, who stands in front of `user` with an
    original document: every session and device of the account ends at once, its password
    stops working, and the owner gets a `pemulihan` code to set a new one. Errors by field."""
    person = await _resident(user, penduduk_id)
    errors: dict[str, str] = {}
    document = parse_document(dokumen)
    if document is None:
        errors["dokumen"] = NO_DOCUMENT
    if not confirmed:
        errors["konfirmasi"] = NOT_CONFIRMED
    if errors:
        return None, errors
    async with write_transaction():
        account_id = await account_of(person["id"])
        if account_id is None:
            raise CodeError(NO_ACCOUNT)
        await Account.update({Account.password_hash: NO_PASSWORD}).where(Account.id == account_id)
        await Session.delete().where(Session.account == account_id)
        await LanggananPush.delete().where(LanggananPush.akun == account_id)
        await audit.record(user, "pulihkan_akun", "akun", account_id)
        slip = await issue_code(user, person, JenisKode.pemulihan, dokumen=document)
    return slip, {}


async def find_waiting(nik: str, code: str) -> dict | None:
    """The waiting, unexpired code `code` for the resident with `nik` (with the resident's id,
    name and birth date), or None whatever was wrong."""
    return (
        await KodeDaftar.select(
            KodeDaftar.id,
            KodeDaftar.jenis,
            KodeDaftar.penduduk.id,
            KodeDaftar.penduduk.nama,
            KodeDaftar.penduduk.tanggal_lahir,
        )
        .where(
            (KodeDaftar.kode_hash == code_hash(code))
            & (KodeDaftar.penduduk.nik == nik)
            & (KodeDaftar.status == StatusKode.menunggu)
            & (KodeDaftar.kedaluwarsa > _now())
        )
        .first()
    )


async def use(kode_id: int) -> bool:
    """Use up a waiting code; False when another request used it first. Inside the caller's
    write transaction, so that the account change and the use stand or fall together."""
    used = (
        await KodeDaftar.update({KodeDaftar.status: StatusKode.dipakai, KodeDaftar.dipakai: _now()})
        .where((KodeDaftar.id == kode_id) & (KodeDaftar.status == StatusKode.menunggu))
        .returning(KodeDaftar.id)
    )
    return bool(used)


async def last_recovery(penduduk_id: int) -> dict | None:
    """When and by which office the resident's account was last taken back for them."""
    return (
        await KodeDaftar.select(KodeDaftar.dibuat, KodeDaftar.kantor, KodeDaftar.dipakai)
        .where(
            (KodeDaftar.penduduk == penduduk_id)
            & (KodeDaftar.jenis == JenisKode.pemulihan)
            & (KodeDaftar.status == StatusKode.dipakai)
        )
        .order_by(KodeDaftar.id, ascending=False)
        .first()
    )
