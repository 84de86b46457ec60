"""Rendering pages for browsers that run htmx and for those that do not.

Every page template extends `layout`, which is either the full page (`layout.html`) or just the
title and `<main>` (`_fragment.html`) for htmx navigation, so one template serves both. A block
of a page (search results, say) is rendered alone with jinja2-fragments when htmx asks for it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import pass_context
from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Litestar, Response
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from server.assets import Assets
from server.i18n import language, long_date, template_translate, translate
from server.models.accounts import Role
from server.services import nik as nik_rules
from server.services import uploads
from server.services.auth import IDLE_TIMEOUT, SHARED_DEVICE_ROLES, User
from server.services.layanan import CATALOGUE, REPORT_FEES, Layanan
from server.services.wilayah import LOCAL_TIME

#: The response header by which a page may enter the service worker's page cache (web/sw/sw.js).
KEEP_OFFLINE_HEADER = "X-Dekat-Offline"
#: What went wrong, in words for the person (percent-encoded UTF-8), on every 4xx page: the
#: outbox (web/static/outbox.js) shows it for an item the server refused.
ERROR_HEADER = "X-Dekat-Galat"
#: Sent by the outbox with every item: the account that made it (server/idempotency.py).
OUTBOX_ACCOUNT_HEADER = "x-dekat-account"
#: Where the person goes next, in the outbox's answer instead of a redirect.
OUTBOX_LOCATION_HEADER = "X-Dekat-Lokasi"
#: Roles whose device is their own (or their team's), where a page may be kept for offline use.
OFFLINE_ROLES = frozenset({Role.warga, Role.petugas_keliling})
GENERIC_ERROR = "Permintaan tidak dapat diproses. Periksa isian Anda lalu coba lagi."

ROLE_LABELS = {
    Role.warga: "Warga",
    Role.operator_desa: "Operator desa",
    Role.petugas_keliling: "Petugas keliling",
    Role.petugas_dinas: "Petugas Dinas Dukcapil",
    Role.pengawas: "Pengawas",
}

KTP_LABELS = {
    "belum_rekam": "Belum rekam",
    "sudah_rekam": "Sudah rekam, menunggu cetak",
    "sudah_cetak": "Sudah dicetak",
}
IKD_LABELS = {"belum_aktif": "Belum aktif", "aktif": "Aktif", "ditangguhkan": "Ditangguhkan"}
HUBUNGAN_LABELS = {
    "kepala_keluarga": "Kepala keluarga",
    "istri": "Istri",
    "suami": "Suami",
    "anak": "Anak",
    "orang_tua": "Orang tua",
    "famili_lain": "Famili lain",
}
ACTION_LABELS = {
    "lihat_penduduk": "Membuka data penduduk",
    "buat_permohonan": "Membuat permohonan",
    "ajukan_permohonan": "Mengajukan permohonan",
    "permohonan_verifikasi": "Memverifikasi permohonan",
    "permohonan_proses": "Memproses permohonan",
    "permohonan_siap": "Menandai siap diambil",
    "permohonan_selesai": "Menyelesaikan permohonan",
    "permohonan_perbaiki": "Mengembalikan untuk diperbaiki",
    "permohonan_tolak": "Menolak permohonan",
    "aktivasi_ikd": "Mengaktifkan IKD",
    "tangguhkan_ikd": "Menangguhkan IKD",
    "izin_aktivasi_ikd": "Mengizinkan operator desa mengaktifkan IKD",
    "cabut_izin_aktivasi_ikd": "Mencabut izin aktivasi IKD operator desa",
    "pesan_jemput_bola": "Memesan jemput bola untuk warga",
    "blanko_kedatangan": "Mencatat kedatangan blanko",
    "blanko_koreksi": "Mengoreksi stok blanko",
    "kirim_pengumuman": "Mengirim pengumuman",
    "blanko_pemakaian": "Mencetak KTP-el (memakai satu blanko)",
    "cetak_luar_urutan": "Mencetak KTP-el di luar urutan",
    "balas_pengaduan": "Menanggapi pengaduan",
    "lihat_identitas_pelapor": "Membuka identitas pelapor pengaduan",
    "impor_daftar_desa": "Mengimpor daftar BAKSO",
    "lihat_daftar_desa": "Membuka daftar BAKSO desa",
    "tandai_daftar_desa": "Menandai warga di daftar BAKSO",
    "pindah_daftar_desa": "Memindahkan warga ke daftar BAKSO desa lain",
    "ekspor_daftar_desa": "Mengunduh daftar BAKSO",
}
OBJECT_LABELS = {
    "penduduk": "Data penduduk",
    "permohonan": "Permohonan",
    "akun": "Akun",
    "blanko_mutasi": "Stok blanko",
    "pengumuman": "Pengumuman",
    "pengaduan": "Pengaduan",
    "desa": "Desa",
    "daftar_impor": "Impor daftar BAKSO",
    "daftar_desa": "Baris daftar BAKSO",
}

STATUS_LABELS = {
    "draf": "Draf",
    "diajukan": "Diajukan",
    "diverifikasi": "Diverifikasi",
    "diproses": "Diproses",
    "siap_diambil": "Siap diambil",
    "selesai": "Selesai",
    "perlu_perbaikan": "Perlu perbaikan",
    "ditolak": "Ditolak",
}
KEPERLUAN_LABELS = {
    "rekam": "Rekam KTP-el",
    "ambil_ktp": "Ambil KTP-el yang sudah dicetak",
    "aktivasi_ikd": "Aktivasi IKD",
    "lainnya": "Lainnya",
}
CATATAN_LABELS = {
    "hadir": "Hadir",
    "direkam": "Sudah direkam",
    "gagal": "Gagal",
    "kartu_diserahkan": "KTP-el diserahkan",
    "ikd_diaktifkan": "IKD diaktifkan",
}
GAGAL_LABELS = {
    "perangkat": "Perangkat",
    "jaringan": "Jaringan",
    "listrik": "Listrik",
    "data": "Data tidak cocok",
}
PERANGKAT_LABELS = {"perekaman": "Set perekaman KTP-el", "printer": "Printer kartu"}
PERANGKAT_STATUS_LABELS = {"baik": "Baik", "rusak": "Rusak", "dalam_perbaikan": "Dalam perbaikan"}
KUNJUNGAN_STATUS_LABELS = {
    "diusulkan": "Diusulkan",
    "diterima": "Diterima",
    "ditolak": "Ditolak",
    "diumumkan": "Diumumkan",
    "selesai": "Selesai",
}
#: Desa lists (program BAKSO): the documents and what the desa officer found out.
DOKUMEN_LABELS = {
    "ktp_el": "KTP-el",
    "kk": "Kartu Keluarga",
    "akta": "Akta kelahiran",
    "kia": "KIA",
}
TANDA_LABELS = {
    "belum": "Belum dicek",
    "masih_tinggal": "Masih tinggal di sini",
    "pindah": "Sudah pindah",
    "meninggal": "Meninggal",
    "sudah_punya": "Sudah punya dokumen",
    "dibantu": "Sudah dibantu",
}
#: Complaints (pengaduan): their kinds and where each stands.
PENGADUAN_JENIS_LABELS = {
    "pungli": "Pungutan liar (pungli)",
    "calo": "Calo",
    "intimidasi": "Intimidasi atau tekanan",
    "lambat": "Pelayanan lambat",
    "perangkat": "Perangkat rusak",
    "lainnya": "Lainnya",
}
PENGADUAN_STATUS_LABELS = {
    "baru": "Menunggu tanggapan",
    "ditanggapi": "Ditanggapi",
    "selesai": "Selesai",
}
ACTION_BUTTON_LABELS = {
    "verifikasi": "Verifikasi",
    "proses": "Proses",
    "siap": "Siap diambil",
    "selesai": "Selesai (sudah diambil)",
    "perbaiki": "Kembalikan untuk diperbaiki",
    "tolak": "Tolak",
}

#: The main menu per role: (route name, label). Only routes that exist are listed.
NAV_ITEMS = {
    Role.warga: [
        ("beranda", "Beranda"),
        ("ikd", "IKD"),
        ("layanan", "Layanan"),
        ("permohonan", "Permohonan"),
        ("jemput_bola", "Jemput bola"),
    ],
    Role.operator_desa: [
        ("beranda", "Beranda"),
        ("daftar_desa", "Daftar BAKSO"),
        ("penduduk", "Cari penduduk"),
        ("permohonan", "Permohonan"),
        ("jemput_bola", "Jemput bola"),
    ],
    Role.petugas_keliling: [
        ("beranda", "Beranda"),
        ("jemput_bola", "Jemput bola"),
        ("penduduk", "Cari penduduk"),
        ("permohonan", "Permohonan"),
    ],
    Role.petugas_dinas: [
        ("beranda", "Beranda"),
        ("proses", "Proses"),
        ("jemput_bola", "Jemput bola"),
        ("penduduk", "Cari penduduk"),
        ("daftar_desa", "Daftar BAKSO"),
        ("dasbor", "Dasbor"),
        ("blanko", "Blanko"),
        ("pengaduan_kelola", "Pengaduan"),
        ("audit", "Log audit"),
    ],
    Role.pengawas: [
        ("beranda", "Beranda"),
        ("dasbor", "Dasbor"),
        ("blanko", "Blanko"),
        ("pengaduan_kelola", "Pengaduan"),
        ("audit", "Log audit"),
    ],
}


@pass_context
def format_date(context: Any, value: date | datetime | None) -> str:
    """`23 November 2026`, in the page's language and in Lombok's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TIME).date()
    return long_date(value, context.get("lang", "id"))


