"""Planning jemput bola at the Dinas: the need per desa, the plan for the next weeks (propose,
edit, accept, reject, publish), days off, and the teams with their equipment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import EMPTY, Text, whole_number
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Role
from server.models.jemput_bola import StatusPerangkat
from server.security import roles
from server.services import kunjungan
from server.services.kunjungan import OutOfScope, VisitError
from server.web import redirect_to, render

DEFAULT_WEEKS = 4
Form = Body(media_type=RequestEncodingType.URL_ENCODED)


def _plan(request: HTMXRequest, mulai: str, minggu: int | str | None = None) -> Response:
    """Back to the plan from `mulai` (for `minggu` weeks, when given)."""
    query = {"mulai": mulai} if minggu is None else {"mulai": mulai, "minggu": minggu}
    return redirect_to(request, "jemput_bola_rencana", query)


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass
class WeeksForm:
    """The weeks the plan page shows, sent back with its forms."""

    mulai: Text = EMPTY
    minggu: Text = EMPTY

    def start(self) -> date | None:
        return parse_date(self.mulai)

    def weeks(self) -> int | None:
        return whole_number(self.minggu)


@dataclass
class DecisionForm(WeeksForm):
    tindakan: Text = EMPTY


@dataclass
class DayOffForm(WeeksForm):
    tanggal: Text = EMPTY
    tim: Text = EMPTY  # empty for a public holiday
    keterangan: Text = EMPTY

    def day(self) -> date:
        tanggal = parse_date(self.tanggal)
        if tanggal is None:
            raise VisitError(N_("Tanggal libur tidak valid."))
        return tanggal


@dataclass
class VisitForm:
    """A person's change to a visit; shown again as typed when it is refused."""

    tanggal: Text = EMPTY
    tim: Text = EMPTY
    perangkat: Text = EMPTY
    kapasitas: Text = EMPTY
    tempat: Text = EMPTY

    def change(self) -> tuple[date, int, int, int]:
        """Date, team, kit and capacity; VisitError says which one is wrong."""
        tanggal = parse_date(self.tanggal)
        tim_id, perangkat_id = whole_number(self.tim), whole_number(self.perangkat)
        kapasitas = whole_number(self.kapasitas)
        if tanggal is None:
            raise VisitError(N_("Tanggal tidak valid."))
        if tim_id is None or perangkat_id is None:
            raise VisitError(N_("Pilih tim dan perangkat."))
        if kapasitas is None:
            raise VisitError(N_("Kapasitas harus berupa angka."))
        return tanggal, tim_id, perangkat_id, kapasitas


@dataclass
class EquipmentStatusForm:
    status: Text = EMPTY
    catatan: Text = EMPTY
    dilaporkan_ke: Text = EMPTY


@dataclass
class MemberForm:
    akun: Text = EMPTY


def not_found(error: OutOfScope) -> NotFoundException:
    """A visit, team or kit outside the user's scope answers as one that does not exist."""
    return NotFoundException(str(error.message))


