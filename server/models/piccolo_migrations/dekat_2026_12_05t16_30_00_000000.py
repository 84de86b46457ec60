"""The base of Dekat's schema: every table, column and index, in one migration.

It replaces the thirteen migrations written while the schema took shape (November 2026) and
builds exactly the schema they built, on SQLite and on PostgreSQL. The tables below are frozen
copies of the models as they stood then, never imports of them: a later migration changes the
schema from here, and this file stays as it is.

Parameters left out take Piccolo's defaults: a foreign key is nullable and cascades on delete,
a Varchar or Text defaults to "", an Integer to 0, a Boolean to False, a Date or Timestamptz
to now.
"""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import JSON, Boolean, Bytea, Date, Integer, Real, Text, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-12-05T16:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The schema's base"

SET_NULL = OnDelete.set_null


def choices(name: str, *values: str) -> type[Enum]:
    """A Varchar's choices as the models declare them: each value is its own name."""
    return Enum(name, {value: value for value in values})


# --- Wilayah


class Kecamatan(Table):
    code = Varchar(length=8, unique=True)
    name = Varchar(length=80)
    latitude = Real()
    longitude = Real()


class Desa(Table):
    code = Varchar(length=13, unique=True)
    name = Varchar(length=80)
    kecamatan = ForeignKey(references=Kecamatan, index=True)
    is_kelurahan = Boolean()
    latitude = Real()
    longitude = Real()


# --- Penduduk

Hubungan = choices(
    "Hubungan", "kepala_keluarga", "istri", "suami", "anak", "orang_tua", "famili_lain"
)
KtpStatus = choices("KtpStatus", "belum_rekam", "sudah_rekam", "sudah_cetak")
IkdStatus = choices("IkdStatus", "belum_aktif", "aktif", "ditangguhkan")


class Penduduk(Table):
    nik = Varchar(length=16, unique=True)
    kk = Varchar(length=16, index=True)
    nama = Varchar(length=120)
    tempat_lahir = Varchar(length=80)
    tanggal_lahir = Date()
    jenis_kelamin = Varchar(length=1)
    hubungan = Varchar(length=20, choices=Hubungan, default="kepala_keluarga")
    desa = ForeignKey(references=Desa, index=True)
    ktp_status = Varchar(length=12, choices=KtpStatus, default="belum_rekam", index=True)
    ikd_status = Varchar(length=12, choices=IkdStatus, default="belum_aktif")


# --- Accounts and audit

Role = choices("Role", "warga", "operator_desa", "petugas_keliling", "petugas_dinas", "pengawas")


class Account(Table):
    username = Varchar(length=64, unique=True)
    password_hash = Varchar(length=128)
    role = Varchar(length=20, choices=Role)
    display_name = Varchar(length=120)
    penduduk = ForeignKey(references=Penduduk, unique=True)
    desa = ForeignKey(references=Desa)
    kecamatan = ForeignKey(references=Kecamatan)
    is_active = Boolean(default=True)
    created_at = Timestamptz()
    boleh_aktivasi_ikd = Boolean()


class Session(Table):
    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, index=True)
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    idle_seconds = Integer()


class LoginAttempt(Table):
    key = Varchar(length=100, index=True)
    at = Timestamptz(index=True)


class AuditLog(Table):
    at = Timestamptz(index=True)
    actor = ForeignKey(references=Account, on_delete=SET_NULL)
    actor_role = Varchar(length=20)
    action = Varchar(length=40)
    object_type = Varchar(length=40)
    object_id = Integer(null=True)


# --- Offices and requests (permohonan)


class Kantor(Table):
    kode = Varchar(length=16, unique=True)
    nama = Varchar(length=120)
    kecamatan = ForeignKey(references=Kecamatan, unique=True)
    alamat = Varchar(length=200)
    blanko_tersedia = Integer()
    blanko_diperbarui = Timestamptz()


Kanal = choices("Kanal", "mandiri", "loket_desa", "jemput_bola")
Status = choices(
    "Status",
    "draf",
    "diajukan",
    "diverifikasi",
    "diproses",
    "siap_diambil",
    "selesai",
    "perlu_perbaikan",
    "ditolak",
)


class Permohonan(Table):
    kode = Varchar(length=16, unique=True)
    layanan = Varchar(length=32, index=True)
    pemohon = ForeignKey(references=Penduduk, index=True)
    diajukan_oleh = ForeignKey(references=Account)
    kanal = Varchar(length=16, choices=Kanal)
    status = Varchar(length=20, choices=Status, default="draf", index=True)
    kantor = ForeignKey(references=Kantor, index=True)
    isian = JSON()
    catatan = Text()
    alasan = Text()
    tempat_ambil = Varchar(length=200)
    dibuat = Timestamptz()
    diajukan = Timestamptz(null=True, default=None)
    diperbarui = Timestamptz(index=True)
    batas_waktu = Date(null=True, default=None)
    siap_cetak = Timestamptz(null=True, default=None, index=True)


