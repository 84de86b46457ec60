"""Idempotent retries for the offline outbox.

A POST carrying an `Idempotency-Key` header is answered once; the first answer is stored per
key and account and returned again for every retry with the same key. The same key with another
body is refused (422), and a retry that arrives while the first request still runs is told to
wait (409). Nothing here is specific to one form: any POST handler gets this for free.

An outbox item is bound to the account that made it: a request whose `X-Dekat-Account` names
another account than the session's is refused (409) without touching anything, so the device
keeps the item until its owner signs in again.

What is kept is only what the outbox reads: the status, where to go next (`Location`,
`X-Dekat-Lokasi`) and the reason of a refusal (`X-Dekat-Galat`), never the page itself, which
may be a personal one. Records expire after `RECORD_LIFETIME` and are deleted at start and as
new ones are written. A body is read only up to the route's own limit (`request_max_body_size`):
a larger one is refused with 413 before it is buffered.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tempfile
from datetime import UTC, datetime, timedelta
from typing import IO, Any
from urllib.parse import quote, unquote

from litestar.enums import ScopeType
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.handlers import HTTPRouteHandler
from litestar.types import (
    ASGIApp,
    HTTPReceiveMessage,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    HTTPScope,
    Message,
    Receive,
    Scope,
    Send,
)
from litestar.types.empty import Empty
from litestar.utils.scope.state import ScopeState

from server.db import UNIQUE_VIOLATIONS
from server.models.platform import IdempotencyRecord

HEADER = b"idempotency-key"
ACCOUNT_HEADER = b"x-dekat-account"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_\-]{8,100}")
#: A first request still "running" after this long died with its process: a retry may take over.
STALE_AFTER = timedelta(minutes=2)
#: How long a first answer is kept for retries: an outbox drains long before.
RECORD_LIFETIME = timedelta(days=1)
#: A body is kept in memory up to this while it is read, and in a temporary file beyond.
SPOOL_IN_MEMORY = 1024 * 1024
#: Pieces in which the spooled body is handed to the route.
REPLAY_CHUNK = 64 * 1024
#: Response headers worth replaying: where to go next, and why a request was refused.
KEPT_HEADERS = {b"location", b"hx-redirect", b"x-dekat-galat", b"x-dekat-lokasi"}


def _now() -> datetime:
    return datetime.now(UTC)


async def _answer(
    send: Send, status: int, text: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps({"galat": text}).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-dekat-galat", quote(text, safe=" .;").encode()),
    ]
    raw_headers += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await _respond(send, status, raw_headers, body)


async def _respond(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": headers,
    }
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(start)
    await send(end)


async def _spool_body(scope: HTTPScope, receive: Receive) -> tuple[str, IO[bytes]] | None:
    """Read the body into a spooled file (memory up to `SPOOL_IN_MEMORY`, then disk) while
    fingerprinting it: (fingerprint, file at its start), or None when the client went away.
    The route's own limit applies: a body announced over it is refused with 413 before a byte
    is read, one streamed over it as soon as it passes the limit."""
    handler = scope["route_handler"]
    assert isinstance(handler, HTTPRouteHandler)  # a POST is routed to an HTTP handler
    route_limit = handler.resolve_request_max_body_size() or math.inf
    announced = dict(scope["headers"]).get(b"content-length", b"")
    if announced.isdigit() and int(announced) > route_limit:
        raise RequestEntityTooLarge()
    digest = _fingerprint_start(scope)
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    cached = ScopeState.from_scope(scope).body  # read already to find the form token
    if cached is not Empty:
        digest.update(cached)
        spool.write(cached)
    else:
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # http.disconnect: the client went away
                spool.close()
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > route_limit:
                spool.close()
                raise RequestEntityTooLarge()
            digest.update(chunk)
            spool.write(chunk)
            if not message.get("more_body"):
                break
    spool.seek(0)
    return digest.hexdigest(), spool


async def prune() -> None:
    """Forget first answers older than `RECORD_LIFETIME`."""
    await IdempotencyRecord.delete().where(IdempotencyRecord.dibuat < _now() - RECORD_LIFETIME)


def _fingerprint_start(scope: HTTPScope) -> Any:
    """SHA-256 of method, path, query and content type, for the body to be added to."""
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode()):
        digest.update(part.encode() + b"\n")
    digest.update(dict(scope["headers"]).get(b"content-type", b"") + b"\n")
    return digest


async def _claim(scoped_key: str, account_id: int, fingerprint: str) -> dict[str, Any] | None:
    """Register a first request. Returns None when this request may run, else the record that
    already holds the key (unless it was stale, in which case this request takes it over)."""
    await prune()  # an expired record holds its key no more
    try:
        await IdempotencyRecord.insert(
            IdempotencyRecord(scoped_key=scoped_key, account=account_id, fingerprint=fingerprint)
        )
        return None
    except UNIQUE_VIOLATIONS:
        pass
    existing = (
        await IdempotencyRecord.select().where(IdempotencyRecord.scoped_key == scoped_key).first()
    )
    if (
        existing
        and existing["selesai"] is None
        and existing["fingerprint"] == fingerprint
        and _now() - existing["dibuat"] > STALE_AFTER
    ):
        taken = (
            await IdempotencyRecord.update({IdempotencyRecord.dibuat: _now()})
            .where(
                (IdempotencyRecord.scoped_key == scoped_key)
                & IdempotencyRecord.selesai.is_null()
                & (IdempotencyRecord.dibuat == existing["dibuat"])
            )
            .returning(IdempotencyRecord._meta.primary_key)
        )
        if taken:
            return None
    return existing


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", ())) if scope["type"] == ScopeType.HTTP else {}
        key = headers.get(HEADER, b"").decode("latin-1")
        user = scope.get("user")
        if scope["type"] != ScopeType.HTTP or scope["method"] != "POST" or not key or user is None:
            await app(scope, receive, send)
            return
        owner = headers.get(ACCOUNT_HEADER, b"").decode("latin-1")
        if owner and owner != str(user.id):
            await _answer(send, 409, "Antrean ini milik akun lain; menunggu pemiliknya masuk.")
            return
        if not KEY_PATTERN.fullmatch(key):
            await _answer(send, 400, "Idempotency-Key tidak valid.")
            return
        spooled = await _spool_body(scope, receive)
        if spooled is None:
            return
        fingerprint, body = spooled
        with body:
            scoped_key = f"{user.id}:{key}"
            existing = await _claim(scoped_key, user.id, fingerprint)
            if existing is None:
                await _run_and_store(app, scope, body, send, scoped_key)
            elif existing["fingerprint"] != fingerprint:
                await _answer(send, 422, "Kunci ini sudah dipakai untuk kiriman lain.")
            elif existing["selesai"] is None:
                await _answer(send, 409, "Kiriman yang sama masih diproses.", {"retry-after": "5"})
            else:
                await _replay(existing, send)

    return middleware


async def _replay(record: dict[str, Any], send: Send) -> None:
    stored = record["headers"]
    stored = json.loads(stored) if isinstance(stored, str) else stored
    raw_headers = [(k.encode(), v.encode()) for k, v in stored.items()]
    body = b""
    if "x-dekat-galat" in stored:
        body = json.dumps({"galat": unquote(stored["x-dekat-galat"])}).encode()
        raw_headers.append((b"content-type", b"application/json"))
    raw_headers += [(b"content-length", str(len(body)).encode()), (b"idempotent-replayed", b"true")]
    await _respond(send, record["status_code"], raw_headers, body)


async def _run_and_store(
    app: ASGIApp, scope: Scope, body: IO[bytes], send: Send, scoped_key: str
) -> None:
    finished = False

    async def replay_receive() -> HTTPReceiveMessage:
        """The spooled body again, a piece at a time, for the route to read as if from the
        client."""
        nonlocal finished
        if finished:
            return {"type": "http.disconnect"}
        chunk = body.read(REPLAY_CHUNK)
        finished = len(chunk) < REPLAY_CHUNK
        return {"type": "http.request", "body": chunk, "more_body": not finished}

    status = 500
    kept: dict[str, str] = {}

    async def capture(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            for name, value in message.get("headers", ()):
                if name.lower() in KEPT_HEADERS:
                    kept[name.lower().decode()] = value.decode("latin-1")
        await send(message)

    try:
        await app(scope, replay_receive, capture)
    except BaseException:
        await IdempotencyRecord.delete().where(IdempotencyRecord.scoped_key == scoped_key)
        raise
    if status >= 500:
        # A server failure is not an answer: let the retry run the request again.
        await IdempotencyRecord.delete().where(IdempotencyRecord.scoped_key == scoped_key)
        return
    await IdempotencyRecord.update(
        {
            IdempotencyRecord.selesai: _now(),
            IdempotencyRecord.status_code: status,
            IdempotencyRecord.headers: json.dumps(kept),
            IdempotencyRecord.response_body: b"",  # the page may be personal: never kept
        }
    ).where(IdempotencyRecord.scoped_key == scoped_key)
