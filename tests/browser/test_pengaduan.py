"""Complaints in the browser: a visitor who is not signed in reports a broker from the footer
link, with a photo, and finds the complaint again by typing its code."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CODE = re.compile(r"PGD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def test_a_visitor_reports_a_broker_and_finds_it_again_by_its_code(page, tmp_path):
    photo = tmp_path / "calo.jpg"
    Image.new("RGB", (1200, 900), (120, 140, 160)).save(photo, "JPEG")
    page.goto("/")
    page.get_by_role("link", name="Laporkan / Pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporkan pungli")
    page.get_by_role("radio", name="Calo").check()
    page.get_by_label("Ceritakan kejadiannya").fill(
        "Di depan kantor ada orang menawarkan KK jadi sehari dengan bayaran."
    )
    page.get_by_label("Foto 1").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim pengaduan").click()

    expect(page.get_by_role("status")).to_contain_text("Pengaduan terkirim")
    code = page.get_by_role("heading", level=1).inner_text()
    assert CODE.fullmatch(code)
    expect(page.locator("ul.photos img")).to_have_count(1)

    page.goto("/pengaduan/lacak")
    page.get_by_label("Kode pengaduan").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Buka pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(code)
    expect(page.get_by_text("Menunggu tanggapan")).to_be_visible()
