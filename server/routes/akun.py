"""Signing in, signing out, switching user on a shared tablet, and citizen sign-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template
from litestar.utils.scope.state import ScopeState

from server import cookies
from server.i18n import Message
from server.models.audit import entries_about
from server.security import roles
from server.services import auth, kode_daftar, push, second_factor
from server.services.registration import SignUp, register
from server.web import path_for, redirect, render

Form = Body(media_type=RequestEncodingType.URL_ENCODED)

#: Logging out clears this browser's copy of everything Dekat kept: cached pages, cookies, and
#: storage (which also unregisters the service worker; the next page registers it again).
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'
#: ...except while the outbox holds submissions not yet sent (`antrean=simpan`): storage stays,
#: so they wait, bound to their account, until its owner signs in again. The page wipes every
#: other store itself (web/static/app.js).
CLEAR_SITE_DATA_KEEP_OUTBOX = '"cache", "cookies"'


@dataclass
class LoginForm:
    username: str = ""
    password: str = ""
    lanjut: str = "/"


@dataclass
class LogoutForm:
    alasan: str = ""
    antrean: str = ""


def safe_next(path: str | None) -> str:
    """Only a path on this site may follow a login (no `//other.host`, no scheme)."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/"


def session_cookie(request: HTMXRequest, token: str, role: auth.Role) -> Cookie:
    # On shared tablets the cookie dies with the browser; on a citizen's phone it persists.
    max_age = (
        None if role in auth.SHARED_DEVICE_ROLES else int(auth.MAX_SESSION_AGE.total_seconds())
    )
    return cookies.make(request.scope, auth.SESSION_COOKIE, token, max_age=max_age)


def session_of(request: HTMXRequest) -> str | None:
    """This browser's session token, from the cookie of this request's kind (server/cookies.py)."""
    return cookies.read(request.scope, request.cookies, auth.SESSION_COOKIE)


async def signed_in(
    request: HTMXRequest, account_id: int, role: auth.Role, next_path: str
) -> Response:
    """Replace whatever session this browser had with a brand-new one, then go on (also the end
    of the second step, routes/faktor.py)."""
    await auth.end_session(session_of(request))
    token = await auth.start_session(account_id, role)
    response = redirect(request, next_path, full_reload=True)
    response.set_cookie(session_cookie(request, token, role))
    return response


async def _second_step(request: HTMXRequest, account_id: int, next_path: str) -> Response:
    """The password was right but the account needs a second factor: end whatever session this
    browser had and open only the second step, bound to this browser by its own cookie."""
    await auth.end_session(session_of(request))
    token = await second_factor.begin(account_id, next_path)
    response = redirect(request, path_for(request, "masuk_faktor"), full_reload=True)
    response.set_cookie(cookies.expired(request.scope, auth.SESSION_COOKIE))
    lifetime = int(second_factor.PENDING_LIFETIME.total_seconds())
    response.set_cookie(
        cookies.make(
            request.scope, second_factor.PENDING_COOKIE, token, max_age=lifetime, samesite="strict"
        )
    )
    return response


async def _forget_shared_device(request: HTMXRequest) -> None:
    """A shared tablet stops receiving the signed-out officer's notifications."""
    user = request.scope.get("user")
    if user is not None and user.on_shared_device:
        await push.forget_device_of(user)


def _signed_out(request: HTMXRequest, path: str, *, keep_outbox: bool) -> Response:
    response = redirect(request, path)
    response.headers["Clear-Site-Data"] = (
        CLEAR_SITE_DATA_KEEP_OUTBOX if keep_outbox else CLEAR_SITE_DATA
    )
    response.set_cookie(cookies.expired(request.scope, auth.SESSION_COOKIE))
    return response


def _signup_form(
    request: HTMXRequest, form: SignUp, errors: dict[str, str | Message], status_code: int
) -> Template:
    """The sign-up form again with its errors; the typed passwords are never sent back."""
    form.password = form.password_ulang = ""
    return render(
        request, "akun/daftar.html", _signup_context(form, errors), status_code=status_code
    )


def _signup_context(form: SignUp, errors: dict[str, str | Message]) -> dict:
    return {"form": form, "errors": errors, "berlaku_jam": kode_daftar.VALIDITY_HOURS}


