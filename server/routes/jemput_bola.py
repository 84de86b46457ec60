"""Jemput bola as residents and desa officers meet it: the published visits, booking a time
window (or the waiting list, or a home visit), the ticket with its QR code, cancelling and
rescheduling, and the printed list of who is coming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import EMPTY, Text, parse_id, whole_number
from server.i18n import N_
from server.models.accounts import Role
from server.models.jemput_bola import Keperluan, StatusKunjungan
from server.models.penduduk import family_members
from server.security import roles
from server.services import audit, kunjungan, pemesanan
from server.services.auth import User
from server.services.ikd_code import qr_svg
from server.services.pemesanan import BookingError
from server.web import redirect_to, render

BOOKING_ROLES = (Role.warga, Role.operator_desa)
LIST_ROLES = (Role.operator_desa, Role.petugas_keliling, Role.petugas_dinas)
TICKET_NOT_FOUND = N_("Tiket tidak ditemukan, atau bukan milik Anda.")
VISIT_NOT_FOUND = N_("Kunjungan tidak ditemukan.")
Form = Body(media_type=RequestEncodingType.URL_ENCODED)


@dataclass
class BookingForm:
    """A booking as typed; shown again as typed when it is refused."""

    penduduk: Text = EMPTY
    sesi: Text = EMPTY
    keperluan: Text = EMPTY
    daftar_tunggu: Text = EMPTY
    rumah: Text = EMPTY  # "1": a home visit instead of a window
    alasan_rumah: Text = EMPTY
    alamat: Text = EMPTY
    daftar: Text = EMPTY  # the desa list row it was started from (services/daftar_desa.py)

    def booking(self, kunjungan_id: int) -> pemesanan.Request:
        home = self.rumah == "1"
        return pemesanan.Request(
            kunjungan_id=kunjungan_id,
            penduduk_id=whole_number(self.penduduk) or 0,
            sesi_id=whole_number(self.sesi),
            keperluan=self.keperluan or Keperluan.rekam,
            waiting_list=self.daftar_tunggu == "1",
            home=home,
            home_reason=self.alasan_rumah if home else "",
            address=self.alamat if home else "",
            daftar_id=parse_id(self.daftar),
        )


@dataclass
class RescheduleForm:
    sesi: Text = EMPTY


class JemputBolaController(Controller):
    """Published visits and their bookings."""

    path = "/jemput-bola"

    @get("/", name="jemput_bola")
    async def index(self, request: HTMXRequest) -> Template:
        """Upcoming visits: for residents, their desa's (with their tickets); for the team,
        its own; for the office, all of them."""
        user: User | None = request.user
        desa_id = await pemesanan.home_desa(user)
        context: dict[str, Any] = {"desa_id": desa_id}
        start = kunjungan.today()
        if desa_id is not None:
            context["visits"] = await kunjungan.published_for_desa(desa_id)
        elif user is not None and user.role == Role.petugas_keliling:
            context["team"] = await kunjungan.team_of(user)
            context["visits"] = await kunjungan.team_visits_ahead(context["team"])
        else:
            # The office: its own area's visits (services/scope.py); the public: all of them.
            office = user if user is not None and user.role == Role.petugas_dinas else None
            context["visits"] = await kunjungan.visits_between(
                start, start + timedelta(days=366), (StatusKunjungan.diumumkan,), office
            )
        if user is not None and user.role in BOOKING_ROLES:
            context["tickets"] = await pemesanan.tickets_for(user)
        return render(request, "jemput_bola/index.html", context)

    @get("/kunjungan/{kunjungan_id:int}", name="jemput_bola_kunjungan")
    async def visit(
        self,
        request: HTMXRequest,
        kunjungan_id: FromPath[int],
        untuk: FromQuery[int | None] = None,
        q: FromQuery[str] = "",
        daftar: FromQuery[str] = "",
    ) -> Template:
        """A visit: where, when, the windows with places left, and the booking form; `daftar`
        names the desa list row the booking was started from (services/daftar_desa.py)."""
        values = BookingForm(daftar=Text(parse_id(daftar) or ""))
        return await self._visit_page(request, kunjungan_id, untuk, q.strip()[:60], values, None)

    async def _visit_page(
        self,
        request: HTMXRequest,
        kunjungan_id: int,
        untuk: int | None,
        query: str,
        values: BookingForm,
        error: Any,
        status_code: int = 200,
    ) -> Template:
        user: User | None = request.user
        row = await kunjungan.visit(kunjungan_id)
        if row is None or row["status"] not in (StatusKunjungan.diumumkan, StatusKunjungan.selesai):
            raise NotFoundException(VISIT_NOT_FOUND)
        context: dict[str, Any] = {
            "row": row,
            "sesi": await kunjungan.windows(row["id"]),
            "values": values,
            "error": error,
            "keperluan": list(Keperluan),
            "home_reasons": pemesanan.HOME_REASONS,
            "query": query,
        }
        own_desa = await pemesanan.home_desa(user)
        context["may_book"] = (
            user is not None
            and user.role in BOOKING_ROLES
            and own_desa == row["desa.id"]
            and row["status"] == StatusKunjungan.diumumkan
            and row["tanggal"] >= kunjungan.today()
        )
        if user is not None and user.role == Role.warga:
            context["people"] = await family_members(user.kk) if user.kk else []
        elif user is not None and user.role == Role.operator_desa and own_desa == row["desa.id"]:
            context["residents"] = await pemesanan.residents_to_serve(own_desa, row["id"], query)
            if untuk is not None:
                chosen = await pemesanan.may_book_for(user, untuk)
                context["chosen"] = chosen
                if chosen:
                    await audit.record_reads(user, [chosen["id"]])
        context["foreign"] = (
            user is not None and user.role in BOOKING_ROLES and own_desa != row["desa.id"]
        )
        return render(
            request,
            "jemput_bola/kunjungan.html",
            context,
            status_code=status_code,
            block="warga-desa",
        )

    @post(
        "/kunjungan/{kunjungan_id:int}/pesan",
        name="jemput_bola_pesan",
        guards=[roles(*BOOKING_ROLES)],
    )
    async def book(
        self, request: HTMXRequest, kunjungan_id: FromPath[int], data: Annotated[BookingForm, Form]
    ) -> Response:
        """Book a window, join the waiting list, or ask for a home visit."""
        try:
            ticket = await pemesanan.book(request.user, data.booking(kunjungan_id))
        except BookingError as error:
            return await self._visit_page(
                request,
                kunjungan_id,
                whole_number(data.penduduk),
                "",
                data,
                error.message,
                status_code=409 if error.full else 422,
            )
        return redirect_to(request, "jemput_bola_tiket", kode=ticket["kode"])

    @get("/tiket/{kode:str}", name="jemput_bola_tiket", guards=[roles(*LIST_ROLES, Role.warga)])
    async def ticket(self, request: HTMXRequest, kode: FromPath[str]) -> Template:
        """The ticket: who, when, where, and the QR code the team scans. Kept on the citizen's
        phone for the day there is no signal at the venue."""
        return await self._ticket_page(request, await self._readable(request, kode))

    @post("/tiket/{kode:str}/batal", name="jemput_bola_batal", guards=[roles(*BOOKING_ROLES)])
    async def cancel(self, request: HTMXRequest, kode: FromPath[str]) -> Response:
        """Cancel: the place goes to the first person on the waiting list."""
        row = await self._readable(request, kode)
        try:
            await pemesanan.cancel(request.user, row)
        except BookingError as error:
            return await self._refused_change(request, row, error)
        # Back to the ticket, now marked cancelled: the copy kept on the phone follows.
        return redirect_to(request, "jemput_bola_tiket", kode=row["kode"])

    @post("/tiket/{kode:str}/ubah", name="jemput_bola_ubah", guards=[roles(*BOOKING_ROLES)])
    async def reschedule(
        self, request: HTMXRequest, kode: FromPath[str], data: Annotated[RescheduleForm, Form]
    ) -> Response:
        """Move to another window of the same visit."""
        row = await self._readable(request, kode)
        try:
            await pemesanan.reschedule(request.user, row, whole_number(data.sesi) or 0)
        except BookingError as error:
            return await self._refused_change(request, row, error)
        return redirect_to(request, "jemput_bola_tiket", kode=row["kode"])

    async def _refused_change(
        self, request: HTMXRequest, row: dict, error: BookingError
    ) -> Template:
        """The ticket as it is now (another tab may just have changed it), with why the change
        was refused."""
        now = await pemesanan.readable_ticket(request.user, row["kode"])
        return await self._ticket_page(request, now or row, error)

    async def _ticket_page(
        self, request: HTMXRequest, row: dict, error: BookingError | None = None
    ) -> Template:
        """The ticket, or the ticket with why a change was refused."""
        svg, _ = qr_svg(row["kode"])
        context = {
            "row": row,
            "qr": svg,
            "position": await pemesanan.waiting_position(row),
            "sesi": await kunjungan.windows(row["kunjungan.id"]),
            "changeable": pemesanan.changeable(row),
            "home_reasons": pemesanan.HOME_REASONS,
            "error": error.message if error else None,
        }
        if error is None:
            return render(request, "jemput_bola/tiket.html", context, keep_offline=True)
        status = 409 if error.full else 422
        return render(request, "jemput_bola/tiket.html", context, status_code=status)

    async def _readable(self, request: HTMXRequest, kode: str) -> dict:
        row = await pemesanan.readable_ticket(request.user, kode)
        if row is None:
            raise NotFoundException(TICKET_NOT_FOUND)
        if row["penduduk"]:
            await audit.record_reads(request.user, [row["penduduk"]])
        return row

    @get(
        "/kunjungan/{kunjungan_id:int}/daftar-hadir",
        name="jemput_bola_daftar_hadir",
        guards=[roles(*LIST_ROLES)],
    )
    async def attendance_list(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Template:
        """The list of who is coming, to print and sign at the venue."""
        user: User = request.user
        row = await kunjungan.visit_of(user, kunjungan_id)
        if row is None or row["status"] not in (StatusKunjungan.diumumkan, StatusKunjungan.selesai):
            raise NotFoundException(VISIT_NOT_FOUND)
        people = await pemesanan.bookings_of_visit(row["id"])
        await audit.record_reads(user, [p["penduduk"] for p in people if p["penduduk"]])
        return render(request, "jemput_bola/daftar_hadir.html", {"row": row, "people": people})
