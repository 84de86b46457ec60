"""The delivery worker: it drains the notification outbox (`Notifikasi`) to the push services.

Each round claims a batch of due messages in one statement — `FOR UPDATE SKIP LOCKED` on
PostgreSQL, so several workers never take the same row; an immediate (write-locked) transaction
on SQLite — and leases them, for longer than a round can take, by moving their `jadwal`
forward. Then it encrypts and sends them (pywebpush, one shared HTTP session) and records each
answer:

- 2xx: delivered;
- 404 or 410: the subscription is gone — deleted at once, the message failed;
- 429, 5xx, a network error: tried again later, with exponential backoff (or the service's
  `Retry-After`), at most `MAX_ATTEMPTS` times;
- any other answer: failed, with the status kept.

The same round also sends the day-before reminders of tomorrow's visits (once per visit).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp
from piccolo.engine.postgres import PostgresEngine
from pywebpush import WebPusher, WebPushException

from server.db import write_transaction
from server.models.jemput_bola import Kunjungan, StatusKunjungan
from server.models.notifikasi import LanggananPush, Notifikasi, StatusNotifikasi
from server.services import notify
from server.services.vapid import VapidKeys
from server.services.wilayah import today

log = logging.getLogger("dekat.delivery")

BATCH = 200
CONCURRENCY = 64
TIMEOUT_SECONDS = 15
TIMEOUT = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
#: Longer than the slowest possible round (every wave of a batch timing out), so no other
#: worker can claim a message while this one may still be sending it.
LEASE = timedelta(seconds=math.ceil(BATCH / CONCURRENCY) * TIMEOUT_SECONDS + 30)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
#: The answer we give ourselves for a subscription we cannot encrypt for.
UNUSABLE = -1
IDLE_SECONDS = 2.0

#: Lease up to {limit} due messages; {lock} lets several PostgreSQL workers skip each other's
#: rows (SQLite has one writer at a time anyway). Values go in as the engine's parameters.
_CLAIM = """
UPDATE notifikasi SET jadwal = {{}}, percobaan = percobaan + 1
WHERE id IN (
    SELECT id FROM notifikasi
    WHERE status = 'menunggu' AND jadwal <= {{}} AND langganan IS NOT NULL
    ORDER BY id LIMIT {limit}
    {lock}
)
RETURNING id
"""


@dataclass
class Result:
    sent: int = 0
    gone: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.gone + self.retried + self.failed


def backoff(attempt: int, retry_after: str | None = None) -> timedelta:
    if retry_after and retry_after.strip().isdigit():
        return min(LONGEST_RETRY, timedelta(seconds=int(retry_after)))
    return min(LONGEST_RETRY, FIRST_RETRY * 2 ** max(0, attempt - 1))


class Deliverer:
    def __init__(self, vapid: VapidKeys, subject: str, icon: str = "", badge: str = "") -> None:
        self.vapid = vapid
        self.subject = subject
        self.icon = icon
        self.badge = badge

    async def claim(self, limit: int = BATCH) -> list[dict]:
        """Lease up to `limit` due messages to this worker, with their subscriptions."""
        now = datetime.now(UTC)
        lock = "FOR UPDATE SKIP LOCKED" if isinstance(Notifikasi._meta.db, PostgresEngine) else ""
        async with write_transaction():
            sql = _CLAIM.format(limit=int(limit), lock=lock)
            rows = await Notifikasi.raw(sql, now + LEASE, now)
        ids = [row["id"] for row in rows]
        if not ids:
            return []
        return await Notifikasi.select(
            Notifikasi.id,
            Notifikasi.kode,
            Notifikasi.isi,
            Notifikasi.ttl,
            Notifikasi.dibuat,
            Notifikasi.urgensi,
            Notifikasi.topic,
            Notifikasi.percobaan,
            Notifikasi.langganan.id,
            Notifikasi.langganan.endpoint,
            Notifikasi.langganan.p256dh,
            Notifikasi.langganan.auth,
        ).where(Notifikasi.id.is_in(ids) & Notifikasi.langganan.is_not_null())

    def payload(self, row: dict) -> bytes:
        content = row["isi"]
        if isinstance(content, str):
            content = json.loads(content)
        message = {**content, "kode": row["kode"], "ikon": self.icon, "lencana": self.badge}
        return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()

    async def _send_one(self, session: aiohttp.ClientSession, row: dict) -> tuple[int, str | None]:
        """The push service's status (0 for a network error) and its Retry-After."""
        endpoint = row["langganan.endpoint"]
        headers = {
            **self.vapid.headers(endpoint, self.subject),
            "Urgency": row["urgensi"],
            "Content-Type": "application/octet-stream",
        }
        if row["topic"]:
            headers["Topic"] = row["topic"]
        info = {
            "endpoint": endpoint,
            "keys": {"p256dh": row["langganan.p256dh"], "auth": row["langganan.auth"]},
        }
        try:
            pusher = WebPusher(info, aiohttp_session=session)
            response = await pusher.send_async(
                data=self.payload(row), headers=headers, ttl=self.ttl_left(row), timeout=TIMEOUT
            )
        except (TimeoutError, aiohttp.ClientError, OSError):
            return 0, None
        except (WebPushException, ValueError, TypeError):  # keys that do not encrypt
            return UNUSABLE, None
        with contextlib.suppress(Exception):
            response.release()
        return response.status, response.headers.get("Retry-After")

    @staticmethod
    def ttl_left(row: dict) -> int:
        """What is left of the message's life: time spent waiting counts against it."""
        age = (datetime.now(UTC) - row["dibuat"]).total_seconds()
        return int(row["ttl"] - age)

    async def round(self, session: aiohttp.ClientSession, limit: int = BATCH) -> Result:
        """Claim one batch and send it; returns what happened."""
        rows = await self.claim(limit)
        result = Result()
        if not rows:
            return result
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(row):
            if self.ttl_left(row) <= 0:
                return row, (None, None)
            async with gate:
                try:
                    return row, await self._send_one(session, row)
                except Exception:  # one message's trouble must not lose the batch's answers
                    log.exception("push delivery of one message failed")
                    return row, (0, None)

        outcomes = await asyncio.gather(*(one(row) for row in rows))
        now = datetime.now(UTC)
        sent, gone, failed = [], [], []
        for row, (status, retry_after) in outcomes:
            if status is None:
                failed.append((row["id"], "kedaluwarsa sebelum terkirim"))
            elif 200 <= status < 300:
                sent.append(row["id"])
            elif status in (404, 410, UNUSABLE):
                gone.append(row)
            elif status == 0 or status == 429 or status >= 500:
                if row["percobaan"] >= MAX_ATTEMPTS:
                    failed.append((row["id"], f"menyerah setelah {row['percobaan']} kali"))
                else:
                    result.retried += 1
                    await Notifikasi.update(
                        {Notifikasi.jadwal: now + backoff(row["percobaan"], retry_after)}
                    ).where(Notifikasi.id == row["id"])
            else:
                failed.append((row["id"], f"ditolak layanan push ({status})"))
        if sent:
            await Notifikasi.update(
                {Notifikasi.status: StatusNotifikasi.terkirim, Notifikasi.terkirim: now}
            ).where(Notifikasi.id.is_in(sent))
            result.sent = len(sent)
        for row in gone:
            await Notifikasi.update(
                {Notifikasi.status: StatusNotifikasi.gagal, Notifikasi.galat: "langganan berakhir"}
            ).where(Notifikasi.id == row["id"])
            await LanggananPush.delete().where(LanggananPush.id == row["langganan.id"])
        result.gone = len(gone)
        for notification_id, reason in failed:
            await Notifikasi.update(
                {Notifikasi.status: StatusNotifikasi.gagal, Notifikasi.galat: reason}
            ).where(Notifikasi.id == notification_id)
        result.failed = len(failed)
        return result

    async def drain(self, session: aiohttp.ClientSession | None = None) -> Result:
        """Rounds until nothing is due (used by tests and the benchmark)."""
        total = Result()
        own = session is None
        session = session or aiohttp.ClientSession()
        try:
            while True:
                result = await self.round(session)
                if not result.handled:
                    return total
                total.sent += result.sent
                total.gone += result.gone
                total.retried += result.retried
                total.failed += result.failed
        finally:
            if own:
                await session.close()

    async def run(self, stop: asyncio.Event) -> None:
        """The worker loop: reminders, then rounds, resting when there is nothing to send."""
        async with aiohttp.ClientSession() as session:
            while not stop.is_set():
                try:
                    await send_reminders()
                    result = await self.round(session)
                except Exception:  # a bad round must not stop delivery for good
                    log.exception("push delivery round failed")
                    result = Result()
                if not result.handled:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(stop.wait(), IDLE_SECONDS)


async def send_reminders() -> int:
    """The day-before reminders of tomorrow's published visits, once per visit."""
    from server.services.kunjungan import VISIT_COLUMNS

    due = await Kunjungan.select(*VISIT_COLUMNS).where(
        (Kunjungan.status == StatusKunjungan.diumumkan)
        & (Kunjungan.tanggal == today() + timedelta(days=1))
        & Kunjungan.pengingat.is_null()
    )
    count = 0
    for visit in due:
        async with write_transaction():
            claimed = (
                await Kunjungan.update({Kunjungan.pengingat: datetime.now(UTC)})
                .where((Kunjungan.id == visit["id"]) & Kunjungan.pengingat.is_null())
                .returning(Kunjungan.id)
            )
            if claimed:
                count += await notify.visit_reminder(visit)
    return count
