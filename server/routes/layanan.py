"""The service catalogue: requirements in plain words, documents, time, place, and the fee,
which is always Rp 0."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_
from server.models.kantor import all_kantor
from server.models.penduduk import kecamatan_code_of
from server.services import layanan as katalog
from server.web import render


async def _home_kantor_code(request: HTMXRequest) -> str | None:
    """The UPT of a signed-in citizen's kecamatan, to preselect where they would print."""
    user = request.scope.get("user")
    if user is None or user.penduduk_id is None:
        return None
    code = await kecamatan_code_of(user.penduduk_id)
    return f"UPT-{code}" if code is not None else None


class LayananController(Controller):
    """Layanan: what Dukcapil offers, for everyone, signed in or not."""

    path = "/layanan"

    @get("/", name="layanan")
    async def index(self, request: HTMXRequest) -> Template:
        """All services, grouped."""
        groups = {
            category: [item for item in katalog.CATALOGUE.values() if item.kategori == category]
            for category in katalog.CATEGORIES
        }
        return render(request, "layanan/index.html", {"groups": groups})

    @get("/{kode:str}", name="layanan_detail")
    async def detail(
        self, request: HTMXRequest, kode: FromPath[str], kantor: FromQuery[str | None] = None
    ) -> Template:
        """One service; a KTP-el print shows the chosen office's blanko stock and offers IKD
        when there is none."""
        item = katalog.get(kode)
        if item is None:
            raise NotFoundException(N_("Layanan tidak ditemukan."))
        offices = await all_kantor()
        chosen_code = kantor or await _home_kantor_code(request)
        chosen = next((o for o in offices if o["kode"] == chosen_code), None)
        context = {"item": item, "kantor": offices, "chosen": chosen}
        return render(request, "layanan/detail.html", context, block="blanko")
