"""Public tracking: anyone with the tracking code and the last four NIK digits sees where a
request stands, without signing in. Wrong guesses are throttled per address, on a counter of
their own: typos here never slow anyone's sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_
from server.models.permohonan import timeline_of
from server.services import auth, blanko
from server.services import layanan as katalog
from server.services.permohonan import tracked
from server.web import render

NO_MATCH = N_("Kode lacak atau 4 angka terakhir NIK tidak cocok.")


@dataclass
class TrackForm:
    kode: str = ""
    nik4: str = ""


class LacakController(Controller):
    """Lacak: follow a request with its code."""

    path = "/lacak"

    @get("/", name="lacak")
    async def form(self, request: HTMXRequest) -> Template:
        """The tracking form."""
        return render(request, "lacak/index.html", {"form": TrackForm()}, block="hasil_lacak")

    @post("/", name="lacak_cari")
    async def track(
        self,
        request: HTMXRequest,
        data: Annotated[TrackForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template:
        """The status and timeline, with no name and no NIK on the page."""
        address = request.client.host
        minutes = await auth.address_lockout(address, auth.TRACKING_FAILURES)
        context: dict = {"form": data}
        if minutes is not None:
            context["error"] = auth.throttled_message(minutes)
            return render(
                request, "lacak/index.html", context, status_code=429, block="hasil_lacak"
            )
        row = await tracked(data.kode, data.nik4)
        if row is None:
            await auth.record_address_failure(address, auth.TRACKING_FAILURES)
            context["error"] = NO_MATCH
            return render(
                request, "lacak/index.html", context, status_code=422, block="hasil_lacak"
            )
        context.update(
            row=row,
            layanan=katalog.get(row["layanan"]),
            timeline=await timeline_of(row["id"]),
            cetak=await blanko.print_place(row),
        )
        return render(request, "lacak/index.html", context, block="hasil_lacak")
