"""Delivering notifications: against `web-push-testing` (an independent mock push service that
decrypts what it receives), a status change arrives as the expected JSON with VAPID accepted;
an expired subscription is deleted at the next send; a 429 is tried again later; and on
PostgreSQL two workers draining 1,000 notifications send each exactly once."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from server.models.notifikasi import LanggananPush, Notifikasi, StatusNotifikasi
from server.services import notify
from server.services.delivery import Deliverer
from server.services.vapid import VapidKeys
from server.settings import get_settings
from tests.conftest import DATA_DIR, ON_POSTGRES
from tests.factories import reprint_form, subscription, two_photos
from tests.helpers import CODE, apply, officer_act, send

pytestmark = pytest.mark.anyio

MOCK = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "web-push-testing"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def mock_push():
    """`web-push-testing` on a free loopback port (installed by `make test` with npm)."""
    if not MOCK.exists():
        pytest.fail("web-push-testing is not installed: run `npm ci` (make test does)")
    port = free_port()
    process = subprocess.Popen(
        [str(MOCK), "--port", str(port), "start"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"http://localhost:{port}"
    subprocess.run([str(MOCK), "--port", str(port), "stop"], capture_output=True, check=False)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def vapid() -> VapidKeys:
    keys = VapidKeys(DATA_DIR)
    keys.create()
    return keys


@pytest.fixture
def deliverer(vapid) -> Deliverer:
    return Deliverer(vapid, get_settings().push_subject, "/static/ikon.png", "/static/lencana.png")


@pytest.fixture(autouse=True)
async def empty(client):
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)
    yield
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)


async def mock_subscription(mock: str, vapid: VapidKeys) -> dict:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{mock}/subscribe",
            json={"applicationServerKey": vapid.public_key, "userVisibleOnly": "true"},
        ) as response,
    ):
        return (await response.json())["data"]


async def received(mock: str, client_hash: str) -> list:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{mock}/get-notifications", json={"clientHash": client_hash}) as response,
    ):
        return (await response.json())["data"]["messages"]


async def test_a_status_change_reaches_the_push_service_as_the_expected_json(
    client, as_role, registry, mock_push, vapid, deliverer
):
    sub = await mock_subscription(mock_push, vapid)
    citizen = await as_role("warga")
    body = {"endpoint": sub["endpoint"], "keys": sub["keys"], "expirationTime": None}
    assert (await send(citizen, "/notifikasi/langganan", body)).status_code == 201
    applied = await apply(
        citizen, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(applied.headers["location"]).group(1)
    await Notifikasi.delete(force=True)  # only the office's change counts here
    await as_role("dinas")
    assert (await officer_act(client, code, "verifikasi")).status_code == 303

    result = await deliverer.drain()
    assert result.sent == 1 and result.failed == 0

    messages = await received(mock_push, sub["clientHash"])
    assert len(messages) == 1
    raw = messages[0]
    message = json.loads(raw)
    assert message["judul"] == f"Permohonan {code} sudah diverifikasi"
    assert message["isi"].startswith("Halo Siti, permohonan Anda sudah diverifikasi.")
    assert message["url"] == f"/permohonan/{code}"
    assert message["ikon"] == "/static/ikon.png" and message["lencana"] == "/static/lencana.png"
    assert len(raw.encode()) < 3 * 1024
    assert "5203" not in raw and "Aminah" not in raw  # no NIK, first name only
    row = await Notifikasi.select().first()
    assert row["status"] == StatusNotifikasi.terkirim and row["ttl"] == notify.DAY


async def test_an_expired_subscription_is_deleted_at_the_next_send(
    as_role, mock_push, vapid, deliverer
):
    sub = await mock_subscription(mock_push, vapid)
    citizen = await as_role("warga")
    body = {"endpoint": sub["endpoint"], "keys": sub["keys"], "expirationTime": None}
    await send(citizen, "/notifikasi/langganan", body)
    row = await LanggananPush.select(LanggananPush.id, LanggananPush.akun).first()
    async with aiohttp.ClientSession() as session:
        await session.post(f"{mock_push}/expire-subscription/{sub['clientHash']}")
    message = notify.PushMessage("Uji", "Pesan uji", "/")
    assert await notify.enqueue([row["akun"]], notify.Topik.pengumuman, message, ttl=60) == 1

    result = await deliverer.drain()
    assert result.gone == 1
    assert await LanggananPush.count() == 0
    failed = await Notifikasi.select().first()
    assert failed["status"] == StatusNotifikasi.gagal and failed["langganan"] is None


class Stub:
    """A push endpoint on loopback that answers what a test asks, and counts."""

    def __init__(self, status: int = 201, headers: dict | None = None) -> None:
        self.status, self.headers = status, headers or {}
        self.hits: Counter = Counter()

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        self.hits[request.path] += 1
        return web.Response(status=self.status, headers=self.headers)

    async def __aenter__(self):
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        self.port = free_port()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        self.url = f"http://localhost:{self.port}"
        return self

    async def __aexit__(self, *exc):
        await self.runner.cleanup()


async def stub_subscriptions(stub: Stub, account: int, count: int) -> list[int]:
    good = subscription()
    rows = [
        LanggananPush(
            akun=account,
            endpoint=f"{stub.url}/s/{i}",
            p256dh=good["keys"]["p256dh"],
            auth=good["keys"]["auth"],
            topik=["pengumuman"],
        )
        for i in range(count)
    ]
    inserted = await LanggananPush.insert(*rows)
    return [row["id"] for row in inserted]


async def citizen_account(registry) -> int:
    from server.models.accounts import Account

    row = (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"]["warga"])
        .first()
    )
    return row["id"]


async def test_a_429_is_tried_again_later(registry, deliverer):
    async with Stub(429, {"Retry-After": "120"}) as stub:
        await stub_subscriptions(stub, await citizen_account(registry), 1)
        await notify.enqueue(
            [await citizen_account(registry)],
            notify.Topik.pengumuman,
            notify.PushMessage("Uji", "Pesan uji", "/"),
            ttl=60,
        )
        before = datetime.now(UTC)
        result = await deliverer.drain()
        assert result.retried == 1 and sum(stub.hits.values()) == 1
        row = await Notifikasi.select().first()
        assert row["status"] == StatusNotifikasi.menunggu and row["percobaan"] == 1
        assert row["jadwal"] >= before + timedelta(seconds=119)
        # Not due yet: the next round leaves it alone.
        assert (await deliverer.drain()).handled == 0
        stub.status = 201
        await Notifikasi.update({Notifikasi.jadwal: datetime.now(UTC)}).where(
            Notifikasi.id == row["id"]
        )
        assert (await deliverer.drain()).sent == 1
        assert (await Notifikasi.select().first())["percobaan"] == 2


@pytest.mark.skipif(not ON_POSTGRES, reason="SKIP LOCKED between workers needs PostgreSQL")
async def test_two_workers_drain_1000_notifications_each_exactly_once(registry, vapid):
    async with Stub(201) as stub:
        account = await citizen_account(registry)
        await stub_subscriptions(stub, account, 100)
        for _ in range(10):
            await notify.enqueue(
                [account], notify.Topik.pengumuman, notify.PushMessage("Uji", "Isi", "/"), ttl=60
            )
        assert await Notifikasi.count() == 1000
        workers = [Deliverer(vapid, "mailto:uji@dekat.invalid") for _ in range(2)]
        results = await asyncio.gather(*(w.drain() for w in workers))
        print(f"\ntwo workers: {results[0].sent} + {results[1].sent} sent")
        assert results[0].sent + results[1].sent == 1000
        assert results[0].sent > 0 and results[1].sent > 0
        assert sum(stub.hits.values()) == 1000
        assert set(stub.hits.values()) == {10}  # each subscription got its ten, once each
        rows = await Notifikasi.select(Notifikasi.status, Notifikasi.percobaan)
        assert {(r["status"], r["percobaan"]) for r in rows} == {("terkirim", 1)}


async def test_keys_that_do_not_encrypt_fail_alone_and_leave_the_batch_sent(registry, deliverer):
    async with Stub(201) as stub:
        account = await citizen_account(registry)
        await stub_subscriptions(stub, account, 4)
        good = subscription()
        off_curve = "B" + "A" * 86  # 65 bytes starting 0x04, but not a point on P-256
        await LanggananPush.insert(
            LanggananPush(
                akun=account,
                endpoint=f"{stub.url}/rusak",
                p256dh=off_curve,
                auth=good["keys"]["auth"],
                topik=["pengumuman"],
            )
        )
        await notify.enqueue(
            [account], notify.Topik.pengumuman, notify.PushMessage("Uji", "Isi", "/"), ttl=60
        )
        result = await deliverer.drain()
        assert (result.sent, result.gone) == (4, 1)
        assert sum(stub.hits.values()) == 4 and "/rusak" not in stub.hits
        assert await LanggananPush.count() == 4


async def test_a_message_that_waited_past_its_life_is_not_sent(registry, deliverer):
    async with Stub(201) as stub:
        account = await citizen_account(registry)
        await stub_subscriptions(stub, account, 1)
        await notify.enqueue(
            [account], notify.Topik.pengumuman, notify.PushMessage("Uji", "Isi", "/"), ttl=60
        )
        await Notifikasi.update(
            {Notifikasi.dibuat: datetime.now(UTC) - timedelta(minutes=5)}, force=True
        )
        result = await deliverer.drain()
        assert result.failed == 1 and not stub.hits
        row = await Notifikasi.select().first()
        assert row["status"] == StatusNotifikasi.gagal and "kedaluwarsa" in row["galat"]
