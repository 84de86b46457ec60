"""Which residents, and which requests about them, an account may see. Every read of the
registry and of requests goes through here.

| role             | sees                                                   |
|------------------|--------------------------------------------------------|
| warga            | themself and the members of their own KK               |
| operator_desa    | residents of their desa                                |
| petugas_keliling | residents of the kecamatan their team serves           |
| petugas_dinas    | the whole regency, or one kecamatan for UPT staff      |
| pengawas         | no individual records (oversight reads the audit log)  |

Applicants also see the requests they filed themselves; UPT staff see the requests their
office processes.

The office's own work is scoped the same way, by one condition per table used by every page
and service that reads or changes it (a miss answers 404, as for residents):

| role             | visits (rosters, tickets)  | teams, equipment        | audit log          |
|------------------|----------------------------|-------------------------|--------------------|
| operator_desa    | those in their desa        | none                    | none               |
| petugas_keliling | their team's               | their team's            | none               |
| petugas_dinas    | all, or the UPT kecamatan's | all, or the UPT's own   | all, or see below  |
| pengawas         | none                       | none                    | all                |

UPT staff read the audit entries about their own kecamatan: residents, requests and desa
lists in it, its accounts and its office's blanko stock, plus what they did themselves. They
never read complaint handling (`pengaduan` entries): complaints are routed above the office
complained about, and who handled one, or opened a reporter's identity, stays with the Dinas
and oversight.
"""

from __future__ import annotations

from typing import Any

from piccolo.columns.combination import Where, WhereRaw

from server.db import contains_text
from server.models.accounts import Account, Role
from server.models.audit import AuditLog
from server.models.blanko import BlankoMutasi
from server.models.daftar_desa import DaftarDesa
from server.models.jemput_bola import Kunjungan, Perangkat, Tim, TimAnggota
from server.models.penduduk import DETAIL_COLUMNS, Penduduk
from server.models.permohonan import Permohonan
from server.models.wilayah import Desa
from server.services import nik as nik_rules
from server.services.auth import User

#: Roles that search the registry for the people they serve.
REGISTRY_ROLES = (Role.operator_desa, Role.petugas_keliling, Role.petugas_dinas)

#: Residents a registry search shows, at most.
SEARCH_LIMIT = 25

EVERYONE = WhereRaw("1 = 1")
NOBODY = WhereRaw("1 = 0")


def _on_resident(user: User, resident: Any) -> Where | WhereRaw:
    """The scope condition on a resident reached through `resident`: the `Penduduk` table
    itself, or a foreign key to it such as `Permohonan.pemohon`."""
    if user.role == Role.warga and user.kk:
        return resident.kk == user.kk
    if user.role == Role.operator_desa and user.desa_id:
        return resident.desa.id == user.desa_id
    if user.role == Role.petugas_keliling and user.kecamatan_id:
        return resident.desa.kecamatan.id == user.kecamatan_id
    if user.role == Role.petugas_dinas:
        if user.kecamatan_id:
            return resident.desa.kecamatan.id == user.kecamatan_id
        return EVERYONE
    return NOBODY


def penduduk_scope(user: User) -> Where | WhereRaw:
    """A condition on `Penduduk` that holds exactly for the residents `user` may see."""
    return _on_resident(user, Penduduk)


async def readable_penduduk(user: User, penduduk_id: int) -> dict | None:
    """The resident if `user` may see them; None whether absent or out of scope, so that a
    guess does not tell which."""
    return (
        await Penduduk.select(*DETAIL_COLUMNS)
        .where((Penduduk.id == penduduk_id) & penduduk_scope(user))
        .first()
    )


async def search_residents(user: User, query: str) -> list[dict]:
    """Residents in `user`'s scope whose NIK starts with, or name contains, `query`."""
    digits = nik_rules.normalise(query)
    if digits.isdigit():
        match = Penduduk.nik.like(f"{digits}%")
    else:
        match = contains_text(Penduduk.nama, query.strip())
    return (
        await Penduduk.select(
            Penduduk.id,
            Penduduk.nik,
            Penduduk.nama,
            Penduduk.tanggal_lahir,
            Penduduk.ktp_status,
            Penduduk.desa.name,
        )
        .where(match & penduduk_scope(user))
        .order_by(Penduduk.nama)
        .limit(SEARCH_LIMIT)
    )


def permohonan_scope(user: User) -> Where | WhereRaw:
    """A condition on `Permohonan` that holds exactly for the requests `user` may read."""
    if user.role == Role.petugas_dinas and user.kecamatan_id:
        return Permohonan.kantor.kecamatan.id == user.kecamatan_id
    about = _on_resident(user, Permohonan.pemohon)
    if user.role in (Role.warga, Role.operator_desa, Role.petugas_keliling):
        return about | (Permohonan.diajukan_oleh == user.id)
    return about


