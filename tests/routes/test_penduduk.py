"""Registry pages and the scope of every role: who may see which resident (a matrix)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from server.models.audit import AuditLog

pytestmark = pytest.mark.anyio

HTMX = {"HX-Request": "true", "HX-Target": "hasil"}

# Who may open which resident's page. Residents: Siti (Desa Labuhan Haji), Lalu Sahabudin
# (same desa, other KK), Zainul (Desa Geres, same kecamatan), Baiq (Kecamatan Sembalun).
RESIDENTS = ("Siti Aminah", "Lalu Sahabudin", "Zainul Hakim", "Baiq Maesarah")
MATRIX = {
    "operator": {"Siti Aminah", "Lalu Sahabudin"},
    "operator_geres": {"Zainul Hakim"},
    "petugas": {"Siti Aminah", "Lalu Sahabudin", "Zainul Hakim"},
    "dinas": set(RESIDENTS),
    "upt_sembalun": {"Baiq Maesarah"},
}


@pytest.mark.parametrize("role", sorted(MATRIX))
@pytest.mark.parametrize("resident", RESIDENTS)
async def test_registry_roles_see_exactly_their_scope(as_role, registry, role, resident):
    client = await as_role(role)
    response = await client.get(f"/penduduk/{registry['people'][resident]}")
    if resident in MATRIX[role]:
        assert response.status_code == 200
        assert BeautifulSoup(response.text, "html.parser").h1.get_text(strip=True) == resident
    else:
        assert response.status_code == 404
        assert "di luar wilayah tugas Anda" in response.text
        assert resident not in response.text


@pytest.mark.parametrize("role", ["warga", "pengawas"])
async def test_citizens_and_oversight_have_no_registry_pages(as_role, registry, role):
    client = await as_role(role)
    assert (await client.get("/penduduk")).status_code == 403
    person = registry["people"]["Lalu Sahabudin"]
    response = await client.get(f"/penduduk/{person}")
    assert response.status_code == 403
    assert "Lalu Sahabudin" not in response.text


async def test_signed_out_visitors_are_sent_to_login(client, registry):
    response = await client.get(
        f"/penduduk/{registry['people']['Siti Aminah']}", follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/masuk")


@pytest.mark.parametrize("role", sorted(MATRIX))
async def test_search_returns_only_residents_in_scope(as_role, role):
    client = await as_role(role)
    found = set()
    for query in ("Siti", "Lalu", "Zainul", "Baiq"):
        soup = BeautifulSoup((await client.get(f"/penduduk?q={query}")).text, "html.parser")
        found |= {a.get_text(strip=True) for a in soup.select("#hasil a")}
    assert found == MATRIX[role]


async def test_search_by_nik_prefix_and_masked_results(as_role):
    client = await as_role("operator")
    soup = BeautifulSoup((await client.get("/penduduk?q=5203175507")).text, "html.parser")
    item = soup.select_one("#hasil li")
    assert item.a.get_text(strip=True) == "Siti Aminah"
    assert "520317••••••0011" in item.get_text()
    assert "5203175507900011" not in soup.get_text()


async def test_search_as_you_type_returns_only_the_results_block(as_role):
    client = await as_role("operator")
    response = await client.get("/penduduk?q=Siti", headers=HTMX)
    assert response.text.lstrip().startswith('<div id="hasil"')
    assert "<h1" not in response.text
    full = await client.get("/penduduk?q=Siti", headers={"HX-Request": "true", "HX-Target": "isi"})
    assert "<h1>Cari penduduk</h1>" in full.text


async def test_short_queries_ask_for_more(as_role):
    client = await as_role("operator")
    response = await client.get("/penduduk?q=Si")
    assert "paling sedikit 3 huruf" in response.text


async def test_opening_a_resident_is_audited_without_the_values(as_role, registry):
    client = await as_role("operator")
    person = registry["people"]["Lalu Sahabudin"]
    before = await AuditLog.count().where(AuditLog.object_id == person)
    await client.get(f"/penduduk/{person}")
    entries = await AuditLog.select().where(AuditLog.object_id == person)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert entry["action"] == "lihat_penduduk"
    assert entry["actor_role"] == "operator_desa"
    assert entry["object_type"] == "penduduk"
    assert "5203" not in str(entry)
