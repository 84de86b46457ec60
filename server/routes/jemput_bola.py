"""Jemput bola as residents and desa officers meet it: the published visits, booking a time
window (or the waiting list, or a home visit), the ticket with its QR code, cancelling and
rescheduling, and the printed list of who is coming."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.db import contains_text
from server.forms import field, number, parse_id
from server.i18n import N_
from server.models.accounts import Role
from server.models.jemput_bola import Keperluan, StatusKunjungan
from server.models.penduduk import KtpStatus, Penduduk, adult_cutoff, family_members
from server.models.permohonan import Permohonan, Status
from server.security import roles
from server.services import audit, kunjungan, pemesanan
from server.services.auth import User
from server.services.ikd_code import qr_svg
from server.services.pemesanan import BookingError
from server.web import redirect, render

BOOKING_ROLES = (Role.warga, Role.operator_desa)
LIST_ROLES = (Role.operator_desa, Role.petugas_keliling, Role.petugas_dinas)
TICKET_NOT_FOUND = N_("Tiket tidak ditemukan, atau bukan milik Anda.")
VISIT_NOT_FOUND = N_("Kunjungan tidak ditemukan.")
RESIDENTS_PAGE = 30


async def home_desa(user: User | None) -> int | None:
    """The desa whose visits a person sees first: a citizen's own, a desa officer's."""
    if user is None:
        return None
    if user.role == Role.operator_desa:
        return user.desa_id
    if user.role == Role.warga and user.penduduk_id:
        row = await Penduduk.select(Penduduk.desa).where(Penduduk.id == user.penduduk_id).first()
        return row["desa"] if row else None
    return None


async def residents_to_serve(desa_id: int, kunjungan_id: int, query: str = "") -> list[dict]:
    """A desa's residents lacking documents, for the desa officer to book: adults not yet
    recorded, and those whose card or document waits to be collected, not yet booked."""
    ready = Permohonan.select(Permohonan.pemohon).where(Permohonan.status == Status.siap_diambil)
    condition = (Penduduk.desa == desa_id) & (
        (
            (Penduduk.ktp_status == KtpStatus.belum_rekam)
            & (Penduduk.tanggal_lahir <= adult_cutoff(kunjungan.today()))
        )
        | (Penduduk.ktp_status == KtpStatus.sudah_rekam)
        | Penduduk.id.is_in(ready)
    )
    if query:
        condition &= contains_text(Penduduk.nama, query)
    rows = (
        await Penduduk.select(Penduduk.id, Penduduk.nama, Penduduk.nik, Penduduk.ktp_status)
        .where(condition)
        .order_by(Penduduk.nama)
        .limit(RESIDENTS_PAGE * 3)
    )
    booked = {
        b["penduduk"]
        for b in await pemesanan.bookings_of_visit(kunjungan_id)
        if b.get("penduduk") is not None
    }
    return [r for r in rows if r["id"] not in booked][:RESIDENTS_PAGE]


class JemputBolaController(Controller):
    """Published visits and their bookings."""

    path = "/jemput-bola"

    @get("/", name="jemput_bola")
    async def index(self, request: HTMXRequest) -> Template:
        """Upcoming visits: for residents, their desa's (with their tickets); for the team,
        its own; for the office, all of them."""
        user: User | None = request.user
        desa_id = await home_desa(user)
        context: dict[str, Any] = {"desa_id": desa_id}
        start = kunjungan.today()
        if desa_id is not None:
            context["visits"] = await kunjungan.published_for_desa(desa_id)
        elif user is not None and user.role == Role.petugas_keliling:
            context["team"] = await kunjungan.team_of(user)
            context["visits"] = await kunjungan.team_visits_ahead(context["team"])
        else:
            context["visits"] = await kunjungan.visits_between(
                start, start + timedelta(days=366), (StatusKunjungan.diumumkan,)
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
        values = {"daftar": str(parse_id(daftar) or "")}
        return await self._visit_page(request, kunjungan_id, untuk, q.strip()[:60], values, None)

    async def _visit_page(
        self,
        request: HTMXRequest,
        kunjungan_id: int,
        untuk: int | None,
        query: str,
        values: dict,
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
        own_desa = await home_desa(user)
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
            context["residents"] = await residents_to_serve(own_desa, row["id"], query)
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
    async def book(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Response:
        """Book a window, join the waiting list, or ask for a home visit."""
        form = await request.form()
        home = field(form, "rumah") == "1"
        penduduk_id = number(form, "penduduk")
        booking = pemesanan.Request(
            kunjungan_id=kunjungan_id,
            penduduk_id=penduduk_id or 0,
            sesi_id=number(form, "sesi"),
            keperluan=field(form, "keperluan") or Keperluan.rekam,
            waiting_list=field(form, "daftar_tunggu") == "1",
            home=home,
            home_reason=field(form, "alasan_rumah") if home else "",
            address=field(form, "alamat") if home else "",
            daftar_id=parse_id(field(form, "daftar")),
        )
        try:
            ticket = await pemesanan.book(request.user, booking)
        except BookingError as error:
            values = {k: field(form, k) for k in form}
            return await self._visit_page(
                request,
                kunjungan_id,
                penduduk_id,
                "",
                values,
                error.message,
                status_code=409 if error.full else 422,
            )
        return redirect(request, f"/jemput-bola/tiket/{ticket['kode']}")

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
            return await self._ticket_page(request, row, error)
        # Back to the ticket, now marked cancelled: the copy kept on the phone follows.
        return redirect(request, f"/jemput-bola/tiket/{row['kode']}")

    @post("/tiket/{kode:str}/ubah", name="jemput_bola_ubah", guards=[roles(*BOOKING_ROLES)])
    async def reschedule(self, request: HTMXRequest, kode: FromPath[str]) -> Response:
        """Move to another window of the same visit."""
        row = await self._readable(request, kode)
        form = await request.form()
        try:
            await pemesanan.reschedule(request.user, row, number(form, "sesi") or 0)
        except BookingError as error:
            return await self._ticket_page(request, row, error)
        return redirect(request, f"/jemput-bola/tiket/{row['kode']}")

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
        row = await kunjungan.visit(kunjungan_id)
        allowed = row is not None and (
            user.role == Role.petugas_dinas
            or (user.role == Role.operator_desa and row["desa.id"] == user.desa_id)
            or (
                user.role == Role.petugas_keliling
                and (team := await kunjungan.team_of(user)) is not None
                and team["id"] == row["tim.id"]
            )
        )
        if not allowed or row["status"] not in (StatusKunjungan.diumumkan, StatusKunjungan.selesai):
            raise NotFoundException(VISIT_NOT_FOUND)
        people = await pemesanan.bookings_of_visit(row["id"])
        await audit.record_reads(user, [p["penduduk"] for p in people if p["penduduk"]])
        return render(request, "jemput_bola/daftar_hadir.html", {"row": row, "people": people})
