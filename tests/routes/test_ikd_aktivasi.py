"""IKD activation in person: the citizen's code, the officer's check and confirmation (only
authorised officers, only in their area), suspension and re-activation, all audit-logged."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from server.models.accounts import Account
from server.models.audit import AuditLog
from server.models.ikd import IkdAktivasi
from server.models.penduduk import IkdStatus, Penduduk
from server.services import audit, ikd_code
from server.services.ikd_keys import KeyRing
from server.settings import get_settings
from tests.helpers import csrf_token, post

pytestmark = pytest.mark.anyio

CODE_PATH = re.compile(r"^/ikd/aktivasi/([2-9A-Z]{10})$")


@pytest.fixture
async def siti(registry):
    """Siti Aminah without an IKD, and the desa operator not (yet) allowed, for each test."""
    person = registry["people"]["Siti Aminah"]
    yield person
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.belum_aktif}).where(Penduduk.id == person)
    await IkdAktivasi.delete().where(IkdAktivasi.penduduk == person)
    await Account.update({Account.boleh_aktivasi_ikd: False}).where(
        Account.username == registry["accounts"]["operator"]
    )


async def ask_for_code(citizen) -> str:
    response = await post(citizen, "/ikd/aktivasi")
    assert response.status_code == 303
    return CODE_PATH.match(response.headers["location"]).group(1)


async def status_of(person: int) -> str:
    row = await Penduduk.select(Penduduk.ikd_status).where(Penduduk.id == person).first()
    return row["ikd_status"]


async def audited(action: str, person: int) -> int:
    return await AuditLog.count().where(
        (AuditLog.action == action) & (AuditLog.object_id == person)
    )


async def test_an_officer_checks_the_person_and_activates(as_role, siti):
    citizen = await as_role("warga")
    code = await ask_for_code(citizen)
    page = BeautifulSoup((await citizen.get(f"/ikd/aktivasi/{code}")).text, "html.parser")
    assert page.select_one(".activation-qr svg")
    assert page.select_one(".activation-code").get_text() == f"{code[:4]}-{code[4:8]}-{code[8:]}"
    assert page.select_one("#status_aktivasi")["hx-trigger"] == "every 5s"

    officer = await as_role("dinas")
    typed = await officer.get(
        f"/ikd/aktivasi?kode={code[:4]}-{code[4:8]}-{code[8:].lower()}", follow_redirects=False
    )
    assert typed.status_code == 303 and typed.headers["location"] == f"/ikd/aktivasi/{code}"
    check = await officer.get(f"/ikd/aktivasi/{code}")
    assert check.status_code == 200
    assert "Siti Aminah" in check.text  # the registry data to compare with the person
    reads = await audited("lihat_penduduk", siti)
    assert reads >= 1
    confirmed = await post(officer, f"/ikd/aktivasi/{code}")
    assert confirmed.status_code == 200
    assert "sudah aktif" in confirmed.text
    assert await status_of(siti) == IkdStatus.aktif
    assert await audited("aktivasi_ikd", siti) == 1
    # The citizen's page sees it, and the card is there.
    citizen = await as_role("warga")
    assert "IKD Anda sudah aktif." in (await citizen.get(f"/ikd/aktivasi/{code}")).text
    assert 'class="ikd-card"' in (await citizen.get("/ikd")).text
    # A code works once.
    officer = await as_role("dinas")
    again = await post(officer, f"/ikd/aktivasi/{code}")
    assert again.status_code == 422
    assert "tidak ditemukan atau sudah kedaluwarsa" in again.text


async def test_only_authorised_officers_in_their_area(as_role, registry, siti):
    citizen = await as_role("warga")
    code = await ask_for_code(citizen)
    operator = await as_role("operator")
    refused = await operator.get(f"/ikd/aktivasi/{code}", follow_redirects=False)
    assert refused.status_code == 403
    assert "belum diizinkan" in refused.text
    await Account.update({Account.boleh_aktivasi_ikd: True}).where(
        Account.username == registry["accounts"]["operator"]
    )
    assert (await operator.get(f"/ikd/aktivasi/{code}")).status_code == 200
    elsewhere = await as_role("upt_sembalun")
    outside = await elsewhere.get(f"/ikd/aktivasi/{code}")
    assert outside.status_code == 404 and "di luar wilayah tugas" in outside.text
    assert (await post(elsewhere, f"/ikd/aktivasi/{code}")).status_code == 422
    assert await status_of(siti) == IkdStatus.belum_aktif
    for role in ("pengawas", "warga_tetangga"):
        other = await as_role(role)
        response = await other.get(f"/ikd/aktivasi/{code}", follow_redirects=False)
        assert response.status_code in (403, 404)
    assert await status_of(siti) == IkdStatus.belum_aktif


async def test_unknown_and_mistyped_codes_are_explained(as_role, siti):
    officer = await as_role("dinas")
    for typed in ("ABCD-EFGH-JK", "salah", "0000000000"):
        response = await officer.get(f"/ikd/aktivasi?kode={typed}")
        if response.status_code == 303:
            response = await officer.get(response.headers["location"])
        assert response.status_code in (404, 422)
        assert "tidak ditemukan atau sudah kedaluwarsa" in response.text


async def test_a_lost_phone_suspends_and_an_officer_reactivates(as_role, siti):
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.aktif}).where(Penduduk.id == siti)
    person = await Penduduk.select().where(Penduduk.id == siti).first()
    code_on_the_lost_phone = ikd_code.issue(
        person, KeyRing(get_settings().data_dir), ikd_code.OFFLINE_VALIDITY
    )
    citizen = await as_role("warga")
    response = await post(citizen, "/ikd/tangguhkan")
    assert response.status_code == 303
    assert await status_of(siti) == IkdStatus.ditangguhkan
    assert await audited("tangguhkan_ikd", siti) == 1
    assert 'class="ikd-card"' not in (await citizen.get("/ikd")).text
    # Verified online, the code on the lost phone is refused.
    token = await csrf_token(citizen, "/verifikasi")
    verdict = await citizen.post(
        "/verifikasi", data={"kode": code_on_the_lost_phone.text, "_csrf_token": token}
    )
    assert "sedang ditangguhkan" in verdict.text
    # Back with a new phone: a new code, and an officer activates it again.
    code = await ask_for_code(citizen)
    officer = await as_role("petugas")
    assert (await post(officer, f"/ikd/aktivasi/{code}")).status_code == 200
    assert await status_of(siti) == IkdStatus.aktif


async def test_a_citizen_suspends_only_their_own(as_role, registry, siti):
    neighbour = registry["people"]["Lalu Sahabudin"]
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.aktif}).where(Penduduk.id == siti)
    citizen = await as_role("warga_tetangga")
    # The form names someone else; the citizen's own record is what is suspended (theirs is
    # not active, so nothing happens), never Siti's.
    response = await post(citizen, "/ikd/tangguhkan", {"penduduk": str(siti)})
    assert response.status_code == 403
    assert await status_of(siti) == IkdStatus.aktif
    assert await status_of(neighbour) == IkdStatus.belum_aktif


async def test_the_office_allows_a_desa_operator(as_role, registry, siti):
    dinas = await as_role("dinas")
    page = BeautifulSoup((await dinas.get("/ikd/izin")).text, "html.parser")
    operator = next(li for li in page.select("main li") if li.strong.get_text() == "Akun operator")
    assert "Belum diizinkan" in operator.get_text()
    action = operator.form["action"]
    assert (await post(dinas, action, {"izinkan": "1"})).status_code == 303
    assert await AuditLog.count().where(AuditLog.action == "izin_aktivasi_ikd") >= 1
    citizen = await as_role("warga")
    code = await ask_for_code(citizen)
    allowed = await as_role("operator")
    assert (await post(allowed, f"/ikd/aktivasi/{code}")).status_code == 200
    assert await status_of(siti) == IkdStatus.aktif
    # A UPT officer manages only the operators of their kecamatan.
    upt = await as_role("upt_sembalun")
    assert "Akun operator" not in (await upt.get("/ikd/izin")).text
    assert (await post(upt, action, {"izinkan": "0"})).status_code == 404
    # Operators (and citizens) do not get the page.
    operator_again = await as_role("operator")
    assert (await operator_again.get("/ikd/izin", follow_redirects=False)).status_code == 403


async def _audit_log_down(*_args) -> None:
    raise RuntimeError("the audit log cannot be written")


async def test_a_permission_changes_only_with_its_audit_entry(as_role, registry, siti, monkeypatch):
    """The change and its audit entry are one transaction: when the entry cannot be
    written, the operator's permission stays as it was."""
    operator = (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"]["operator"])
        .first()
    )
    dinas = await as_role("dinas")
    token = await csrf_token(dinas, "/")
    monkeypatch.setattr(audit, "record", _audit_log_down)
    response = await dinas.post(
        f"/ikd/izin/{operator['id']}",
        data={"izinkan": "1", "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 500
    allowed = (
        await Account.select(Account.boleh_aktivasi_ikd).where(Account.id == operator["id"]).first()
    )
    assert allowed["boleh_aktivasi_ikd"] is False


async def test_a_suspension_happens_only_with_its_audit_entry(as_role, siti, monkeypatch):
    await Penduduk.update({Penduduk.ikd_status: IkdStatus.aktif}).where(Penduduk.id == siti)
    citizen = await as_role("warga")
    token = await csrf_token(citizen, "/")
    monkeypatch.setattr(audit, "record", _audit_log_down)
    response = await citizen.post(
        "/ikd/tangguhkan", data={"_csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 500
    assert await status_of(siti) == IkdStatus.aktif
