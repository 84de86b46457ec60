"""Who is asking (session authentication), what they may open (guards), and the security headers
every response carries."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from server import cookies
from server.i18n import N_
from server.models.accounts import Role
from server.services.auth import SESSION_COOKIE, user_for_token

#: No inline script anywhere: htmx is configured through a meta tag, behaviour lives in app.js.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}

#: Files and health answers: no session, no CSRF cookie, nothing per person.
ASSET_PATHS = ["^/static/", "^/sw.js$", "^/manifest.webmanifest$", "^/healthz$"]
#: The service worker counts a notification's click here, without a form token (its code is
#: unguessable and the only thing it can change).
CLICK_PATH = "^/notifikasi/diklik/"
#: Paths served without looking up a session: the assets, and pages that must never be
#: personal (the offline page, the outbox list and the IKD verifier are kept in the service
#: worker's cache on every device).
PUBLIC_PATHS = [
    *ASSET_PATHS,
    "^/offline$",
    "^/antrean$",
    "^/verifikasi$",
    "^/.well-known/ikd-keys.json$",
    CLICK_PATH,
]


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """Puts the signed-in `User` (or None) on the connection from the session cookie."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        user = await user_for_token(
            cookies.read(connection.scope, connection.cookies, SESSION_COOKIE)
        )
        return AuthenticationResult(user=user, auth=None)


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    """Adds the security headers, and keeps personal pages out of every cache: a response to a
    signed-in person is `no-store` unless its handler chose otherwise."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        is_asset = scope["path"].startswith("/static/")
        secure = cookies.is_secure(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                # A stylesheet or script is no document: of these headers only nosniff applies
                # (and each costs bytes on every file of a phone's first visit).
                for name, value in SECURITY_HEADERS.items():
                    if not is_asset or name == "x-content-type-options":
                        headers.setdefault(name, value)
                if secure:
                    headers.setdefault("strict-transport-security", cookies.HSTS)
                if "cache-control" not in headers:
                    signed_in = scope.get("user") is not None
                    headers["cache-control"] = "no-store" if signed_in else "no-cache"
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


#: Answered over plain HTTP too, for a load balancer's health check.
PLAIN_HTTP_PATHS = frozenset({"/healthz"})


def https_only_middleware(plain_http: bool):
    """In production (the default) a request over plain HTTP is sent to the same address over
    HTTPS before anything reads its cookies or body; `DEKAT_PLAIN_HTTP=1` (local development,
    tests) serves it as it came."""

    def factory(app: ASGIApp) -> ASGIApp:
        if plain_http:
            return app

        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or cookies.is_secure(scope):
                await app(scope, receive, send)
                return
            if scope["path"] in PLAIN_HTTP_PATHS:
                await app(scope, receive, send)
                return
            host = dict(scope["headers"]).get(b"host", b"")
            path = scope.get("raw_path") or scope["path"].encode()
            query = scope.get("query_string", b"")
            location = b"https://" + host + path + (b"?" + query if query else b"")
            await send(
                {
                    "type": "http.response.start",
                    "status": 308,
                    "headers": [(b"location", location), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        return middleware

    return factory


def login_required(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if connection.user is None:
        raise NotAuthorizedException(N_("Silakan masuk terlebih dahulu."))


def roles(*allowed: Role):
    """A guard admitting only the given roles (and asking anyone signed out to sign in)."""

    def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        login_required(connection, handler)
        if connection.user.role not in allowed:
            raise PermissionDeniedException(N_("Halaman ini bukan untuk peran Anda."))

    return guard
