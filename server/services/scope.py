"""Which residents an account may see. Every read of the registry goes through here.

| role             | sees                                                   |
|------------------|--------------------------------------------------------|
| warga            | themself and the members of their own KK               |
| operator_desa    | residents of their desa                                |
| petugas_keliling | residents of the kecamatan their team serves           |
| petugas_dinas    | the whole regency, or one kecamatan for UPT staff      |
| pengawas         | no individual records (oversight reads the audit log)  |
"""

from __future__ import annotations

from piccolo.columns.combination import Where, WhereRaw

from server.models.accounts import Role
from server.models.penduduk import DETAIL_COLUMNS, Penduduk
from server.services.auth import User

#: Roles that search the registry for the people they serve.
REGISTRY_ROLES = (Role.operator_desa, Role.petugas_keliling, Role.petugas_dinas)


def penduduk_scope(user: User) -> Where | WhereRaw:
    """A condition on `Penduduk` that holds exactly for the residents `user` may see."""
    if user.role == Role.warga and user.kk:
        return Penduduk.kk == user.kk
    if user.role == Role.operator_desa and user.desa_id:
        return Penduduk.desa == user.desa_id
    if user.role == Role.petugas_keliling and user.kecamatan_id:
        return Penduduk.desa.kecamatan == user.kecamatan_id
    if user.role == Role.petugas_dinas:
        if user.kecamatan_id:
            return Penduduk.desa.kecamatan == user.kecamatan_id
        return WhereRaw("1 = 1")
    return WhereRaw("1 = 0")


async def readable_penduduk(user: User, penduduk_id: int) -> dict | None:
    """The resident if `user` may see them; None whether absent or out of scope, so that a
    guess does not tell which."""
    return (
        await Penduduk.select(*DETAIL_COLUMNS)
        .where((Penduduk.id == penduduk_id) & penduduk_scope(user))
        .first()
    )