class PermohonanEvent(Table):
    permohonan = ForeignKey(references=Permohonan, index=True)
    dari = Varchar(length=20, null=True, default=None)
    ke = Varchar(length=20)
    pelaku = ForeignKey(references=Account, on_delete=SET_NULL)
    peran = Varchar(length=20)
    unit = Varchar(length=120)
    catatan = Text()
    waktu = Timestamptz()


class Dokumen(Table):
    permohonan = ForeignKey(references=Permohonan, index=True)
    jenis = Varchar(length=40)
    berkas = Varchar(length=200)
    ukuran = Integer()
    lebar = Integer()
    tinggi = Integer()
    sha256 = Varchar(length=64)
    dibuat = Timestamptz()


# --- Platform: retried submissions and domain events


class IdempotencyRecord(Table):
    scoped_key = Varchar(length=120, unique=True)
    account = ForeignKey(references=Account)
    fingerprint = Varchar(length=64)
    selesai = Timestamptz(null=True, default=None)
    status_code = Integer(null=True, default=None)
    headers = JSON()
    dibuat = Timestamptz(index=True)
    response_body = Bytea()


class DomainEvent(Table):
    jenis = Varchar(length=60, index=True)
    data = JSON()
    dibuat = Timestamptz()
    diproses = Timestamptz(null=True, default=None, index=True)


# --- IKD activation

AktivasiStatus = choices("AktivasiStatus", "menunggu", "selesai")


class IkdAktivasi(Table):
    kode = Varchar(length=16, unique=True)
    penduduk = ForeignKey(references=Penduduk, index=True)
    status = Varchar(length=10, choices=AktivasiStatus, default="menunggu")
    dibuat = Timestamptz()
    kedaluwarsa = Timestamptz()
    petugas = ForeignKey(references=Account, on_delete=SET_NULL)
    selesai = Timestamptz(null=True, default=None)


# --- Jemput bola

JenisPerangkat = choices("JenisPerangkat", "perekaman", "printer")
StatusPerangkat = choices("StatusPerangkat", "baik", "rusak", "dalam_perbaikan")
StatusKunjungan = choices(
    "StatusKunjungan", "diusulkan", "diterima", "ditolak", "diumumkan", "selesai"
)
Keperluan = choices("Keperluan", "rekam", "ambil_ktp", "aktivasi_ikd", "lainnya")
StatusPemesanan = choices("StatusPemesanan", "aktif", "menunggu", "dibatalkan", "hadir")
JenisCatatan = choices(
    "JenisCatatan", "hadir", "direkam", "gagal", "kartu_diserahkan", "ikd_diaktifkan"
)


class Tim(Table):
    nama = Varchar(length=80, unique=True)
    kantor = ForeignKey(references=Kantor, index=True)
    aktif = Boolean(default=True)


class TimAnggota(Table):
    tim = ForeignKey(references=Tim, index=True)
    akun = ForeignKey(references=Account, unique=True)


class Perangkat(Table):
    kode = Varchar(length=20, unique=True)
    jenis = Varchar(length=12, choices=JenisPerangkat)
    tim = ForeignKey(references=Tim, index=True)
    kantor = ForeignKey(references=Kantor, index=True)
    status = Varchar(length=16, choices=StatusPerangkat, default="baik")
    status_sejak = Timestamptz()
    kapasitas_harian = Integer()


class HariLibur(Table):
    tanggal = Date(index=True)
    tim = ForeignKey(references=Tim)
    keterangan = Varchar(length=120)


class Kunjungan(Table):
    desa = ForeignKey(references=Desa, index=True)
    tanggal = Date(index=True)
    tim = ForeignKey(references=Tim, index=True)
    perangkat = ForeignKey(references=Perangkat)
    kapasitas = Integer()
    tempat = Varchar(length=120)
    status = Varchar(length=12, choices=StatusKunjungan, default="diusulkan")
    alasan = Text()
    jam_perjalanan = Integer()
    dibuat = Timestamptz()
    diumumkan = Timestamptz(null=True, default=None)
    selesai = Timestamptz(null=True, default=None)
    pengingat = Timestamptz(null=True, default=None)


class PerangkatRiwayat(Table):
    perangkat = ForeignKey(references=Perangkat, index=True)
    dari = Varchar(length=16, null=True, default=None)
    ke = Varchar(length=16)
    catatan = Text()
    dilaporkan_ke = Varchar(length=120)
    pelaku = ForeignKey(references=Account, on_delete=SET_NULL)
    kunjungan = ForeignKey(references=Kunjungan, on_delete=SET_NULL)
    waktu = Timestamptz()


