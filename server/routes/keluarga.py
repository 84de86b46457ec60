"""A citizen's own family card (KK): themself and the members listed with them."""

from __future__ import annotations

from litestar import Controller, get
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.models.accounts import Role
from server.models.penduduk import family_members
from server.security import roles
from server.services import audit
from server.web import render


class KeluargaController(Controller):
    """Keluarga: the citizen's KK."""

    @get("/keluarga", name="keluarga", guards=[roles(Role.warga)])
    async def family(self, request: HTMXRequest) -> Template:
        """The members of my KK; reading the others' data is audit-logged."""
        members = await family_members(request.user.kk) if request.user.kk else []
        await audit.record_reads(request.user, [m["id"] for m in members])
        return render(request, "keluarga/index.html", {"members": members})
