"""The desa list in the browser: the desa officer marks a person, applies for them from the
list, and finds the request on the list afterwards."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CODE, OPERATOR, phone_photo

pytestmark = pytest.mark.browser


def test_the_officer_marks_a_person_and_applies_from_the_list(open_page, tmp_path):
    page = open_page("/daftar-desa", as_user=OPERATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar BAKSO Desa Labuhan Haji")
    apply = page.get_by_role("link", name="Ajukan: Cetak KTP-el")
    row = page.locator("li", has=apply).first
    row_id = row.get_attribute("id")
    name = row.locator("strong").first.inner_text()

    row.get_by_text(f"Tandai {name}").click()
    row.get_by_label("Catatan (bila perlu)").fill("Ada di rumah, KTP-el belum dicetak")
    row.get_by_role("button", name="Masih tinggal di sini").click()
    row = page.locator(f"#{row_id}")
    expect(row.locator(".badge").first).to_have_text("Masih tinggal di sini")
    expect(row).to_contain_text("Ada di rumah, KTP-el belum dicetak")

    row.get_by_role("link", name="Ajukan: Cetak KTP-el").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cetak KTP-el")
    expect(page.get_by_text(name)).to_be_visible()
    page.get_by_label("Kartu Keluarga", exact=True).set_input_files(
        phone_photo(tmp_path, "kk.jpg", 1600, 1200)
    )
    expect(page.get_by_role("img", name="Pratinjau Kartu Keluarga")).to_be_visible()
    page.get_by_role("button", name="Simpan dan periksa").click()
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CODE)
    code = page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="Daftar BAKSO").first.click()
    row = page.locator(f"#{row_id}")
    expect(row).to_contain_text(code)
    expect(row.locator(".badge").first).to_have_text("Sudah dibantu")
    expect(row.get_by_role("link", name=re.compile("Ajukan"))).to_have_count(0)