class Sesi(Table):
    kunjungan = ForeignKey(references=Kunjungan, index=True)
    mulai = Varchar(length=5)
    selesai = Varchar(length=5)
    kapasitas = Integer()
    terisi = Integer()
    rumah = Boolean()


class Pemesanan(Table):
    kode = Varchar(length=16, unique=True)
    kunjungan = ForeignKey(references=Kunjungan, index=True)
    sesi = ForeignKey(references=Sesi, on_delete=SET_NULL)
    penduduk = ForeignKey(references=Penduduk, index=True)
    nama = Varchar(length=120)
    keperluan = Varchar(length=16, choices=Keperluan, default="rekam")
    status = Varchar(length=12, choices=StatusPemesanan, default="aktif")
    kunci = Varchar(length=40, null=True, default=None, unique=True)
    kunjungan_rumah = Boolean()
    alasan_rumah = Varchar(length=16)
    alamat = Varchar(length=200)
    datang_langsung = Boolean()
    nik = Varchar(length=16)
    dipesan_oleh = ForeignKey(references=Account, on_delete=SET_NULL)
    dibuat = Timestamptz(index=True)
    hadir_pada = Timestamptz(null=True, default=None)


class CatatanLapangan(Table):
    kode = Varchar(length=40, unique=True)
    kunjungan = ForeignKey(references=Kunjungan, index=True)
    pemesanan = ForeignKey(references=Pemesanan, index=True)
    jenis = Varchar(length=20, choices=JenisCatatan)
    alasan = Varchar(length=12)
    petugas = ForeignKey(references=Account, on_delete=SET_NULL)
    waktu = Timestamptz()
    diterima = Timestamptz()


# --- Notifications and announcements

Topik = choices("Topik", "permohonan", "kunjungan", "blanko", "pengumuman")
StatusNotifikasi = choices("StatusNotifikasi", "menunggu", "terkirim", "gagal")


class LanggananPush(Table):
    akun = ForeignKey(references=Account, index=True)
    endpoint = Varchar(length=2048, unique=True)
    p256dh = Varchar(length=128)
    auth = Varchar(length=64)
    topik = JSON(default="[]")
    dibuat = Timestamptz()
    terakhir_terkirim = Timestamptz(null=True, default=None)


class Notifikasi(Table):
    kode = Varchar(length=32, unique=True)
    langganan = ForeignKey(references=LanggananPush, on_delete=SET_NULL, index=True)
    topik = Varchar(length=16, choices=Topik)
    isi = JSON()
    ttl = Integer()
    urgensi = Varchar(length=8, default="normal")
    topic = Varchar(length=32)
    status = Varchar(length=10, choices=StatusNotifikasi, default="menunggu")
    percobaan = Integer()
    jadwal = Timestamptz(index=True)
    dibuat = Timestamptz()
    terkirim = Timestamptz(null=True, default=None)
    diklik = Timestamptz(null=True, default=None)
    galat = Varchar(length=200)


class Pengumuman(Table):
    judul = Varchar(length=60)
    isi = Varchar(length=200)
    tautan = Varchar(length=200)
    kecamatan = ForeignKey(references=Kecamatan)
    pengirim = ForeignKey(references=Account, on_delete=SET_NULL)
    perangkat = Integer()
    dibuat = Timestamptz(index=True)


# --- Blanko stock

JenisMutasi = choices("JenisMutasi", "kedatangan", "pemakaian", "koreksi")


class BlankoMutasi(Table):
    kantor = ForeignKey(references=Kantor, index=True)
    jenis = Varchar(length=12, choices=JenisMutasi)
    jumlah = Integer()
    sisa = Integer()
    permohonan = ForeignKey(references=Permohonan, on_delete=SET_NULL)
    dilewati = Integer()
    alasan = Text()
    pelaku = ForeignKey(references=Account, on_delete=SET_NULL)
    waktu = Timestamptz(index=True)


# --- Complaints (pengaduan)

JenisPengaduan = choices(
    "JenisPengaduan", "pungli", "calo", "intimidasi", "lambat", "perangkat", "lainnya"
)
StatusPengaduan = choices("StatusPengaduan", "baru", "ditanggapi", "selesai")


