"""The IKD card in a real browser: its QR, as drawn on a phone screen, read by an independent
decoder (zxing-cpp) and verified by an independent Claim 169 implementation; and the card
opening without signal on the citizen's phone."""

from __future__ import annotations

import base64
import io
import json
import re
import urllib.request
import zlib
from datetime import UTC, date, datetime, timedelta

import base45
import cbor2
import claim169
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from server.services import ikd_code
from server.services.ikd_keys import KeyRing
from tests.browser.helpers import (
    CITIZEN,
    CITIZEN_NAME,
    go_offline,
    go_online,
    sign_in,
    wait_for_service_worker,
)
from tests.find_browser import PHONE

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
    texts = {result.text for result in results}
    assert len(texts) == 1, f"{len(texts)} different QR codes read in the screenshot"
    assert results[0].ec_level in ("M", "Q", "H"), "error correction below level M"
    return texts.pop()


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

    go_offline(app_page.context)
    # Days later, without signal: the live code has run out, the offline pass shows.
    app_page.clock.install()
    app_page.clock.fast_forward("12:00:00")
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
    validity = decoded.cwt_meta.expires_at - decoded.cwt_meta.issued_at
    assert validity == ikd_code.OFFLINE_VALIDITY.total_seconds() == 24 * 3600


# --- The verifier, offline ------------------------------------------------------------------

HOLDER = {
    "nik": CITIZEN,
    "nama": CITIZEN_NAME,
    "tanggal_lahir": date(1990, 7, 15),
    "jenis_kelamin": "P",
}


def forged(text: str) -> str:
    """The same signed code with another name in it."""
    message = cbor2.loads(zlib.decompress(base45.b45decode(text)))
    protected, unprotected, payload, signature = message.value
    claims = cbor2.loads(payload)
    claims[169] = {**claims[169], 4: "Orang Lain"}
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(claims), signature]))
    return base45.b45encode(zlib.compress(cose)).decode()


def verify_in_page(page, text: str):
    page.get_by_label("Teks kode QR").fill(text)
    page.get_by_role("button", name="Periksa").click()
    return page.locator("#hasil .verdict")


def open_verifier(page) -> None:
    """Opened with signal: the page keeps the published keys on the device."""
    page.goto("/verifikasi")
    page.wait_for_function("() => localStorage.getItem('dekat-ikd-keys') !== null")


#: Whether an element is wholly on screen and not covered (by the sticky bottom menu, say).
ON_SCREEN = """(element) => {
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
    return false;
  }
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return element.contains(hit);
}"""


def assert_holder_first_on_screen(page, verdict) -> None:
    """The holder's name and birth date, at a phone's 360 px, with nobody scrolling: first in
    the answer, larger than its other text, on screen and not covered."""
    name, born = verdict.locator(".holder-name"), verdict.locator(".holder-born")
    expect(name).to_have_text(CITIZEN_NAME)
    expect(born).to_contain_text("15 Juli 1990")
    assert page.viewport_size == {"width": 360, "height": 640}
    assert name.evaluate(ON_SCREEN) and born.evaluate(ON_SCREEN)
    first = verdict.locator(":scope > *").first
    assert first.evaluate("(element) => element.classList.contains('holder-name')")
    size = "(element) => parseFloat(getComputedStyle(element).fontSize)"
    body = page.locator("body").evaluate(size)
    assert name.evaluate(size) >= 1.5 * body and born.evaluate(size) >= 1.4 * body


