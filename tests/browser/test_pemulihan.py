"""Taking a squatted account back, by clicks on phones (360 px): the squatter is signed out
and loses their notifications, the officer prints a recovery code, the owner sets a new password
with it and is told what happened (issue 13, hole 2)."""

from __future__ import annotations

import base64
import re

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect

from tests.browser.helpers import OPERATOR, live_rows

pytestmark = pytest.mark.browser

#: The demo resident without an account, and the sign-up code the demo keeps for him (README).
NIK = "5203171203880001"
NAME = "Ahmad Fauzi"
DEMO_CODE = "DEMQ-DAFT-AR23"

#: Registers a push subscription for the signed-in account as the page's script does.
SUBSCRIBE = """async (subscription) => {
  const me = await (await fetch('/akun/saya')).json();
  const answer = await fetch('/notifikasi/langganan', {
    method: 'POST',
    headers: {'content-type': 'application/json', 'x-csrftoken': me.csrf},
    body: JSON.stringify(subscription),
  });
  return answer.status;
}"""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def a_subscription(endpoint: str) -> dict:
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {"endpoint": endpoint, "keys": {"p256dh": b64url(point), "auth": b64url(b"0" * 16)}}


def sign_up(page, code: str, password: str) -> None:
    page.goto("/daftar")
    page.get_by_label("NIK", exact=True).fill(NIK)
    page.get_by_label("Kode pendaftaran (dari slip)").fill(code)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_label("Ulangi kata sandi").fill(password)
    page.get_by_role("button", name="Daftar", exact=True).click()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_officer_takes_a_squatted_account_back_for_its_owner(open_page, live_server):
    # Someone else opened the account first (a broker who got hold of the slip) and turned
    # notifications on.
    squatter = open_page("/daftar")
    sign_up(squatter, DEMO_CODE, "calo-punya-akun-88")
    expect(squatter.get_by_role("heading", level=1)).to_have_text(f"Halo, {NAME}")
    endpoint = "https://fcm.googleapis.com/fcm/send/penyerobot-browser"
    assert squatter.evaluate(SUBSCRIBE, a_subscription(endpoint)) < 300
    account = live_rows(live_server, "SELECT id FROM account WHERE username = $1", NIK)[0]["id"]
    assert live_rows(live_server, "SELECT id FROM langganan_push WHERE akun = $1", account)

    # The owner comes to the desa office with his KTP-el.
    officer = open_page(f"/penduduk?q={NIK}", as_user=OPERATOR)
    officer.locator("#hasil").get_by_role("link", name=NAME).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(officer.get_by_role("button", name="Buat kode pendaftaran")).to_have_count(0)
    officer.get_by_role("link", name="Pulihkan akun").click()
    officer.get_by_role("button", name="Pulihkan akun dan cetak kode").click()
    expect(officer.locator("#dokumen-galat")).to_have_text(
        "Pilih dokumen asli yang Anda periksa sendiri."
    )
    assert live_rows(live_server, "SELECT id FROM langganan_push WHERE akun = $1", account)
    officer.get_by_label("KTP-el asli").check()
    officer.get_by_label(re.compile("Saya sudah mencocokkan wajah warga")).check()
    officer.get_by_role("button", name="Pulihkan akun dan cetak kode").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Kode pemulihan akun Dekat")
    slip = officer.locator(".slip")
    expect(slip).to_contain_text("Ahmad")
    expect(slip).to_contain_text("520317••••••0001")
    expect(slip).to_contain_text("Kantor Desa Labuhan Haji")
    expect(officer.get_by_role("button", name="Cetak")).to_be_visible()
    assert fits_the_screen(officer)
    code = officer.locator("#kode-slip").inner_text()

    # The squatter's next page is the sign-in form; their device is no longer subscribed.
    squatter.goto("/keluarga")
    expect(squatter).to_have_url(re.compile(r"/masuk"))
    assert not live_rows(live_server, "SELECT id FROM langganan_push WHERE akun = $1", account)

    # The owner sets a new password with the slip's code and is told what happened.
    owner = open_page("/")
    sign_up(owner, code, "nasi-balap-puyung-99")
    expect(owner).to_have_url(re.compile(r"/akun/dipulihkan$"))
    expect(owner.get_by_role("status")).to_contain_text(
        "dipulihkan untuk Anda oleh Kantor Desa Labuhan Haji"
    )
    expect(owner.locator("ul.riwayat")).to_contain_text("Memulihkan akun untuk pemiliknya")
    assert fits_the_screen(owner)
    actions = {
        row["action"]
        for row in live_rows(
            live_server,
            "SELECT action FROM audit_log WHERE object_type = 'akun' AND object_id = $1",
            account,
        )
    }
    assert {"pakai_kode_daftar", "pulihkan_akun", "pakai_kode_pemulihan"} <= actions
