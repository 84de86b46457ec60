"""Signing in and out as people do, on their own phone and on the desa office's shared tablet:
after signing out nothing of the previous person is left to see on the device."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CITIZEN, CITIZEN_NAME, OPERATOR, sign_in, wait_for_service_worker

pytestmark = pytest.mark.browser

OPERATOR_NAME = "Lalu Hendra"

#: Every entry of every cache on this origin, and whether its body names `needle`.
CACHED_ENTRIES = """async (needle) => {
  const entries = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const body = await (await cache.match(request)).text();
      entries.push({cache: name, url: request.url, personal: body.includes(needle)});
    }
  }
  return entries;
}"""


def login_heading(page):
    return page.get_by_role("heading", level=1, name="Masuk")


def test_citizen_signs_in_and_out_and_nothing_stays_on_the_phone(app_page):
    page = app_page
    sign_in(page, CITIZEN)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Halo, {CITIZEN_NAME}")
    wait_for_service_worker(page)
    page.goto("/keluarga")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kartu Keluarga")
    # Leave personal copies on the device, as a page kept for offline use would be.
    page.evaluate(
        """async () => {
          await (await caches.open('dekat-pages')).addAll(['/', '/keluarga']);
          localStorage.setItem('draf', 'Siti Aminah');
        }"""
    )
    entries = page.evaluate(CACHED_ENTRIES, CITIZEN_NAME)
    assert any(entry["personal"] for entry in entries)

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk\?pesan=keluar$"))
    expect(page.get_by_role("status")).to_contain_text("Anda sudah keluar")
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)
    wait_for_service_worker(page)  # the next page has registered the worker again

    entries = page.evaluate(CACHED_ENTRIES, CITIZEN_NAME)
    assert [entry for entry in entries if entry["personal"]] == []
    assert [entry for entry in entries if entry["cache"] == "dekat-pages"] == []
    assert page.evaluate("() => localStorage.length") == 0

    page.go_back()
    expect(login_heading(page)).to_be_visible()
    expect(page.get_by_text(CITIZEN_NAME)).to_have_count(0)
    page.goto("/keluarga")
    expect(login_heading(page)).to_be_visible()
    page.reload()
    expect(login_heading(page)).to_be_visible()
    expect(page.get_by_text(CITIZEN_NAME)).to_have_count(0)


def test_shared_tablet_hands_over_to_the_next_person(page):
    sign_in(page, OPERATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Desa Labuhan Haji")
    expect(page.get_by_text(OPERATOR_NAME)).to_be_visible()
    page.get_by_role("link", name="Cari penduduk").first.click()
    # The new page has settled once focus is on its content (as a screen reader is told).
    expect(page.locator("#konten")).to_be_focused()
    page.get_by_label("Nama atau NIK").fill("Aminah")
    others = page.locator("#hasil").get_by_role("link").filter(has_not_text=CITIZEN_NAME)
    expect(others.first).to_be_visible()
    resident = others.first.inner_text()

    page.get_by_role("button", name="Ganti pengguna").click()
    page.wait_for_url(re.compile(r"/masuk\?pesan=ganti$"))
    expect(page.get_by_role("status")).to_have_text("Silakan masuk sebagai pengguna berikutnya.")
    expect(page.get_by_label("NIK atau nama pengguna")).to_have_value("")

    # The next person, a citizen, gets no "Ganti pengguna": her phone is her own.
    sign_in(page, CITIZEN)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Halo, {CITIZEN_NAME}")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    expect(page.get_by_role("button", name="Ganti pengguna")).to_have_count(0)

    # Nothing of the officer's is reachable, not through history nor by address.
    for _ in range(3):
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_text(OPERATOR_NAME)).to_have_count(0)
        expect(page.get_by_text(resident)).to_have_count(0)
    page.goto("/penduduk?q=Aminah")
    expect(page.get_by_text("Halaman ini bukan untuk peran Anda.")).to_be_visible()
    expect(page.get_by_text(resident)).to_have_count(0)


def test_shared_tablet_signs_out_by_itself_when_left_idle(page):
    page.clock.install()
    sign_in(page, OPERATOR)
    expect(page.get_by_text(OPERATOR_NAME)).to_be_visible()

    page.clock.run_for("09:00")
    expect(page.get_by_text(OPERATOR_NAME)).to_be_visible()
    page.clock.run_for("01:05")
    page.wait_for_url(re.compile(r"/masuk\?pesan=habis"))
    expect(login_heading(page)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "Sesi berakhir karena tidak ada aktivitas. Silakan masuk lagi."
    )
    expect(page.get_by_text(OPERATOR_NAME)).to_have_count(0)
    page.go_back()
    expect(page.get_by_text(OPERATOR_NAME)).to_have_count(0)


def test_citizen_phone_has_no_idle_sign_out(page):
    page.clock.install()
    sign_in(page, CITIZEN)
    page.clock.run_for("30:00")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Halo, {CITIZEN_NAME}")
    assert page.url.endswith("/")
