"""The audit log: who did or read what, when — never the personal values themselves."""

from __future__ import annotations

from datetime import datetime

from piccolo.columns import Integer, Timestamptz, Varchar
from piccolo.columns.column_types import ForeignKey, OnDelete
from piccolo.columns.combination import Combinable
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from server.i18n import N_
from server.models.accounts import Account


class AuditLog(Table):
    """One audited action by an account on an object, named by table and row id."""

    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null)
    actor_role = Varchar(length=20)
    action = Varchar(length=40)
    object_type = Varchar(length=40)
    object_id = Integer(null=True)


async def latest_entries(offset: int, limit: int, where: Combinable) -> list[dict]:
    """Entries matching `where` (the reader's scope, services/scope.py `audit_scope`), newest
    first, with the name of whoever acted."""
    return await (
        AuditLog.select(
            AuditLog.at,
            AuditLog.actor_role,
            AuditLog.action,
            AuditLog.object_type,
            AuditLog.object_id,
            AuditLog.actor.display_name,
        )
        .where(where)
        .order_by(AuditLog.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )


async def entries_about(object_type: str, object_id: int, limit: int = 50) -> list[dict]:
    """What was done to one object, newest first, with who did it and in which role."""
    return await (
        AuditLog.select(
            AuditLog.at, AuditLog.actor_role, AuditLog.action, AuditLog.actor.display_name
        )
        .where((AuditLog.object_type == object_type) & (AuditLog.object_id == object_id))
        .order_by(AuditLog.id, ascending=False)
        .limit(limit)
    )


async def entries_since(moment: datetime) -> int:
    return await AuditLog.count().where(AuditLog.at > moment)


#: What each audited action is called on the audit log page.
ACTION_LABELS = {
    "lihat_penduduk": N_("Membuka data penduduk"),
    "buat_permohonan": N_("Membuat permohonan"),
    "ajukan_permohonan": N_("Mengajukan permohonan"),
    "permohonan_verifikasi": N_("Memverifikasi permohonan"),
    "permohonan_proses": N_("Memproses permohonan"),
    "permohonan_siap": N_("Menandai siap diambil"),
    "permohonan_selesai": N_("Menyelesaikan permohonan"),
    "permohonan_perbaiki": N_("Mengembalikan untuk diperbaiki"),
    "permohonan_tolak": N_("Menolak permohonan"),
    "aktivasi_ikd": N_("Mengaktifkan IKD"),
    "tangguhkan_ikd": N_("Menangguhkan IKD"),
    "izin_aktivasi_ikd": N_("Mengizinkan operator desa mengaktifkan IKD"),
    "cabut_izin_aktivasi_ikd": N_("Mencabut izin aktivasi IKD operator desa"),
    "pesan_jemput_bola": N_("Memesan jemput bola untuk warga"),
    "blanko_kedatangan": N_("Mencatat kedatangan blanko"),
    "blanko_koreksi": N_("Mengoreksi stok blanko"),
    "kirim_pengumuman": N_("Mengirim pengumuman"),
    "blanko_pemakaian": N_("Mencetak KTP-el (memakai satu blanko)"),
    "cetak_luar_urutan": N_("Mencetak KTP-el di luar urutan"),
    "balas_pengaduan": N_("Menanggapi pengaduan"),
    "lihat_identitas_pelapor": N_("Membuka identitas pelapor pengaduan"),
    "impor_daftar_desa": N_("Mengimpor daftar BAKSO"),
    "lihat_daftar_desa": N_("Membuka daftar BAKSO desa"),
    "tandai_daftar_desa": N_("Menandai warga di daftar BAKSO"),
    "pindah_daftar_desa": N_("Memindahkan warga ke daftar BAKSO desa lain"),
    "ekspor_daftar_desa": N_("Mengunduh daftar BAKSO"),
    "terbitkan_kode_daftar": N_("Memberikan kode pendaftaran akun"),
    "terbitkan_kode_pemulihan": N_("Memberikan kode pemulihan akun"),
    "pulihkan_akun": N_("Memulihkan akun untuk pemiliknya (sesi dan perangkat lama diakhiri)"),
    "pakai_kode_daftar": N_("Mendaftar dengan kode pendaftaran"),
    "pakai_kode_pemulihan": N_("Membuat kata sandi baru dengan kode pemulihan"),
    "daftar_passkey": N_("Mendaftarkan passkey"),
    "hapus_passkey": N_("Menghapus passkey"),
    "atur_totp": N_("Memasang aplikasi autentikator"),
    "hapus_totp": N_("Menghapus aplikasi autentikator"),
    "buat_kode_cadangan": N_("Membuat kode cadangan baru"),
    "pakai_kode_cadangan": N_("Masuk dengan kode cadangan"),
}


#: What each audited object is called on the audit log page.
OBJECT_LABELS = {
    "penduduk": N_("Data penduduk"),
    "permohonan": N_("Permohonan"),
    "akun": N_("Akun"),
    "blanko_mutasi": N_("Stok blanko"),
    "pengumuman": N_("Pengumuman"),
    "pengaduan": N_("Pengaduan"),
    "desa": N_("Desa"),
    "daftar_impor": N_("Impor daftar BAKSO"),
    "daftar_desa": N_("Baris daftar BAKSO"),
}
