"""The IKD card in a real browser: its QR, as drawn on a phone screen, read by an independent
decoder (zxing-cpp) and verified by an independent Claim 169 implementation; and the card
opening without signal on the citizen's phone."""

from __future__ import annotations

import base64
import io
import json
import urllib.request

import claim169
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import CITIZEN, CITIZEN_NAME, sign_in, wait_for_service_worker

pytestmark = pytest.mark.browser


def published_key(live_server: str) -> bytes:
    """The active key from the JWK set, as the SEC1 point claim169 takes."""
    with urllib.request.urlopen(live_server + "/.well-known/ikd-keys.json") as response:  # noqa: S310
        jwk = json.load(response)["keys"][-1]

    def raw(value: str) -> bytes:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))

    return b"\x04" + raw(jwk["x"]) + raw(jwk["y"])


def read_qr(locator) -> str:
    """The code as drawn at the phone's 360 px width (a taller window, so the fixed bottom
    menu does not cover part of it in the screenshot)."""
    locator.page.set_viewport_size({"width": 360, "height": 1200})
    image = Image.open(io.BytesIO(locator.screenshot()))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "no QR code found in the screenshot"
    return results[0].text


def test_the_qr_on_the_screen_decodes_and_verifies_independently(page, live_server):
    sign_in(page, CITIZEN)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="IKD").click()
    expect(page.locator("#ikd-nama")).to_have_text(CITIZEN_NAME)
    live = page.get_by_role("img", name="Kode QR IKD", exact=True)
    expect(live).to_be_visible()
    # Online, only the live code shows; the offline pass waits for a day without signal.
    expect(page.get_by_role("img", name="Kode QR IKD untuk offline")).to_be_hidden()
    text = read_qr(live)
    decoded = claim169.decode_with_ecdsa_p256(text, published_key(live_server))
    assert decoded.is_verified()
    assert decoded.claim169.to_dict()["fullName"] == CITIZEN_NAME
    assert decoded.claim169.to_dict()["id"] == CITIZEN
    assert decoded.cwt_meta.expires_at - decoded.cwt_meta.issued_at <= 600
    # Tap to reveal the whole NIK.
    expect(page.get_by_text(CITIZEN, exact=True)).to_be_hidden()
    page.get_by_text("ketuk untuk melihat").click()
    expect(page.get_by_text(CITIZEN, exact=True)).to_be_visible()


def test_the_card_opens_offline_on_the_citizens_phone(app_page, live_server):
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    app_page.goto("/ikd")
    expect(app_page.locator("#ikd-nama")).to_have_text(CITIZEN_NAME)

    app_page.context.set_offline(True)
    app_page.context.route("**/*", lambda route: route.abort("internetdisconnected"))
    # Days later, without signal: the live code has run out, the offline pass shows.
    app_page.clock.install()
    app_page.clock.fast_forward("24:00:00")
    response = app_page.goto("/ikd")
    assert response is not None and response.from_service_worker
    expect(app_page.locator("#ikd-nama")).to_have_text(CITIZEN_NAME)
    offline = app_page.get_by_role("img", name="Kode QR IKD untuk offline")
    expect(offline).to_be_visible()
    expect(app_page.get_by_text("Kartu offline", exact=True)).to_be_visible()
    expect(app_page.get_by_role("img", name="Kode QR IKD", exact=True)).to_be_hidden()
    decoded = claim169.decode_with_ecdsa_p256(
        read_qr(offline), published_key(live_server), validate_timestamps=False
    )
    assert decoded.is_verified()
    assert decoded.cwt_meta.expires_at - decoded.cwt_meta.issued_at == 72 * 3600
