"""Idempotent retries for the offline outbox.

A POST carrying an `Idempotency-Key` header is answered once; the first answer is stored per
key and account and returned again for every retry with the same key. The same key with another
body is refused (422), and a retry that arrives while the first request still runs is told to
wait (409). Nothing here is specific to one form: any POST handler gets this for free.

An outbox item is bound to the account that made it: a request whose `X-Dekat-Account` names
another account than the session's is refused (409) without touching anything, so the device
keeps the item until its owner signs in again.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from litestar.enums import ScopeType
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

from server.db import UNIQUE_VIOLATIONS
from server.models.platform import IdempotencyRecord

HEADER = b"idempotency-key"
ACCOUNT_HEADER = b"x-dekat-account"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_\-]{8,100}")
#: A first request still "running" after this long died with its process: a retry may take over.
STALE_AFTER = timedelta(minutes=2)
#: Largest body buffered for fingerprinting (the upload routes accept up to this).
MAX_BODY = 32 * 1024 * 1024
#: Response headers worth replaying.
KEPT_HEADERS = {
    b"location",
    b"content-type",
    b"content-encoding",  # the body is kept as sent, compressed or not
    b"vary",
    b"hx-redirect",
    b"x-dekat-galat",
    b"x-dekat-lokasi",
}


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


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # http.disconnect: the client went away
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _fingerprint(scope: HTTPScope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode()):
        digest.update(part.encode() + b"\n")
    content_type = dict(scope["headers"]).get(b"content-type", b"")
    digest.update(content_type + b"\n" + body)
    return digest.hexdigest()


async def _claim(scoped_key: str, account_id: int, fingerprint: str) -> dict[str, Any] | None:
    """Register a first request. Returns None when this request may run, else the record that
    already holds the key (unless it was stale, in which case this request takes it over)."""
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
        body = await _read_body(receive)
        if body is None:
            await _answer(send, 413, "Kiriman terlalu besar.")
            return
        scoped_key = f"{user.id}:{key}"
        fingerprint = _fingerprint(scope, body)
        existing = await _claim(scoped_key, user.id, fingerprint)
        if existing is not None:
            if existing["fingerprint"] != fingerprint:
                await _answer(send, 422, "Kunci ini sudah dipakai untuk kiriman lain.")
            elif existing["selesai"] is None:
                await _answer(send, 409, "Kiriman yang sama masih diproses.", {"retry-after": "5"})
            else:
                await _replay(existing, send)
            return
        await _run_and_store(app, scope, body, send, scoped_key)

    return middleware


async def _replay(record: dict[str, Any], send: Send) -> None:
    body = bytes(record["response_body"] or b"")
    stored = record["headers"]
    stored = json.loads(stored) if isinstance(stored, str) else stored
    raw_headers = [(k.encode(), v.encode()) for k, v in stored.items()]
    raw_headers += [(b"content-length", str(len(body)).encode()), (b"idempotent-replayed", b"true")]
    await _respond(send, record["status_code"], raw_headers, body)


async def _run_and_store(
    app: ASGIApp, scope: Scope, body: bytes, send: Send, scoped_key: str
) -> None:
    sent_body = False

    async def replay_receive() -> HTTPReceiveMessage:
        nonlocal sent_body
        if sent_body:
            return {"type": "http.disconnect"}
        sent_body = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 500
    kept: dict[str, str] = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            for name, value in message.get("headers", ()):
                if name.lower() in KEPT_HEADERS:
                    kept[name.lower().decode()] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
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
            IdempotencyRecord.response_body: b"".join(chunks),
        }
    ).where(IdempotencyRecord.scoped_key == scoped_key)
