"""Which events fill the notification outbox, for whom, and with what: a visit published (the
desa's citizens and officers who chose the topic, nobody else), a place freed from the waiting
list, the day-before reminder (once), a team changed, blanko arrived (a newer message replaces
an older one). Payloads are small and carry no NIK."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from server.models.accounts import Account
from server.models.jemput_bola import Kunjungan, StatusKunjungan
from server.models.notifikasi import LanggananPush, Notifikasi
from server.services import delivery, kunjungan, notify, pemesanan
from server.services.auth import user_by_username
from server.services.wilayah import today
from tests.factories import desa_of, subscribe, working_day

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
async def empty(client):
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)
    yield
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)


async def outbox() -> list[dict]:
    rows = await Notifikasi.select(
        Notifikasi.langganan, Notifikasi.isi, Notifikasi.ttl, Notifikasi.urgensi, Notifikasi.topic
    ).order_by(Notifikasi.id)
    for row in rows:
        if isinstance(row["isi"], str):
            row["isi"] = json.loads(row["isi"])
    return rows


async def test_a_published_visit_tells_its_desa_who_chose_visits(registry, scratch):
    desa = await desa_of("Labuhan Haji", "Labuhan Haji")
    citizen = await subscribe(registry["accounts"]["warga"], ["kunjungan"], "siti")
    officer = await subscribe(registry["accounts"]["operator"], ["kunjungan"], "operator")
    await subscribe(registry["accounts"]["warga_tetangga"], ["permohonan"], "tetangga")
    await subscribe(registry["accounts"]["operator_geres"], ["kunjungan"], "geres")
    team = await scratch.team("Labuhan Haji")
    visit = await scratch.visit(
        team, desa, working_day(1, 2), status=StatusKunjungan.diterima, tempat="Balai Desa"
    )
    dinas = await user_by_username(registry["accounts"]["dinas"])
    await kunjungan.decide(dinas, visit["id"], "umumkan")

    rows = await outbox()
    assert sorted(r["langganan"] for r in rows) == sorted([citizen, officer])
    message = rows[0]["isi"]
    assert message["judul"] == "Jemput bola ke Desa Labuhan Haji"
    assert (
        "Balai Desa" in message["isi"] and message["url"] == f"/jemput-bola/kunjungan/{visit['id']}"
    )
    assert 0 < rows[0]["ttl"] <= notify.MAX_TTL
    assert len(json.dumps(message).encode()) < 3 * 1024


async def test_a_freed_place_and_the_reminder_reach_those_booked(registry, scratch):
    desa = await desa_of("Labuhan Haji", "Labuhan Haji")
    team = await scratch.team("Labuhan Haji")
    visit = await scratch.visit(team, desa, working_day(0, 3), 3)
    siti = await user_by_username(registry["accounts"]["warga"])
    neighbour = await user_by_username(registry["accounts"]["warga_tetangga"])
    siti_sub = await subscribe(registry["accounts"]["warga"], ["kunjungan"], "siti")
    await subscribe(registry["accounts"]["warga_tetangga"], ["kunjungan"], "tetangga")
    first = await pemesanan.book(
        neighbour,
        pemesanan.Request(visit["id"], registry["people"]["Lalu Sahabudin"], visit["sesi"][0]),
    )
    waiting = await pemesanan.book(
        siti,
        pemesanan.Request(
            visit["id"], registry["people"]["Siti Aminah"], visit["sesi"][0], waiting_list=True
        ),
    )
    assert waiting["status"] == "menunggu"
    await pemesanan.cancel(neighbour, await pemesanan.ticket(first["kode"]))

    rows = await outbox()
    assert [r["langganan"] for r in rows] == [siti_sub]
    assert rows[0]["isi"]["judul"] == "Anda dapat tempat jemput bola"
    assert rows[0]["isi"]["url"] == f"/jemput-bola/tiket/{waiting['kode']}"
    assert rows[0]["urgensi"] == "high"
    assert "5203" not in json.dumps(rows[0]["isi"])

    # The day before: one reminder per booking, once however often the worker looks.
    await Notifikasi.delete(force=True)
    await Kunjungan.update({Kunjungan.tanggal: today() + timedelta(days=1)}).where(
        Kunjungan.id == visit["id"]
    )
    assert await delivery.send_reminders() == 1
    assert await delivery.send_reminders() == 0
    rows = await outbox()
    assert [r["langganan"] for r in rows] == [siti_sub]
    assert rows[0]["isi"]["judul"] == "Besok: jemput bola"


async def test_a_changed_team_tells_both_teams(registry, scratch):
    desa = await desa_of("Labuhan Haji", "Labuhan Haji")
    old = await scratch.team("Labuhan Haji", petugas=registry["accounts"]["petugas"])
    new = await scratch.team("Labuhan Haji")
    petugas = await subscribe(registry["accounts"]["petugas"], ["kunjungan"], "petugas")
    day = working_day(2, 1)
    visit = await scratch.visit(old, desa, day, 20, status=StatusKunjungan.diterima)
    dinas = await user_by_username(registry["accounts"]["dinas"])
    await kunjungan.edit(dinas, visit["id"], day, new["id"], new["kits"][0]["id"], 20, "Balai")
    rows = await outbox()
    assert [r["langganan"] for r in rows] == [petugas]
    assert rows[0]["isi"]["judul"] == "Penugasan jemput bola berubah"


async def test_blanko_news_replaces_older_blanko_news(registry):
    account = (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"]["warga"])
        .first()
    )
    await subscribe(registry["accounts"]["warga"], ["blanko"], "siti")
    kantor = {"id": 7, "nama": "UPT Dukcapil Kecamatan Labuhan Haji"}
    assert await notify.blanko_arrived(kantor, [account["id"]]) == 1
    rows = await outbox()
    assert rows[0]["topic"] == "blanko-7" and rows[0]["urgensi"] == "low"
    assert rows[0]["ttl"] == 3 * notify.DAY


async def test_nobody_is_told_about_a_topic_they_did_not_choose(registry):
    account = (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"]["warga"])
        .first()
    )
    await subscribe(registry["accounts"]["warga"], ["permohonan"], "siti")
    message = notify.PushMessage("Uji", "Isi", "/")
    assert await notify.enqueue([account["id"]], notify.Topik.pengumuman, message, ttl=60) == 0
    assert await Notifikasi.count() == 0


async def test_a_visit_message_lives_until_the_visit():
    assert notify.until(today() + timedelta(days=2)) > notify.DAY
    assert notify.until(today() - timedelta(days=2)) == 60
    assert notify.until(today() + timedelta(days=90)) == notify.MAX_TTL