class Pengaduan(Table):
    kode = Varchar(length=24, unique=True)
    jenis = Varchar(length=12, choices=JenisPengaduan)
    kantor = ForeignKey(references=Kantor, index=True)
    desa = ForeignKey(references=Desa)
    isi = Text()
    anonim = Boolean(default=True)
    pelapor = ForeignKey(references=Account, on_delete=SET_NULL)
    nama_pelapor = Varchar(length=120)
    kontak = Varchar(length=120)
    status = Varchar(length=12, choices=StatusPengaduan, default="baru", index=True)
    dibuat = Timestamptz(index=True)
    batas_jawab = Timestamptz()
    dijawab = Timestamptz(null=True, default=None)
    diperbarui = Timestamptz()
    kunci = Varchar(length=32, null=True, default=None)  # unique through `pengaduan_kunci`


class PengaduanFoto(Table):
    pengaduan = ForeignKey(references=Pengaduan, index=True)
    berkas = Varchar(length=200)
    ukuran = Integer()
    lebar = Integer()
    tinggi = Integer()
    sha256 = Varchar(length=64)


class PengaduanBalasan(Table):
    pengaduan = ForeignKey(references=Pengaduan, index=True)
    isi = Text()
    dari_pelapor = Boolean()
    pelaku = ForeignKey(references=Account, on_delete=SET_NULL)
    unit = Varchar(length=120)
    status = Varchar(length=12, null=True, default=None)
    waktu = Timestamptz()


# --- Desa lists (program BAKSO)

JenisDokumen = choices("JenisDokumen", "ktp_el", "kk", "akta", "kia")
Tanda = choices("Tanda", "belum", "masih_tinggal", "pindah", "meninggal", "sudah_punya", "dibantu")


class DaftarImpor(Table):
    nama_berkas = Varchar(length=200)
    jumlah = Integer()
    diimpor_oleh = ForeignKey(references=Account, on_delete=SET_NULL)
    waktu = Timestamptz()


class DaftarDesa(Table):
    impor = ForeignKey(references=DaftarImpor, index=True)
    desa = ForeignKey(references=Desa, index=True)
    nik = Varchar(length=16, index=True)
    kunci = Varchar(length=24, unique=True)
    nama = Varchar(length=120)
    dokumen = Varchar(length=8, choices=JenisDokumen)
    penduduk = ForeignKey(references=Penduduk, on_delete=SET_NULL)
    tanda = Varchar(length=16, choices=Tanda, default="belum", index=True)
    catatan = Text()
    ditandai_oleh = ForeignKey(references=Account, on_delete=SET_NULL)
    ditandai_pada = Timestamptz(null=True, default=None)
    permohonan = ForeignKey(references=Permohonan, on_delete=SET_NULL)
    pemesanan = ForeignKey(references=Pemesanan, on_delete=SET_NULL)


TABLES = (
    *(Kecamatan, Desa, Penduduk, Account, Session, LoginAttempt, AuditLog),
    *(Kantor, Permohonan, PermohonanEvent, Dokumen, IdempotencyRecord, DomainEvent, IkdAktivasi),
    *(Tim, TimAnggota, Perangkat, HariLibur, Kunjungan, PerangkatRiwayat, Sesi, Pemesanan),
    *(CatatanLapangan, LanggananPush, Notifikasi, Pengumuman, BlankoMutasi),
    *(Pengaduan, PengaduanFoto, PengaduanBalasan, DaftarImpor, DaftarDesa),
)

#: Indexes a Piccolo column cannot declare, in SQL both engines accept.
INDEXES = (
    # Delivered messages stay for the office's counts, so the delivery worker's claim must not
    # walk them: this index holds only the waiting ones.
    "CREATE INDEX notifikasi_menunggu ON notifikasi (id) WHERE status = 'menunggu'",
    # The complaint form's key: a form sent twice files one complaint. A named index, not a
    # UNIQUE column, as the column was first added to an existing table (SQLite adds no UNIQUE
    # column); complaints without a key never collide.
    "CREATE UNIQUE INDEX pengaduan_kunci ON pengaduan (kunci)",
)


class TablesThenIndexes(MigrationManager):
    """Piccolo runs a migration's raw SQL before it creates the migration's tables; the base's
    indexes need their tables, so they follow them, in the same transaction."""

    async def run(self, backwards: bool = False) -> None:
        engine = engine_finder()
        async with engine.transaction():
            await super().run(backwards=backwards)
            if not (backwards or self.preview):
                for statement in INDEXES:
                    await engine.run_ddl(statement)


async def forwards() -> MigrationManager:
    manager = TablesThenIndexes(migration_id=ID, app_name="dekat", description=DESCRIPTION)
    for table in TABLES:
        manager.add_table(class_name=table.__name__, tablename=table._meta.tablename)
        for column in table._meta.non_default_columns:
            manager.add_column(
                table_class_name=table.__name__,
                tablename=table._meta.tablename,
                column_name=column._meta.name,
                db_column_name=column._meta.db_column_name,
                column_class=type(column),
                params=column._meta.params,
            )
    return manager
