"""The service catalogue: what each adminduk service needs, how long it takes, where it is
collected. Every service is free; the catalogue is code so that forms and checks follow it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.models.penduduk import IkdStatus, KtpStatus, adult_cutoff

#: Said on every service page: nothing is ever paid for.
FREE = "Biaya: Rp 0 (gratis)"
REPORT_FEES = (
    "Jika ada yang meminta uang, jangan bayar. Laporkan ke Dinas Dukcapil Lombok Timur atau "
    "Ombudsman; identitas pelapor dilindungi."
)
AT_UPT = "UPT Dukcapil kecamatan Anda, atau kantor desa bila desa Anda melayani (program BAKSO)"


@dataclass(frozen=True)
class Field:
    """A question of the service's own form."""

    name: str
    label: str
    kind: str = "text"  # text, date, select, textarea
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for select
    required: bool = True
    max_length: int = 200


@dataclass(frozen=True)
class Doc:
    """A document to photograph."""

    key: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class Layanan:
    kode: str
    nama: str
    ringkas: str
    persyaratan: tuple[str, ...]
    dokumen: tuple[Doc, ...]
    hari_kerja: int  # service-level time in working days
    diambil_di: str
    fields: tuple[Field, ...] = ()
    butuh_blanko: bool = False  # prints a KTP-el card
    #: Who may be the subject: "dewasa" (17+), "anak" (under 17), or "semua".
    untuk: str = "semua"
    kategori: str = "KTP-el"

    def not_eligible(self, person: dict, today: date | None = None) -> str | None:
        """Why this person cannot ask for this service now, or None."""
        cutoff = adult_cutoff(today or date.today())
        adult = person["tanggal_lahir"] <= cutoff
        if self.untuk == "dewasa" and not adult:
            return "Layanan ini untuk penduduk berumur 17 tahun ke atas."
        if self.untuk == "anak" and adult:
            return "Layanan ini untuk anak di bawah 17 tahun."
        rule = _STATUS_RULES.get(self.kode)
        return rule(person) if rule else None


def _needs_recorded(person: dict) -> str | None:
    if person["ktp_status"] == KtpStatus.belum_rekam:
        return "Belum rekam biometrik. Rekam dulu di UPT kecamatan atau saat jemput bola."
    if person["ktp_status"] == KtpStatus.sudah_cetak:
        return "KTP-el sudah pernah dicetak. Pilih layanan cetak ulang bila hilang atau rusak."
    return None


def _needs_printed(person: dict) -> str | None:
    if person["ktp_status"] != KtpStatus.sudah_cetak:
        return "Cetak ulang hanya untuk KTP-el yang sudah pernah dicetak."
    return None


def _needs_inactive_ikd(person: dict) -> str | None:
    if person["ikd_status"] == IkdStatus.aktif:
        return "IKD sudah aktif."
    if person["ktp_status"] == KtpStatus.belum_rekam:
        return "IKD hanya bisa diaktifkan setelah rekam biometrik KTP-el."
    return None


_STATUS_RULES = {
    "ktp_cetak": _needs_recorded,
    "ktp_cetak_ulang": _needs_printed,
    "ikd_aktivasi": _needs_inactive_ikd,
}

_KK = Doc("kk", "Kartu Keluarga")

