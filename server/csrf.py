"""Form tokens bound to the browser's session.

Litestar's double-submit check accepts any token it once signed as long as the cookie holds the
same one, so a token minted for one browser worked in another browser's session whenever the
cookie could be planted. Here the token is derived from who is asking:

- with a session cookie, `HMAC(key, session token)`: the same for the whole session, so it
  survives a browser restart (which loses the session-only copy of the token) and the service
  worker's shell fetches (which can no longer mint a competing one);
- without one, a random value of this browser's own cookie, signed with the same key.

A POST, PUT, PATCH or DELETE must send the token in the `x-csrftoken` header (htmx, the outbox,
the service worker) or the `_csrf_token` form field. A signed-in request is held to its
session's token alone; a token of another session, or the pre-session token, is refused with
"Formulir sudah kedaluwarsa". The current token is also kept in the `csrftoken` cookie for the
page's own scripts; nothing trusts that copy.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from server import cookies

HEADER = "x-csrftoken"
FORM_FIELD = "_csrf_token"
#: Sent by the outbox with each item: the account it belongs to (server/idempotency.py).
OUTBOX_HEADER = b"x-dekat-account"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Matched by `_error_page` (server/app.py) to show "Formulir sudah kedaluwarsa".
REFUSED = "CSRF token verification failed"
_NONCE_HEX = 32
_MAC_HEX = 64


class CsrfMiddleware:
    """Checks the form token of every unsafe request and puts this browser's token in the scope
    (for `csrf_token()` in templates and `/akun/saya`). Runs after the session middleware, which
    sets `scope["user"]` (absent on paths that do not look up a session)."""

    def __init__(self, app: ASGIApp, secret: str, exclude: list[str]) -> None:
        self.app = app
        self.key = secret.encode()
        self.exclude = re.compile("|".join(exclude)) if exclude else None

    def _mac(self, message: str) -> str:
        return hmac.new(self.key, message.encode(), hashlib.sha256).hexdigest()

    def session_token(self, session: str) -> str:
        return self._mac(f"sesi:{session}")

    def _new_browser_token(self) -> str:
        nonce = secrets.token_hex(_NONCE_HEX // 2)
        return nonce + self._mac(f"peramban:{nonce}")

    def _browser_token(self, value: str | None) -> str | None:
        """The pre-session token in the cookie, when it is one we signed."""
        if not value or len(value) != _NONCE_HEX + _MAC_HEX:
            return None
        nonce, mac = value[:_NONCE_HEX], value[_NONCE_HEX:]
        return value if hmac.compare_digest(mac, self._mac(f"peramban:{nonce}")) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or (
            self.exclude is not None and self.exclude.search(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        jar = _cookies(scope)
        session = cookies.read(scope, jar, cookies.SESSION)
        kept = cookies.read(scope, jar, cookies.CSRF)
        browser = self._browser_token(kept)
        token = self.session_token(session) if session else browser or self._new_browser_token()
        state = ScopeState.from_scope(scope)
        state.csrf_token = token
        if scope["method"] not in SAFE_METHODS:
            await self._check(scope, receive, accepted={token, browser} - {None}, session=session)
        if kept == token:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = cookies.make(scope, cookies.CSRF, token, httponly=False)
                MutableScopeHeaders.from_message(message).add(
                    "set-cookie", cookie.to_header(header="")
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _check(
        self, scope: Scope, receive: Receive, accepted: set[str | None], session: str | None
    ) -> None:
        signed_in = scope.get("user") is not None
        if signed_in:
            # A live session takes its own token only: a token made for any other browser, or
            # for this one before it signed in, is no proof the form came from this session.
            accepted = {self.session_token(session or "")}
        sent = await _sent_token(scope, receive)
        if sent and any(hmac.compare_digest(sent, good) for good in accepted if good):
            return
        from_outbox = OUTBOX_HEADER in dict(scope["headers"])
        if not signed_in and "user" in scope and (session or from_outbox):
            # The form came from a session that has ended (or the outbox sends for an account
            # nobody is signed in to): the person must sign in again, and the outbox keeps the
            # item for when they have.
            raise NotAuthorizedException()
        raise PermissionDeniedException(REFUSED)


def _cookies(scope: Scope) -> dict[str, str]:
    return ASGIConnection(scope).cookies


async def _sent_token(scope: Scope, receive: Receive) -> str | None:
    headers = dict(scope["headers"])
    if header := headers.get(HEADER.encode()):
        return header.decode("latin-1")
    content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip()
    if content_type not in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
        return None
    # Read through Litestar's request: the route's own body limit applies, and the body and
    # form it parses stay in the scope for the handler.
    request: Any = scope["litestar_app"].request_class(scope=scope, receive=receive)
    await request.body()  # kept whole: a multipart form is parsed from it, not from the wire
    value = (await request.form()).get(FORM_FIELD)
    return value if isinstance(value, str) else None
