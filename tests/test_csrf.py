"""Every state-changing route refuses a request without a valid CSRF token."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar

from server.app import create_app
from server.security import CLICK_PATH
from tests.helpers import login

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
