"""One-time sign-up and recovery codes handed over in person (issue 13): the `kode_daftar`
table. Its tables are frozen copies of what it needs, never imports of the models."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.table import Table

ID = "2026-12-05T19:27:51:487393"
VERSION = "1.38.0"
DESCRIPTION = "One-time sign-up and recovery codes handed over in person"


def choices(name: str, *values: str) -> type[Enum]:
    """A Varchar's choices as the models declare them: each value is its own name."""
    return Enum(name, {value: value for value in values})


class Penduduk(Table):
    pass


class Account(Table):
    pass


JenisKode = choices("JenisKode", "daftar", "pemulihan")
SaluranKode = choices("SaluranKode", "slip")
StatusKode = choices("StatusKode", "menunggu", "dipakai", "dibatalkan")
DokumenDiperiksa = choices("DokumenDiperiksa", "ktp_el", "kk", "suket", "akta")


class KodeDaftar(Table):
    penduduk = ForeignKey(references=Penduduk, on_delete=OnDelete.cascade, index=True)
    jenis = Varchar(length=10, choices=JenisKode)
    saluran = Varchar(length=10, choices=SaluranKode, default="slip")
    kode_hash = Varchar(length=64, unique=True)
    status = Varchar(length=10, choices=StatusKode, default="menunggu")
    dibuat = Timestamptz()
    kedaluwarsa = Timestamptz()
    dipakai = Timestamptz(null=True, default=None)
    petugas = ForeignKey(references=Account, on_delete=OnDelete.set_null)
    kantor = Varchar(length=120)
    dokumen = Varchar(length=10, choices=DokumenDiperiksa, null=True, default=None)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)
    manager.add_table(class_name="KodeDaftar", tablename="kode_daftar")
    for column in KodeDaftar._meta.non_default_columns:
        manager.add_column(
            table_class_name="KodeDaftar",
            tablename="kode_daftar",
            column_name=column._meta.name,
            db_column_name=column._meta.db_column_name,
            column_class=type(column),
            params=column._meta.params,
        )
    return manager
