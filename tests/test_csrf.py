"""Every state-changing route refuses a request without a valid CSRF token."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import httpx
import pytest
from litestar import Litestar

from server.app import create_app
from server.models.permohonan import Permohonan
from server.security import CLICK_PATH
from server.settings import get_settings
from tests.factories import PASSWORD, jpeg
from tests.helpers import CSRF_INPUT, csrf_token, default_kantor_id, login, post_form

pytestmark = pytest.mark.anyio

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def unsafe_routes(app: Litestar) -> list[tuple[str, str]]:
    routes = []
    for route in app.routes:
        if re.match(CLICK_PATH, route.path):
            continue  # counting a notification's click: exempt on purpose (server/security.py)
        for method in getattr(route, "methods", ()):
            if method in UNSAFE:
                # A real address: path parameters filled in (`{akun:int}` -> `1`).
                path = re.sub(r"\{\w+:int\}", "1", route.path)
                routes.append((method, re.sub(r"\{\w+:str\}", "contoh", path)))
    return sorted(routes)


def test_the_sweep_finds_the_forms():
    found = unsafe_routes(create_app())
    assert ("POST", "/masuk") in found
    assert ("POST", "/keluar") in found
    assert len(found) >= 5


@pytest.mark.parametrize("method_path", unsafe_routes(create_app()))
async def test_unsafe_request_without_token_is_refused(client, registry, method_path):
    method, path = method_path
    await login(client, registry["accounts"]["operator"])
    response = await client.request(method, path, data={"x": "1"}, follow_redirects=False)
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text
    forged = await client.request(
        method,
        path,
        data={"_csrf_token": "palsu"},
        headers={"x-csrftoken": "palsu"},
        follow_redirects=False,
    )
    assert forged.status_code == 403


async def test_htmx_requests_carry_the_token_in_a_header(client, registry):
    page = await client.get("/masuk")
    assert 'hx-headers=\'{"x-csrftoken": "' in page.text
    token = page.text.split('"x-csrftoken": "')[1].split('"')[0]
    response = await client.post(
        "/masuk",
        data={"username": registry["accounts"]["operator"], "password": "x"},
        headers={"x-csrftoken": token, "HX-Request": "true"},
    )
    assert response.status_code == 422  # reached the handler: wrong password, not CSRF


# --- Tokens bound to the session (issue 13, hole 6) -----------------------------------------


async def _apply_with(client, registry, token: str, note: str):
    """A complete request for a new KTP-el, which the victim's session would file."""
    person = registry["people"]["Siti Aminah"]
    return await client.post(
        "/permohonan",
        data={
            "layanan": "ktp_cetak_ulang",
            "untuk": str(person),
            "alasan": "hilang",
            "kantor": await default_kantor_id(client, "ktp_cetak_ulang", person),
            "catatan": note,
            "ajukan": "1",
            "_csrf_token": token,
        },
        files={
            "dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg"),
            "dokumen_bukti": ("bukti.jpg", jpeg(), "image/jpeg"),
        },
        headers={"x-csrftoken": token},
        follow_redirects=False,
    )


async def _filed(note: str) -> int:
    return await Permohonan.count().where(Permohonan.catatan == note)


async def test_a_token_from_another_browser_is_refused_in_a_signed_in_session(browsers, registry):
    victim, attacker = browsers(), browsers("10.9.8.7")
    await login(victim, registry["accounts"]["warga"])
    # The attacker's own browser is handed a token and its cookie, then plants both in the
    # victim's signed-in session (what a sibling host could do with a cookie).
    token = await csrf_token(attacker, "/masuk")
    victim.cookies.set("csrftoken", attacker.cookies.get("csrftoken"))
    response = await _apply_with(victim, registry, token, "token-peramban-lain")
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text
    # Nor does a signed-in attacker's token open another session.
    await login(attacker, registry["accounts"]["operator"])
    response = await _apply_with(
        victim, registry, await csrf_token(attacker, "/"), "token-sesi-lain"
    )
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text
    assert await _filed("token-peramban-lain") == await _filed("token-sesi-lain") == 0
    # The victim's own form, with their own session's token, goes through.
    own = await _apply_with(victim, registry, await csrf_token(victim, "/"), "token-sendiri")
    assert own.status_code == 303
    assert await _filed("token-sendiri") == 1


async def test_the_token_stays_the_same_for_the_whole_session(client, registry):
    await login(client, registry["accounts"]["warga"])
    first = await csrf_token(client, "/")
    # A browser restart loses the session-only token cookie; the page and the service worker's
    # shell fetches then ask at once. Every answer names the same token.
    client.cookies.delete("csrftoken")
    pages = await asyncio.gather(*(client.get(path) for path in ("/", "/ikd", "/permohonan")))
    tokens = {CSRF_INPUT.search(page.text).group(1) for page in pages}
    me = (await client.get("/akun/saya", headers={"accept": "application/json"})).json()
    assert tokens == {first, me["csrf"]}
    assert (await post_form(client, "/bahasa", {"bahasa": "id", "kembali": "/"})).status_code == 303


async def test_over_https_cookies_are_host_only_secure_and_hsts_is_sent(browsers, registry):
    secure = browsers(https=True)
    page = await secure.get("/masuk")
    assert page.headers["strict-transport-security"].startswith("max-age=")
    token = CSRF_INPUT.search(page.text).group(1)
    response = await secure.post(
        "/masuk",
        data={
            "username": registry["accounts"]["warga"],
            "password": PASSWORD,
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    set_cookies = response.headers.get_list("set-cookie") + page.headers.get_list("set-cookie")
    by_name = {header.split("=", 1)[0]: header.lower() for header in set_cookies}
    assert set(by_name) >= {"__Host-dekat_sesi", "__Host-csrftoken"}
    for header in by_name.values():
        assert "; secure" in header
        assert "; path=/" in header
        assert "samesite=lax" in header
        assert "domain=" not in header
    assert "httponly" in by_name["__Host-dekat_sesi"]
    # Signed in over HTTPS: the prefixed session cookie is the one that counts.
    assert (await secure.get("/permohonan", follow_redirects=False)).status_code == 200
    # A bare `dekat_sesi` cookie (which a sibling host could plant) opens nothing over HTTPS.
    planted = browsers(https=True)
    planted.cookies.set("dekat_sesi", secure.cookies.get("__Host-dekat_sesi"))
    assert (await planted.get("/permohonan", follow_redirects=False)).status_code == 303


async def test_plain_http_gets_no_hsts(client):
    page = await client.get("/masuk")
    assert "strict-transport-security" not in page.headers
    assert all(not header.startswith("__Host-") for header in page.headers.get_list("set-cookie"))


async def test_production_sends_plain_http_to_https(registry):
    app = create_app(replace(get_settings(), plain_http=False))
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://dekat.test") as http:
            response = await http.get("/masuk?lanjut=/ikd")
            assert response.status_code == 308
            assert response.headers["location"] == "https://dekat.test/masuk?lanjut=/ikd"
            assert "set-cookie" not in response.headers
            # A load balancer may still ask for health over plain HTTP.
            assert (await http.get("/healthz")).status_code == 200
