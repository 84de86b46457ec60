"""Moving around the app: links swap the page's content in place (htmx), the title and the
address follow, and the browser's back button still works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CITIZEN, CITIZEN_NAME, sign_in

pytestmark = pytest.mark.browser


def test_bottom_nav_swaps_content_without_a_full_reload(page):
    sign_in(page, CITIZEN)
    expect(page).to_have_title("Beranda · Dekat")
    page.evaluate("() => { window.__marker = 1; }")
    nav = page.get_by_role("navigation", name="Menu utama")

    nav.get_by_role("link", name="Permohonan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan saya")
    expect(page).to_have_title("Permohonan · Dekat")
    expect(page).to_have_url(re.compile(r"/permohonan$"))
    expect(nav.get_by_role("link", name="Permohonan")).to_have_attribute("aria-current", "page")
    assert page.evaluate("() => window.__marker") == 1, "the page was reloaded"
    # Focus moves to the new content, for screen readers.
    expect(page.locator("#konten")).to_be_focused()

    nav.get_by_role("link", name="Beranda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Halo, {CITIZEN_NAME}")
    expect(page).to_have_title("Beranda · Dekat")
    assert page.evaluate("() => window.__marker") == 1, "the page was reloaded"


def test_back_button_after_htmx_navigation(page):
    sign_in(page, CITIZEN)
    page.get_by_role("link", name="Lihat anggota keluarga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kartu Keluarga")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Halo, {CITIZEN_NAME}")
    expect(page).to_have_title("Beranda · Dekat")
    # One page shell, not a page nested in a page.
    expect(page.locator("header.topbar")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Menu utama")).to_have_count(1)