class AkunController(Controller):
    """The account pages every visitor sees before and after signing in."""

    @get("/masuk", name="masuk")
    async def login_page(
        self,
        request: HTMXRequest,
        lanjut: FromQuery[str | None] = None,
        pesan: FromQuery[str | None] = None,
    ) -> Template:
        """The login form."""
        return render(request, "akun/masuk.html", {"lanjut": safe_next(lanjut), "pesan": pesan})

    @post("/masuk", name="masuk_kirim")
    async def login(
        self,
        request: HTMXRequest,
        data: Annotated[LoginForm, Form],
    ) -> Response:
        """Check the password (throttled), then start a brand-new session."""
        result = await auth.authenticate(data.username, data.password, request.client.host)
        if result.account_id is None:
            context = {
                "lanjut": safe_next(data.lanjut),
                "error": result.error,
                "username": data.username,
            }
            status = 429 if result.retry_after_minutes else 422
            return render(request, "akun/masuk.html", context, status_code=status)
        if await second_factor.step_needed(result.account_id):
            return await _second_step(request, result.account_id, safe_next(data.lanjut))
        return await signed_in(request, result.account_id, result.role, safe_next(data.lanjut))

    @post("/keluar", name="keluar")
    async def logout(self, request: HTMXRequest, data: Annotated[LogoutForm, Form]) -> Response:
        """End the session on the server and wipe what this browser kept. `alasan=habis`
        comes from the page's idle timer on shared tablets."""
        await _forget_shared_device(request)
        await auth.end_session(session_of(request))
        reason = "habis" if data.alasan == "habis" else "keluar"
        login_page = path_for(request, "masuk", {"pesan": reason})
        return _signed_out(request, login_page, keep_outbox=data.antrean == "simpan")

    @post("/ganti-pengguna", name="ganti_pengguna")
    async def switch_user(
        self, request: HTMXRequest, data: Annotated[LogoutForm, Form]
    ) -> Response:
        """Hand a shared tablet to the next officer: sign out and show an empty login form."""
        await _forget_shared_device(request)
        await auth.end_session(session_of(request))
        login_page = path_for(request, "masuk", {"pesan": "ganti"})
        return _signed_out(request, login_page, keep_outbox=data.antrean == "simpan")

    @get("/akun/saya", name="akun_saya")
    async def whoami(self, request: HTMXRequest) -> Response:
        """Who is signed in on this browser, and the form token to send with: what the outbox
        (in the page or the service worker) needs before it sends anything."""
        user = request.scope.get("user")
        if user is None:
            raise NotAuthorizedException()
        token = ScopeState.from_scope(request.scope).csrf_token
        return Response(
            {"akun": str(user.id), "csrf": token}, headers={"cache-control": "no-store"}
        )

    @get("/daftar", name="daftar")
    async def signup_page(self, request: HTMXRequest) -> Template:
        """The citizen sign-up form."""
        return render(request, "akun/daftar.html", _signup_context(SignUp(), {}))

    @post("/daftar", name="daftar_kirim")
    async def signup(
        self,
        request: HTMXRequest,
        data: Annotated[SignUp, Form],
    ) -> Response:
        """Create a citizen account with the code an officer handed over (or set a new password
        on an account taken back for its owner), and sign them in. Wrong codes count towards
        the address's own limit."""
        address = request.client.host
        minutes = await auth.address_lockout(address, auth.SIGNUP_CODE_FAILURES)
        if minutes is not None:
            return _signup_form(request, data, {"form": auth.throttled_message(minutes)}, 429)
        result = await register(data)
        if result.code_mismatch:
            await auth.record_address_failure(address, auth.SIGNUP_CODE_FAILURES)
        if result.account_id is None:
            return _signup_form(request, data, result.errors, 422)
        next_page = path_for(request, "akun_dipulihkan" if result.recovered else "beranda")
        return await signed_in(request, result.account_id, auth.Role.warga, next_page)

    @get("/akun/dipulihkan", name="akun_dipulihkan", guards=[roles(auth.Role.warga)])
    async def recovered(self, request: HTMXRequest) -> Template:
        """What the owner of an account taken back for them is told: when, by which office,
        and the account's history."""
        user = request.user
        context = {
            "pemulihan": await kode_daftar.last_recovery(user.penduduk_id),
            "riwayat": await entries_about("akun", user.id),
        }
        return render(request, "akun/dipulihkan.html", context)
