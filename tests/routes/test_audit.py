"""The audit log: what is written, and the pages oversight reads it on."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from server.models.audit import AuditLog
from server.models.permohonan import Kanal
from server.services import permohonan
from server.services.auth import user_by_username
from server.services.layanan import CATALOGUE

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


async def test_each_move_of_a_request_leaves_one_entry_naming_only_the_request(client, registry):
    citizen = await user_by_username(registry["accounts"]["warga"])
    officer = await user_by_username(registry["accounts"]["dinas"])
    person = await permohonan.may_apply_for(citizen, registry["people"]["Siti Aminah"])
    draft = permohonan.Draft(
        layanan=CATALOGUE["ktp_cetak_ulang"],
        pemohon=person,
        kantor_id=await permohonan.default_kantor(person),
        kanal=Kanal.mandiri,
        isian={"alasan": "rusak"},
    )
    created = await permohonan.create(citizen, draft, submit=False)
    await permohonan.submit(citizen, await permohonan.readable_request(citizen, created["kode"]))
    await permohonan.act(
        officer, await permohonan.readable_request(officer, created["kode"]), "verifikasi"
    )
    entries = (
        await AuditLog.select(
            AuditLog.actor,
            AuditLog.actor_role,
            AuditLog.action,
            AuditLog.object_type,
            AuditLog.object_id,
        )
        .where((AuditLog.object_type == "permohonan") & (AuditLog.object_id == created["id"]))
        .order_by(AuditLog.id)
    )
    assert entries == [
        {
            "actor": user.id,
            "actor_role": user.role.value,
            "action": action,
            "object_type": "permohonan",
            "object_id": created["id"],
        }
        for user, action in (
            (citizen, "buat_permohonan"),
            (citizen, "ajukan_permohonan"),
            (officer, "permohonan_verifikasi"),
        )
    ]
