"""Permohonan: service requests, their status timeline and their documents."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import JSON, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.i18n import N_
from server.models.accounts import Account
from server.models.kantor import Kantor
from server.models.penduduk import Penduduk


class Status(StrEnum):
    draf = "draf"
    diajukan = "diajukan"
    diverifikasi = "diverifikasi"
    diproses = "diproses"
    siap_diambil = "siap_diambil"
    selesai = "selesai"
    perlu_perbaikan = "perlu_perbaikan"
    ditolak = "ditolak"


#: How each `Status` is shown on pages.
STATUS_LABELS = {
    Status.draf: N_("Draf"),
    Status.diajukan: N_("Diajukan"),
    Status.diverifikasi: N_("Diverifikasi"),
    Status.diproses: N_("Diproses"),
    Status.siap_diambil: N_("Siap diambil"),
    Status.selesai: N_("Selesai"),
    Status.perlu_perbaikan: N_("Perlu perbaikan"),
    Status.ditolak: N_("Ditolak"),
}


class Kanal(StrEnum):
    """How the request reached the office."""

    mandiri = "mandiri"  # the citizen, from their own phone
    loket_desa = "loket_desa"  # the desa officer, for a resident
    jemput_bola = "jemput_bola"  # a field team, during a visit


class Permohonan(Table):
    """One request for one service, for one resident."""

    kode = Varchar(length=16, unique=True)  # the tracking code people keep
    layanan = Varchar(length=32, index=True)  # a key of services.layanan.CATALOGUE
    pemohon = ForeignKey(references=Penduduk, index=True)  # whom the request is for
    diajukan_oleh = ForeignKey(references=Account)  # who filled it in
    kanal = Varchar(length=16, choices=Kanal)
    status = Varchar(length=20, choices=Status, default=Status.draf, index=True)
    kantor = ForeignKey(references=Kantor, index=True)  # the office that processes it
    isian = JSON(default="{}")  # the service's own answers (reason for a reprint, ...)
    catatan = Text(default="")  # free text from the applicant, stored and shown as text only
    alasan = Text(default="")  # the office's last reason (needs fixing, rejected)
    tempat_ambil = Varchar(length=200, default="")  # where the document is collected
    dibuat = Timestamptz(default=TimestamptzNow())
    diajukan = Timestamptz(null=True, default=None)  # first submission
    diperbarui = Timestamptz(default=TimestamptzNow(), index=True)
    batas_waktu = Date(null=True, default=None)  # service-level due date
    # A KTP-el card's place in its office's print queue: when the request became ready to
    # print (moved to `diproses`). Cards print in this order.
    siap_cetak = Timestamptz(null=True, default=None, index=True)


class PermohonanEvent(Table):
    """A status change: from, to, who (role and unit), when, and a note."""

    permohonan = ForeignKey(references=Permohonan, on_delete=OnDelete.cascade, index=True)
    dari = Varchar(length=20, null=True, default=None)
    ke = Varchar(length=20)
    pelaku = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    peran = Varchar(length=20)
    unit = Varchar(length=120)
    catatan = Text(default="")
    waktu = Timestamptz(default=TimestamptzNow())


class Dokumen(Table):
    """A photographed document, re-encoded as JPEG under the data folder."""

    permohonan = ForeignKey(references=Permohonan, on_delete=OnDelete.cascade, index=True)
    jenis = Varchar(length=40)  # a document key of the service
    berkas = Varchar(length=200)  # path under <data_dir>/unggahan
    ukuran = Integer()
    lebar = Integer()
    tinggi = Integer()
    sha256 = Varchar(length=64)
    dibuat = Timestamptz(default=TimestamptzNow())


#: Columns a request page shows, with the names the joins bring.
DETAIL_COLUMNS = (
    Permohonan.id,
    Permohonan.kode,
    Permohonan.layanan,
    Permohonan.pemohon,
    Permohonan.kanal,
    Permohonan.status,
    Permohonan.isian,
    Permohonan.catatan,
    Permohonan.alasan,
    Permohonan.tempat_ambil,
    Permohonan.dibuat,
    Permohonan.diajukan,
    Permohonan.diperbarui,
    Permohonan.batas_waktu,
    Permohonan.siap_cetak,
    Permohonan.diajukan_oleh,
    Permohonan.pemohon.nama,
    Permohonan.pemohon.nik,
    Permohonan.pemohon.kk,
    Permohonan.pemohon.desa.name,
    Permohonan.pemohon.desa.kecamatan.name,
    Permohonan.kantor.id,
    Permohonan.kantor.nama,
    Permohonan.kantor.blanko_tersedia,
)


async def timeline_of(permohonan_id: int) -> list[dict]:
    return (
        await PermohonanEvent.select(
            PermohonanEvent.dari,
            PermohonanEvent.ke,
            PermohonanEvent.peran,
            PermohonanEvent.unit,
            PermohonanEvent.catatan,
            PermohonanEvent.waktu,
        )
        .where(PermohonanEvent.permohonan == permohonan_id)
        .order_by(PermohonanEvent.id)
    )


async def documents_of(permohonan_id: int) -> list[dict]:
    return (
        await Dokumen.select(
            Dokumen.id, Dokumen.jenis, Dokumen.berkas, Dokumen.ukuran, Dokumen.lebar, Dokumen.tinggi
        )
        .where(Dokumen.permohonan == permohonan_id)
        .order_by(Dokumen.id)
    )
