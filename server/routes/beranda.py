"""The home page (one per role) and the language switch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server import cookies
from server.i18n import LANGUAGE_COOKIE, N_, SOURCE_LANGUAGE, catalogues
from server.models.accounts import Role
from server.models.audit import entries_since
from server.models.penduduk import (
    coverage_of_desa,
    coverage_per_desa,
    coverage_per_kecamatan,
    family_size,
    penduduk_by_id,
)
from server.models.wilayah import desa_by_id, kecamatan_by_id
from server.routes.akun import safe_next
from server.services import daftar_desa, kunjungan, pengaduan, perangkat
from server.services.auth import User
from server.web import redirect, render


@dataclass
class LanguageForm:
    bahasa: str = "id"


def back_to(request: HTMXRequest) -> str:
    """The page the switch was pressed on, from the same-origin Referer (the switch sits in the
    footer, which htmx navigation does not re-render, so the page cannot name itself)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return "/"
    return safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))


async def _home_context(user: User) -> dict:
    """What each role sees first: its own figures, within its own scope."""
    if user.role == Role.warga:
        me = await penduduk_by_id(user.penduduk_id)
        family = await family_size(user.kk)
        visits = await kunjungan.published_for_desa(me["desa.id"]) if me else []
        return {"me": me, "family_size": family, "visits": visits}
    if user.role == Role.operator_desa:
        desa = await desa_by_id(user.desa_id)
        coverage = await coverage_of_desa(user.desa_id)
        visits = await kunjungan.published_for_desa(user.desa_id)
        to_check = await daftar_desa.to_check(user.desa_id)
        return {"desa": desa, "coverage": coverage, "visits": visits, "bakso_to_check": to_check}
    if user.role == Role.petugas_keliling or (
        user.role == Role.petugas_dinas and user.kecamatan_id
    ):
        kecamatan = await kecamatan_by_id(user.kecamatan_id)
        coverage = await coverage_per_desa(user.kecamatan_id)
        context = {"kecamatan": kecamatan, "coverage": coverage, "area_label": N_("Desa")}
        if user.role == Role.petugas_keliling:
            context["team"] = await kunjungan.team_of(user)
            context["visits"] = await kunjungan.team_visits_ahead(context["team"])
        return context
    flagged = {
        "long_broken": await perangkat.long_broken(),
        "long_broken_days": perangkat.LONG_BROKEN_DAYS,
        "late_complaints": await pengaduan.overdue_count(),
        "late_filter": pengaduan.LATE,
        "answer_working_days": pengaduan.ANSWER_WORKING_DAYS,
    }
    if user.role == Role.petugas_dinas:
        coverage = await coverage_per_kecamatan()
        return {"coverage": coverage, "area_label": N_("Kecamatan"), **flagged}
    since = datetime.now(UTC) - timedelta(days=1)
    return {"audit_last_day": await entries_since(since), **flagged}


class BerandaController(Controller):
    """Beranda: a welcome for visitors and a working home for each role."""

    @get("/", name="beranda")
    async def home(self, request: HTMXRequest) -> Template:
        """The visitor's welcome, or the signed-in role's home."""
        user: User | None = request.user
        if user is None:
            return render(request, "beranda/tamu.html")
        context = await _home_context(user)
        return render(request, f"beranda/{user.role.value}.html", context)

    @post("/bahasa", name="bahasa")
    async def choose_language(
        self,
        request: HTMXRequest,
        data: Annotated[LanguageForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response:
        """Switch to another language Dekat has, then go back to the same page."""
        response = redirect(request, back_to(request), full_reload=True)
        offered = catalogues(request).languages
        lang = data.bahasa if data.bahasa in offered else SOURCE_LANGUAGE
        response.set_cookie(cookies.make(request.scope, LANGUAGE_COOKIE, lang, max_age=365 * 86400))
        return response
