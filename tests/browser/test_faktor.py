"""A passkey for regency-wide staff, in a real Chromium with a virtual authenticator (CDP
`WebAuthn.addVirtualAuthenticator`): enrolled by clicks on "Keamanan akun", then used to sign
in after the password (issue 13, hole 10). The demo's `pengawas.demo` signs in with its password
alone until it adds a factor, and again once it removes it (DESIGN §6)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, SECOND_STEP, live_rows, sign_in

pytestmark = pytest.mark.browser

STAFF = "pengawas.demo"


def test_passkey_enrolled_by_clicks_then_signs_in(browser, live_server):
    # WebAuthn needs a domain as the relying party: `localhost`, never 127.0.0.1.
    base = f"http://localhost:{urlsplit(live_server).port}"
    context = browser.new_context(base_url=base)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        authenticator = cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                }
            },
        )["authenticatorId"]

        sign_in(page, STAFF)  # a demo account: the password alone, no second step
        page.get_by_role("link", name="Keamanan akun").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Keamanan akun")
        page.get_by_label("Nama passkey (misalnya: Ponsel kantor)").fill("Laptop kantor")
        page.get_by_role("button", name="Daftarkan passkey").click()
        expect(
            page.get_by_role("status").filter(has_text="Passkey sudah didaftarkan.")
        ).to_be_visible()
        expect(page.get_by_text("Laptop kantor")).to_be_visible()
        stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
        assert len(stored["credentials"]) == 1

        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url(re.compile(r"/masuk\?pesan=keluar"))
        page.get_by_label("NIK atau nama pengguna").fill(STAFF)
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        page.wait_for_url(lambda url: urlsplit(url).path == SECOND_STEP)
        # Half signed in: the menu of a signed-in person is not there.
        expect(page.get_by_role("navigation", name="Menu utama")).to_have_count(0)
        page.get_by_role("button", name="Masuk dengan passkey").click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/")
        expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()

        rows = live_rows(
            live_server,
            "SELECT p.sign_count, p.last_used_at FROM passkey p JOIN account a"
            " ON a.id = p.account WHERE a.username = $1 AND p.name = $2",
            STAFF,
            "Laptop kantor",
        )
        assert len(rows) == 1 and rows[0]["last_used_at"] is not None
        audited = live_rows(
            live_server,
            "SELECT count(*) AS n FROM audit_log l JOIN account a ON a.id = l.actor"
            " WHERE a.username = $1 AND l.action = 'daftar_passkey'",
            STAFF,
        )
        assert audited[0]["n"] == 1

        # Removed again: the demo account is back to its password alone.
        page.get_by_role("link", name="Keamanan akun").click()
        page.get_by_role("button", name="Hapus passkey Laptop kantor").click()
        expect(
            page.get_by_role("status").filter(has_text="Faktor kedua sudah dihapus.")
        ).to_be_visible()
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url(re.compile(r"/masuk\?pesan=keluar"))
        sign_in(page, STAFF)
    finally:
        context.close()