def test_the_verifier_answers_offline_with_the_right_reason(app_page, live_data_dir, tmp_path):
    context = app_page.context
    keys = KeyRing(live_data_dir)
    app_page.goto("/")
    wait_for_service_worker(app_page)
    earlier = ikd_code.issue(HOLDER, keys, ikd_code.OFFLINE_VALIDITY)
    keys.rotate()  # `dekat keys rotate`: codes signed before stay valid until they expire
    current = ikd_code.issue(HOLDER, keys, ikd_code.LIVE_VALIDITY)
    expired = ikd_code.issue(
        HOLDER, keys, ikd_code.LIVE_VALIDITY, now=datetime.now(UTC) - timedelta(hours=1)
    )
    stranger = ikd_code.issue(HOLDER, KeyRing(tmp_path), ikd_code.LIVE_VALIDITY)
    # A pass made for three days (as before the limit was shortened), a day and an hour ago:
    # its own expiry lies ahead, but it is older than the 24 hours a pass may now outlive.
    three_day_pass = ikd_code.issue(
        HOLDER, keys, timedelta(hours=72), now=datetime.now(UTC) - timedelta(hours=25)
    )
    open_verifier(app_page)

    go_offline(context)
    response = app_page.reload()
    assert response is not None and response.from_service_worker
    # Without signal the page says how old its key list is, and how late a suspension can
    # reach it.
    expect(app_page.get_by_text("Daftar kunci di perangkat ini diperbarui")).to_contain_text(
        re.compile(r"diperbarui (sekarang|\d+ menit yang lalu) \(\d")
    )
    expect(app_page.locator("[data-kunci-info]")).to_contain_text(
        "IKD yang baru ditangguhkan (misalnya ponsel hilang) baru ditolak di sini paling "
        "lambat 24 jam kemudian"
    )
    verdict = verify_in_page(app_page, current.text)
    expect(verdict.locator(".verdict-word")).to_have_text("Sah")
    expect(verdict).to_contain_text("Diperiksa di perangkat ini tanpa sinyal")
    assert_holder_first_on_screen(app_page, verdict)
    cases = [
        (three_day_pass.text, "Tidak sah", "sudah kedaluwarsa"),
        (current.text, "Sah", CITIZEN_NAME),
        (earlier.text, "Sah", "520301••••••0001"),
        (forged(current.text), "Tidak sah", "Tanda tangan tidak sah"),
        (expired.text, "Tidak sah", "sudah kedaluwarsa"),
        (stranger.text, "Tidak sah", "kunci yang tidak dikenal"),
        ("bukan kode apa pun", "Tidak sah", "Bukan kode IKD."),
    ]
    for text, word, detail in cases:
        verdict = verify_in_page(app_page, text)
        expect(verdict.locator(".verdict-word")).to_have_text(word)
        expect(verdict).to_contain_text(detail)
    expect(app_page.get_by_text(CITIZEN)).to_have_count(0)  # the NIK stays masked

    # The key that signed `earlier` leaks and is revoked: once the verifier has had signal
    # again, the code fails offline with that reason.
    go_online(context)
    keys.revoke(earlier.kid)
    open_verifier(app_page)
    go_offline(context)
    app_page.reload()
    verdict = verify_in_page(app_page, earlier.text)
    expect(verdict.locator(".verdict-word")).to_have_text("Tidak sah")
    expect(verdict).to_contain_text("sudah dicabut")
    verdict = verify_in_page(app_page, current.text)
    expect(verdict.locator(".verdict-word")).to_have_text("Sah")
    go_online(context)


# --- Activation in person ---------------------------------------------------------------------


def test_an_officer_activates_by_reading_the_citizens_code(
    browser, live_server, live_data_dir, tmp_path
):
    phone = browser.new_context(base_url=live_server, **PHONE)
    office = browser.new_context(base_url=live_server, **PHONE)
    citizen, officer = phone.new_page(), office.new_page()
    sign_in(citizen, CITIZEN)
    citizen.goto("/ikd")
    code_on_the_lost_phone = read_qr(citizen.get_by_role("img", name="Kode QR IKD", exact=True))
    citizen.set_viewport_size(PHONE["viewport"])
    # A lost phone: the citizen suspends the IKD, then asks for a new activation.
    citizen.get_by_text("Ponsel hilang?").click()
    citizen.get_by_role("button", name="Tangguhkan IKD saya").click()
    expect(citizen.get_by_text("IKD Anda ditangguhkan")).to_be_visible()

    # A verifier with signal refuses the lost phone's code, fresh as it is: the page asks the
    # server, which knows of the suspension.
    verifier = browser.new_context(base_url=live_server, **PHONE)
    checking = verifier.new_page()
    open_verifier(checking)
    verdict = verify_in_page(checking, code_on_the_lost_phone)
    expect(verdict.locator(".verdict-word")).to_have_text("Tidak sah")
    expect(verdict).to_contain_text("IKD ini sedang ditangguhkan")
    expect(checking.get_by_text(CITIZEN_NAME)).to_have_count(0)
    verifier.close()
    citizen.get_by_role("button", name="Buat kode aktivasi").click()
    qr = citizen.get_by_role("img", name="Kode QR aktivasi IKD")
    expect(qr).to_be_visible()
    citizen.set_viewport_size({"width": 360, "height": 1200})
    photo = tmp_path / "kode-aktivasi.png"
    photo.write_bytes(qr.screenshot())

    # The officer has no camera here: the photo of the code goes through the same reader.
    sign_in(officer, "dinas.demo")
    officer.goto("/ikd/aktivasi")
    officer.get_by_label("Pilih foto kode").set_input_files(str(photo))
    expect(officer.get_by_role("heading", level=1)).to_have_text("Cocokkan data warga")
    expect(officer.get_by_role("heading", level=2)).to_have_text(CITIZEN_NAME)
    officer.get_by_role("button", name="Data cocok, aktifkan IKD").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("IKD aktif")

    # Active again: the verifier with signal says so, the holder first and large.
    checking = office.new_page()
    checking.goto("/verifikasi")
    fresh = ikd_code.issue(HOLDER, KeyRing(live_data_dir), ikd_code.LIVE_VALIDITY)
    verdict = verify_in_page(checking, fresh.text)
    expect(verdict.locator(".verdict-word")).to_have_text("Sah")
    expect(verdict).to_contain_text("Diperiksa dengan data Dukcapil saat ini")
    assert_holder_first_on_screen(checking, verdict)

    # The citizen's page notices by itself.
    expect(citizen.get_by_text("IKD Anda sudah aktif.")).to_be_visible(timeout=12_000)
    citizen.get_by_role("link", name="Buka IKD saya").click()
    expect(citizen.locator("#ikd-nama")).to_have_text(CITIZEN_NAME)
    phone.close()
    office.close()
