"""Perangkat: the public summary of recording sets and card printers per kecamatan."""

from __future__ import annotations

from litestar import Controller, get
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.services import perangkat
from server.web import render


class PerangkatController(Controller):
    """Perangkat: which kits work where, which do not, since when and who was told."""

    path = "/perangkat"

    @get("/", name="perangkat")
    async def index(self, request: HTMXRequest) -> Template:
        """Every kecamatan with kits: working and broken counts, and each broken kit."""
        areas = await perangkat.summary()
        context = {
            "areas": areas,
            "broken": sum(len(area["rusak"]) for area in areas),
            "long_broken": sum(1 for area in areas for kit in area["rusak"] if kit["terlalu_lama"]),
            "limit": perangkat.LONG_BROKEN_DAYS,
        }
        return render(request, "perangkat/index.html", context)