@pass_context
def format_time(context: Any, value: datetime | None) -> str:
    """`23 November 2026 14.05 WITA`."""
    if value is None:
        return ""
    local = value.astimezone(LOCAL_TIME)
    return f"{format_date(context, local.date())} {local:%H.%M} WITA"


def answers(row: dict) -> dict:
    """A request's own answers (stored as JSON)."""
    value = row.get("isian") or {}
    return json.loads(value) if isinstance(value, str) else value


def doc_labels(layanan: Layanan | None) -> dict[str, str]:
    return {doc.key: doc.label for doc in layanan.dokumen} if layanan else {}


def form_value(values: Any, name: str) -> str:
    """What the person typed, to put back in the form after an error."""
    return values.get(name, "") if values else ""


#: Menu entries for regency-wide staff only: complaints go above the UPT (services/pengaduan.py).
REGENCY_ONLY_ROUTES = frozenset({"pengaduan_kelola"})


def nav_items(user: User) -> list[tuple[str, str]]:
    if user.role == Role.petugas_dinas and user.kecamatan_id:
        return [item for item in NAV_ITEMS[user.role] if item[0] not in REGENCY_ONLY_ROUTES]
    return NAV_ITEMS[user.role]


def idle_seconds(user: User) -> int:
    """How long the page may sit untouched before it leaves (same limit as the session)."""
    return int(IDLE_TIMEOUT[user.role].total_seconds())


