"""IKD: the public keys that verify codes, and the verifier (`/verifikasi`). The server-side
check serves clients without JavaScript; the page itself verifies in the browser, offline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import N_
from server.models.accounts import Role
from server.models.penduduk import IkdStatus, penduduk_by_id
from server.security import roles
from server.services import ikd_aktivasi, ikd_code
from server.services.ikd_keys import KeyRing
from server.web import redirect_to, render

#: Only in the browser: it has never fetched the published keys.
NO_KEYS = "kunci_belum_tersimpan"
#: What a verifier is told, by reason (server/services/ikd_code.py).
REASONS = {
    ikd_code.NOT_IKD: N_("Bukan kode IKD."),
    ikd_code.BAD_SIGNATURE: N_("Tanda tangan tidak sah: kode ini diubah atau palsu."),
    ikd_code.EXPIRED: N_("Kode sudah kedaluwarsa. Minta pemilik menampilkan kode yang baru."),
    ikd_code.UNKNOWN_KEY: N_("Ditandatangani dengan kunci yang tidak dikenal."),
    ikd_code.REVOKED_KEY: N_("Kunci penanda tangan kode ini sudah dicabut."),
    ikd_aktivasi.SUSPENDED: N_("IKD ini sedang ditangguhkan (misalnya ponsel pemiliknya hilang)."),
    NO_KEYS: N_("Kunci pemeriksa belum tersimpan. Buka halaman ini sekali saat ada sinyal."),
}
#: Longest pasted text looked at (a code is a few hundred characters).
MAX_CODE_LENGTH = 4000


@dataclass
class VerifyForm:
    kode: str = ""


@dataclass
class SuspendForm:
    penduduk: int | None = None


OFFICER_ROLES = (Role.petugas_dinas, Role.petugas_keliling, Role.operator_desa)
Form = Body(media_type=RequestEncodingType.URL_ENCODED)


async def _own_record(request: HTMXRequest) -> dict | None:
    user = request.user
    return await penduduk_by_id(user.penduduk_id) if user.penduduk_id is not None else None


def _codes(person: dict, keys: KeyRing) -> dict:
    """A fresh code for now and an offline pass for the days without signal, drawn."""
    live = ikd_code.issue(person, keys, ikd_code.LIVE_VALIDITY)
    offline = ikd_code.issue(person, keys, ikd_code.OFFLINE_VALIDITY, now=live.issued)
    return {
        "live": live,
        "live_svg": ikd_code.qr_svg(live.text)[0],
        "offline": offline,
        "offline_svg": ikd_code.qr_svg(offline.text)[0],
    }


def _verifier_facts() -> dict:
    """What the verifier page checks with offline: the reasons in words, the issuer, and the
    oldest code it accepts (also how late a suspension reaches it), in hours."""
    return {
        "reasons": REASONS,
        "issuer": ikd_code.ISSUER,
        "max_age_hours": int(ikd_code.MAX_AGE.total_seconds() // 3600),
    }


class IkdController(Controller):
    """The citizen's card, the published keys and the verifier (open to anyone)."""

    @get("/ikd", name="ikd", guards=[roles(Role.warga)])
    async def card(self, request: HTMXRequest, ikd_keys: NamedDependency[KeyRing]) -> Template:
        """My digital ID with its QR code; kept on my own phone for days without signal."""
        person = await _own_record(request)
        active = person is not None and person["ikd_status"] == IkdStatus.aktif
        context = {"person": person, "active": active, **_verifier_facts()}
        if active:
            context.update(_codes(person, ikd_keys))
        return render(request, "ikd/index.html", context, keep_offline=active, block="kode_ikd")

    @get("/.well-known/ikd-keys.json", name="ikd_keys", media_type="application/jwk-set+json")
    async def keys(self, ikd_keys: NamedDependency[KeyRing]) -> Response[dict]:
        """The JWK set that verifies IKD codes (revoked key ids listed apart)."""
        return Response(ikd_keys.jwks(), headers={"cache-control": "public, max-age=300"})

    @get("/verifikasi", name="verifikasi")
    async def verifier(self, request: HTMXRequest) -> Template:
        """Scan, paste or upload a code; it is checked in the browser, offline."""
        context = {"form": VerifyForm(), **_verifier_facts()}
        return render(request, "verifikasi/index.html", context, block="hasil")

    @post("/verifikasi", name="verifikasi_kirim")
    async def verify(
        self,
        request: HTMXRequest,
        ikd_keys: NamedDependency[KeyRing],
        data: Annotated[VerifyForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template:
        """The same check on the server, for a browser without JavaScript."""
        verdict = await ikd_aktivasi.verify(data.kode[:MAX_CODE_LENGTH], ikd_keys)
        context = {
            "form": VerifyForm(),
            "verdict": verdict,
            "reason": REASONS.get(verdict.reason or "", ""),
            **_verifier_facts(),
        }
        return render(request, "verifikasi/index.html", context, block="hasil")


class AktivasiController(Controller):
    """Activation in person: the citizen's code, the officer's check and confirmation, and
    suspension when a phone is lost."""

    path = "/ikd"

    @post("/aktivasi", name="ikd_minta_aktivasi", guards=[roles(Role.warga)])
    async def ask(self, request: HTMXRequest) -> Response:
        """A citizen asks for activation: a fresh code, shown as a QR to the officer."""
        try:
            row = await ikd_aktivasi.request_activation(request.user)
        except ikd_aktivasi.ActivationError as error:
            context = {"person": await _own_record(request), "active": False}
            context["error"] = error.message
            return render(request, "ikd/index.html", context, status_code=422)
        return redirect_to(request, "ikd_aktivasi_kode", kode=row["kode"])

    @get("/aktivasi", name="ikd_aktivasi", guards=[roles(*OFFICER_ROLES)])
    async def officer_start(
        self, request: HTMXRequest, kode: FromQuery[str | None] = None
    ) -> Response:
        """The officer scans the citizen's QR or types the code shown under it."""
        await self._authorised(request)
        if kode is not None:
            code = ikd_aktivasi.normalise(kode)
            if code:
                return redirect_to(request, "ikd_aktivasi_kode", kode=code)
            context = {"error": ikd_aktivasi.NOT_FOUND, "kode": kode}
            return render(request, "ikd/aktivasi.html", context, status_code=422)
        return render(request, "ikd/aktivasi.html", {"kode": ""})

    @get(
        "/aktivasi/{kode:str}",
        name="ikd_aktivasi_kode",
        guards=[roles(Role.warga, *OFFICER_ROLES)],
    )
    async def code_page(self, request: HTMXRequest, kode: FromPath[str]) -> Template:
        """For the citizen: their code and whether it has been used. For the officer (who
        opened it by scanning): the registry data to check, and the confirm button."""
        if request.user.role == Role.warga:
            return await self._citizen_code(request, kode)
        await self._authorised(request)
        try:
            found = await ikd_aktivasi.pending(request.user, kode)
        except ikd_aktivasi.ActivationError as error:
            context = {"error": error.message, "kode": kode}
            return render(request, "ikd/aktivasi.html", context, status_code=404)
        context = {"found": found, "kode": ikd_aktivasi.display(found["kode"])}
        return render(request, "ikd/aktivasi_cek.html", context)

    async def _citizen_code(self, request: HTMXRequest, kode: str) -> Template:
        row = await ikd_aktivasi.own_code(request.user, kode)
        if row is None:
            raise NotFoundException(ikd_aktivasi.NOT_FOUND)
        url = str(request.base_url).rstrip("/") + ikd_aktivasi.PATH_PREFIX + row["kode"]
        context = {
            "row": row,
            "display": ikd_aktivasi.display(row["kode"]),
            "qr": ikd_code.qr_svg(url)[0],
            "expired": row["kedaluwarsa"] <= datetime.now(UTC),
        }
        return render(request, "ikd/aktivasi_kode.html", context, block="status_aktivasi")

    @post(
        "/aktivasi/{kode:str}",
        name="ikd_aktivasi_konfirmasi",
        guards=[roles(*OFFICER_ROLES)],
    )
    async def confirm(self, request: HTMXRequest, kode: FromPath[str]) -> Template:
        """The officer has checked the person in front of them: activate."""
        await self._authorised(request)
        try:
            person = await ikd_aktivasi.confirm(request.user, kode)
        except ikd_aktivasi.ActivationError as error:
            context = {"error": error.message, "kode": kode}
            return render(request, "ikd/aktivasi.html", context, status_code=422)
        return render(request, "ikd/aktivasi_selesai.html", {"person": person})

    @post("/tangguhkan", name="ikd_tangguhkan", guards=[roles(Role.warga, *OFFICER_ROLES)])
    async def suspend(self, request: HTMXRequest, data: Annotated[SuspendForm, Form]) -> Response:
        """Suspend an IKD: the citizen's own (a lost phone), or a resident's by an officer."""
        user = request.user
        target = user.penduduk_id if user.role == Role.warga else data.penduduk
        try:
            await ikd_aktivasi.suspend(user, target or 0)
        except ikd_aktivasi.ActivationError as error:
            raise PermissionDeniedException(error.message) from None
        if user.role == Role.warga:
            return redirect_to(request, "ikd")
        return redirect_to(request, "penduduk_detail", penduduk_id=target)

    async def _authorised(self, request: HTMXRequest) -> None:
        if not await ikd_aktivasi.may_activate(request.user):
            raise PermissionDeniedException(
                N_("Anda belum diizinkan mengaktifkan IKD. Hubungi Dinas Dukcapil.")
            )


@dataclass
class PermissionForm:
    izinkan: str = ""


class IzinController(Controller):
    """The office decides which desa operators may activate IKD at their desa."""

    path = "/ikd/izin"
    guards = [roles(Role.petugas_dinas)]

    @get("/", name="ikd_izin")
    async def list_operators(self, request: HTMXRequest) -> Template:
        """Desa operators in my area, and whether each may activate IKD."""
        operators = await ikd_aktivasi.operators(request.user)
        return render(request, "ikd/izin.html", {"operators": operators})

    @post("/{akun:int}", name="ikd_izin_ubah")
    async def change(
        self, request: HTMXRequest, akun: FromPath[int], data: Annotated[PermissionForm, Form]
    ) -> Response:
        """Allow or stop one operator (audit-logged)."""
        if not await ikd_aktivasi.set_permission(request.user, akun, data.izinkan == "1"):
            raise NotFoundException(N_("Operator desa tidak ditemukan di wilayah Anda."))
        return redirect_to(request, "ikd_izin")
