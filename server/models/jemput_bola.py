"""Jemput bola: recording teams, their equipment, the visits they make to desa, the time windows
and bookings of each visit, and what the team recorded on the day."""

from __future__ import annotations

from enum import StrEnum

from piccolo.columns import Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.i18n import N_
from server.models.accounts import Account
from server.models.kantor import Kantor
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa


class Tim(Table):
    """A recording team, based at one office."""

    nama = Varchar(length=80, unique=True)
    kantor = ForeignKey(references=Kantor, index=True)  # home office: where every trip starts
    aktif = Boolean(default=True)


class TimAnggota(Table):
    """A `petugas_keliling` account in a team (one team per account)."""

    tim = ForeignKey(references=Tim, on_delete=OnDelete.cascade, index=True)
    akun = ForeignKey(references=Account, on_delete=OnDelete.cascade, unique=True)


class JenisPerangkat(StrEnum):
    perekaman = "perekaman"  # a KTP-el recording set: camera, fingerprint and iris readers, PC
    printer = "printer"  # a card printer


#: How each `JenisPerangkat` is shown on pages.
PERANGKAT_LABELS = {
    JenisPerangkat.perekaman: N_("Set perekaman KTP-el"),
    JenisPerangkat.printer: N_("Printer kartu"),
}


class StatusPerangkat(StrEnum):
    baik = "baik"
    rusak = "rusak"
    dalam_perbaikan = "dalam_perbaikan"


#: How each `StatusPerangkat` is shown on pages.
PERANGKAT_STATUS_LABELS = {
    StatusPerangkat.baik: N_("Baik"),
    StatusPerangkat.rusak: N_("Rusak"),
    StatusPerangkat.dalam_perbaikan: N_("Dalam perbaikan"),
}


class Perangkat(Table):
    """One piece of equipment. Only a recording set in working order (`baik`) goes on a visit."""

    kode = Varchar(length=20, unique=True)  # "PRK-01" (recording set), "PRN-01" (printer)
    jenis = Varchar(length=12, choices=JenisPerangkat)
    tim = ForeignKey(references=Tim, null=True, index=True)
    kantor = ForeignKey(references=Kantor, index=True)  # where it is kept
    status = Varchar(length=16, choices=StatusPerangkat, default=StatusPerangkat.baik)
    status_sejak = Timestamptz(default=TimestamptzNow())
    kapasitas_harian = Integer(default=0)  # people recorded in a full working day


class HariLibur(Table):
    """A day without visits: for every team (`tim` empty, a public holiday) or for one team."""

    tanggal = Date(index=True)
    tim = ForeignKey(references=Tim, null=True, on_delete=OnDelete.cascade)
    keterangan = Varchar(length=120, default="")


class StatusKunjungan(StrEnum):
    diusulkan = "diusulkan"  # proposed by the planner, waiting for a person to decide
    diterima = "diterima"  # accepted, not yet public
    ditolak = "ditolak"
    diumumkan = "diumumkan"  # published: residents see it and book
    selesai = "selesai"  # the team closed the day


#: How each `StatusKunjungan` is shown on pages.
KUNJUNGAN_STATUS_LABELS = {
    StatusKunjungan.diusulkan: N_("Diusulkan"),
    StatusKunjungan.diterima: N_("Diterima"),
    StatusKunjungan.ditolak: N_("Ditolak"),
    StatusKunjungan.diumumkan: N_("Diumumkan"),
    StatusKunjungan.selesai: N_("Selesai"),
}


class Kunjungan(Table):
    """One team's day in one desa."""

    desa = ForeignKey(references=Desa, index=True)
    tanggal = Date(index=True)
    tim = ForeignKey(references=Tim, index=True)
    perangkat = ForeignKey(references=Perangkat, null=True)
    kapasitas = Integer()  # people the team plans to serve
    tempat = Varchar(length=120, default="")  # the venue, e.g. "Kantor Desa Labuhan Haji"
    status = Varchar(length=12, choices=StatusKunjungan, default=StatusKunjungan.diusulkan)
    alasan = Text(default="")  # the planner's one line: why here
    jam_perjalanan = Integer(default=0)  # minutes on the road, there and back
    dibuat = Timestamptz(default=TimestamptzNow())
    diumumkan = Timestamptz(null=True, default=None)
    pengingat = Timestamptz(null=True, default=None)  # when the day-before reminder went out
    selesai = Timestamptz(null=True, default=None)


class PerangkatRiwayat(Table):
    """A status change of a piece of equipment: who, when, why, and whom they told."""

    perangkat = ForeignKey(references=Perangkat, on_delete=OnDelete.cascade, index=True)
    dari = Varchar(length=16, null=True, default=None)
    ke = Varchar(length=16)
    catatan = Text(default="")
    dilaporkan_ke = Varchar(length=120, default="")
    pelaku = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    kunjungan = ForeignKey(references=Kunjungan, null=True, on_delete=OnDelete.set_null)
    waktu = Timestamptz(default=TimestamptzNow())


