"""The demo accounts, one for each role, all with the documented demo password."""

from __future__ import annotations

from server.demo.registry import DEMO_CITIZEN_NIK, DEMO_DESA
from server.models.accounts import Account, Role, TotpSecret
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa, Kecamatan
from server.services.auth import hash_password

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo credential, seeded only with --demo
#: The regency-wide demo staff's authenticator secret, documented with the demo accounts.
DEMO_TOTP_SECRET = "DEKATDEMODUKCAPILLOMBOKTIMURDEMO"  # noqa: S105 - demo only, like the password
#: Demo accounts whose reach is regency-wide, so they need a second factor.
DEMO_SECOND_FACTOR_ACCOUNTS = ("dinas.demo", "pengawas.demo")


async def seed_demo_second_factors() -> None:
    """The regency-wide demo staff come enrolled with the documented TOTP secret."""
    rows = await Account.select(Account.id).where(
        Account.username.is_in(list(DEMO_SECOND_FACTOR_ACCOUNTS))
    )
    for row in rows:
        if not await TotpSecret.exists().where(TotpSecret.account == row["id"]):
            await TotpSecret.insert(TotpSecret(account=row["id"], secret=DEMO_TOTP_SECRET))


async def seed_demo_accounts() -> None:
    await _seed_accounts()
    await seed_demo_second_factors()


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
            display_name=citizen["nama"],
            penduduk=citizen["id"],
        ),
        Account(
            username="operator.demo",
            password_hash=password_hash,
            role=Role.operator_desa,
            display_name="Lalu Hendra (Operator Desa Labuhan Haji)",
            desa=desa["id"],
        ),
        Account(
            username="petugas.demo",
            password_hash=password_hash,
            role=Role.petugas_keliling,
            display_name="Baiq Rahmawati (Tim Keliling UPT Labuhan Haji)",
            kecamatan=kecamatan["id"],
        ),
        Account(
            username="dinas.demo",
            password_hash=password_hash,
            role=Role.petugas_dinas,
            display_name="Muhammad Zohri (Dinas Dukcapil)",
        ),
        Account(
            username="pengawas.demo",
            password_hash=password_hash,
            role=Role.pengawas,
            display_name="Hj. Maesarah (Pengawas Pelayanan)",
        ),
    )
