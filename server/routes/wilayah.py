"""Public pages listing the regency's kecamatan (each with its UPT Dukcapil) and their desa."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_
from server.models.wilayah import desa_of_kecamatan, kecamatan_by_code, kecamatan_with_desa_counts
from server.web import render


class WilayahController(Controller):
    """Wilayah: where the service points are, for everyone."""

    path = "/wilayah"

    @get("/", name="wilayah")
    async def index(self, request: HTMXRequest) -> Template:
        """The 20 kecamatan with their desa counts."""
        return render(
            request, "wilayah/index.html", {"kecamatan": await kecamatan_with_desa_counts()}
        )

    @get("/{code:str}", name="wilayah_kecamatan")
    async def kecamatan(self, request: HTMXRequest, code: FromPath[str]) -> Template:
        """One kecamatan and its desa."""
        kecamatan = await kecamatan_by_code(code)
        if kecamatan is None:
            raise NotFoundException(N_("Kecamatan tidak ditemukan."))
        context = {"kecamatan": kecamatan, "desa": await desa_of_kecamatan(code)}
        return render(request, "wilayah/kecamatan.html", context)
