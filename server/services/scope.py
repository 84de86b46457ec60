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
"""

from __future__ import annotations

from typing import Any

from piccolo.columns.combination import Where, WhereRaw

from server.db import contains_text
from server.models.accounts import Role
from server.models.penduduk import DETAIL_COLUMNS, Penduduk
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
    from server.models.permohonan import Permohonan

    if user.role == Role.petugas_dinas and user.kecamatan_id:
        return Permohonan.kantor.kecamatan.id == user.kecamatan_id
    about = _on_resident(user, Permohonan.pemohon)
    if user.role in (Role.warga, Role.operator_desa, Role.petugas_keliling):
        return about | (Permohonan.diajukan_oleh == user.id)
    return about
