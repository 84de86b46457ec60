"""The office's processing queue: oldest first, overdue marked, one action at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import parse_id
from server.i18n import N_
from server.models.accounts import Role
from server.models.permohonan import Status, timeline_of
from server.models.wilayah import all_kecamatan
from server.security import roles
from server.services import audit, blanko, proses
from server.services import layanan as katalog
from server.services import permohonan as rules
from server.services.wilayah import today
from server.web import redirect_to, render

#: Requests shown on one page of the queue.
PAGE_SIZE = 50


@dataclass
class ActionForm:
    catatan: str = ""
    tempat: str = ""
    luar_urutan: str = ""  # why a card prints before its turn


class ProsesController(Controller):
    """Proses: Dinas and UPT staff work through submitted requests."""

    path = "/proses"
    guards = [roles(Role.petugas_dinas)]

    @get("/", name="proses")
    async def queue(
        self,
        request: HTMXRequest,
        status: FromQuery[str] = "",
        layanan: FromQuery[str] = "",
        kecamatan: FromQuery[str] = "",
        umur: FromQuery[str] = "",
        kode: FromQuery[str] = "",
        halaman: FromQuery[str] = "",
    ) -> Template:
        """Requests waiting for the office, oldest submission first, a page at a time; the
        filters narrow it, a tracking code finds one."""
        filters = proses.Filters(status, layanan, kecamatan, umur, kode.strip())
        page = parse_id(halaman) or 1
        found = await proses.queue_page(request.user, filters, page, PAGE_SIZE)
        await audit.record_reads(request.user, [row["pemohon"] for row in found.rows])
        context = {
            "rows": found.rows,
            "total": found.total,
            "page": found.page,
            "pages": found.pages,
            "page_query": filters.query(),
            "today": today(),
            "filters": filters,
            "statuses": proses.QUEUE_STATUSES,
            "catalogue": katalog.CATALOGUE,
            "kecamatan_list": await all_kecamatan(),
        }
        return render(request, "proses/index.html", context, block="antrean")

    @get("/{kode:str}", name="proses_detail")
    async def detail(self, request: HTMXRequest, kode: FromPath[str]) -> Template:
        """One request with the actions its status allows."""
        row = await self._row(request, kode)
        return await self._page(request, row)

    async def _page(self, request, row, error=None, status_code=200) -> Template:
        context = {
            "row": row,
            "layanan": katalog.get(row["layanan"]),
            "timeline": await timeline_of(row["id"]),
            "actions": [
                (name, target)
                for name, (target, _) in rules.ACTIONS.items()
                if target in rules.TRANSITIONS[Status(row["status"])]
            ],
            "cetak": await blanko.print_place(row),
            "error": error,
        }
        return render(request, "proses/detail.html", context, status_code=status_code)

    @post("/{kode:str}/{aksi:str}", name="proses_aksi")
    async def act(
        self,
        request: HTMXRequest,
        kode: FromPath[str],
        aksi: FromPath[str],
        data: Annotated[ActionForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response:
        """Verify, process, ready for pickup, done; or back for fixing, or reject."""
        row = await self._row(request, kode)
        try:
            await rules.act(request.user, row, aksi, data.catatan, data.tempat, data.luar_urutan)
        except rules.RequestError as error:
            return await self._page(request, row, error.message, 422)
        return redirect_to(request, "proses_detail", kode=row["kode"])

    async def _row(self, request: HTMXRequest, kode: str) -> dict:
        row = await rules.readable_request(request.user, kode)
        if row is None:
            raise NotFoundException(N_("Permohonan tidak ditemukan."))
        await audit.record_reads(request.user, [row["pemohon"]])
        return row