CATALOGUE: dict[str, Layanan] = {
    item.kode: item
    for item in (
        Layanan(
            kode="ktp_cetak",
            nama="Cetak KTP-el",
            ringkas="Untuk yang sudah rekam biometrik tetapi kartunya belum dicetak.",
            persyaratan=(
                "Sudah rekam biometrik (sidik jari, foto, iris).",
                "Berumur 17 tahun ke atas, atau sudah/pernah menikah.",
            ),
            dokumen=(_KK,),
            hari_kerja=3,
            diambil_di=AT_UPT,
            butuh_blanko=True,
            untuk="dewasa",
        ),
        Layanan(
            kode="ktp_cetak_ulang",
            nama="Cetak ulang KTP-el (hilang atau rusak)",
            ringkas="Untuk KTP-el yang hilang atau rusak.",
            persyaratan=(
                "Kartu Keluarga.",
                "Bila hilang: surat keterangan kehilangan dari kepolisian.",
                "Bila rusak: KTP-el yang rusak dibawa saat mengambil kartu baru.",
            ),
            dokumen=(_KK, Doc("bukti", "Surat kehilangan atau foto KTP-el yang rusak")),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("alasan", "Alasan", "select", (("hilang", "Hilang"), ("rusak", "Rusak"))),
            ),
            butuh_blanko=True,
            untuk="dewasa",
        ),
        Layanan(
            kode="ktp_ubah_data",
            nama="Perubahan data KTP-el",
            ringkas="Untuk mengubah data seperti status perkawinan, pekerjaan, atau alamat.",
            persyaratan=(
                "Kartu Keluarga yang sudah memuat data baru.",
                "Dokumen pendukung perubahan (misalnya buku nikah, ijazah).",
            ),
            dokumen=(_KK, Doc("pendukung", "Dokumen pendukung perubahan")),
            hari_kerja=5,
            diambil_di=AT_UPT,
            fields=(
                Field(
                    "data_diubah",
                    "Data yang diubah",
                    "select",
                    (
                        ("status_perkawinan", "Status perkawinan"),
                        ("pekerjaan", "Pekerjaan"),
                        ("pendidikan", "Pendidikan"),
                        ("alamat", "Alamat"),
                        ("lainnya", "Lainnya"),
                    ),
                ),
                Field("data_baru", "Data yang benar", max_length=120),
            ),
            butuh_blanko=True,
            untuk="dewasa",
        ),
        Layanan(
            kode="kk_baru",
            nama="Kartu Keluarga baru",
            ringkas="Membentuk keluarga baru, misalnya setelah menikah.",
            persyaratan=(
                "Buku nikah atau akta perkawinan.",
                "Kartu Keluarga lama dari kedua pihak.",
                "Surat pengantar dari kantor desa.",
            ),
            dokumen=(Doc("nikah", "Buku nikah atau akta perkawinan"), _KK),
            hari_kerja=3,
            diambil_di=AT_UPT,
            untuk="dewasa",
            kategori="Kartu Keluarga",
        ),
        Layanan(
            kode="kk_tambah_anggota",
            nama="Tambah anggota Kartu Keluarga",
            ringkas="Menambahkan bayi yang baru lahir atau anggota yang pindah masuk.",
            persyaratan=(
                "Kartu Keluarga.",
                "Akta kelahiran atau surat keterangan lahir, atau surat pindah.",
            ),
            dokumen=(_KK, Doc("dasar", "Surat keterangan lahir atau surat pindah")),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("nama_anggota", "Nama anggota baru", max_length=120),
                Field(
                    "hubungan",
                    "Hubungan dalam keluarga",
                    "select",
                    (("anak", "Anak"), ("orang_tua", "Orang tua"), ("famili_lain", "Famili lain")),
                ),
            ),
            untuk="dewasa",
            kategori="Kartu Keluarga",
        ),
        Layanan(
            kode="kk_pisah",
            nama="Pisah Kartu Keluarga",
            ringkas="Memisahkan anggota yang sudah menikah ke Kartu Keluarga sendiri.",
            persyaratan=("Kartu Keluarga.", "Buku nikah."),
            dokumen=(_KK, Doc("nikah", "Buku nikah")),
            hari_kerja=3,
            diambil_di=AT_UPT,
            untuk="dewasa",
            kategori="Kartu Keluarga",
        ),
        Layanan(
            kode="akta_kelahiran",
            nama="Akta kelahiran",
            ringkas="Akta untuk anak yang baru lahir (diajukan oleh orang tua).",
            persyaratan=(
                "Surat keterangan lahir dari bidan, puskesmas, atau rumah sakit.",
                "Kartu Keluarga orang tua.",
                "Buku nikah orang tua, bila ada.",
            ),
            dokumen=(Doc("skl", "Surat keterangan lahir"), _KK),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("nama_anak", "Nama anak", max_length=120),
                Field("tanggal_lahir_anak", "Tanggal lahir anak", "date"),
                Field("tempat_lahir_anak", "Tempat lahir anak", max_length=80),
            ),
            untuk="dewasa",
            kategori="Akta",
        ),
        Layanan(
            kode="akta_kematian",
            nama="Akta kematian",
            ringkas="Mencatat kematian anggota keluarga.",
            persyaratan=(
                "Surat keterangan kematian dari desa, puskesmas, atau rumah sakit.",
                "Kartu Keluarga.",
            ),
            dokumen=(Doc("skk", "Surat keterangan kematian"), _KK),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(Field("tanggal_meninggal", "Tanggal meninggal", "date"),),
            kategori="Akta",
        ),
        Layanan(
            kode="pindah",
            nama="Surat pindah (SKPWNI)",
            ringkas="Pindah domisili ke luar desa, kecamatan, atau kabupaten.",
            persyaratan=("Kartu Keluarga.", "Alamat tujuan yang lengkap."),
            dokumen=(_KK,),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("alamat_tujuan", "Alamat tujuan", "textarea", max_length=300),
                Field(
                    "alasan_pindah",
                    "Alasan pindah",
                    "select",
                    (
                        ("pekerjaan", "Pekerjaan"),
                        ("pendidikan", "Pendidikan"),
                        ("keluarga", "Keluarga"),
                        ("lainnya", "Lainnya"),
                    ),
                ),
            ),
            kategori="Pindah datang",
        ),
        Layanan(
            kode="kedatangan",
            nama="Kedatangan (pindah masuk)",
            ringkas="Mencatat kedatangan dari daerah lain ke Lombok Timur.",
            persyaratan=("Surat pindah (SKPWNI) dari daerah asal.",),
            dokumen=(Doc("skpwni", "Surat pindah dari daerah asal"),),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(Field("daerah_asal", "Kabupaten/kota asal", max_length=120),),
            kategori="Pindah datang",
        ),
        Layanan(
            kode="kia",
            nama="Kartu Identitas Anak (KIA)",
            ringkas="Kartu identitas untuk anak di bawah 17 tahun.",
            persyaratan=(
                "Akta kelahiran anak.",
                "Kartu Keluarga.",
                "Pas foto anak berwarna, untuk anak berumur 5 tahun ke atas.",
            ),
            dokumen=(
                Doc("akta", "Akta kelahiran anak"),
                _KK,
                Doc("pasfoto", "Pas foto anak (5 tahun ke atas)", required=False),
            ),
            hari_kerja=3,
            diambil_di=AT_UPT,
            untuk="anak",
            kategori="Anak",
        ),
        Layanan(
            kode="ikd_aktivasi",
            nama="Aktivasi IKD (KTP digital)",
            ringkas="KTP digital di ponsel. Bisa dipakai ketika blanko KTP-el habis.",
            persyaratan=(
                "Sudah rekam biometrik KTP-el.",
                "Ponsel Android atau iPhone dengan nomor aktif.",
                "Datang sendiri: petugas mencocokkan wajah dan data Anda.",
            ),
            dokumen=(),
            hari_kerja=1,
            diambil_di="UPT Dukcapil, kantor desa yang ditunjuk, atau saat jemput bola",
            untuk="dewasa",
            kategori="IKD",
        ),
    )
}

CATEGORIES = tuple(dict.fromkeys(item.kategori for item in CATALOGUE.values()))


def get(kode: str) -> Layanan | None:
    return CATALOGUE.get(kode)
