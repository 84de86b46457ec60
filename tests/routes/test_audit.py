"""The audit log pages for oversight."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.anyio


async def test_oversight_reads_who_opened_whose_record(client, as_role, registry):
    await as_role("operator")
    await client.get(f"/penduduk/{registry['people']['Lalu Sahabudin']}")
    await client.post("/keluar", follow_redirects=False)  # refused (no CSRF), harmless here
    client.cookies.clear()
    await as_role("pengawas")
    soup = BeautifulSoup((await client.get("/audit")).text, "html.parser")
    first = soup.select_one("#daftar tbody tr")
    assert "Akun operator" in first.get_text()
    assert "Membuka data penduduk" in first.get_text()
    assert "Lalu Sahabudin" not in soup.get_text()


async def test_paging_returns_the_list_block_for_htmx(as_role):
    client = await as_role("pengawas")
    response = await client.get(
        "/audit?halaman=1", headers={"HX-Request": "true", "HX-Target": "daftar"}
    )
    assert response.text.lstrip().startswith('<div id="daftar"')


@pytest.mark.parametrize("role", ["warga", "operator", "petugas"])
async def test_other_roles_cannot_read_the_audit_log(as_role, role):
    client = await as_role(role)
    assert (await client.get("/audit")).status_code == 403