class Sesi(Table):
    """A time window of a visit. `terisi` moves only by a conditional UPDATE
    (`terisi < kapasitas`), so concurrent bookings can never overfill it."""

    kunjungan = ForeignKey(references=Kunjungan, on_delete=OnDelete.cascade, index=True)
    mulai = Varchar(length=5)  # "08.00"
    selesai = Varchar(length=5)
    kapasitas = Integer()
    terisi = Integer(default=0)
    rumah = Boolean(default=False)  # home visits (the elderly, people with disabilities)


class Keperluan(StrEnum):
    rekam = "rekam"  # record KTP-el data
    ambil_ktp = "ambil_ktp"  # collect a printed card
    aktivasi_ikd = "aktivasi_ikd"
    lainnya = "lainnya"


#: How each `Keperluan` is shown on pages.
KEPERLUAN_LABELS = {
    Keperluan.rekam: N_("Rekam KTP-el"),
    Keperluan.ambil_ktp: N_("Ambil KTP-el yang sudah dicetak"),
    Keperluan.aktivasi_ikd: N_("Aktivasi IKD"),
    Keperluan.lainnya: N_("Lainnya"),
}


class StatusPemesanan(StrEnum):
    aktif = "aktif"  # a place in a window (or a home visit)
    menunggu = "menunggu"  # on the waiting list
    dibatalkan = "dibatalkan"
    hadir = "hadir"  # checked in on the day


class Pemesanan(Table):
    """A booking: a resident's ticket for a visit, a place on its waiting list, a home-visit
    request, or (`datang_langsung`) a walk-in registered by the team on the day."""

    kode = Varchar(length=16, unique=True)  # on the ticket and in its QR code
    kunjungan = ForeignKey(references=Kunjungan, on_delete=OnDelete.cascade, index=True)
    sesi = ForeignKey(references=Sesi, null=True, on_delete=OnDelete.set_null)
    penduduk = ForeignKey(references=Penduduk, null=True, index=True)
    nama = Varchar(length=120)  # the registry's name, or a walk-in's as given
    keperluan = Varchar(length=16, choices=Keperluan, default=Keperluan.rekam)
    status = Varchar(length=12, choices=StatusPemesanan, default=StatusPemesanan.aktif)
    # "<kunjungan>:<penduduk>" while the booking holds or waits for a place, NULL otherwise: a
    # resident can hold at most one booking per visit, whatever races.
    kunci = Varchar(length=40, null=True, default=None, unique=True)
    kunjungan_rumah = Boolean(default=False)
    alasan_rumah = Varchar(length=16, default="")  # "lansia" or "disabilitas"
    alamat = Varchar(length=200, default="")
    datang_langsung = Boolean(default=False)
    nik = Varchar(length=16, default="")  # a walk-in's NIK when the registry does not know it
    dipesan_oleh = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    dibuat = Timestamptz(default=TimestamptzNow(), index=True)
    hadir_pada = Timestamptz(null=True, default=None)


class JenisCatatan(StrEnum):
    hadir = "hadir"  # checked in
    direkam = "direkam"
    gagal = "gagal"
    kartu_diserahkan = "kartu_diserahkan"
    ikd_diaktifkan = "ikd_diaktifkan"


#: How each `JenisCatatan` is shown on pages.
CATATAN_LABELS = {
    JenisCatatan.hadir: N_("Hadir"),
    JenisCatatan.direkam: N_("Sudah direkam"),
    JenisCatatan.gagal: N_("Gagal"),
    JenisCatatan.kartu_diserahkan: N_("KTP-el diserahkan"),
    JenisCatatan.ikd_diaktifkan: N_("IKD diaktifkan"),
}


class AlasanGagal(StrEnum):
    perangkat = "perangkat"
    jaringan = "jaringan"
    listrik = "listrik"
    data = "data"


#: How each `AlasanGagal` is shown on pages.
GAGAL_LABELS = {
    AlasanGagal.perangkat: N_("Perangkat"),
    AlasanGagal.jaringan: N_("Jaringan"),
    AlasanGagal.listrik: N_("Listrik"),
    AlasanGagal.data: N_("Data tidak cocok"),
}


class CatatanLapangan(Table):
    """One outcome the team recorded for one person, with who recorded it and when (the
    device's time; `diterima` is when it reached the server)."""

    kode = Varchar(length=40, unique=True)  # made on the device: a record arrives once
    kunjungan = ForeignKey(references=Kunjungan, on_delete=OnDelete.cascade, index=True)
    pemesanan = ForeignKey(references=Pemesanan, on_delete=OnDelete.cascade, index=True)
    jenis = Varchar(length=20, choices=JenisCatatan)
    alasan = Varchar(length=12, default="")  # an AlasanGagal for `gagal`
    petugas = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    waktu = Timestamptz()
    diterima = Timestamptz(default=TimestamptzNow())