# --- The office's own work: visits, teams, equipment, the audit log ---------------------


def upt_kecamatan(user: User) -> int | None:
    """The kecamatan a UPT officer works for; None for the Dinas and every other role."""
    return user.kecamatan_id if user.role == Role.petugas_dinas else None


def _own_team(user: User) -> Any:
    return TimAnggota.select(TimAnggota.tim).where(TimAnggota.akun == user.id)


def kunjungan_scope(user: User) -> Where | WhereRaw:
    """A condition on `Kunjungan` that holds exactly for the visits `user` works on: their
    rosters, attendance lists, tickets, plans and publication."""
    if user.role == Role.petugas_dinas:
        if user.kecamatan_id:
            return Kunjungan.desa.kecamatan.id == user.kecamatan_id
        return EVERYONE
    if user.role == Role.petugas_keliling:
        return Kunjungan.tim.id.is_in(_own_team(user))
    if user.role == Role.operator_desa and user.desa_id:
        return Kunjungan.desa.id == user.desa_id
    return NOBODY


def tim_scope(user: User) -> Where | WhereRaw:
    """A condition on `Tim`: the teams `user` may see and change (members, days off)."""
    if user.role == Role.petugas_dinas:
        if user.kecamatan_id:
            return Tim.kantor.kecamatan.id == user.kecamatan_id
        return EVERYONE
    if user.role == Role.petugas_keliling:
        return Tim.id.is_in(_own_team(user))
    return NOBODY


def perangkat_scope(user: User) -> Where | WhereRaw:
    """A condition on `Perangkat`: the kits whose register `user` may see and change."""
    if user.role == Role.petugas_dinas:
        if user.kecamatan_id:
            return Perangkat.kantor.kecamatan.id == user.kecamatan_id
        return EVERYONE
    if user.role == Role.petugas_keliling:
        return Perangkat.tim.id.is_in(_own_team(user))
    return NOBODY


def desa_scope(user: User) -> Where | WhereRaw:
    """A condition on `Desa`: the desa whose need an office plans for."""
    if user.role == Role.petugas_dinas and user.kecamatan_id:
        return Desa.kecamatan.id == user.kecamatan_id
    return EVERYONE if user.role == Role.petugas_dinas else NOBODY


def akun_scope(user: User) -> Where | WhereRaw:
    """A condition on `Account`: the staff accounts an office manages (UPT: its kecamatan's
    field officers and desa operators)."""
    if user.role != Role.petugas_dinas:
        return NOBODY
    if user.kecamatan_id:
        return (Account.kecamatan.id == user.kecamatan_id) | (
            Account.desa.kecamatan.id == user.kecamatan_id
        )
    return EVERYONE


def in_area(user: User, kecamatan_id: int) -> Where | WhereRaw:
    """A condition on `Penduduk`: within `user`'s scope and living in `kecamatan_id` (a
    visit's area), the residents a field day may name and move."""
    return penduduk_scope(user) & (Penduduk.desa.kecamatan.id == kecamatan_id)


def audit_scope(user: User) -> Where | WhereRaw:
    """A condition on `AuditLog`: the entries `user` may read (see the table above)."""
    if user.role == Role.pengawas or (user.role == Role.petugas_dinas and not user.kecamatan_id):
        return EVERYONE
    kecamatan_id = upt_kecamatan(user)
    if kecamatan_id is None:
        return NOBODY
    about = {
        "penduduk": Penduduk.select(Penduduk.id).where(penduduk_scope(user)),
        "permohonan": Permohonan.select(Permohonan.id).where(permohonan_scope(user)),
        "akun": Account.select(Account.id).where(akun_scope(user)),
        "blanko_mutasi": BlankoMutasi.select(BlankoMutasi.id).where(
            BlankoMutasi.kantor.kecamatan.id == kecamatan_id
        ),
        "desa": Desa.select(Desa.id).where(Desa.kecamatan.id == kecamatan_id),
        "daftar_desa": DaftarDesa.select(DaftarDesa.id).where(
            DaftarDesa.desa.kecamatan.id == kecamatan_id
        ),
    }
    condition: Any = AuditLog.actor == user.id
    for object_type, ids in about.items():
        condition |= (AuditLog.object_type == object_type) & AuditLog.object_id.is_in(ids)
    return condition & (AuditLog.object_type != "pengaduan")