@lru_cache(maxsize=4096)
def _reverse(app: Litestar, name: str, params: tuple[tuple[str, Any], ...]) -> str:
    return app.route_reverse(name, **dict(params))


@pass_context
def url_for(context: Any, name: str, **params: Any) -> str:
    """Litestar's `url_for`, remembered: routes do not change while the app runs, and a page
    asks for the same few dozen paths on every view."""
    return _reverse(context["request"].app, name, tuple(sorted(params.items())))


def configure_templates(engine: JinjaTemplateEngine, assets: Assets) -> None:
    env = engine.engine
    env.auto_reload = False  # templates change with a deploy, not while serving
    env.globals.update(
        static=assets.url,
        _=template_translate,
        url_for=url_for,
        role_labels=ROLE_LABELS,
        ktp_labels=KTP_LABELS,
        ikd_labels=IKD_LABELS,
        hubungan_labels=HUBUNGAN_LABELS,
        action_labels=ACTION_LABELS,
        object_labels=OBJECT_LABELS,
        shared_device_roles=SHARED_DEVICE_ROLES,
        nav_items=nav_items,
        status_labels=STATUS_LABELS,
        action_button_labels=ACTION_BUTTON_LABELS,
        keperluan_labels=KEPERLUAN_LABELS,
        catatan_labels=CATATAN_LABELS,
        gagal_labels=GAGAL_LABELS,
        perangkat_labels=PERANGKAT_LABELS,
        perangkat_status_labels=PERANGKAT_STATUS_LABELS,
        kunjungan_status_labels=KUNJUNGAN_STATUS_LABELS,
        pengaduan_jenis_labels=PENGADUAN_JENIS_LABELS,
        pengaduan_status_labels=PENGADUAN_STATUS_LABELS,
        dokumen_labels=DOKUMEN_LABELS,
        tanda_labels=TANDA_LABELS,
        answers=answers,
        doc_labels=doc_labels,
        form_value=form_value,
        report_fees=REPORT_FEES,
        catalogue=CATALOGUE,
        idle_seconds=idle_seconds,
    )
    env.filters["mask_nik"] = nik_rules.mask
    env.filters["tanggal"] = format_date
    env.filters["waktu"] = format_time


