"""IKD activation in person, suspension and re-activation.

A citizen asks in the app and is shown an activation code (QR and typed form). An authorised
officer scans or types it, sees the registry data of the person standing in front of them, and
confirms. Who may confirm: petugas_dinas, petugas_keliling (for the residents their team
serves), and an operator_desa the office has allowed (`Account.boleh_aktivasi_ikd`), each only
for residents in their scope. Every activation and suspension is audit-logged.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from piccolo.columns.combination import Combinable

from server.db import write_transaction
from server.errors import UserError
from server.forms import MAX_ID
from server.i18n import N_
from server.models.accounts import Account, Role
from server.models.ikd import AktivasiStatus, IkdAktivasi
from server.models.penduduk import DETAIL_COLUMNS, IkdStatus, Penduduk
from server.services import audit, ikd_code
from server.services.auth import User
from server.services.ikd_keys import KeyRing
from server.services.scope import penduduk_scope

#: No 0/O, 1/I/L: read aloud or typed from a screen without doubt.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31^10 ≈ 2^49.5
VALIDITY = timedelta(minutes=30)
#: Printed on the activation QR, so a phone's own camera app opens the officer's page.
PATH_PREFIX = "/ikd/aktivasi/"
#: A verdict's reason known only online: the code is genuine, but its holder's IKD was
#: suspended since.
SUSPENDED = "ditangguhkan"


class ActivationError(UserError):
    """An IKD activation that cannot go ahead."""


def _now() -> datetime:
    return datetime.now(UTC)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(text: str) -> str:
    """What an officer typed or scanned (the code, with dashes or spaces, or the whole URL)."""
    text = text.strip()
    if PATH_PREFIX in text:
        text = text.split(PATH_PREFIX, 1)[1]
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    return code if len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) else ""


def display(code: str) -> str:
    """`K7QXM2PA9R` → `K7QX-M2PA-9R`, for reading aloud."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


async def request_activation(user: User) -> dict:
    """A fresh activation code for the citizen (an earlier unused one stops working)."""
    person = (
        await Penduduk.select(Penduduk.id, Penduduk.ikd_status)
        .where(Penduduk.id == user.penduduk_id)
        .first()
        if user.penduduk_id
        else None
    )
    if person is None:
        raise ActivationError(N_("Data Anda tidak ditemukan. Hubungi kantor desa."))
    if person["ikd_status"] == IkdStatus.aktif:
        raise ActivationError(N_("IKD sudah aktif."))
    now = _now()
    async with write_transaction():
        await IkdAktivasi.delete().where(
            (IkdAktivasi.penduduk == person["id"]) & (IkdAktivasi.status == AktivasiStatus.menunggu)
        )
        row = (
            await IkdAktivasi.insert(
                IkdAktivasi(kode=new_code(), penduduk=person["id"], kedaluwarsa=now + VALIDITY)
            ).returning(IkdAktivasi.kode, IkdAktivasi.kedaluwarsa)
        )[0]
    return row


async def own_code(user: User, code: str) -> dict | None:
    """A citizen's own activation code, whatever its state; None for anyone else's."""
    code = normalise(code)
    if not code:
        return None
    return (
        await IkdAktivasi.select(IkdAktivasi.kode, IkdAktivasi.status, IkdAktivasi.kedaluwarsa)
        .where((IkdAktivasi.kode == code) & (IkdAktivasi.penduduk == user.penduduk_id))
        .first()
    )


async def may_activate(user: User) -> bool:
    if user.role in (Role.petugas_dinas, Role.petugas_keliling):
        return True
    if user.role == Role.operator_desa:
        account = (
            await Account.select(Account.boleh_aktivasi_ikd).where(Account.id == user.id).first()
        )
        return bool(account and account["boleh_aktivasi_ikd"])
    return False


NOT_FOUND = N_(
    "Kode aktivasi tidak ditemukan atau sudah kedaluwarsa. Minta warga membuat kode baru."
)


async def pending(user: User, code: str) -> dict:
    """The waiting request and the person it is for, if `user` may act on it."""
    code = normalise(code)
    row = (
        await IkdAktivasi.select(IkdAktivasi.id, IkdAktivasi.kode, IkdAktivasi.penduduk)
        .where(
            (IkdAktivasi.kode == code)
            & (IkdAktivasi.status == AktivasiStatus.menunggu)
            & (IkdAktivasi.kedaluwarsa > _now())
        )
        .first()
        if code
        else None
    )
    if row is None:
        raise ActivationError(NOT_FOUND)
    person = (
        await Penduduk.select(*DETAIL_COLUMNS)
        .where((Penduduk.id == row["penduduk"]) & penduduk_scope(user))
        .first()
    )
    if person is None:
        raise ActivationError(N_("Warga ini di luar wilayah tugas Anda."))
    await audit.record_reads(user, [person["id"]])
    return {**row, "person": person}


