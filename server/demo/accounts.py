"""The demo accounts, one for each role, all with the documented demo password, and a sign-up
code ready for a demo resident without an account."""

from __future__ import annotations

from server.db import write_transaction
from server.demo.registry import DEMO_CITIZEN_NIK, DEMO_DESA
from server.models.accounts import Account, JenisKode, Role
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa, Kecamatan
from server.services import kode_daftar
from server.services.auth import hash_password, user_by_username

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo credential, seeded only with --demo
#: The accounts the README documents, one for each role.
DEMO_USERNAMES = (DEMO_CITIZEN_NIK, "operator.demo", "petugas.demo", "dinas.demo", "pengawas.demo")


async def seed_demo_accounts() -> None:
    await _seed_accounts()
    # Demo accounts sign in with the published password alone (DESIGN §6), also in a demo
    # database made before accounts carried the flag.
    await Account.update({Account.demo: True}).where(Account.username.is_in(list(DEMO_USERNAMES)))


async def _seed_accounts() -> None:
    if await Account.exists().where(Account.username == "dinas.demo"):
        return
    password_hash = hash_password(DEMO_PASSWORD)
    citizen = (
        await Penduduk.select(Penduduk.id, Penduduk.nama)
        .where(Penduduk.nik == DEMO_CITIZEN_NIK)
        .first()
    )
    kecamatan = await Kecamatan.select(Kecamatan.id).where(Kecamatan.name == DEMO_DESA).first()
    desa = (
        await Desa.select(Desa.id)
        .where((Desa.name == DEMO_DESA) & (Desa.kecamatan == kecamatan["id"]))
        .first()
    )
    await Account.insert(
        Account(
            username=DEMO_CITIZEN_NIK,
            password_hash=password_hash,
            role=Role.warga,
            demo=True,
            display_name=citizen["nama"],
            penduduk=citizen["id"],
        ),
        Account(
            username="operator.demo",
            password_hash=password_hash,
            role=Role.operator_desa,
            demo=True,
            display_name="Lalu Hendra (Operator Desa Labuhan Haji)",
            desa=desa["id"],
        ),
        Account(
            username="petugas.demo",
            password_hash=password_hash,
            role=Role.petugas_keliling,
            demo=True,
            display_name="Baiq Rahmawati (Tim Keliling UPT Labuhan Haji)",
            kecamatan=kecamatan["id"],
        ),
        Account(
            username="dinas.demo",
            password_hash=password_hash,
            role=Role.petugas_dinas,
            demo=True,
            display_name="Muhammad Zohri (Dinas Dukcapil)",
        ),
        Account(
            username="pengawas.demo",
            password_hash=password_hash,
            role=Role.pengawas,
            demo=True,
            display_name="Hj. Maesarah (Pengawas Pelayanan)",
        ),
    )


#: The resident of the demo family without an account, and the sign-up code the demo keeps
#: ready for him (the README gives both): the code a desa officer would have printed.
DEMO_SIGNUP_NIK = "5203171203880001"  # Ahmad Fauzi, Siti Aminah's husband
DEMO_SIGNUP_CODE = "DEMQDAFTAR23"


async def seed_demo_signup_code() -> None:
    """Keep the documented sign-up code valid at every demo start while its resident has no
    account, as if `operator.demo` had just printed it."""
    person = (
        await Penduduk.select(Penduduk.id, Penduduk.nik, Penduduk.nama)
        .where(Penduduk.nik == DEMO_SIGNUP_NIK)
        .first()
    )
    if person is None or await kode_daftar.account_of(person["id"]) is not None:
        return
    if await kode_daftar.find_waiting(DEMO_SIGNUP_NIK, DEMO_SIGNUP_CODE) is not None:
        return
    operator = await user_by_username("operator.demo")
    if operator is None:
        return
    async with write_transaction():
        await kode_daftar.issue_code(operator, person, JenisKode.daftar, code=DEMO_SIGNUP_CODE)
