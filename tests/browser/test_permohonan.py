"""Requests in the browser: a citizen's reprint with two phone photos (shrunk before upload),
a desa officer applying for a resident, and the office taking a request through every status
while the citizen watches the timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    CITIZEN,
    CODE,
    OPERATOR,
    fill_reprint,
    go_offline,
    phone_photo,
    sign_in,
    wait_for_service_worker,
)

pytestmark = pytest.mark.browser

DINAS = "dinas.demo"


def test_citizen_submits_a_reprint_with_two_photos(page, tmp_path):
    sign_in(page, CITIZEN)
    originals = fill_reprint(page, tmp_path)
    page.get_by_role("button", name="Simpan dan periksa").click()
    review = page.get_by_role("region", name="Periksa sebelum mengirim")
    expect(review).to_be_visible()
    expect(review).to_contain_text("Siti Aminah")
    expect(review).to_contain_text("Rusak")
    expect(review.get_by_role("img")).to_have_count(2)

    # What goes up is what the file inputs now hold: the shrunk photos.
    sent = page.evaluate(
        "() => [...document.querySelectorAll('input[data-photo]')]"
        ".reduce((total, input) => total + (input.files[0] ? input.files[0].size : 0), 0)"
    )
    review.get_by_role("button", name="Kirim permohonan").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(CODE)
    expect(page.locator(".badge")).to_have_text("Diajukan")
    print(f"upload: two photos {originals / 1024:.0f} KB on the phone, {sent / 1024:.0f} KB sent")
    assert sent < originals / 4
    for image in page.locator("ul.photos img").all():
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => Math.max(img.naturalWidth, img.naturalHeight)") <= 1600


def test_desa_officer_applies_for_a_resident_and_prints_a_receipt(page, tmp_path):
    sign_in(page, OPERATOR)
    page.goto("/penduduk?q=Ahmad")
    page.locator("#hasil a").first.click()
    expect(page).to_have_url(re.compile(r"/penduduk/\d+$"))
    resident = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Buat permohonan").click()
    page.get_by_role("link", name="Surat pindah (SKPWNI)").click()
    expect(page.get_by_text(resident)).to_be_visible()
    page.get_by_label("Alamat tujuan").fill("Jl. Langko No. 5, Mataram")
    page.get_by_label("Alasan pindah").select_option("pekerjaan")
    page.get_by_label("Kartu Keluarga", exact=True).set_input_files(
        phone_photo(tmp_path, "kk.jpg", 1600, 1200)
    )
    expect(page.get_by_role("img", name="Pratinjau Kartu Keluarga")).to_be_visible()
    page.get_by_role("button", name="Simpan dan periksa").click()
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CODE)
    code = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Cetak tanda terima").click()
    expect(page.locator(".receipt")).to_contain_text(code)
    expect(page.locator(".receipt")).to_contain_text(resident)
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()


def citizen_place(citizen, code: str):
    citizen.goto(f"/permohonan/{code}")
    return citizen.locator("#urutan-cetak")


def test_the_office_takes_it_through_every_status_and_the_citizen_sees_each(
    browser, live_server, tmp_path
):
    phone = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
    )
    office = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 800})
    citizen, officer = phone.new_page(), office.new_page()
    sign_in(citizen, CITIZEN)
    fill_reprint(citizen, tmp_path)
    citizen.get_by_role("button", name="Simpan dan periksa").click()
    citizen.get_by_role("button", name="Kirim permohonan").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(CODE)
    code = citizen.get_by_role("heading", level=1).inner_text()

    sign_in(officer, DINAS)
    officer.goto("/proses")
    officer.get_by_label("Kode permohonan").fill(code.lower())
    officer.get_by_role("button", name="Terapkan").click()
    officer.get_by_role("link", name=re.compile(code)).click()
    steps = [
        ("Verifikasi", "Diverifikasi"),
        ("Proses", "Diproses"),
        ("Cetak KTP-el dan siap diambil", "Siap diambil"),
        ("Selesai (sudah diambil)", "Selesai"),
    ]
    for button, status in steps:
        if status == "Siap diambil":
            # The demo office has cards waiting to print ahead of this one: printing it now
            # takes a reason, and the citizen sees her place in the queue meanwhile.
            expect(citizen_place(citizen, code)).to_contain_text("Urutan cetak: ke-")
            officer.get_by_label("Tempat pengambilan").fill("UPT Labuhan Haji, loket 2")
            officer.get_by_label("Alasan mencetak sebelum gilirannya").fill("Berangkat kerja")
        officer.get_by_role("button", name=button, exact=True).click()
        expect(officer.locator(".badge").first).to_have_text(status)
        citizen.goto(f"/permohonan/{code}")
        expect(citizen.locator(".badge").first).to_have_text(status)
        expect(citizen.locator("ol.timeline li").last).to_contain_text(status)
    expect(citizen.locator("ol.timeline li strong")).to_have_text(
        ["Draf", "Diajukan", "Diverifikasi", "Diproses", "Siap diambil", "Selesai"]
    )
    phone.close()
    office.close()


def test_retake_replaces_the_photo(page, tmp_path):
    sign_in(page, CITIZEN)
    fill_reprint(page, tmp_path)
    first = page.get_by_role("img", name="Pratinjau Kartu Keluarga").get_attribute("src")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Ambil ulang").first.click()
    chooser.value.set_files(phone_photo(tmp_path, "kk2.jpg", 2000, 1500))
    expect(page.get_by_role("img", name="Pratinjau Kartu Keluarga")).not_to_have_attribute(
        "src", first
    )
    data = page.evaluate("() => document.getElementById('dokumen_kk').files[0].type")
    assert data == "image/jpeg"


def test_own_request_status_opens_offline_on_the_citizens_phone(app_page):
    sign_in(app_page, CITIZEN)
    wait_for_service_worker(app_page)
    app_page.goto("/permohonan")
    link = app_page.locator("main ul.list a").first
    code = CODE.search(link.inner_text()).group(0)
    link.click()
    expect(app_page.get_by_role("heading", level=1)).to_have_text(code)
    # Opened once as a whole page, so the worker keeps it.
    app_page.goto(f"/permohonan/{code}")
    expect(app_page.get_by_role("heading", level=1)).to_have_text(code)

    go_offline(app_page.context)
    response = app_page.goto(f"/permohonan/{code}")
    assert response is not None and response.from_service_worker
    expect(app_page.get_by_role("heading", level=1)).to_have_text(code)
    expect(app_page.locator("ol.timeline li").first).to_contain_text("Draf")
    # A page never opened (or not keepable) still falls back to the offline page.
    app_page.goto("/permohonan/baru")
    expect(app_page.get_by_role("heading", level=1)).to_have_text("Tidak ada sinyal")
