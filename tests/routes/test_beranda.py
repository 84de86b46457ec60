"""The home page of every role, as a full page and as the htmx navigation fragment."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

HTMX = {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "isi"}

pytestmark = pytest.mark.anyio


async def test_visitors_see_what_dekat_is_and_that_it_is_free(client):
    soup = BeautifulSoup((await client.get("/")).text, "html.parser")
    assert "Urus dokumen kependudukan" in soup.h1.get_text()
    assert "Rp 0" in soup.get_text()
    assert soup.find("a", string="Masuk")["href"] == "/masuk"


async def test_htmx_navigation_gets_only_the_title_and_content(client):
    full = await client.get("/")
    fragment = await client.get("/", headers=HTMX)
    assert "<html" in full.text and "<html" not in fragment.text
    assert "<title>Beranda · Dekat</title>" in fragment.text
    assert 'id="isi"' in fragment.text
    assert "<script" not in fragment.text
    assert len(fragment.text) < len(full.text) / 2


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("warga", "Halo, Siti Aminah"),
        ("operator", "Desa Labuhan Haji"),
        ("petugas", "Wilayah tugas: Kecamatan Labuhan Haji"),
        ("dinas", "Kabupaten Lombok Timur"),
        ("upt_sembalun", "UPT Kecamatan Sembalun"),
        ("pengawas", "Pengawasan pelayanan"),
    ],
)
async def test_each_role_has_its_own_home(as_role, role, heading):
    client = await as_role(role)
    for headers in ({}, HTMX):
        response = await client.get("/", headers=headers)
        assert response.status_code == 200
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.h1.get_text(strip=True) == heading


async def test_desa_officer_sees_only_own_desa_figures(as_role):
    client = await as_role("operator")
    soup = BeautifulSoup((await client.get("/")).text, "html.parser")
    areas = [th.get_text(strip=True) for th in soup.select("table.figures tbody th")]
    assert areas == ["Labuhan Haji"]


async def test_field_team_sees_desa_of_its_kecamatan_only(as_role):
    client = await as_role("petugas")
    soup = BeautifulSoup((await client.get("/")).text, "html.parser")
    areas = {th.get_text(strip=True) for th in soup.select("table.figures tbody th")}
    assert areas == {"Labuhan Haji", "Geres"}


async def test_citizen_has_a_bottom_navigation_with_big_targets(as_role):
    client = await as_role("warga")
    soup = BeautifulSoup((await client.get("/")).text, "html.parser")
    nav = soup.select_one("nav.bottom-nav")
    labels = [a.get_text(strip=True) for a in nav.select("a")]
    assert labels == ["Beranda", "IKD", "Layanan", "Permohonan", "Jemput bola"]
    assert nav.select_one("a[aria-current=page]").get_text(strip=True) == "Beranda"
