"""Push subscriptions: the VAPID key made at first run, subscribing with the browser's
`PushSubscription.toJSON()`, and what is refused — an endpoint on a host not allowed, a body
that is not a subscription, subscribing for another account — with nothing stored."""

from __future__ import annotations

import base64
import json
import stat
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from server.models.accounts import Account
from server.models.notifikasi import LanggananPush, Notifikasi
from tests.conftest import DATA_DIR
from tests.factories import b64url, subscription
from tests.helpers import csrf_token, send

pytestmark = pytest.mark.anyio


async def stored(endpoint: str) -> dict | None:
    return await LanggananPush.select().where(LanggananPush.endpoint == endpoint).first()


@pytest.fixture(autouse=True)
async def no_subscriptions(client):
    await LanggananPush.delete(force=True)
    yield
    await LanggananPush.delete(force=True)


async def test_the_public_key_is_made_at_first_run_and_kept_private(client):
    response = await client.get("/notifikasi/vapid-public-key")
    assert response.status_code == 200
    point = base64.urlsafe_b64decode(response.text + "=" * (-len(response.text) % 4))
    assert len(point) == 65 and point[0] == 4  # an uncompressed P-256 point
    pem = DATA_DIR / "keys" / "vapid.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    assert (await client.get("/notifikasi/vapid-public-key")).text == response.text


async def test_the_settings_page_explains_before_asking(as_role):
    client = await as_role("warga")
    page = await client.get("/notifikasi")
    assert page.status_code == 200
    assert "tanpa NIK" in page.text
    assert "Aktifkan notifikasi" in page.text
    assert "Status permohonan saya" in page.text


async def test_a_citizen_subscribes_this_device_with_the_chosen_topics(as_role, registry):
    client = await as_role("warga")
    body = subscription()
    response = await send(client, "/notifikasi/langganan?topik=permohonan&topik=kunjungan", body)
    assert response.status_code == 201
    row = await stored(body["endpoint"])
    account = (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"]["warga"])
        .first()
    )
    assert row["akun"] == account["id"]
    assert row["p256dh"] == body["keys"]["p256dh"] and row["auth"] == body["keys"]["auth"]
    topics = row["topik"] if isinstance(row["topik"], list) else json.loads(row["topik"])
    assert sorted(topics) == ["kunjungan", "permohonan"]
    # The same device again: still one subscription.
    assert (await send(client, "/notifikasi/langganan", body)).status_code == 201
    assert await LanggananPush.count() == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://push.contoh.test/kirim/1",  # not a push service
        "http://fcm.googleapis.com/fcm/send/1",  # not HTTPS
        "https://fcm.googleapis.com.contoh.test/1",  # only looks like one
        "https://user:pw@fcm.googleapis.com/fcm/send/1",
        "https://127.0.0.1:8090/push/1",  # loopback, not on the list
        "fcm.googleapis.com/fcm/send/1",
    ],
)
async def test_an_endpoint_on_a_host_not_allowed_is_refused(as_role, endpoint):
    client = await as_role("warga")
    response = await send(client, "/notifikasi/langganan", subscription(endpoint))
    assert response.status_code == 422
    assert "tidak diizinkan" in unquote(response.headers["x-dekat-galat"])
    assert await LanggananPush.count() == 0


async def test_a_push_service_under_an_allowed_domain_is_accepted(as_role):
    client = await as_role("warga")
    body = subscription("https://wns2-par02p.notify.windows.com/w/?token=abc")
    assert (await send(client, "/notifikasi/langganan", body)).status_code == 201


def _broken():
    good = subscription()
    short_key = {**good, "keys": {**good["keys"], "p256dh": b64url(b"\x04" + b"1" * 10)}}
    bad_auth = {**good, "keys": {**good["keys"], "auth": "!!!"}}
    return [
        None,
        [],
        "https://fcm.googleapis.com/fcm/send/1",
        {"endpoint": good["endpoint"]},
        {"endpoint": good["endpoint"], "keys": "x"},
        {**good, "expirationTime": "besok"},
        short_key,
        bad_auth,
        {**good, "endpoint": 12},
    ]


@pytest.mark.parametrize("body", _broken())
async def test_a_body_that_is_not_a_subscription_is_refused(as_role, body):
    client = await as_role("warga")
    response = await send(client, "/notifikasi/langganan", body)
    assert response.status_code == 422
    assert "tidak dikenali" in unquote(response.headers["x-dekat-galat"])
    assert await LanggananPush.count() == 0