async def confirm(user: User, code: str) -> dict:
    """Activate: the officer has checked the person against the registry data."""
    request = await pending(user, code)
    async with write_transaction():
        done = (
            await IkdAktivasi.update(
                {
                    IkdAktivasi.status: AktivasiStatus.selesai,
                    IkdAktivasi.petugas: user.id,
                    IkdAktivasi.selesai: _now(),
                }
            )
            .where(
                (IkdAktivasi.id == request["id"]) & (IkdAktivasi.status == AktivasiStatus.menunggu)
            )
            .returning(IkdAktivasi.id)
        )
        if not done:
            raise ActivationError(NOT_FOUND)
        await Penduduk.update({Penduduk.ikd_status: IkdStatus.aktif}).where(
            Penduduk.id == request["person"]["id"]
        )
        await audit.record(user, "aktivasi_ikd", "penduduk", request["person"]["id"])
    return request["person"]


async def suspend(user: User, penduduk_id: int) -> None:
    """Suspend an active IKD (a lost phone): by the citizen, or an officer in scope."""
    if user.role == Role.warga and penduduk_id != user.penduduk_id:
        raise ActivationError(N_("Anda hanya bisa menangguhkan IKD Anda sendiri."))
    async with write_transaction():
        updated = (
            await Penduduk.update({Penduduk.ikd_status: IkdStatus.ditangguhkan})
            .where(
                (Penduduk.id == penduduk_id)
                & (Penduduk.ikd_status == IkdStatus.aktif)
                & penduduk_scope(user)
            )
            .returning(Penduduk.id)
        )
        if not updated:
            raise ActivationError(N_("IKD ini tidak aktif, atau di luar wilayah tugas Anda."))
        await audit.record(user, "tangguhkan_ikd", "penduduk", penduduk_id)


async def verify(text: str, keys: KeyRing) -> ikd_code.Verdict:
    """A code checked as the browser checks it, and against what only the registry knows: a
    genuine code whose holder's IKD was suspended since is refused."""
    verdict = ikd_code.verify(text, keys)
    if verdict.valid:
        holder = (
            await Penduduk.select(Penduduk.ikd_status)
            .where(Penduduk.nik == verdict.identity.nik)
            .first()
        )
        if holder is None or holder["ikd_status"] != IkdStatus.aktif:
            return ikd_code.Verdict(False, SUSPENDED, verdict.identity, kid=verdict.kid)
    return verdict


# --- Which desa operators may activate ---------------------------------------------------


def _operators_of(user: User) -> Combinable:
    """Active desa operators in `user`'s area (UPT staff: their kecamatan)."""
    condition = (Account.role == Role.operator_desa) & (Account.is_active == True)  # noqa: E712
    if user.kecamatan_id:
        condition &= Account.desa.kecamatan.id == user.kecamatan_id
    return condition


async def operators(user: User) -> list[dict]:
    """The desa operators the office may allow to activate IKD, and whether each may."""
    return await (
        Account.select(
            Account.id,
            Account.display_name,
            Account.boleh_aktivasi_ikd,
            Account.desa.name,
            Account.desa.kecamatan.name,
        )
        .where(_operators_of(user))
        .order_by(Account.desa.kecamatan.name)
        .order_by(Account.desa.name)
    )


async def set_permission(user: User, akun: int, allow: bool) -> bool:
    """Allow or stop one desa operator of `user`'s area activating IKD, and log it with the
    change; False when there is no such operator."""
    if not 0 < akun <= MAX_ID:  # no account has it, and the database would refuse it
        return False
    in_area = Account.select(Account.id).where(_operators_of(user))
    async with write_transaction():
        changed = (
            await Account.update({Account.boleh_aktivasi_ikd: allow})
            .where((Account.id == akun) & Account.id.is_in(in_area))
            .returning(Account.id)
        )
        if not changed:
            return False
        action = "izin_aktivasi_ikd" if allow else "cabut_izin_aktivasi_ikd"
        await audit.record(user, action, "akun", akun)
    return True
