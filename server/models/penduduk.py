"""Penduduk: the resident registry (a local mirror of the national registry, SIAK)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from piccolo.columns import Column, Date, Varchar
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.combination import Combinable
from piccolo.query.functions.aggregate import Count
from piccolo.table import Table

from server.i18n import N_
from server.models.wilayah import Desa


class KtpStatus(StrEnum):
    belum_rekam = "belum_rekam"
    sudah_rekam = "sudah_rekam"
    sudah_cetak = "sudah_cetak"


#: How each `KtpStatus` is shown on pages.
KTP_LABELS = {
    KtpStatus.belum_rekam: N_("Belum rekam"),
    KtpStatus.sudah_rekam: N_("Sudah rekam, menunggu cetak"),
    KtpStatus.sudah_cetak: N_("Sudah dicetak"),
}


class IkdStatus(StrEnum):
    belum_aktif = "belum_aktif"
    aktif = "aktif"
    ditangguhkan = "ditangguhkan"


#: How each `IkdStatus` is shown on pages.
IKD_LABELS = {
    IkdStatus.belum_aktif: N_("Belum aktif"),
    IkdStatus.aktif: N_("Aktif"),
    IkdStatus.ditangguhkan: N_("Ditangguhkan"),
}


class Hubungan(StrEnum):
    """Relationship to the head of the family, as printed on the KK."""

    kepala_keluarga = "kepala_keluarga"
    istri = "istri"
    suami = "suami"
    anak = "anak"
    orang_tua = "orang_tua"
    famili_lain = "famili_lain"


#: How each `Hubungan` is shown on pages.
HUBUNGAN_LABELS = {
    Hubungan.kepala_keluarga: N_("Kepala keluarga"),
    Hubungan.istri: N_("Istri"),
    Hubungan.suami: N_("Suami"),
    Hubungan.anak: N_("Anak"),
    Hubungan.orang_tua: N_("Orang tua"),
    Hubungan.famili_lain: N_("Famili lain"),
}


class Penduduk(Table):
    """One resident: identity, family card, home desa and document status."""

    nik = Varchar(length=16, unique=True)
    kk = Varchar(length=16, index=True)
    nama = Varchar(length=120)
    tempat_lahir = Varchar(length=80)
    tanggal_lahir = Date()
    jenis_kelamin = Varchar(length=1)  # "L" or "P", as on the KTP-el
    hubungan = Varchar(length=20, choices=Hubungan, default=Hubungan.kepala_keluarga)
    desa = ForeignKey(references=Desa, index=True)
    ktp_status = Varchar(length=12, choices=KtpStatus, default=KtpStatus.belum_rekam, index=True)
    ikd_status = Varchar(length=12, choices=IkdStatus, default=IkdStatus.belum_aktif)


#: Columns shown on a resident's page; the join names come along for display.
DETAIL_COLUMNS = (
    Penduduk.id,
    Penduduk.nik,
    Penduduk.kk,
    Penduduk.nama,
    Penduduk.tempat_lahir,
    Penduduk.tanggal_lahir,
    Penduduk.jenis_kelamin,
    Penduduk.hubungan,
    Penduduk.ktp_status,
    Penduduk.ikd_status,
    Penduduk.desa.id,
    Penduduk.desa.name,
    Penduduk.desa.code,
    Penduduk.desa.kecamatan.id,
    Penduduk.desa.kecamatan.name,
)


async def penduduk_by_nik(nik: str) -> dict | None:
    return await Penduduk.select(*DETAIL_COLUMNS).where(Penduduk.nik == nik).first()


async def penduduk_by_id(penduduk_id: int) -> dict | None:
    return await Penduduk.select(*DETAIL_COLUMNS).where(Penduduk.id == penduduk_id).first()


async def kecamatan_code_of(penduduk_id: int) -> str | None:
    """The code of the kecamatan a resident lives in."""
    row = (
        await Penduduk.select(Penduduk.desa.kecamatan.code)
        .where(Penduduk.id == penduduk_id)
        .first()
    )
    return row["desa.kecamatan.code"] if row else None


async def family_size(kk: str) -> int:
    return await Penduduk.count().where(Penduduk.kk == kk)


async def family_members(kk: str) -> list[dict]:
    return await Penduduk.select(*DETAIL_COLUMNS).where(Penduduk.kk == kk).order_by(Penduduk.id)


def adult_cutoff(today: date, adult_age: int = 17) -> date:
    """Born on or before this date means old enough to need a KTP-el."""
    try:
        return today.replace(year=today.year - adult_age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - adult_age, day=28)


async def adult_ktp_coverage(area: Column, where: Combinable | None = None) -> list[dict]:
    """Adults per area (a desa or kecamatan name column) by KTP-el status, busiest first:
    `[{"area": "Sembalun", "belum_rekam": 412, "sudah_rekam": 80, "sudah_cetak": 900,
    "jumlah": 1392}, ...]`."""
    condition = Penduduk.tanggal_lahir <= adult_cutoff(date.today())
    if where is not None:
        condition = condition & where
    rows = await (
        Penduduk.select(area.as_alias("area"), Penduduk.ktp_status, Count(alias="n"))
        .where(condition)
        .group_by(area, Penduduk.ktp_status)
    )
    table: dict[str, dict] = {}
    for row in rows:
        entry = table.setdefault(
            row["area"], {"area": row["area"], **{status.value: 0 for status in KtpStatus}}
        )
        entry[row["ktp_status"]] = row["n"]
    for entry in table.values():
        entry["jumlah"] = sum(entry[status.value] for status in KtpStatus)
    return sorted(table.values(), key=lambda e: (-e[KtpStatus.belum_rekam.value], e["area"]))


async def coverage_of_desa(desa_id: int) -> list[dict]:
    return await adult_ktp_coverage(Penduduk.desa.name, Penduduk.desa == desa_id)


async def coverage_per_desa(kecamatan_id: int) -> list[dict]:
    """`adult_ktp_coverage` of each desa of one kecamatan."""
    return await adult_ktp_coverage(Penduduk.desa.name, Penduduk.desa.kecamatan == kecamatan_id)


async def coverage_per_kecamatan() -> list[dict]:
    return await adult_ktp_coverage(Penduduk.desa.kecamatan.name)
