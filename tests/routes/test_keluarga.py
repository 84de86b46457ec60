"""A citizen's own KK: themself and their family, nobody else."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from server.models.audit import AuditLog

pytestmark = pytest.mark.anyio


async def test_citizen_sees_own_family_and_nobody_else(as_role):
    client = await as_role("warga")
    soup = BeautifulSoup((await client.get("/keluarga")).text, "html.parser")
    names = [s.strong.get_text(strip=True) for s in soup.select("details summary")]
    assert names == ["Ahmad Fauzi", "Siti Aminah", "Nurul Hasanah"]
    assert "Lalu Sahabudin" not in soup.get_text()
    assert "520317••••••0001" in soup.get_text()  # the KK number, masked


async def test_reading_family_members_is_audited_but_not_oneself(as_role, registry):
    client = await as_role("warga")
    people = registry["people"]
    last = await AuditLog.select(AuditLog.id).order_by(AuditLog.id, ascending=False).first()
    await client.get("/keluarga")
    new_entries = await AuditLog.select().where(AuditLog.id > (last["id"] if last else 0))
    read = {row["object_id"] for row in new_entries}
    assert read == {people["Ahmad Fauzi"], people["Nurul Hasanah"]}


@pytest.mark.parametrize("role", ["operator", "dinas", "pengawas"])
async def test_only_citizens_have_a_family_page(as_role, role):
    client = await as_role(role)
    assert (await client.get("/keluarga")).status_code == 403


async def test_fragment_and_full_page(as_role):
    client = await as_role("warga")
    full = await client.get("/keluarga")
    fragment = await client.get("/keluarga", headers={"HX-Request": "true", "HX-Target": "isi"})
    assert "<html" in full.text and "<html" not in fragment.text
    assert "<h1>Kartu Keluarga</h1>" in fragment.text
