"""The service catalogue: requirements, documents, time, place, and always Rp 0."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from server.models.kantor import Kantor
from server.services.layanan import CATALOGUE

pytestmark = pytest.mark.anyio


async def test_every_service_is_listed_and_free(client):
    page = BeautifulSoup((await client.get("/layanan")).text, "html.parser")
    links = {a["href"] for a in page.select("main ul.list a")}
    assert links == {f"/layanan/{kode}" for kode in CATALOGUE}
    assert "gratis (Rp 0)" in page.get_text()
    assert len(CATALOGUE) >= 12


@pytest.mark.parametrize("kode", sorted(CATALOGUE))
async def test_each_service_page_says_what_is_needed(client, kode):
    item = CATALOGUE[kode]
    page = BeautifulSoup((await client.get(f"/layanan/{kode}")).text, "html.parser")
    text = page.get_text()
    assert "Biaya: Rp 0 (gratis)" in text
    assert "jangan bayar" in text
    for line in item.persyaratan:
        assert line in text
    for doc in item.dokumen:
        assert doc.label in text
    assert f"Selesai dalam {item.hari_kerja} hari kerja" in text


async def test_an_office_out_of_blanko_points_to_ikd(client):
    await Kantor.update({Kantor.blanko_tersedia: 0}).where(Kantor.kode == "UPT-52.03.15")
    await Kantor.update({Kantor.blanko_tersedia: 40}).where(Kantor.kode == "UPT-52.03.17")
    empty = BeautifulSoup(
        (await client.get("/layanan/ktp_cetak?kantor=UPT-52.03.15")).text, "html.parser"
    )
    assert "blanko sedang habis" in empty.select_one("#blanko").get_text()
    assert empty.select_one("#blanko a")["href"] == "/layanan/ikd_aktivasi"
    stocked = await client.get(
        "/layanan/ktp_cetak?kantor=UPT-52.03.17",
        headers={"HX-Request": "true", "HX-Target": "blanko"},
    )
    assert stocked.text.lstrip().startswith('<div id="blanko"')
    assert "blanko tersedia (40 lembar)" in stocked.text


async def test_a_citizen_sees_their_own_office_first(as_role):
    client = await as_role("warga")
    page = BeautifulSoup((await client.get("/layanan/ktp_cetak_ulang")).text, "html.parser")
    assert "UPT Dukcapil Kecamatan Labuhan Haji" in page.select_one("#blanko").get_text()
    assert page.find("a", string="Ajukan permohonan")["href"].endswith("layanan=ktp_cetak_ulang")


async def test_unknown_service_is_a_clear_404(client):
    response = await client.get("/layanan/tidak_ada")
    assert response.status_code == 404
    assert "Layanan tidak ditemukan." in response.text
