"""The field day of a jemput-bola visit, for its team: the roster kept on the device, check-in
and outcomes (sent through the outbox, so they work without signal), walk-ins, a broken kit in
one tap, and the visit report."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import EMPTY, Text, read_form
from server.models.accounts import Role
from server.models.jemput_bola import AlasanGagal, JenisCatatan, Keperluan
from server.security import roles
from server.services import audit, lapangan
from server.services.pemesanan import BookingError
from server.web import redirect_to, render

TEAM_ROLES = (Role.petugas_keliling, Role.petugas_dinas)


@dataclass
class RecordForm:
    """A check-in or an outcome, as the device recorded it."""

    kode: Text = EMPTY  # the device's own name for the record: sent twice, stored once
    tiket: Text = EMPTY
    jenis: Text = EMPTY
    alasan: Text = EMPTY
    waktu: Text = EMPTY  # when the device recorded it


@dataclass
class WalkInForm:
    tiket: Text = EMPTY  # drawn on the device, so the ticket exists before it is sent
    nama: Text = EMPTY
    nik: Text = EMPTY
    keperluan: Text = EMPTY
    waktu: Text = EMPTY


@dataclass
class BrokenKitForm:
    catatan: Text = EMPTY


class LapanganController(Controller):
    path = "/jemput-bola/kunjungan/{kunjungan_id:int}"
    guards = [roles(*TEAM_ROLES)]

    async def _visit(self, request: HTMXRequest, kunjungan_id: int) -> dict:
        try:
            return await lapangan.team_visit(request.user, kunjungan_id)
        except BookingError as error:
            raise NotFoundException(str(error.message)) from None

    @get("/lapangan", name="lapangan")
    async def roster(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Template:
        """The day's roster. Opened once with signal before leaving, it stays on the team's
        device; everything done on it goes through the outbox."""
        visit = await self._visit(request, kunjungan_id)
        people = await lapangan.roster(visit["id"])
        await audit.record_reads(request.user, [p["penduduk"] for p in people if p["penduduk"]])
        served = {"direkam", "kartu_diserahkan", "ikd_diaktifkan"}
        context = {
            "row": visit,
            "people": people,
            "present": sum(1 for p in people if p["status"] == "hadir"),
            "served": sum(1 for p in people if served & {c["jenis"] for c in p["catatan"]}),
            "outcomes": [j for j in JenisCatatan if j != JenisCatatan.hadir],
            "reasons": list(AlasanGagal),
            "keperluan": list(Keperluan),
        }
        return render(request, "jemput_bola/lapangan.html", context, keep_offline=True)

    async def _refused(self, request: HTMXRequest, error: BookingError):
        return render(
            request,
            "galat.html",
            {"status": 422, "message": error.message},
            status_code=422,
        )

    @post("/catatan", name="lapangan_catatan")
    async def record(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Response:
        """One check-in or outcome, as the device recorded it."""
        await self._visit(request, kunjungan_id)  # 404 unless the team's own
        data = await read_form(request, RecordForm)
        try:
            await lapangan.record(
                request.user,
                kunjungan_id,
                data.kode,
                data.tiket,
                data.jenis,
                data.alasan,
                data.waktu,
            )
        except BookingError as error:
            return await self._refused(request, error)
        return redirect_to(request, "lapangan", kunjungan_id=kunjungan_id)

    @post("/datang-langsung", name="lapangan_datang_langsung")
    async def walk_in(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Response:
        """Someone who came without booking."""
        await self._visit(request, kunjungan_id)  # 404 unless the team's own
        data = await read_form(request, WalkInForm)
        try:
            await lapangan.register_walk_in(
                request.user,
                kunjungan_id,
                data.tiket,
                data.nama,
                data.nik,
                data.keperluan or Keperluan.rekam,
                data.waktu,
            )
        except BookingError as error:
            return await self._refused(request, error)
        return redirect_to(request, "lapangan", kunjungan_id=kunjungan_id)

    @post("/perangkat-rusak", name="lapangan_perangkat_rusak")
    async def broken_kit(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Response:
        """The recording set stopped working: one tap tells the Dinas."""
        await self._visit(request, kunjungan_id)  # 404 unless the team's own
        data = await read_form(request, BrokenKitForm)
        try:
            await lapangan.report_broken_kit(request.user, kunjungan_id, data.catatan)
        except BookingError as error:
            return await self._refused(request, error)
        return redirect_to(request, "lapangan_laporan", kunjungan_id=kunjungan_id)

    @get("/laporan", name="lapangan_laporan")
    async def report(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Template:
        """What the day came to, and the desa's figures now."""
        visit = await self._visit(request, kunjungan_id)
        context = {"row": visit, "report": await lapangan.report(visit)}
        return render(request, "jemput_bola/laporan.html", context)

    @post("/tutup", name="lapangan_tutup")
    async def close(self, request: HTMXRequest, kunjungan_id: FromPath[int]) -> Response:
        """Close the day: the visit counts as the desa's last visit."""
        await self._visit(request, kunjungan_id)  # 404 unless the team's own
        try:
            await lapangan.close(request.user, kunjungan_id)
        except BookingError as error:
            return await self._refused(request, error)
        return redirect_to(request, "lapangan_laporan", kunjungan_id=kunjungan_id)
