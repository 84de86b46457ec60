"""Pengaduan: complaints about illegal fees, brokers, intimidation, slow service or broken
equipment, with their photos and the answers they get. Who complained is kept apart from what
was complained about: only `pengawas` ever reads `pelapor`, `nama_pelapor` and `kontak`."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.i18n import N_
from server.models.accounts import Account
from server.models.kantor import Kantor
from server.models.wilayah import Desa


class JenisPengaduan(StrEnum):
    pungli = "pungli"  # an illegal fee
    calo = "calo"  # a broker
    intimidasi = "intimidasi"
    lambat = "lambat"  # slow service
    perangkat = "perangkat"  # broken equipment
    lainnya = "lainnya"


#: How each `JenisPengaduan` is shown on pages.
PENGADUAN_JENIS_LABELS = {
    JenisPengaduan.pungli: N_("Pungutan liar (pungli)"),
    JenisPengaduan.calo: N_("Calo"),
    JenisPengaduan.intimidasi: N_("Intimidasi atau tekanan"),
    JenisPengaduan.lambat: N_("Pelayanan lambat"),
    JenisPengaduan.perangkat: N_("Perangkat rusak"),
    JenisPengaduan.lainnya: N_("Lainnya"),
}


class StatusPengaduan(StrEnum):
    baru = "baru"  # waiting for a first answer
    ditanggapi = "ditanggapi"  # answered, still being followed up
    selesai = "selesai"


#: How each `StatusPengaduan` is shown on pages.
PENGADUAN_STATUS_LABELS = {
    StatusPengaduan.baru: N_("Menunggu tanggapan"),
    StatusPengaduan.ditanggapi: N_("Ditanggapi"),
    StatusPengaduan.selesai: N_("Selesai"),
}


class Pengaduan(Table):
    """One complaint. The tracking code is long and random: for an anonymous complainant it is
    the only key to the answers."""

    kode = Varchar(length=24, unique=True)
    jenis = Varchar(length=12, choices=JenisPengaduan)
    kantor = ForeignKey(references=Kantor, null=True, index=True)  # the office complained about
    desa = ForeignKey(references=Desa, null=True)  # where it happened, when given
    isi = Text()
    anonim = Boolean(default=True)
    pelapor = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    nama_pelapor = Varchar(length=120, default="")
    kontak = Varchar(length=120, default="")  # a phone number or address to answer to
    status = Varchar(length=12, choices=StatusPengaduan, default=StatusPengaduan.baru, index=True)
    dibuat = Timestamptz(default=TimestamptzNow(), index=True)
    batas_jawab = Timestamptz()  # the service-level time for a first answer
    dijawab = Timestamptz(null=True, default=None)  # the first answer
    diperbarui = Timestamptz(default=TimestamptzNow())
    # A random value of the form that filed it: the same form sent again (a reload after
    # filing) shows the complaint it filed instead of filing it twice. Unique through an index
    # its migration makes (SQLite cannot add a UNIQUE column).
    kunci = Varchar(length=32, null=True, default=None)
    # What the key may show again, and to whom: the SHA-256 of the filed content, and of the
    # form token of the browser that filed it (services/pengaduan.py, `filed_earlier`).
    kunci_sidik = Varchar(length=64, null=True, default=None)
    kunci_pemilik = Varchar(length=64, null=True, default=None)


class PengaduanFoto(Table):
    """A photo sent with a complaint, re-encoded like a request's documents."""

    pengaduan = ForeignKey(references=Pengaduan, on_delete=OnDelete.cascade, index=True)
    berkas = Varchar(length=200)
    ukuran = Integer()
    lebar = Integer()
    tinggi = Integer()
    sha256 = Varchar(length=64)


class PengaduanBalasan(Table):
    """An answer from the Dinas or `pengawas` (shown with their unit, never their name), or a
    follow-up from the complainant (`dari_pelapor`)."""

    pengaduan = ForeignKey(references=Pengaduan, on_delete=OnDelete.cascade, index=True)
    isi = Text()
    dari_pelapor = Boolean(default=False)
    pelaku = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    unit = Varchar(length=120, default="")
    status = Varchar(length=12, null=True, default=None)  # the status this answer set
    waktu = Timestamptz(default=TimestamptzNow())
