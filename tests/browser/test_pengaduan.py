"""Complaints in the browser: a visitor who is not signed in reports a broker from the footer
link, with a photo, finds the complaint again by typing its code and adds to it, and the code
never enters the tablet's history. A complaint's page has no address of its own, so the layout
and accessibility checks that tests/browser/helpers.py's PAGES drive are run on it here."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from server.demo.pengaduan import DEMO_CODE
from tests.browser.helpers import AXE, MIN_TARGET, PHONE_WIDTH, RUN_AXE, TARGETS

pytestmark = pytest.mark.browser

CODE = re.compile(r"PGD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def record_addresses(page) -> list[str]:
    """Every address the tab goes to, pushed by htmx or loaded whole (history keeps them)."""
    seen: list[str] = []

    def navigated(frame) -> None:
        if frame == page.main_frame:
            seen.append(frame.url)

    page.on("framenavigated", navigated)
    return seen


def check_page_fits_and_passes_axe(page) -> None:
    """What the PAGES checks assert, for a page reached by a form."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH
    targets = page.evaluate(TARGETS, MIN_TARGET)
    assert targets["count"] >= 2 and targets["small"] == []
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert [v["rule"] for v in violations] == [], json.dumps(violations, ensure_ascii=False)


def test_a_visitor_reports_a_broker_finds_it_again_by_its_code_and_adds_to_it(open_page, tmp_path):
    photo = tmp_path / "calo.jpg"
    Image.new("RGB", (1200, 900), (120, 140, 160)).save(photo, "JPEG")
    # axe is injected as a script: the app's CSP rightly allows only its own scripts.
    page = open_page("/", bypass_csp=True)
    addresses = record_addresses(page)
    page.get_by_role("link", name="Laporkan / Pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporkan pungli")
    page.get_by_role("radio", name="Calo").check()
    page.get_by_label("Ceritakan kejadiannya").fill(
        "Di depan kantor ada orang menawarkan KK jadi sehari dengan bayaran."
    )
    page.get_by_label("Foto 1").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim pengaduan").click()

    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Pengaduan terkirim")
    code = page.get_by_role("heading", level=1).inner_text()
    assert CODE.fullmatch(code)
    expect(page.locator("ul.photos img")).to_have_count(1)
    assert page.locator("ul.photos img").evaluate("img => img.naturalWidth") > 0
    titles = [page.title()]  # history keeps each address with its title
    check_page_fits_and_passes_axe(page)

    page.goto("/pengaduan/lacak")
    page.get_by_label("Kode pengaduan").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Buka pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(code)
    expect(page.get_by_text("Menunggu tanggapan")).to_be_visible()
    titles.append(page.title())

    page.get_by_label("Keterangan atau jawaban Anda").fill("Orangnya datang lagi hari ini.")
    page.get_by_role("button", name="Kirim keterangan").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Keterangan Anda")
    expect(page.locator("ol.timeline")).to_contain_text("Orangnya datang lagi hari ini.")
    expect(page.get_by_role("heading", level=1)).to_have_text(code)
    titles.append(page.title())

    # The next person on the tablet goes elsewhere, then back: the complaint is gone.
    page.get_by_role("link", name="← Pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporkan pungli")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lihat pengaduan dengan kode")
    expect(page.get_by_label("Kode pengaduan")).to_have_value("")
    assert code not in page.content()

    spellings = (code, code.lower(), code.replace("-", ""))
    assert not [a for a in addresses + titles if any(s in a for s in spellings)], addresses
    assert any(a.endswith("/pengaduan/lacak") for a in addresses)


def test_the_demo_citizens_complaint_opens_by_its_code_with_the_dinas_answer(open_page):
    page = open_page("/pengaduan/lacak", bypass_csp=True)
    page.get_by_label("Kode pengaduan").fill(DEMO_CODE)
    page.get_by_role("button", name="Buka pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_CODE)
    expect(page.locator("ol.timeline")).to_contain_text("Dinas Dukcapil")
    assert page.url.endswith("/pengaduan/lacak")
    assert DEMO_CODE not in page.title()
    check_page_fits_and_passes_axe(page)
