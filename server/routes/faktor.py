"""The second step of signing in (passkey, TOTP code or recovery code), enrolling a first factor
right after the password, and the page where staff manage their factors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server import cookies
from server.i18n import N_, Message
from server.models.accounts import Role
from server.routes.akun import session_cookie, session_of, signed_in
from server.security import roles
from server.services import auth
from server.services import second_factor as factor
from server.services.auth import User
from server.services.ikd_code import qr_svg
from server.settings import Settings
from server.web import path_for, redirect, redirect_to, render

Form = Body(media_type=RequestEncodingType.URL_ENCODED)

TOTP_NOT_CONFIRMED = N_("Kode tidak cocok. Pastikan jam ponsel tepat, lalu ketik kode yang baru.")
LAST_FACTOR = N_(
    "Ini satu-satunya faktor kedua Anda. Tambahkan passkey atau aplikasi autentikator lain dulu."
)
PASSKEY_NOT_ADDED = N_("Passkey tidak dapat didaftarkan. Coba lagi.")


@dataclass
class CodeForm:
    kode: str = ""


@dataclass
class PasskeyForm:
    respons: str = ""
    nama: str = ""


def relying_party(request: HTMXRequest, settings: Settings) -> factor.RelyingParty:
    """The RP ID and origin from the settings, else from the address the page was opened at."""
    url = request.url
    return factor.RelyingParty(
        id=settings.webauthn_rp_id or (url.hostname or "localhost"),
        origin=settings.webauthn_origin or f"{url.scheme}://{url.netloc}",
    )


def _no_store(response: Response) -> Response:
    """Secrets (a TOTP secret, recovery codes) are never kept by any cache."""
    response.headers["cache-control"] = "no-store"
    return response


def _totp_setup(secret: str, username: str) -> dict:
    uri = factor.totp_uri(secret, username)
    svg, _ = qr_svg(uri)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return {"secret": grouped, "qr": svg}


def _step_expired(request: HTMXRequest) -> Response:
    response = redirect(request, path_for(request, "masuk", {"pesan": "langkah"}))
    response.set_cookie(cookies.expired(request.scope, factor.PENDING_COOKIE))
    return response


class SecondStepController(Controller):
    """After the password, for accounts that need a second factor: nothing else is open until
    it is shown (or, the first time, enrolled)."""

    path = "/masuk/faktor"

    async def _pending(self, request: HTMXRequest) -> factor.Pending | None:
        return await factor.pending(
            cookies.read(request.scope, request.cookies, factor.PENDING_COOKIE)
        )

    async def _complete(self, request: HTMXRequest, step: factor.Pending) -> Response:
        """The factor was right: start the session, once."""
        if not await factor.finish(step):
            return _step_expired(request)
        response = await signed_in(request, step.user.id, step.user.role, step.next_path)
        response.set_cookie(cookies.expired(request.scope, factor.PENDING_COOKIE))
        return response

    async def _page(
        self,
        request: HTMXRequest,
        settings: Settings,
        step: factor.Pending,
        error: str | Message | None = None,
        status_code: int = 200,
        show_recovery: bool = False,
    ) -> Response:
        factors = await factor.factors_of(step.user.id)
        if not factors.any:
            return redirect_to(request, "masuk_faktor_daftar")
        options = await factor.authentication_options(step, relying_party(request, settings))
        context = {
            "step": step,
            "factors": factors,
            "passkey_options": options,
            "error": error,
            "show_recovery": show_recovery or not (factors.totp or options),
        }
        return render(request, "akun/faktor.html", context, status_code=status_code)

    @get("/", name="masuk_faktor")
    async def second_step(
        self, request: HTMXRequest, settings: NamedDependency[Settings]
    ) -> Response:
        """Passkey button, code from the app, or a recovery code."""
        step = await self._pending(request)
        if step is None:
            return _step_expired(request)
        return await self._page(request, settings, step)

    @post("/passkey", name="masuk_faktor_passkey")
    async def with_passkey(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[PasskeyForm, Form],
    ) -> Response:
        """Check the passkey's signature over this step's challenge."""
        step = await self._pending(request)
        if step is None:
            return _step_expired(request)
        if await factor.check_passkey(step, data.respons, relying_party(request, settings)):
            return await self._complete(request, step)
        return await self._page(request, settings, step, factor.PASSKEY_FAILED, 422)

    @post("/kode", name="masuk_faktor_kode")
    async def with_code(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[CodeForm, Form],
    ) -> Response:
        """A 6-digit code from the authenticator app: throttled, each accepted once."""
        step = await self._pending(request)
        if step is None:
            return _step_expired(request)
        locked = await factor.code_lockout(step.user.id)
        if locked is not None:
            return await self._page(request, settings, step, locked, 429)
        if await factor.check_totp(step.user.id, data.kode):
            return await self._complete(request, step)
        await factor.record_code_failure(step.user.id)
        return await self._page(request, settings, step, factor.WRONG_CODE, 422)

    @post("/cadangan", name="masuk_faktor_cadangan")
    async def with_recovery_code(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[CodeForm, Form],
    ) -> Response:
        """One of the single-use recovery codes (its use is audited)."""
        step = await self._pending(request)
        if step is None:
            return _step_expired(request)
        locked = await factor.code_lockout(step.user.id)
        if locked is not None:
            return await self._page(request, settings, step, locked, 429, show_recovery=True)
        if await factor.use_recovery_code(step.user, data.kode):
            return await self._complete(request, step)
        await factor.record_code_failure(step.user.id)
        error = factor.WRONG_RECOVERY_CODE
        return await self._page(request, settings, step, error, 422, show_recovery=True)

    # --- The first factor, right after the password -----------------------------------------

    async def _enrol_page(
        self,
        request: HTMXRequest,
        settings: Settings,
        step: factor.Pending,
        errors: dict | None = None,
        status_code: int = 200,
    ) -> Response:
        secret = await factor.offer_totp_secret(step)
        options = await factor.registration_options(
            step, step.user, relying_party(request, settings)
        )
        context = {
            "step": step,
            "passkey_options": options,
            "totp": _totp_setup(secret, step.user.username),
            "errors": errors or {},
            "passkey_action": path_for(request, "masuk_faktor_daftar_passkey"),
            "totp_action": path_for(request, "masuk_faktor_daftar_totp"),
        }
        page = render(request, "akun/faktor_daftar.html", context, status_code=status_code)
        return _no_store(page)

    async def _enrolled(
        self, request: HTMXRequest, settings: Settings, step: factor.Pending
    ) -> Response:
        """The first factor is in: recovery codes, shown once, and the session starts."""
        if not await factor.finish(step):
            return _step_expired(request)
        codes = await factor.new_recovery_codes(step.user)
        await auth.end_session(session_of(request))
        token = await auth.start_session(step.user.id, step.user.role)
        context = {"codes": codes, "next_path": step.next_path, "first_time": True}
        page = _no_store(render(request, "akun/kode_cadangan.html", context))
        page.set_cookie(session_cookie(request, token, step.user.role))
        page.set_cookie(cookies.expired(request.scope, factor.PENDING_COOKIE))
        return page

    async def _enrolling(self, request: HTMXRequest) -> factor.Pending | None:
        """The half-signed-in state of an account that has no factor yet."""
        step = await self._pending(request)
        if step is None or (await factor.factors_of(step.user.id)).any:
            return None
        return step

    @get("/daftar", name="masuk_faktor_daftar")
    async def enrol(self, request: HTMXRequest, settings: NamedDependency[Settings]) -> Response:
        """An account that needs a second factor and has none sets one up before anything."""
        step = await self._enrolling(request)
        if step is None:
            return _step_expired(request)
        return await self._enrol_page(request, settings, step)

    @post("/daftar/passkey", name="masuk_faktor_daftar_passkey")
    async def enrol_passkey(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[PasskeyForm, Form],
    ) -> Response:
        step = await self._enrolling(request)
        if step is None:
            return _step_expired(request)
        rp = relying_party(request, settings)
        if await factor.register_passkey(
            step, step.challenge, step.user, data.respons, data.nama, rp
        ):
            return await self._enrolled(request, settings, step)
        errors = {"passkey": PASSKEY_NOT_ADDED}
        return await self._enrol_page(request, settings, step, errors, 422)

    @post("/daftar/totp", name="masuk_faktor_daftar_totp")
    async def enrol_totp(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[CodeForm, Form],
    ) -> Response:
        step = await self._enrolling(request)
        if step is None or not step.totp_secret:
            return _step_expired(request)
        locked = await factor.code_lockout(step.user.id)
        if locked is not None:
            return await self._enrol_page(request, settings, step, {"kode": locked}, 429)
        confirmed = factor.confirms(step.totp_secret, data.kode)
        if confirmed is None:
            await factor.record_code_failure(step.user.id)
            errors = {"kode": TOTP_NOT_CONFIRMED}
            return await self._enrol_page(request, settings, step, errors, 422)
        await factor.save_totp(step.user, step.totp_secret, confirmed)
        return await self._enrolled(request, settings, step)


class KeamananController(Controller):
    """Where staff add and remove passkeys, set up the authenticator app again and make new
    recovery codes. Every change needs the session and is audited."""

    path = "/akun/keamanan"
    guards = [roles(Role.petugas_dinas, Role.pengawas)]

    async def _page(
        self,
        request: HTMXRequest,
        settings: Settings,
        errors: dict | None = None,
        status_code: int = 200,
        message: str | None = None,
    ) -> Response:
        user: User = request.user
        factors = await factor.factors_of(user.id)
        secret = await factor.offer_totp_secret(user.session_id)
        options = await factor.registration_options(
            user.session_id, user, relying_party(request, settings)
        )
        context = {
            "factors": factors,
            "required": await factor.required_for(user.id),
            "passkey_options": options,
            "totp": _totp_setup(secret, user.username),
            "errors": errors or {},
            "pesan": message,
            "passkey_action": path_for(request, "keamanan_passkey"),
            "totp_action": path_for(request, "keamanan_totp"),
        }
        page = render(request, "akun/keamanan.html", context, status_code=status_code)
        return _no_store(page)

    @get("/", name="akun_keamanan")
    async def index(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        pesan: FromQuery[str | None] = None,
    ) -> Response:
        """The account's passkeys, authenticator app and recovery codes."""
        return await self._page(request, settings, message=pesan)

    @post("/passkey", name="keamanan_passkey")
    async def add_passkey(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[PasskeyForm, Form],
    ) -> Response:
        user: User = request.user
        challenge = (await factor.setup_of(user.session_id))["challenge"]
        rp = relying_party(request, settings)
        if await factor.register_passkey(
            user.session_id, challenge, user, data.respons, data.nama, rp
        ):
            return redirect_to(request, "akun_keamanan", {"pesan": "passkey"})
        return await self._page(request, settings, {"passkey": PASSKEY_NOT_ADDED}, 422)

    @post("/passkey/{passkey_id:int}/hapus", name="keamanan_passkey_hapus")
    async def remove_passkey(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        passkey_id: FromPath[int],
    ) -> Response:
        user: User = request.user
        if not await factor.may_remove(user):
            return await self._page(request, settings, {"hapus": LAST_FACTOR}, 409)
        if not await factor.remove_passkey(user, passkey_id):
            raise NotFoundException()
        return redirect_to(request, "akun_keamanan", {"pesan": "dihapus"})

    @post("/totp", name="keamanan_totp")
    async def set_totp(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[CodeForm, Form],
    ) -> Response:
        """Confirm the new authenticator app with its first code; it replaces the old one."""
        user: User = request.user
        secret = (await factor.setup_of(user.session_id))["totp_secret"]
        locked = await factor.code_lockout(user.id)
        if locked is not None:
            return await self._page(request, settings, {"kode": locked}, 429)
        confirmed = factor.confirms(secret, data.kode) if secret else None
        if confirmed is None:
            await factor.record_code_failure(user.id)
            return await self._page(request, settings, {"kode": TOTP_NOT_CONFIRMED}, 422)
        await factor.save_totp(user, secret, confirmed)
        await factor.forget_setup(user.session_id)
        return redirect_to(request, "akun_keamanan", {"pesan": "totp"})

    @post("/totp/hapus", name="keamanan_totp_hapus")
    async def remove_totp(
        self, request: HTMXRequest, settings: NamedDependency[Settings]
    ) -> Response:
        user: User = request.user
        if not (await factor.factors_of(user.id)).totp:
            return redirect_to(request, "akun_keamanan")
        if not await factor.may_remove(user):
            return await self._page(request, settings, {"hapus": LAST_FACTOR}, 409)
        await factor.remove_totp(user)
        return redirect_to(request, "akun_keamanan", {"pesan": "dihapus"})

    @post("/kode-cadangan", name="keamanan_kode_cadangan")
    async def new_recovery_codes(self, request: HTMXRequest) -> Template | Response:
        """Ten new codes, shown once; the earlier ones stop working."""
        codes = await factor.new_recovery_codes(request.user)
        context = {"codes": codes, "next_path": path_for(request, "akun_keamanan")}
        return _no_store(render(request, "akun/kode_cadangan.html", context))
