"""The service catalogue: what each adminduk service needs, how long it takes, where it is
collected. Every service is free; the catalogue is code so that forms and checks follow it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.i18n import N_
from server.models.penduduk import IkdStatus, KtpStatus, adult_cutoff

#: Said on every service page: nothing is ever paid for.
FREE = N_("Biaya: Rp 0 (gratis)")
REPORT_FEES = N_(
    "Jika ada yang meminta uang, jangan bayar. Laporkan ke Dinas Dukcapil Lombok Timur atau "
    "Ombudsman; identitas pelapor dilindungi."
)
AT_UPT = N_("UPT Dukcapil kecamatan Anda, atau kantor desa bila desa Anda melayani (program BAKSO)")


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
    kategori: str = N_("KTP-el")

    def not_eligible(self, person: dict, today: date | None = None) -> str | None:
        """Why this person cannot ask for this service now, or None."""
        cutoff = adult_cutoff(today or date.today())
        adult = person["tanggal_lahir"] <= cutoff
        if self.untuk == "dewasa" and not adult:
            return N_("Layanan ini untuk penduduk berumur 17 tahun ke atas.")
        if self.untuk == "anak" and adult:
            return N_("Layanan ini untuk anak di bawah 17 tahun.")
        rule = _STATUS_RULES.get(self.kode)
        return rule(person) if rule else None


def _needs_recorded(person: dict) -> str | None:
    if person["ktp_status"] == KtpStatus.belum_rekam:
        return N_("Belum rekam biometrik. Rekam dulu di UPT kecamatan atau saat jemput bola.")
    if person["ktp_status"] == KtpStatus.sudah_cetak:
        return N_("KTP-el sudah pernah dicetak. Pilih layanan cetak ulang bila hilang atau rusak.")
    return None


def _needs_printed(person: dict) -> str | None:
    if person["ktp_status"] != KtpStatus.sudah_cetak:
        return N_("Cetak ulang hanya untuk KTP-el yang sudah pernah dicetak.")
    return None


def _needs_inactive_ikd(person: dict) -> str | None:
    if person["ikd_status"] == IkdStatus.aktif:
        return N_("IKD sudah aktif.")
    if person["ktp_status"] == KtpStatus.belum_rekam:
        return N_("IKD hanya bisa diaktifkan setelah rekam biometrik KTP-el.")
    return None


_STATUS_RULES = {
    "ktp_cetak": _needs_recorded,
    "ktp_cetak_ulang": _needs_printed,
    "ikd_aktivasi": _needs_inactive_ikd,
}

_KK = Doc("kk", N_("Kartu Keluarga"))

CATALOGUE: dict[str, Layanan] = {
    item.kode: item
    for item in (
        Layanan(
            kode="ktp_cetak",
            nama=N_("Cetak KTP-el"),
            ringkas=N_("Untuk yang sudah rekam biometrik tetapi kartunya belum dicetak."),
            persyaratan=(
                N_("Sudah rekam biometrik (sidik jari, foto, iris)."),
                N_("Berumur 17 tahun ke atas, atau sudah/pernah menikah."),
            ),
            dokumen=(_KK,),
            hari_kerja=3,
            diambil_di=AT_UPT,
            butuh_blanko=True,
            untuk="dewasa",
        ),
        Layanan(
            kode="ktp_cetak_ulang",
            nama=N_("Cetak ulang KTP-el (hilang atau rusak)"),
            ringkas=N_("Untuk KTP-el yang hilang atau rusak."),
            persyaratan=(
                N_("Kartu Keluarga."),
                N_("Bila hilang: surat keterangan kehilangan dari kepolisian."),
                N_("Bila rusak: KTP-el yang rusak dibawa saat mengambil kartu baru."),
            ),
            dokumen=(_KK, Doc("bukti", N_("Surat kehilangan atau foto KTP-el yang rusak"))),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field(
                    "alasan",
                    N_("Alasan"),
                    "select",
                    (("hilang", N_("Hilang")), ("rusak", N_("Rusak"))),
                ),
            ),
            butuh_blanko=True,
            untuk="dewasa",
        ),
        Layanan(
            kode="ktp_ubah_data",
            nama=N_("Perubahan data KTP-el"),
            ringkas=N_("Untuk mengubah data seperti status perkawinan, pekerjaan, atau alamat."),
            persyaratan=(
                N_("Kartu Keluarga yang sudah memuat data baru."),
                N_("Dokumen pendukung perubahan (misalnya buku nikah, ijazah)."),
            ),
            dokumen=(_KK, Doc("pendukung", N_("Dokumen pendukung perubahan"))),
            hari_kerja=5,
            diambil_di=AT_UPT,
            fields=(
                Field(
                    "data_diubah",
                    N_("Data yang diubah"),
                    "select",
                    (
                        ("status_perkawinan", N_("Status perkawinan")),
                        ("pekerjaan", N_("Pekerjaan")),
                        ("pendidikan", N_("Pendidikan")),
                        ("alamat", N_("Alamat")),
                        ("lainnya", N_("Lainnya")),
                    ),
                ),
                Field("data_baru", N_("Data yang benar"), max_length=120),
            ),
            butuh_blanko=True,
            untuk="dewasa",
        ),
        Layanan(
            kode="kk_baru",
            nama=N_("Kartu Keluarga baru"),
            ringkas=N_("Membentuk keluarga baru, misalnya setelah menikah."),
            persyaratan=(
                N_("Buku nikah atau akta perkawinan."),
                N_("Kartu Keluarga lama dari kedua pihak."),
                N_("Surat pengantar dari kantor desa."),
            ),
            dokumen=(Doc("nikah", N_("Buku nikah atau akta perkawinan")), _KK),
            hari_kerja=3,
            diambil_di=AT_UPT,
            untuk="dewasa",
            kategori=N_("Kartu Keluarga"),
        ),
        Layanan(
            kode="kk_tambah_anggota",
            nama=N_("Tambah anggota Kartu Keluarga"),
            ringkas=N_("Menambahkan bayi yang baru lahir atau anggota yang pindah masuk."),
            persyaratan=(
                N_("Kartu Keluarga."),
                N_("Akta kelahiran atau surat keterangan lahir, atau surat pindah."),
            ),
            dokumen=(_KK, Doc("dasar", N_("Surat keterangan lahir atau surat pindah"))),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("nama_anggota", N_("Nama anggota baru"), max_length=120),
                Field(
                    "hubungan",
                    N_("Hubungan dalam keluarga"),
                    "select",
                    (
                        ("anak", N_("Anak")),
                        ("orang_tua", N_("Orang tua")),
                        ("famili_lain", N_("Famili lain")),
                    ),
                ),
            ),
            untuk="dewasa",
            kategori=N_("Kartu Keluarga"),
        ),
        Layanan(
            kode="kk_pisah",
            nama=N_("Pisah Kartu Keluarga"),
            ringkas=N_("Memisahkan anggota yang sudah menikah ke Kartu Keluarga sendiri."),
            persyaratan=(N_("Kartu Keluarga."), N_("Buku nikah.")),
            dokumen=(_KK, Doc("nikah", N_("Buku nikah"))),
            hari_kerja=3,
            diambil_di=AT_UPT,
            untuk="dewasa",
            kategori=N_("Kartu Keluarga"),
        ),
        Layanan(
            kode="akta_kelahiran",
            nama=N_("Akta kelahiran"),
            ringkas=N_("Akta untuk anak yang baru lahir (diajukan oleh orang tua)."),
            persyaratan=(
                N_("Surat keterangan lahir dari bidan, puskesmas, atau rumah sakit."),
                N_("Kartu Keluarga orang tua."),
                N_("Buku nikah orang tua, bila ada."),
            ),
            dokumen=(Doc("skl", N_("Surat keterangan lahir")), _KK),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("nama_anak", N_("Nama anak"), max_length=120),
                Field("tanggal_lahir_anak", N_("Tanggal lahir anak"), "date"),
                Field("tempat_lahir_anak", N_("Tempat lahir anak"), max_length=80),
            ),
            untuk="dewasa",
            kategori=N_("Akta"),
        ),
        Layanan(
            kode="akta_kematian",
            nama=N_("Akta kematian"),
            ringkas=N_("Mencatat kematian anggota keluarga."),
            persyaratan=(
                N_("Surat keterangan kematian dari desa, puskesmas, atau rumah sakit."),
                N_("Kartu Keluarga."),
            ),
            dokumen=(Doc("skk", N_("Surat keterangan kematian")), _KK),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(Field("tanggal_meninggal", N_("Tanggal meninggal"), "date"),),
            kategori=N_("Akta"),
        ),
        Layanan(
            kode="pindah",
            nama=N_("Surat pindah (SKPWNI)"),
            ringkas=N_("Pindah domisili ke luar desa, kecamatan, atau kabupaten."),
            persyaratan=(N_("Kartu Keluarga."), N_("Alamat tujuan yang lengkap.")),
            dokumen=(_KK,),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(
                Field("alamat_tujuan", N_("Alamat tujuan"), "textarea", max_length=300),
                Field(
                    "alasan_pindah",
                    N_("Alasan pindah"),
                    "select",
                    (
                        ("pekerjaan", N_("Pekerjaan")),
                        ("pendidikan", N_("Pendidikan")),
                        ("keluarga", N_("Keluarga")),
                        ("lainnya", N_("Lainnya")),
                    ),
                ),
            ),
            kategori=N_("Pindah datang"),
        ),
        Layanan(
            kode="kedatangan",
            nama=N_("Kedatangan (pindah masuk)"),
            ringkas=N_("Mencatat kedatangan dari daerah lain ke Lombok Timur."),
            persyaratan=(N_("Surat pindah (SKPWNI) dari daerah asal."),),
            dokumen=(Doc("skpwni", N_("Surat pindah dari daerah asal")),),
            hari_kerja=3,
            diambil_di=AT_UPT,
            fields=(Field("daerah_asal", N_("Kabupaten/kota asal"), max_length=120),),
            kategori=N_("Pindah datang"),
        ),
        Layanan(
            kode="kia",
            nama=N_("Kartu Identitas Anak (KIA)"),
            ringkas=N_("Kartu identitas untuk anak di bawah 17 tahun."),
            persyaratan=(
                N_("Akta kelahiran anak."),
                N_("Kartu Keluarga."),
                N_("Pas foto anak berwarna, untuk anak berumur 5 tahun ke atas."),
            ),
            dokumen=(
                Doc("akta", N_("Akta kelahiran anak")),
                _KK,
                Doc("pasfoto", N_("Pas foto anak (5 tahun ke atas)"), required=False),
            ),
            hari_kerja=3,
            diambil_di=AT_UPT,
            untuk="anak",
            kategori=N_("Anak"),
        ),
        Layanan(
            kode="ikd_aktivasi",
            nama=N_("Aktivasi IKD (KTP digital)"),
            ringkas=N_("KTP digital di ponsel. Bisa dipakai ketika blanko KTP-el habis."),
            persyaratan=(
                N_("Sudah rekam biometrik KTP-el."),
                N_("Ponsel Android atau iPhone dengan nomor aktif."),
                N_("Datang sendiri: petugas mencocokkan wajah dan data Anda."),
            ),
            dokumen=(),
            hari_kerja=1,
            diambil_di=N_("UPT Dukcapil, kantor desa yang ditunjuk, atau saat jemput bola"),
            untuk="dewasa",
            kategori=N_("IKD"),
        ),
    )
}

CATEGORIES = tuple(dict.fromkeys(item.kategori for item in CATALOGUE.values()))


def get(kode: str) -> Layanan | None:
    return CATALOGUE.get(kode)
