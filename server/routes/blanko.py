"""Blanko: the public stock of every office, the offices' own stock records, their print queues,
and the cards printed out of turn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_
from server.models.accounts import Role
from server.models.blanko import JenisMutasi
from server.security import roles
from server.services import blanko
from server.services import layanan as katalog
from server.web import redirect_to, render

OFFICE_NOT_FOUND = N_("Kantor tidak ditemukan.")
MUTASI_LABELS = {
    JenisMutasi.kedatangan: N_("Kedatangan"),
    JenisMutasi.pemakaian: N_("Dicetak"),
    JenisMutasi.koreksi: N_("Koreksi"),
}
STATE_LABELS = {
    blanko.StockState.tersedia: N_("Tersedia"),
    blanko.StockState.menipis: N_("Menipis"),
    blanko.StockState.habis: N_("Habis"),
}


@dataclass
class MovementForm:
    kantor: str = ""
    jenis: str = ""
    jumlah: str = ""
    catatan: str = ""


class BlankoController(Controller):
    """Blanko: public stock, the office's stock records and print queue, and oversight."""

    path = "/blanko"

    @get("/", name="blanko")
    async def index(self, request: HTMXRequest) -> Template:
        """Every office: available, running low or out; last arrival; people waiting to print.
        Where an office is out, the page points to the digital ID."""
        offices = await blanko.overview()
        context = {
            "offices": offices,
            "out": [o for o in offices if o["keadaan"] == blanko.StockState.habis],
            "waiting": sum(o["menunggu"] for o in offices),
            "state_labels": STATE_LABELS,
            "ikd": katalog.get("ikd_aktivasi"),
        }
        return render(request, "blanko/index.html", context)

    @get("/kelola", name="blanko_kelola", guards=[roles(Role.petugas_dinas)])
    async def manage(self, request: HTMXRequest) -> Template:
        """Record an arrival or a correction, and see the latest movements."""
        return await self._manage_page(request, MovementForm(), {})

    async def _manage_page(
        self, request: HTMXRequest, form: MovementForm, errors: dict, status_code: int = 200
    ) -> Template:
        offices = await blanko.managed_offices(request.user)
        context = {
            "offices": offices,
            "form": form,
            "errors": errors,
            "history": await blanko.history([o["id"] for o in offices]),
            "mutasi_labels": MUTASI_LABELS,
            "saved": request.query_params.get("tersimpan"),
        }
        return render(request, "blanko/kelola.html", context, status_code=status_code)

    @post("/kelola", name="blanko_catat", guards=[roles(Role.petugas_dinas)])
    async def record(
        self,
        request: HTMXRequest,
        data: Annotated[MovementForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response:
        """An arrival (which tells those it lets print) or a correction with its reason."""
        offices = {o["kode"]: o for o in await blanko.managed_offices(request.user)}
        kantor = offices.get(data.kantor)
        movement, errors = blanko.check_movement(data.jenis, data.jumlah, data.catatan)
        if kantor is None:
            errors["kantor"] = N_("Pilih kantor yang stoknya Anda kelola.")
        if errors:
            return await self._manage_page(request, data, errors, 422)
        try:
            await blanko.record_movement(request.user, kantor, movement)
        except blanko.BlankoError as error:
            return await self._manage_page(request, data, {"jumlah": error.message}, 422)
        return redirect_to(request, "blanko_kelola", {"tersimpan": kantor["kode"]})

    @get("/antrean", name="blanko_antrean", guards=[roles(Role.petugas_dinas)])
    async def queue(self, request: HTMXRequest, kantor: FromQuery[str] = "") -> Template:
        """An office's print queue in order: the next card to print is at the top."""
        offices = await blanko.managed_offices(request.user)
        chosen = next((o for o in offices if o["kode"] == kantor), offices[0] if offices else None)
        if kantor and (chosen is None or chosen["kode"] != kantor):
            raise NotFoundException(OFFICE_NOT_FOUND)
        context = {
            "offices": offices,
            "chosen": chosen,
            "queue": await blanko.queue_of(chosen["id"]) if chosen else [],
            "waiting": await blanko.waiting_at(chosen["id"]) if chosen else 0,
            "catalogue": katalog.CATALOGUE,
        }
        return render(request, "blanko/antrean.html", context)

    @get(
        "/luar-urutan",
        name="blanko_luar_urutan",
        guards=[roles(Role.pengawas, Role.petugas_dinas)],
    )
    async def out_of_turn(self, request: HTMXRequest) -> Template:
        """Cards printed before their turn, with the reason and who printed them."""
        kantor_ids = None  # pengawas and the Dinas: every office
        if request.user.role == Role.petugas_dinas and request.user.kecamatan_id:
            kantor_ids = [o["id"] for o in await blanko.managed_offices(request.user)]
        rows = await blanko.out_of_turn(kantor_ids)
        return render(request, "blanko/luar_urutan.html", {"rows": rows})
