"""Announcements: the office writes one, and it is queued for the devices whose owners chose
the topic, in the area chosen; nothing else is told, and bad input queues nothing."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from server.models.audit import AuditLog
from server.models.notifikasi import LanggananPush, Notifikasi
from tests.factories import subscribe
from tests.helpers import csrf_token

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
async def subscribed(client, registry):
    """Devices: the Labuhan Haji citizen and desa officer chose announcements, the Sembalun UPT
    officer too; the neighbour did not."""
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)
    chosen = {"warga": ["pengumuman"], "operator": ["pengumuman", "kunjungan"]}
    chosen |= {"upt_sembalun": ["pengumuman"], "warga_tetangga": ["permohonan"]}
    for key, topics in chosen.items():
        await subscribe(registry["accounts"][key], topics, f"pengumuman-{key}")
    yield
    await Notifikasi.delete(force=True)
    await LanggananPush.delete(force=True)


async def announce(client, **fields):
    token = await csrf_token(client, "/notifikasi/pengumuman")
    data = {"judul": "Blanko datang", "isi": "Blanko KTP-el sudah tiba.", **fields}
    return await client.post(
        "/notifikasi/pengumuman", data={**data, "_csrf_token": token}, follow_redirects=False
    )


async def told() -> list[str]:
    rows = await Notifikasi.select(Notifikasi.langganan.akun.username.as_alias("akun"))
    return sorted(row["akun"] for row in rows)


async def test_the_dinas_announces_to_everyone_who_chose_the_topic(client, as_role, registry):
    await as_role("dinas")
    response = await announce(client, tautan="/blanko")
    assert response.status_code == 303
    assert await told() == sorted(
        registry["accounts"][key] for key in ("warga", "operator", "upt_sembalun")
    )
    content = await Notifikasi.select(Notifikasi.isi, Notifikasi.ttl).first()
    isi = content["isi"] if isinstance(content["isi"], dict) else json.loads(content["isi"])
    assert isi["url"] == "/blanko"
    assert content["ttl"] == 3 * 24 * 3600
    page = BeautifulSoup((await client.get(response.headers["location"])).text, "html.parser")
    assert "Pengumuman diantre untuk 3 perangkat." in page.get_text()
    latest = page.select_one(".announcements li").get_text(" ", strip=True)
    assert "Blanko datang" in latest
    assert "Seluruh kabupaten · 3 perangkat" in latest
    assert await AuditLog.exists().where(
        (AuditLog.action == "kirim_pengumuman") & (AuditLog.object_type == "pengumuman")
    )


async def test_one_kecamatan_only(client, as_role, registry):
    await as_role("dinas")
    response = await announce(client, wilayah="52.03.17")
    assert await told() == sorted([registry["accounts"]["warga"], registry["accounts"]["operator"]])
    page = (await client.get(response.headers["location"])).text
    assert "Pengumuman diantre untuk 2 perangkat." in page
    assert "Kecamatan Labuhan Haji · 2 perangkat" in page


async def test_upt_staff_announce_to_their_kecamatan_only(client, as_role, registry):
    await as_role("upt_sembalun")
    assert (await announce(client, wilayah="52.03.17")).status_code == 303  # ignored
    assert await told() == [registry["accounts"]["upt_sembalun"]]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"judul": ""}, "Tulis judul pengumuman."),
        ({"isi": "x" * 201}, "Isi maksimal 200 karakter"),
        ({"tautan": "https://contoh.example/hadiah"}, "Tautan harus halaman Dekat sendiri"),
        ({"tautan": "//contoh.example"}, "Tautan harus halaman Dekat sendiri"),
        ({"wilayah": "99.99.99"}, "Pilih wilayah dari daftar."),
    ],
)
async def test_a_bad_announcement_is_explained_and_queues_nothing(client, as_role, fields, message):
    await as_role("dinas")
    response = await announce(client, **fields)
    assert response.status_code == 422
    assert message in response.text
    assert await told() == []


@pytest.mark.parametrize("account", ["warga", "operator", "pengawas"])
async def test_only_office_staff_announce(client, as_role, account):
    await as_role(account)
    assert (await client.get("/notifikasi/pengumuman")).status_code == 403
