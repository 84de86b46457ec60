"""Push subscriptions: what a browser may register, for whom, and with which topics.

A subscription is the browser's `PushSubscription.toJSON()`: an endpoint at a push service and
the two keys that encrypt messages for it. Only endpoints at the push services Dekat trusts
(`DEKAT_PUSH_ALLOWED_HOSTS`) over HTTPS are accepted — anything else would make the server send
requests wherever a form told it to. Loopback over plain HTTP is accepted only when loopback is
itself on the list (tests, a local mock push service).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from piccolo.query.functions.aggregate import Count

from server.db import write_transaction
from server.errors import UserError
from server.i18n import N_, Message
from server.models.accounts import Role
from server.models.notifikasi import LanggananPush, Notifikasi, Topik
from server.services.auth import User

MAX_ENDPOINT = 2048
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Topics each role gets until it chooses.
DEFAULT_TOPICS = {
    Role.warga: [Topik.permohonan, Topik.kunjungan, Topik.blanko, Topik.pengumuman],
    Role.operator_desa: [Topik.kunjungan, Topik.pengumuman],
    Role.petugas_keliling: [Topik.kunjungan, Topik.pengumuman],
    Role.petugas_dinas: [Topik.blanko, Topik.pengumuman],
    Role.pengawas: [Topik.pengumuman],
}
NOT_A_SUBSCRIPTION = N_(
    "Data langganan notifikasi tidak dikenali. Muat ulang halaman lalu coba lagi."
)


class SubscriptionError(UserError):
    """A push subscription that cannot be stored; `status_code` is the answer to give."""

    def __init__(self, message: str | Message, status_code: int = 422) -> None:
        super().__init__(message)
        self.status_code = status_code


def _b64url(text: Any) -> bytes | None:
    if not isinstance(text, str) or not text or len(text) > 200:
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """`host` is on the list, or under a listed domain (`wns2-par02p.notify.windows.com`)."""
    host = host.lower().rstrip(".")
    return any(host == entry or host.endswith("." + entry) for entry in allowed)


def parse(body: Any, allowed: tuple[str, ...]) -> dict[str, str]:
    """`{"endpoint", "p256dh", "auth"}` from a `PushSubscription.toJSON()` body, or refused."""
    if not isinstance(body, dict):
        raise SubscriptionError(NOT_A_SUBSCRIPTION)
    endpoint, keys = body.get("endpoint"), body.get("keys")
    if not isinstance(endpoint, str) or not isinstance(keys, dict):
        raise SubscriptionError(NOT_A_SUBSCRIPTION)
    expiration = body.get("expirationTime")
    if expiration is not None and not isinstance(expiration, int | float):
        raise SubscriptionError(NOT_A_SUBSCRIPTION)
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    loopback = host in LOOPBACK
    if (
        len(endpoint) > MAX_ENDPOINT
        or not host
        or parts.username
        or parts.password
        or not (parts.scheme == "https" or (parts.scheme == "http" and loopback))
        or not host_allowed(host, allowed)
    ):
        raise SubscriptionError(
            N_(
                "Alamat layanan notifikasi ini tidak diizinkan. Gunakan Chrome, Firefox, Edge, "
                "atau Safari yang terbaru."
            )
        )
    p256dh, auth = _b64url(keys.get("p256dh")), _b64url(keys.get("auth"))
    if p256dh is None or len(p256dh) != 65 or p256dh[0] != 4 or auth is None or len(auth) != 16:
        raise SubscriptionError(NOT_A_SUBSCRIPTION)
    try:  # a point on the curve, or every message to it would fail to encrypt
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError:
        raise SubscriptionError(NOT_A_SUBSCRIPTION) from None
    return {"endpoint": endpoint, "p256dh": keys["p256dh"], "auth": keys["auth"]}


def check_topics(raw: list[str]) -> list[str]:
    chosen = [t for t in Topik if t.value in raw]
    if len(chosen) != len(set(raw)):
        raise SubscriptionError(N_("Pilih topik dari daftar."))
    return [t.value for t in chosen]


async def topics_of(user: User) -> list[str]:
    """The topics this account chose (on any of its devices), or its role's defaults."""
    row = (
        await LanggananPush.select(LanggananPush.topik).where(LanggananPush.akun == user.id).first()
    )
    if row is None:
        return [t.value for t in DEFAULT_TOPICS[user.role]]
    value = row["topik"]
    return json.loads(value) if isinstance(value, str) else value


async def subscribe(
    user: User, body: Any, allowed: tuple[str, ...], topics: list[str] | None = None
) -> dict:
    """Register this device for `user`, with the `topics` chosen (or those already chosen on
    another device). The same endpoint signed in under another account moves to this one: a
    device notifies whoever uses it now, never the one before."""
    if isinstance(body, dict) and "akun" in body and str(body["akun"]) != str(user.id):
        raise SubscriptionError(
            N_("Anda hanya bisa berlangganan notifikasi untuk akun Anda sendiri."), 403
        )
    data = parse(body, allowed)
    topics = check_topics(topics) if topics else await topics_of(user)
    async with write_transaction():
        await LanggananPush.delete().where(LanggananPush.endpoint == data["endpoint"])
        await LanggananPush.insert(LanggananPush(akun=user.id, topik=topics, **data))
    return {**data, "topik": topics}


async def unsubscribe(user: User, endpoint: str) -> bool:
    removed = (
        await LanggananPush.delete()
        .where((LanggananPush.akun == user.id) & (LanggananPush.endpoint == endpoint))
        .returning(LanggananPush.id)
    )
    return bool(removed)


async def set_topics(user: User, topics: list[str]) -> None:
    await LanggananPush.update({LanggananPush.topik: check_topics(topics)}).where(
        LanggananPush.akun == user.id
    )


async def devices(user: User) -> int:
    return await LanggananPush.count().where(LanggananPush.akun == user.id)


async def count_click(kode: str) -> None:
    if 8 <= len(kode) <= 32:
        await Notifikasi.update({Notifikasi.diklik: datetime.now(UTC)}).where(
            (Notifikasi.kode == kode) & Notifikasi.diklik.is_null()
        )


async def forget_device_of(user: User) -> None:
    """At sign-out on a shared tablet: this account's notifications must not reach the next
    person at the desk."""
    await LanggananPush.delete().where(LanggananPush.akun == user.id)


async def delivery_counts(days: int = 30) -> dict:
    """For the office: per topic, messages made in the last `days` days and what became of
    them — waiting, delivered, failed, clicked — and how many devices are subscribed."""
    since = datetime.now(UTC) - timedelta(days=days)
    rows = await (
        Notifikasi.select(Notifikasi.topik, Notifikasi.status, Count(alias="n"))
        .where(Notifikasi.dibuat >= since)
        .group_by(Notifikasi.topik, Notifikasi.status)
    )
    clicked = await (
        Notifikasi.select(Notifikasi.topik, Count(alias="n"))
        .where((Notifikasi.dibuat >= since) & Notifikasi.diklik.is_not_null())
        .group_by(Notifikasi.topik)
    )
    table = {
        t.value: {"menunggu": 0, "terkirim": 0, "gagal": 0, "diklik": 0, "jumlah": 0} for t in Topik
    }
    for row in rows:
        table[row["topik"]][row["status"]] = row["n"]
        table[row["topik"]]["jumlah"] += row["n"]
    for row in clicked:
        table[row["topik"]]["diklik"] = row["n"]
    return {"topik": table, "perangkat": await LanggananPush.count(), "hari": days}