async def test_not_json_at_all_is_refused(as_role):
    client = await as_role("warga")
    token = await csrf_token(client, "/notifikasi")
    response = await client.post(
        "/notifikasi/langganan",
        content=b"endpoint=https://fcm.googleapis.com/x",
        headers={"x-csrftoken": token, "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert await LanggananPush.count() == 0


async def test_subscribing_for_another_account_is_refused(as_role):
    client = await as_role("warga")
    body = {**subscription(), "akun": 1}
    other = await Account.select(Account.id).where(Account.username == "operator.uji").first()
    body["akun"] = other["id"]
    response = await send(client, "/notifikasi/langganan", body)
    assert response.status_code == 403
    assert "akun Anda sendiri" in unquote(response.headers["x-dekat-galat"])
    assert await LanggananPush.count() == 0


async def test_signed_out_or_without_a_token_nothing_is_stored(client, as_role):
    response = await client.post(
        "/notifikasi/langganan", json=subscription(), headers={"accept": "application/json"}
    )
    assert response.status_code in (401, 403)
    client = await as_role("warga")
    response = await client.post("/notifikasi/langganan", json=subscription())
    assert response.status_code == 403
    assert await LanggananPush.count() == 0


async def test_a_device_moves_to_whoever_subscribes_on_it_now(as_role):
    body = subscription()
    client = await as_role("warga")
    assert (await send(client, "/notifikasi/langganan", body)).status_code == 201
    client = await as_role("warga_tetangga")
    assert (await send(client, "/notifikasi/langganan", body)).status_code == 201
    row = await stored(body["endpoint"])
    neighbour = (
        await Account.select(Account.id).where(Account.username == "5203170505700011").first()
    )
    assert row["akun"] == neighbour["id"] and await LanggananPush.count() == 1


async def test_unsubscribing_removes_only_ones_own(as_role):
    body = subscription()
    client = await as_role("warga")
    await send(client, "/notifikasi/langganan", body)
    client = await as_role("warga_tetangga")
    response = await send(client, "/notifikasi/langganan/hapus", {"endpoint": body["endpoint"]})
    assert response.json() == {"dihapus": False} and await stored(body["endpoint"])
    client = await as_role("warga")
    response = await send(client, "/notifikasi/langganan/hapus", {"endpoint": body["endpoint"]})
    assert response.json() == {"dihapus": True} and await stored(body["endpoint"]) is None


async def test_signing_out_of_a_shared_tablet_removes_its_subscriptions(as_role):
    operator_body, citizen_body = (
        subscription(),
        subscription("https://fcm.googleapis.com/fcm/send/ponsel-warga"),
    )
    client = await as_role("operator")
    await send(client, "/notifikasi/langganan", operator_body)
    token = await csrf_token(client, "/")
    await client.post("/keluar", data={"_csrf_token": token})
    assert await stored(operator_body["endpoint"]) is None
    client = await as_role("warga")
    await send(client, "/notifikasi/langganan", citizen_body)
    token = await csrf_token(client, "/")
    await client.post("/keluar", data={"_csrf_token": token})
    assert await stored(citizen_body["endpoint"])  # a citizen's own phone keeps them


async def test_topics_are_chosen_from_the_list(as_role):
    client = await as_role("warga")
    body = subscription()
    await send(client, "/notifikasi/langganan", body)
    token = await csrf_token(client, "/notifikasi")
    saved = await client.post("/notifikasi/topik", data={"_csrf_token": token, "topik": ["blanko"]})
    assert saved.status_code == 200 and "Pilihan topik tersimpan." in saved.text
    row = await stored(body["endpoint"])
    assert "blanko" in str(row["topik"]) and "permohonan" not in str(row["topik"])
    refused = await client.post(
        "/notifikasi/topik", data={"_csrf_token": token, "topik": ["rahasia"]}
    )
    assert refused.status_code == 422 and "Pilih topik dari daftar." in refused.text


async def test_a_click_is_counted_by_the_code_alone(client, as_role):
    client = await as_role("warga")
    body = subscription()
    await send(client, "/notifikasi/langganan", body)
    row = await stored(body["endpoint"])
    await Notifikasi.insert(
        Notifikasi(kode="klik-uji-0123456789", langganan=row["id"], topik="permohonan", ttl=60)
    )
    response = await client.post("/notifikasi/diklik/klik-uji-0123456789")
    assert response.status_code == 204
    clicked = (
        await Notifikasi.select(Notifikasi.diklik)
        .where(Notifikasi.kode == "klik-uji-0123456789")
        .first()
    )
    assert clicked["diklik"] is not None


async def test_the_office_sees_delivered_and_clicked_counts(as_role):
    client = await as_role("warga")
    body = subscription()
    await send(client, "/notifikasi/langganan", body)
    row = await stored(body["endpoint"])
    await Notifikasi.insert(
        Notifikasi(kode="hitung-1-0123456789", langganan=row["id"], topik="kunjungan", ttl=60),
        Notifikasi(
            kode="hitung-2-0123456789",
            langganan=row["id"],
            topik="kunjungan",
            ttl=60,
            status="terkirim",
        ),
    )
    await client.post("/notifikasi/diklik/hitung-2-0123456789")
    assert (await client.get("/notifikasi/statistik")).status_code == 403
    office = await as_role("dinas")
    page = await office.get("/notifikasi/statistik")
    assert page.status_code == 200
    cells = [
        td.get_text(strip=True)
        for td in BeautifulSoup(page.text, "html.parser")
        .find("th", string="Jemput bola di desa saya dan pemesanan saya")
        .find_next_siblings("td")
    ]
    assert cells == ["2", "1", "1", "1", "0"]  # made, delivered, clicked, waiting, failed
    await Notifikasi.delete(force=True)


async def test_a_key_that_is_not_a_point_on_the_curve_is_refused(as_role):
    client = await as_role("warga")
    body = subscription()
    body["keys"]["p256dh"] = "B" + "A" * 86  # the right length and prefix, not a P-256 point
    response = await send(client, "/notifikasi/langganan", body)
    assert response.status_code == 422 and await LanggananPush.count() == 0