def wants_fragment(request: HTMXRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(
    request: HTMXRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
    keep_offline: bool = False,
) -> Template:
    """A page, its `<main>` for htmx navigation, or one `block` when htmx targets it.

    `keep_offline` lets the service worker keep this page for offline use, which the offline
    model allows only on a device that is not shared: a citizen's own pages on their own phone,
    the field team's roster on the team's device; for anyone else it is ignored."""
    context = {
        **(context or {}),
        "user": request.scope.get("user"),
        "lang": language(request),
        "layout": "_fragment.html" if wants_fragment(request) else "layout.html",
    }
    if block and wants_fragment(request) and request.htmx.target == block:
        return HTMXBlockTemplate(
            template_name=template, block_name=block, context=context, status_code=status_code
        )
    user = context["user"]
    headers = {}
    if status_code >= 400:
        headers[ERROR_HEADER] = error_header(context["lang"], context)
    if keep_offline and status_code == 200 and user is not None and user.role in OFFLINE_ROLES:
        headers[KEEP_OFFLINE_HEADER] = "simpan"
    return Template(
        template_name=template, context=context, status_code=status_code, headers=headers
    )


def photo_file(data_dir: Path, berkas: str, filename: str) -> File:
    """A stored photo (services/uploads.py), shown inline and never kept in any cache: only
    those who may see it are ever sent it."""
    return File(
        path=uploads.stored_path(data_dir, berkas),
        media_type="image/jpeg",
        content_disposition_type="inline",
        filename=f"{filename}.jpg",
        headers={"cache-control": "no-store"},
    )


def error_header(lang: str, context: dict[str, Any]) -> str:
    """The page's error messages (`message`, `error`, then each field's), translated, in one
    header-safe line."""
    messages = [
        context.get("message"),
        context.get("error"),
        *(context.get("errors") or {}).values(),
    ]
    text = " ".join(translate(lang, m) for m in messages if m)
    return quote(text or translate(lang, GENERIC_ERROR), safe=" .,:;()-")


def path_for(
    request: HTMXRequest, name: str, query: dict[str, Any] | None = None, **params: Any
) -> str:
    """The path of the route named `name`, with `query` (when given) as its query string."""
    path = request.app.route_reverse(name, **params)
    return f"{path}?{urlencode(query)}" if query else path


def redirect_to(
    request: HTMXRequest, name: str, query: dict[str, Any] | None = None, **params: Any
) -> Response:
    """`redirect` to the route named `name` (see `path_for`)."""
    return redirect(request, path_for(request, name, query, **params))


def redirect(request: HTMXRequest, path: str, *, full_reload: bool = False) -> Response:
    """303 for a plain form post. htmx follows a 303 by itself; when the page shell must change
    (signing in or out, language) htmx is told to load the next page whole instead. The outbox
    (web/static/outbox.js) gets a 204 naming the next page: a browser following a 303 would
    have the server render a page that nobody reads."""
    if OUTBOX_ACCOUNT_HEADER in request.headers:
        return Response(content=None, status_code=204, headers={OUTBOX_LOCATION_HEADER: path})
    if full_reload and request.htmx:
        return ClientRedirect(redirect_to=path)
    return Redirect(path=path, status_code=HTTP_303_SEE_OTHER)
