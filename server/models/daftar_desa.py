"""Desa lists (program BAKSO): residents lacking a document, imported by the Dinas from a CSV
file per desa, worked through by the desa officer, and exported back."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.i18n import N_
from server.models.accounts import Account
from server.models.jemput_bola import Pemesanan
from server.models.penduduk import Penduduk
from server.models.permohonan import Permohonan
from server.models.wilayah import Desa


class JenisDokumen(StrEnum):
    ktp_el = "ktp_el"
    kk = "kk"
    akta = "akta"  # birth certificate
    kia = "kia"  # child identity card


#: How each `JenisDokumen` is shown on pages.
DOKUMEN_LABELS = {
    JenisDokumen.ktp_el: N_("KTP-el"),
    JenisDokumen.kk: N_("Kartu Keluarga"),
    JenisDokumen.akta: N_("Akta kelahiran"),
    JenisDokumen.kia: N_("KIA"),
}


class Tanda(StrEnum):
    """What the desa officer found out about the person."""

    belum = "belum"  # not looked at yet
    masih_tinggal = "masih_tinggal"  # still living here
    pindah = "pindah"  # moved away
    meninggal = "meninggal"  # died
    sudah_punya = "sudah_punya"  # already has the document
    dibantu = "dibantu"  # help given: a request or a booking started


#: How each `Tanda` is shown on pages.
TANDA_LABELS = {
    Tanda.belum: N_("Belum dicek"),
    Tanda.masih_tinggal: N_("Masih tinggal di sini"),
    Tanda.pindah: N_("Sudah pindah"),
    Tanda.meninggal: N_("Meninggal"),
    Tanda.sudah_punya: N_("Sudah punya dokumen"),
    Tanda.dibantu: N_("Sudah dibantu"),
}


class DaftarImpor(Table):
    """One imported file: who imported it, when, how many rows."""

    nama_berkas = Varchar(length=200)
    jumlah = Integer()
    diimpor_oleh = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    waktu = Timestamptz(default=TimestamptzNow())


class DaftarDesa(Table):
    """One resident lacking one document, on their desa's list."""

    impor = ForeignKey(references=DaftarImpor, on_delete=OnDelete.cascade, index=True)
    desa = ForeignKey(references=Desa, index=True)
    nik = Varchar(length=16, index=True)
    # "<nik>:<dokumen>": a person is on the lists once per document, however often the Dinas
    # imports a file that names them again.
    kunci = Varchar(length=24, unique=True)
    nama = Varchar(length=120)
    dokumen = Varchar(length=8, choices=JenisDokumen)
    penduduk = ForeignKey(references=Penduduk, null=True, on_delete=OnDelete.set_null)
    tanda = Varchar(length=16, choices=Tanda, default=Tanda.belum, index=True)
    catatan = Text(default="")
    ditandai_oleh = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    ditandai_pada = Timestamptz(null=True, default=None)
    permohonan = ForeignKey(references=Permohonan, null=True, on_delete=OnDelete.set_null)
    pemesanan = ForeignKey(references=Pemesanan, null=True, on_delete=OnDelete.set_null)
