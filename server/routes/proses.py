"""The office's processing queue: oldest first, overdue marked, one action at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlencode

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import parse_id
from server.i18n import N_
from server.models.accounts import Role
from server.models.permohonan import DETAIL_COLUMNS, Permohonan, Status, timeline_of
from server.models.wilayah import Kecamatan
from server.security import roles
from server.services import audit, blanko
from server.services import layanan as katalog
from server.services import permohonan as rules
from server.services.scope import permohonan_scope
from server.services.wilayah import today
from server.web import redirect, render

QUEUE_STATUSES = (Status.diajukan, Status.diverifikasi, Status.diproses, Status.siap_diambil)
#: Age filters: label -> minimum days since submission.
AGES = {"": 0, "3": 3, "7": 7, "14": 14}
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
        where = permohonan_scope(request.user)
        wanted = [s for s in QUEUE_STATUSES if s == status] or list(QUEUE_STATUSES)
        where &= Permohonan.status.is_in(wanted)
        if layanan in katalog.CATALOGUE:
            where &= Permohonan.layanan == layanan
        if kecamatan:
            where &= Permohonan.pemohon.desa.kecamatan.code == kecamatan
        if AGES.get(umur):
            cutoff = datetime.now(UTC) - timedelta(days=AGES[umur])
            where &= Permohonan.diajukan <= cutoff
        if kode.strip():
            where &= Permohonan.kode == (rules.normalise_code(kode) or kode.strip()[:20])
        total = await Permohonan.count().where(where)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(parse_id(halaman) or 1, pages)
        rows = await (
            Permohonan.select(*DETAIL_COLUMNS)
            .where(where)
            .order_by(Permohonan.diajukan)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        await audit.record_reads(request.user, [row["pemohon"] for row in rows])
        filters = {
            "status": status,
            "layanan": layanan,
            "kecamatan": kecamatan,
            "umur": umur,
            "kode": kode.strip(),
        }
        context = {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": pages,
            "page_query": urlencode({k: v for k, v in filters.items() if v}),
            "today": today(),
            "filters": filters,
            "statuses": QUEUE_STATUSES,
            "catalogue": katalog.CATALOGUE,
            "kecamatan_list": await Kecamatan.select(Kecamatan.code, Kecamatan.name).order_by(
                Kecamatan.code
            ),
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
        return redirect(request, f"/proses/{row['kode']}")

    async def _row(self, request: HTMXRequest, kode: str) -> dict:
        row = await rules.readable_request(request.user, kode)
        if row is None:
            raise NotFoundException(N_("Permohonan tidak ditemukan."))
        await audit.record_reads(request.user, [row["pemohon"]])
        return row
