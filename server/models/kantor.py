"""Kantor: the offices that process requests and hand out documents — the Dinas in Selong and
one UPT Dukcapil per kecamatan — with the blank KTP-el cards (blanko) each has in stock."""

from __future__ import annotations

from piccolo.columns import Integer, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.models.wilayah import Kecamatan


class Kantor(Table):
    """A Dukcapil office: the Dinas (no kecamatan) or a kecamatan's UPT."""

    kode = Varchar(length=16, unique=True)  # "DINAS" or "UPT-52.03.17"
    nama = Varchar(length=120)
    kecamatan = ForeignKey(references=Kecamatan, null=True, unique=True)
    alamat = Varchar(length=200, default="")
    blanko_tersedia = Integer(default=0)
    blanko_diperbarui = Timestamptz(default=TimestamptzNow())


async def kantor_for_kecamatan(kecamatan_id: int) -> dict | None:
    return await Kantor.select().where(Kantor.kecamatan == kecamatan_id).first()


async def kantor_exists(kantor_id: int) -> bool:
    return await Kantor.exists().where(Kantor.id == kantor_id)


async def all_kantor() -> list[dict]:
    """The Dinas first, then the UPT by kecamatan code."""
    rows = await Kantor.select(
        Kantor.id, Kantor.kode, Kantor.nama, Kantor.blanko_tersedia, Kantor.kecamatan.code
    ).order_by(Kantor.kode)
    return sorted(rows, key=lambda row: (row["kecamatan.code"] is not None, row["kode"]))
