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
from server.i18n import N_, Catalogues, language, long_date, translate
from server.models.accounts import ROLE_LABELS, Role
from server.models.audit import ACTION_LABELS, OBJECT_LABELS
from server.models.daftar_desa import DOKUMEN_LABELS, TANDA_LABELS
from server.models.jemput_bola import (
    CATATAN_LABELS,
    GAGAL_LABELS,
    KEPERLUAN_LABELS,
    KUNJUNGAN_STATUS_LABELS,
    PERANGKAT_LABELS,
    PERANGKAT_STATUS_LABELS,
)
from server.models.penduduk import HUBUNGAN_LABELS, IKD_LABELS, KTP_LABELS
from server.models.pengaduan import PENGADUAN_JENIS_LABELS, PENGADUAN_STATUS_LABELS
from server.models.permohonan import STATUS_LABELS
from server.services import nik as nik_rules
from server.services import uploads
from server.services.auth import IDLE_TIMEOUT, SHARED_DEVICE_ROLES, User
from server.services.layanan import CATALOGUE, REPORT_FEES, Layanan
from server.services.permohonan import ACTION_BUTTON_LABELS
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
GENERIC_ERROR = N_("Permintaan tidak dapat diproses. Periksa isian Anda lalu coba lagi.")


#: The main menu per role: (route name, label). Only routes that exist are listed.
NAV_ITEMS = {
    Role.warga: [
        ("beranda", N_("Beranda")),
        ("ikd", N_("IKD")),
        ("layanan", N_("Layanan")),
        ("permohonan", N_("Permohonan")),
        ("jemput_bola", N_("Jemput bola")),
    ],
    Role.operator_desa: [
        ("beranda", N_("Beranda")),
        ("daftar_desa", N_("Daftar BAKSO")),
        ("penduduk", N_("Cari penduduk")),
        ("permohonan", N_("Permohonan")),
        ("jemput_bola", N_("Jemput bola")),
    ],
    Role.petugas_keliling: [
        ("beranda", N_("Beranda")),
        ("jemput_bola", N_("Jemput bola")),
        ("penduduk", N_("Cari penduduk")),
        ("permohonan", N_("Permohonan")),
    ],
    Role.petugas_dinas: [
        ("beranda", N_("Beranda")),
        ("proses", N_("Proses")),
        ("jemput_bola", N_("Jemput bola")),
        ("penduduk", N_("Cari penduduk")),
        ("daftar_desa", N_("Daftar BAKSO")),
        ("dasbor", N_("Dasbor")),
        ("blanko", N_("Blanko")),
        ("pengaduan_kelola", N_("Pengaduan")),
        ("audit", N_("Log audit")),
    ],
    Role.pengawas: [
        ("beranda", N_("Beranda")),
        ("dasbor", N_("Dasbor")),
        ("blanko", N_("Blanko")),
        ("pengaduan_kelola", N_("Pengaduan")),
        ("audit", N_("Log audit")),
    ],
}


@pass_context
def format_date(context: Any, value: date | datetime | None) -> str:
    """`23 November 2026`, in the page's language and in Lombok's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TIME).date()
    catalogues = context["catalogues"]
    return long_date(value, catalogues.translations(context.get("lang", "id")))


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


def configure_templates(
    engine: JinjaTemplateEngine, assets: Assets, catalogues: Catalogues
) -> None:
    env = engine.engine
    env.auto_reload = False  # templates change with a deploy, not while serving
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True  # `{% trans %}` leaves the values to our gettext, as `_()` does
    env.globals.update(catalogues.template_callables())
    env.globals.update(
        static=assets.url,
        catalogues=catalogues,
        languages=list(catalogues.languages.values()),
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
        headers[ERROR_HEADER] = error_header(request, context)
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


def error_header(request: HTMXRequest, context: dict[str, Any]) -> str:
    """The page's error messages (`message`, `error`, then each field's), translated, in one
    header-safe line."""
    messages = [
        context.get("message"),
        context.get("error"),
        *(context.get("errors") or {}).values(),
    ]
    text = " ".join(translate(request, m) for m in messages if m)
    return quote(text or translate(request, GENERIC_ERROR), safe=" .,:;()-")


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
