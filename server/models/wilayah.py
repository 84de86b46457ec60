"""Wilayah: the kecamatan and desa of the regency, with Kemendagri-style codes."""

from __future__ import annotations

from piccolo.columns import Boolean, Real, Varchar
from piccolo.columns.column_types import ForeignKey
from piccolo.query.base import FrozenQuery
from piccolo.query.functions.aggregate import Count
from piccolo.table import Table


class Kecamatan(Table):
    """A kecamatan (district); its UPT Dukcapil office serves its desa."""

    code = Varchar(length=8, unique=True)  # "52.03.17"
    name = Varchar(length=80)
    latitude = Real()
    longitude = Real()


class Desa(Table):
    """A desa or kelurahan inside a kecamatan."""

    code = Varchar(length=13, unique=True)  # "52.03.17.2007"
    name = Varchar(length=80)
    kecamatan = ForeignKey(references=Kecamatan, index=True)
    is_kelurahan = Boolean(default=False)
    latitude = Real()
    longitude = Real()


async def desa_by_code(code: str) -> dict | None:
    return (
        await Desa.select(
            Desa.id,
            Desa.code,
            Desa.name,
            Desa.kecamatan.id,
            Desa.kecamatan.name,
            Desa.kecamatan.code,
        )
        .where(Desa.code == code)
        .first()
    )


async def desa_by_id(desa_id: int) -> dict | None:
    """A desa's name and its kecamatan's."""
    return await Desa.select(Desa.name, Desa.kecamatan.name).where(Desa.id == desa_id).first()


async def all_kecamatan() -> list[dict]:
    return await Kecamatan.select(Kecamatan.id, Kecamatan.code, Kecamatan.name).order_by(
        Kecamatan.code
    )


async def desa_by_kecamatan() -> dict[str, list[dict]]:
    """Every desa (id and name) under its kecamatan's name, both in name order."""
    rows = await Desa.select(Desa.id, Desa.name, Desa.kecamatan.name)
    grouped: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda row: (row["kecamatan.name"], row["name"])):
        grouped.setdefault(row["kecamatan.name"], []).append(row)
    return grouped


async def kecamatan_by_code(code: str) -> dict | None:
    return await Kecamatan.select().where(Kecamatan.code == code).first()


async def kecamatan_by_id(kecamatan_id: int) -> dict | None:
    return await Kecamatan.select().where(Kecamatan.id == kecamatan_id).first()


# Following a foreign key in Piccolo builds new column objects each time, and building a
# query's SQL is most of its cost: a query run on every page view is built once per engine
# kind and frozen (Piccolo's `freeze`; the engine itself is looked up when it runs).
_KECAMATAN_CODE = Desa.kecamatan.code
_KECAMATAN_NAME = Desa.kecamatan.name
_COUNTS: dict[str, FrozenQuery] = {}


async def kecamatan_with_desa_counts() -> list[dict]:
    """Every kecamatan with how many desa it has, in code order (one query)."""
    engine_type = Desa._meta.db.engine_type
    query = _COUNTS.get(engine_type)
    if query is None:
        query = _COUNTS[engine_type] = (
            Desa.select(
                _KECAMATAN_CODE.as_alias("code"),
                _KECAMATAN_NAME.as_alias("name"),
                Count(alias="desa_count"),
            )
            .group_by(_KECAMATAN_CODE, _KECAMATAN_NAME)
            .order_by(_KECAMATAN_CODE)
            .freeze()
        )
    return await query.run()


async def desa_of_kecamatan(code: str) -> list[dict]:
    return await (
        Desa.select(Desa.code, Desa.name, Desa.is_kelurahan)
        .where(Desa.kecamatan.code == code)
        .order_by(Desa.name)
    )