class RencanaController(Controller):
    """Only the Dinas plans visits and keeps the equipment register; UPT staff do it for their
    own kecamatan, teams and kits (services/scope.py)."""

    path = "/jemput-bola"
    guards = [roles(Role.petugas_dinas)]

    @get("/rencana", name="jemput_bola_rencana")
    async def plan(
        self, request: HTMXRequest, mulai: FromQuery[str] = "", minggu: FromQuery[int] = 0
    ) -> Template:
        """The visits planned from `mulai` for `minggu` weeks, grouped by day."""
        return await self._page(request, mulai, minggu)

    async def _page(
        self,
        request: HTMXRequest,
        mulai: str = "",
        minggu: int = 0,
        error: Any = None,
        notice: Any = None,
        problems: list | None = None,
        status_code: int = 200,
    ) -> Template:
        start = parse_date(mulai) or kunjungan.next_monday(kunjungan.today())
        weeks = minggu if 1 <= minggu <= kunjungan.MAX_WEEKS else DEFAULT_WEEKS
        end = start + timedelta(weeks=weeks)
        user = request.user
        rows = await kunjungan.visits_between(start, end, (*kunjungan.LIVE, "ditolak"), user)
        days: dict[date, list[dict]] = {}
        for row in rows:
            days.setdefault(row["tanggal"], []).append(row)
        live = [r for r in rows if r["status"] != "ditolak"]
        counts = {s: sum(1 for r in rows if r["status"] == s) for s in kunjungan.LIVE}
        context = {
            "start": start,
            "last_day": end - timedelta(days=1),
            "weeks": weeks,
            "max_weeks": kunjungan.MAX_WEEKS,
            "days": days,
            "counts": counts,
            "served": sum(r["kapasitas"] for r in live),
            "team_days": len({(r["tim.id"], r["tanggal"]) for r in live}),
            "holidays": [h for h in await kunjungan.holidays(user) if start <= h["tanggal"] < end],
            "teams": await kunjungan.teams(user),
            "error": error,
            "notice": notice,
            "problems": problems or [],
        }
        return render(request, "jemput_bola/rencana.html", context, status_code=status_code)

    @post("/rencana", name="jemput_bola_rencana_buat")
    async def propose(self, request: HTMXRequest, data: Annotated[WeeksForm, Form]) -> Response:
        """Ask for a fresh plan: open proposals from the start date on are replaced."""
        start, weeks = data.start(), data.weeks() or 0
        if start is None:
            return await self._page(
                request, error=Message("Tanggal mulai tidak valid."), status_code=422
            )
        try:
            await kunjungan.propose(request.user, start, weeks)
        except VisitError as error:
            return await self._page(
                request, start.isoformat(), weeks, error=error.message, status_code=422
            )
        return _plan(request, start.isoformat(), weeks)

    @post("/rencana/semua", name="jemput_bola_rencana_semua")
    async def decide_all(
        self, request: HTMXRequest, data: Annotated[DecisionForm, Form]
    ) -> Response:
        """Accept every proposal, or publish every accepted visit, in the shown weeks."""
        start = data.start() or kunjungan.today()
        weeks = data.weeks() or DEFAULT_WEEKS
        if data.tindakan not in ("terima", "umumkan"):
            return await self._page(
                request, error=Message("Tindakan tidak dikenal."), status_code=422
            )
        done, problems = await kunjungan.accept_all(
            request.user, start, start + timedelta(weeks=weeks), data.tindakan
        )
        if data.tindakan == "terima":
            notice = lazy_ngettext("%(num)s usulan diterima.", "%(num)s usulan diterima.", done)
        else:
            notice = lazy_ngettext(
                "%(num)s kunjungan diumumkan ke warga.",
                "%(num)s kunjungan diumumkan ke warga.",
                done,
            )
        return await self._page(request, start.isoformat(), weeks, notice=notice, problems=problems)

    @post("/kunjungan/{kunjungan_id:int}/keputusan", name="jemput_bola_keputusan")
    async def decide(
        self, request: HTMXRequest, kunjungan_id: FromPath[int], data: Annotated[DecisionForm, Form]
    ) -> Response:
        """Accept, reject or publish one visit."""
        try:
            row = await kunjungan.decide(request.user, kunjungan_id, data.tindakan)
        except OutOfScope as error:
            raise not_found(error) from None
        except VisitError as error:
            return await self._page(
                request, data.mulai, data.weeks() or 0, error=error.message, status_code=422
            )
        return _plan(
            request, data.mulai or row["tanggal"].isoformat(), data.weeks() or DEFAULT_WEEKS
        )

    @get("/kunjungan/{kunjungan_id:int}/ubah", name="jemput_bola_ubah_kunjungan")
    async def edit_form(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Template:
        """Change a proposed or accepted visit: date, team, kit, capacity, venue."""
        return await self._edit_page(request, kunjungan_id, VisitForm(), None)

    async def _edit_page(self, request, kunjungan_id, values, error, status_code=200):
        row = await kunjungan.visit_of(request.user, kunjungan_id)
        if row is None:
            raise NotFoundException(kunjungan.VISIT_NOT_FOUND)
        context = {
            "row": row,
            "teams": await kunjungan.teams(request.user),
            "values": values,
            "error": error,
        }
        return render(request, "jemput_bola/kunjungan_ubah.html", context, status_code=status_code)

    @post("/kunjungan/{kunjungan_id:int}/ubah", name="jemput_bola_ubah_kunjungan_kirim")
    async def edit(
        self, request: HTMXRequest, kunjungan_id: FromPath[int], data: Annotated[VisitForm, Form]
    ) -> Response:
        try:
            tanggal, tim_id, perangkat_id, kapasitas = data.change()
            await kunjungan.edit(
                request.user, kunjungan_id, tanggal, tim_id, perangkat_id, kapasitas, data.tempat
            )
        except OutOfScope as error:
            raise not_found(error) from None
        except VisitError as error:
            return await self._edit_page(request, kunjungan_id, data, error.message, 422)
        return _plan(request, tanggal.isoformat())

    @post("/libur", name="jemput_bola_libur")
    async def day_off(self, request: HTMXRequest, data: Annotated[DayOffForm, Form]) -> Response:
        """A public holiday (no team) or one team's day off."""
        try:
            await kunjungan.add_day_off(
                request.user, data.day(), whole_number(data.tim), data.keterangan
            )
        except OutOfScope as error:
            raise not_found(error) from None
        except VisitError as error:
            return await self._page(
                request, data.mulai, data.weeks() or 0, error=error.message, status_code=422
            )
        return _plan(request, data.mulai, data.minggu)

    @get("/kebutuhan", name="jemput_bola_kebutuhan")
    async def needs(self, request: HTMXRequest, kecamatan: FromQuery[str] = "") -> Template:
        """Every desa's need: unrecorded adults, cards waiting, IKD requests, bookings, last
        visit and travel time from the nearest team."""
        rows = await kunjungan.desa_figures(user=request.user)
        names = sorted({r.kecamatan for r in rows})
        if kecamatan in names:
            rows = [r for r in rows if r.kecamatan == kecamatan]
        return render(
            request,
            "jemput_bola/kebutuhan.html",
            {"rows": rows, "kecamatan_names": names, "kecamatan": kecamatan},
        )

    @get("/perangkat", name="jemput_bola_perangkat")
    async def equipment(self, request: HTMXRequest) -> Template:
        """Teams, members, home offices and every piece of equipment with its history."""
        return await self._equipment_page(request)

    async def _equipment_page(self, request, error=None, status_code=200):
        kits = await kunjungan.equipment(request.user)
        for kit in kits:
            kit["riwayat"] = await kunjungan.equipment_history(kit["id"])
        context = {
            "teams": await kunjungan.teams(request.user),
            "kits": kits,
            "statuses": list(StatusPerangkat),
            "free_petugas": await kunjungan.free_petugas(request.user),
            "error": error,
        }
        return render(request, "jemput_bola/perangkat.html", context, status_code=status_code)

    @post("/perangkat/{perangkat_id:int}/status", name="jemput_bola_perangkat_status")
    async def equipment_status(
        self,
        request: HTMXRequest,
        perangkat_id: FromPath[int],
        data: Annotated[EquipmentStatusForm, Form],
    ) -> Response:
        try:
            await kunjungan.set_equipment_status(
                request.user, perangkat_id, data.status, data.catatan, data.dilaporkan_ke
            )
        except OutOfScope as error:
            raise not_found(error) from None
        except VisitError as error:
            return await self._equipment_page(request, error.message, 422)
        return redirect_to(request, "jemput_bola_perangkat")

    @post("/tim/{tim_id:int}/anggota", name="jemput_bola_tim_anggota")
    async def add_member(
        self, request: HTMXRequest, tim_id: FromPath[int], data: Annotated[MemberForm, Form]
    ) -> Response:
        """Put a petugas_keliling account into a team (one team per account)."""
        try:
            await kunjungan.add_member(request.user, tim_id, whole_number(data.akun))
        except OutOfScope as error:
            raise not_found(error) from None
        except VisitError as error:
            return await self._equipment_page(request, error.message, 422)
        return redirect_to(request, "jemput_bola_perangkat")
