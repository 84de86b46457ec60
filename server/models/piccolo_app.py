"""The single Piccolo app holding Dekat's tables and committed migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from server.models.accounts import (
    Account,
    FactorSetup,
    KodeDaftar,
    LoginAttempt,
    Passkey,
    PendingSignIn,
    RecoveryCode,
    Session,
    TotpSecret,
)
from server.models.audit import AuditLog
from server.models.blanko import BlankoMutasi
from server.models.daftar_desa import DaftarDesa, DaftarImpor
from server.models.ikd import IkdAktivasi
from server.models.jemput_bola import (
    CatatanLapangan,
    HariLibur,
    Kunjungan,
    Pemesanan,
    Perangkat,
    PerangkatRiwayat,
    Sesi,
    Tim,
    TimAnggota,
)
from server.models.kantor import Kantor
from server.models.notifikasi import LanggananPush, Notifikasi, Pengumuman
from server.models.penduduk import Penduduk
from server.models.pengaduan import Pengaduan, PengaduanBalasan, PengaduanFoto
from server.models.permohonan import Dokumen, Permohonan, PermohonanEvent
from server.models.platform import DomainEvent, IdempotencyRecord
from server.models.wilayah import Desa, Kecamatan

APP_CONFIG = AppConfig(
    app_name="dekat",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Kecamatan,
        Desa,
        Penduduk,
        Account,
        Session,
        LoginAttempt,
        Passkey,
        TotpSecret,
        RecoveryCode,
        PendingSignIn,
        FactorSetup,
        AuditLog,
        Kantor,
        Permohonan,
        PermohonanEvent,
        Dokumen,
        IdempotencyRecord,
        DomainEvent,
        IkdAktivasi,
        Tim,
        TimAnggota,
        Perangkat,
        HariLibur,
        Kunjungan,
        PerangkatRiwayat,
        Sesi,
        Pemesanan,
        CatatanLapangan,
        LanggananPush,
        Notifikasi,
        BlankoMutasi,
        Pengumuman,
        Pengaduan,
        PengaduanFoto,
        PengaduanBalasan,
        DaftarImpor,
        DaftarDesa,
        KodeDaftar,
    ],
    migration_dependencies=[],
    commands=[],
)
