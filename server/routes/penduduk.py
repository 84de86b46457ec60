"""The resident registry as staff see it: search within their scope, and one resident's page."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_
from server.security import roles
from server.services import audit
from server.services.scope import REGISTRY_ROLES, readable_penduduk, search_residents
from server.web import render

NOT_FOUND = N_("Data penduduk tidak ditemukan, atau di luar wilayah tugas Anda.")


class PendudukController(Controller):
    """Registry pages for desa officers, field teams and Dinas staff."""

    path = "/penduduk"
    guards = [roles(*REGISTRY_ROLES)]

    @get("/", name="penduduk")
    async def index(self, request: HTMXRequest, q: FromQuery[str] = "") -> Template:
        """Search by name or NIK; htmx asks for the results block only, as the officer types."""
        query = q.strip()
        results = await search_residents(request.user, query) if len(query) >= 3 else []
        await audit.record_reads(request.user, [row["id"] for row in results])
        context = {"q": query, "results": results, "too_short": 0 < len(query) < 3}
        return render(request, "penduduk/index.html", context, block="hasil")

    @get("/{penduduk_id:int}", name="penduduk_detail")
    async def detail(self, request: HTMXRequest, penduduk_id: FromPath[int]) -> Template:
        """One resident, in full; every opening is written to the audit log. The URL names the
        row, not the NIK, so no NIK lands in history or server logs."""
        person = await readable_penduduk(request.user, penduduk_id)
        if person is None:
            raise NotFoundException(NOT_FOUND)
        await audit.record_reads(request.user, [person["id"]])
        return render(request, "penduduk/detail.html", {"person": person})
