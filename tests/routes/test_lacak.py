"""Public tracking with the code and the last four NIK digits."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from server.services import auth
from tests.factories import reprint_form, two_photos
from tests.helpers import CODE, apply, csrf_token, login

pytestmark = pytest.mark.anyio


async def a_submitted_request(client, as_role, registry) -> str:
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    client.cookies.clear()
    return CODE.search(response.headers["location"]).group(1)


async def track(client, code: str, digits: str, headers: dict | None = None):
    token = await csrf_token(client, "/lacak")
    return await client.post(
        "/lacak", data={"kode": code, "nik4": digits, "_csrf_token": token}, headers=headers or {}
    )


async def test_anyone_with_code_and_nik_digits_sees_the_status(client, as_role, registry):
    code = await a_submitted_request(client, as_role, registry)
    response = await track(client, code.lower().replace("-", " "), "0011")
    page = BeautifulSoup(response.text, "html.parser")
    assert response.status_code == 200
    assert code in page.select_one("#hasil_lacak").get_text()
    assert "Diajukan" in page.select_one("#hasil_lacak").get_text()
    assert "Siti" not in page.get_text() and "5203175507900011" not in page.get_text()


async def test_wrong_digits_say_so_and_tell_nothing(client, as_role, registry):
    code = await a_submitted_request(client, as_role, registry)
    response = await track(client, code, "9999")
    assert response.status_code == 422
    assert "tidak cocok" in response.text
    assert "Diajukan" not in response.text


async def test_htmx_gets_only_the_result_block(client, as_role, registry):
    code = await a_submitted_request(client, as_role, registry)
    response = await track(client, code, "0011", {"HX-Request": "true", "HX-Target": "hasil_lacak"})
    assert response.text.lstrip().startswith('<div id="hasil_lacak"')


async def test_guessing_is_throttled(client):
    for attempt in range(auth.MAX_FAILURES_PER_ADDRESS[auth.TRACKING_FAILURES]):
        await track(client, f"DK-2222-{attempt:04d}", "0000")
    response = await track(client, "DK-2222-2222", "0000")
    assert response.status_code == 429
    assert "Coba lagi dalam" in response.text


async def test_tracking_typos_never_block_sign_in(client, registry):
    # A desa's shared connection mistypes tracking codes until tracking itself waits...
    for attempt in range(auth.MAX_FAILURES_PER_ADDRESS[auth.TRACKING_FAILURES]):
        assert (await track(client, f"DK-3333-{attempt:04d}", "0000")).status_code == 422
    assert (await track(client, "DK-3333-3333", "0000")).status_code == 429
    # ...and the officers behind it still sign in.
    assert (await login(client, registry["accounts"]["operator"])).status_code == 303
