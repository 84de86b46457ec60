"""Retried submissions: the first answer is kept per key and account and returned again; the
same key with another body is refused; a retry during the first run is told to wait."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest

from server.idempotency import RECORD_LIFETIME
from server.models.accounts import Account
from server.models.permohonan import Permohonan
from server.models.platform import IdempotencyRecord
from tests.helpers import csrf_token, outbox_request

pytestmark = pytest.mark.anyio


async def requests_with_note(note: str) -> int:
    return await Permohonan.count().where(Permohonan.catatan == note)


async def test_a_retry_gets_the_first_answer_and_creates_nothing_new(as_role, registry):
    client = await as_role("warga")
    send = await outbox_request(client, registry, note="ulang-1", key="ulang-kunci-0001")
    first = await send()
    second = await send()
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["idempotent-replayed"] == "true"
    assert await requests_with_note("ulang-1") == 1


async def test_the_same_key_with_another_body_is_refused(as_role, registry):
    client = await as_role("warga")
    await (await outbox_request(client, registry, note="beda-1", key="beda-kunci-0001"))()
    other = await (await outbox_request(client, registry, note="beda-2", key="beda-kunci-0001"))()
    assert other.status_code == 422
    assert "sudah dipakai" in other.json()["galat"]
    assert await requests_with_note("beda-2") == 0


async def account_id(registry, key: str) -> int:
    return (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"][key])
        .first()
    )["id"]


async def test_a_retry_while_the_first_still_runs_is_told_to_wait(as_role, registry):
    client = await as_role("warga")
    send = await outbox_request(client, registry, note="jalan-1", key="jalan-kunci-0001")
    owner = await account_id(registry, "warga")
    # Fingerprint as the middleware computes it: let a first run store it, then mark it running.
    await send()
    await IdempotencyRecord.update({IdempotencyRecord.selesai: None}).where(
        IdempotencyRecord.scoped_key == f"{owner}:jalan-kunci-0001"
    )
    waiting = await send()
    assert waiting.status_code == 409
    assert waiting.headers["retry-after"] == "5"
    # A first run that died long ago is taken over by the retry.
    await IdempotencyRecord.update(
        {IdempotencyRecord.dibuat: datetime.now(UTC) - timedelta(minutes=10)}
    ).where(IdempotencyRecord.scoped_key == f"{owner}:jalan-kunci-0001")
    assert (await send()).status_code == 303


async def test_concurrent_copies_create_exactly_one_request(as_role, registry):
    client = await as_role("warga")
    send = await outbox_request(client, registry, note="serentak-1", key="serentak-kunci-01")
    answers = await asyncio.gather(*(send() for _ in range(5)))
    codes = sorted(a.status_code for a in answers)
    assert set(codes) <= {303, 409} and 303 in codes
    assert await requests_with_note("serentak-1") == 1


async def test_an_item_of_another_account_is_not_replayed_under_this_one(as_role, registry):
    client = await as_role("warga")
    send = await outbox_request(client, registry, note="akun-lain", key="akun-kunci-0001")
    refused = await send({"x-dekat-account": "999999"})
    assert refused.status_code == 409
    assert "akun lain" in refused.json()["galat"]
    assert await requests_with_note("akun-lain") == 0
    mine = await send({"x-dekat-account": str(await account_id(registry, "warga"))})
    assert mine.status_code == 204


async def test_keys_are_per_account(client, as_role, registry):
    await as_role("warga")
    await (await outbox_request(client, registry, note="per-akun", key="sama-kunci-0001"))()
    owners = await IdempotencyRecord.select(IdempotencyRecord.scoped_key).where(
        IdempotencyRecord.scoped_key.like("%:sama-kunci-0001")
    )
    assert len(owners) == 1


# --- What the device's outbox reads from the answers ---------------------------------------


async def test_the_outbox_learns_who_is_signed_in_and_the_form_token(client, as_role, registry):
    anonymous = await client.get("/akun/saya", headers={"accept": "application/json"})
    assert anonymous.status_code == 401
    assert "Masuk lagi" in anonymous.json()["galat"]
    signed_in = await as_role("warga")
    response = await signed_in.get("/akun/saya", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    me = response.json()
    assert me["akun"] == str(await account_id(registry, "warga"))
    # The token it hands out is accepted with a stored body (whose own field may be stale).
    send = await outbox_request(signed_in, registry, note="token-1", key="token-kunci-0001")
    assert (await send({"x-csrftoken": me["csrf"]})).status_code == 303
    assert await requests_with_note("token-1") == 1


async def test_a_signed_out_outbox_gets_401_not_the_login_page(client, as_role, registry):
    signed_in = await as_role("warga")
    owner = str(await account_id(registry, "warga"))
    send = await outbox_request(signed_in, registry, note="keluar-1", key="keluar-kunci-01")
    await signed_in.post("/keluar", headers={"x-csrftoken": signed_in.cookies.get("csrftoken")})
    response = await send({"x-dekat-account": owner})
    # A redirect to /masuk followed by the browser would look like success to the outbox.
    assert response.status_code == 401
    assert "location" not in response.headers
    assert await requests_with_note("keluar-1") == 0


async def test_a_refusal_tells_the_outbox_why_in_a_header(as_role, registry):
    client = await as_role("warga")
    send = await outbox_request(client, registry, note="x" * 5000, key="alasan-kunci-01")
    response = await send()
    assert response.status_code == 422
    assert "Catatan maksimal" in unquote(response.headers["x-dekat-galat"])
    # A retry of the same item is told the same, in words and without the page.
    replay = await send()
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.headers["x-dekat-galat"] == response.headers["x-dekat-galat"]
    assert "Catatan maksimal" in replay.json()["galat"]


# --- Neither a memory sink nor a store of personal pages (issue 13, hole 8) ------------------


async def test_a_stored_answer_keeps_no_page(as_role, registry):
    client = await as_role("warga")
    owner = await account_id(registry, "warga")
    send = await outbox_request(client, registry, note="tanpa-halaman", key="halaman-kunci-01")
    first = await send()
    assert first.status_code == 303 and "Siti" in (await client.get(first.headers["location"])).text
    record = (
        await IdempotencyRecord.select()
        .where(IdempotencyRecord.scoped_key == f"{owner}:halaman-kunci-01")
        .first()
    )
    assert bytes(record["response_body"]) == b""
    assert set(
        json.loads(record["headers"]) if isinstance(record["headers"], str) else record["headers"]
    ) <= {"location", "hx-redirect", "x-dekat-galat", "x-dekat-lokasi"}
    replay = await send()
    assert replay.headers["location"] == first.headers["location"]
    assert replay.content == b""


async def test_a_body_over_the_route_limit_is_refused_before_it_is_read(as_role, registry):
    client = await as_role("warga")
    token = await csrf_token(client, "/")
    limit = 10_000_000  # the limit of a route that names none (Litestar's default)
    pulled = 0

    async def huge_body():
        nonlocal pulled
        for _ in range(31):
            pulled += 1
            yield b"x" * 1_000_000

    response = await client.post(
        "/bahasa",
        content=huge_body(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "content-length": str(31_000_000),
            "x-csrftoken": token,
            "idempotency-key": "besar-kunci-0001",
        },
        follow_redirects=False,
    )
    assert response.status_code == 413
    assert "Kiriman terlalu besar" in response.text
    assert pulled * 1_000_000 < limit  # refused on its announced size, not after buffering it
    assert not await IdempotencyRecord.exists().where(
        IdempotencyRecord.scoped_key.like("%:besar-kunci-0001")
    )


async def test_a_streamed_body_is_cut_off_at_the_route_limit(as_role, registry):
    client = await as_role("warga")
    token = await csrf_token(client, "/")
    pulled = 0

    async def endless_body():
        nonlocal pulled
        while pulled < 40:
            pulled += 1
            yield b"x" * 1_000_000

    response = await client.post(
        "/bahasa",
        content=endless_body(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-csrftoken": token,
            "idempotency-key": "alir-kunci-0001",
        },
        follow_redirects=False,
    )
    assert response.status_code == 413
    assert pulled <= 11  # stopped just past the route's 10 MB, not at 32 MB


async def test_stored_answers_expire_after_a_day(as_role, registry):
    client = await as_role("warga")
    owner = await account_id(registry, "warga")
    send = await outbox_request(client, registry, note="kedaluwarsa", key="lama-kunci-00001")
    assert (await send()).status_code == 303
    await IdempotencyRecord.update(
        {IdempotencyRecord.dibuat: datetime.now(UTC) - RECORD_LIFETIME - timedelta(minutes=1)}
    ).where(IdempotencyRecord.scoped_key == f"{owner}:lama-kunci-00001")
    # The next keyed request (any) deletes it.
    other = await outbox_request(client, registry, note="kedaluwarsa-2", key="baru-kunci-00001")
    assert (await other()).status_code == 303
    assert not await IdempotencyRecord.exists().where(
        IdempotencyRecord.scoped_key == f"{owner}:lama-kunci-00001"
    )


async def test_the_outbox_is_told_where_to_go_instead_of_being_redirected(as_role, registry):
    """Following a 303 would make the server render the new request's page for nobody."""
    client = await as_role("warga")
    owner = {"x-dekat-account": str(await account_id(registry, "warga"))}
    send = await outbox_request(client, registry, note="lokasi-1", key="lokasi-kunci-01")
    first = await send(owner)
    assert first.status_code == 204
    assert first.headers["x-dekat-lokasi"].startswith("/permohonan/DK-")
    assert "location" not in first.headers
    replay = await send(owner)
    assert replay.status_code == 204
    assert replay.headers["x-dekat-lokasi"] == first.headers["x-dekat-lokasi"]
    assert await requests_with_note("lokasi-1") == 1
