"""The public wilayah pages: every kecamatan and desa of the regency, by their real names."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.anyio


async def test_all_twenty_kecamatan_with_254_desa(client):
    soup = BeautifulSoup((await client.get("/wilayah")).text, "html.parser")
    items = soup.select("main li")
    assert len(items) == 20
    total = sum(int(li.select_one(".muted").get_text().split()[0]) for li in items)
    assert total == 254
    assert "Kecamatan Labuhan Haji" in soup.get_text()


async def test_a_kecamatan_lists_its_desa(client):
    soup = BeautifulSoup((await client.get("/wilayah/52.03.17")).text, "html.parser")
    assert soup.h1.get_text(strip=True) == "Kecamatan Labuhan Haji"
    names = [li.contents[0].strip() for li in soup.select("main ul.list li")]
    assert "Desa Labuhan Haji" in names and "Desa Geres" in names
    assert len(names) == 12


async def test_selong_is_made_of_kelurahan(client):
    soup = BeautifulSoup((await client.get("/wilayah/52.03.07")).text, "html.parser")
    assert all(li.get_text().startswith("Kelurahan") for li in soup.select("main ul.list li"))


async def test_unknown_kecamatan_is_a_clear_404(client):
    response = await client.get("/wilayah/52.03.99")
    assert response.status_code == 404
    assert "Kecamatan tidak ditemukan." in response.text


async def test_fragment_for_htmx_navigation(client):
    response = await client.get("/wilayah", headers={"HX-Request": "true", "HX-Target": "isi"})
    assert "<html" not in response.text
    assert "<title>Wilayah layanan · Dekat</title>" in response.text
