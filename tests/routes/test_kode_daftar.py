"""Sign-up needs a one-time code handed over in person (issue 13, hole 2): what is printed on
the family card opens no account, a code works once, and an officer can take a squatted
account back for its owner. Every attack goes through HTTP and leaves nothing behind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from server.models.accounts import Account, KodeDaftar, Role, Session, StatusKode
from server.models.audit import AuditLog
from server.models.notifikasi import LanggananPush
from server.services.auth import (
    MAX_FAILURES_PER_ADDRESS,
    SESSION_COOKIE,
    SIGNUP_CODE_FAILURES,
    hash_password,
)
from tests.factories import PASSWORD, desa_of, subscribe
from tests.helpers import (
    NEW_PASSWORD,
    login,
    post_form,
    press_signup_code_button,
    sign_up,
    slip_code,
)

pytestmark = pytest.mark.anyio

NO_MATCH = "NIK dan kode pendaftaran tidak cocok"
TOO_COMMON = "Kata sandi ini terlalu mudah ditebak"


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def alert(response) -> str:
    found = page(response).select_one("[role=alert]")
    return found.get_text(" ", strip=True) if found else ""


async def accounts_of(person: dict) -> int:
    return await Account.count().where(Account.penduduk == person["id"])


async def resident(scratch) -> dict:
    """A resident of Desa Labuhan Haji without an account."""
    return (await scratch.residents(await desa_of("Labuhan Haji", "Labuhan Haji")))[0]


async def code_from_officer(client, as_role, person: dict, officer: str = "operator") -> str:
    """The officer signs in, presses the button on the resident's page and reads the slip;
    then signs out, as the resident would sign up on their own phone."""
    await as_role(officer)
    slip = await press_signup_code_button(client, person["id"])
    assert slip.status_code == 200
    code = slip_code(slip)
    await post_form(client, "/keluar", {})
    return code


async def audit_actions(object_type: str, object_id: int) -> list[str]:
    rows = await AuditLog.select(AuditLog.action).where(
        (AuditLog.object_type == object_type) & (AuditLog.object_id == object_id)
    )
    return [row["action"] for row in rows]


# --- The attack: what is printed on the KK opens no account


async def test_the_family_card_alone_no_longer_opens_an_account(client, scratch):
    person = await resident(scratch)
    # The old form: NIK, KK number and birth date, all printed on the card.
    old_form = {
        "nik": person["nik"],
        "kk": person["kk"],
        "tanggal_lahir": "1990-01-01",
        "password": NEW_PASSWORD,
        "password_ulang": NEW_PASSWORD,
    }
    response = await post_form(client, "/daftar", old_form, page="/daftar")
    assert response.status_code == 422
    assert page(response).select_one("#kode-galat").get_text(strip=True) == (
        "Tulis kode pendaftaran persis seperti di slip: 12 huruf dan angka."
    )
    # A guessed code (the KK number's last digits, say) does no better.
    guessed = await sign_up(client, person["nik"], "ABCD-EFGH-2345")
    assert guessed.status_code == 422
    assert NO_MATCH in alert(guessed)
    assert await accounts_of(person) == 0
    assert SESSION_COOKIE not in guessed.cookies


async def test_the_sign_up_page_says_where_the_code_comes_from(client):
    text = page(await client.get("/daftar")).get_text(" ", strip=True)
    assert "kantor desa atau UPT Dukcapil" in text
    assert "KTP-el atau Kartu Keluarga" in text
    assert page(await client.get("/daftar")).select_one("label[for=kode]") is not None


async def test_a_code_from_the_desa_officer_opens_the_account_once(client, as_role, scratch):
    person = await resident(scratch)
    await as_role("operator")
    slip = await press_signup_code_button(client, person["id"])
    assert slip.status_code == 200
    text = page(slip).get_text(" ", strip=True)
    code = slip_code(slip)
    assert len(code.replace("-", "")) == 12
    assert person["nik"] not in text  # masked: region and last four digits only
    assert person["nik"][:6] + "••••••" + person["nik"][12:] in text
    assert "Warga" in text and "Kantor Desa Labuhan Haji" in text and "Akun operator" in text
    assert "Berlaku sampai" in text
    stored = await KodeDaftar.select().where(KodeDaftar.penduduk == person["id"]).first()
    assert code.replace("-", "") not in str(stored.values())  # only a hash is kept
    await post_form(client, "/keluar", {})

    response = await sign_up(client, person["nik"], code.lower())
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert page(await client.get("/")).h1.get_text(strip=True) == f"Halo, {person['nama']}"
    assert await accounts_of(person) == 1
    account = await Account.select(Account.id).where(Account.penduduk == person["id"]).first()
    assert "terbitkan_kode_daftar" in await audit_actions("penduduk", person["id"])
    assert "pakai_kode_daftar" in await audit_actions("akun", account["id"])

    await post_form(client, "/keluar", {})
    again = await sign_up(client, person["nik"], code, password="teh-manis-di-sawah-9")
    assert again.status_code == 422
    assert NO_MATCH in alert(again)
    assert await accounts_of(person) == 1
    # The first password still opens the account: the second use changed nothing.
    assert (await login(client, person["nik"], NEW_PASSWORD)).status_code == 303


async def test_an_expired_code_is_refused(client, as_role, scratch):
    person = await resident(scratch)
    code = await code_from_officer(client, as_role, person)
    past = datetime.now(UTC) - timedelta(minutes=1)
    await KodeDaftar.update({KodeDaftar.kedaluwarsa: past}).where(
        KodeDaftar.penduduk == person["id"]
    )
    response = await sign_up(client, person["nik"], code)
    assert response.status_code == 422
    assert NO_MATCH in alert(response)
    assert await accounts_of(person) == 0


async def test_a_code_for_another_nik_is_refused(client, as_role, scratch):
    person = await resident(scratch)
    other = await resident(scratch)
    code = await code_from_officer(client, as_role, person)
    response = await sign_up(client, other["nik"], code)
    assert response.status_code == 422
    assert NO_MATCH in alert(response)
    assert await accounts_of(person) == 0 and await accounts_of(other) == 0
    # The code stays good for its own resident.
    assert (await sign_up(client, person["nik"], code)).status_code == 303


async def test_a_new_code_voids_the_earlier_one(client, as_role, scratch):
    person = await resident(scratch)
    first = await code_from_officer(client, as_role, person)
    second = await code_from_officer(client, as_role, person)
    refused = await sign_up(client, person["nik"], first)
    assert refused.status_code == 422
    assert NO_MATCH in alert(refused)
    assert await accounts_of(person) == 0
    statuses = await KodeDaftar.select(KodeDaftar.status).where(KodeDaftar.penduduk == person["id"])
    assert sorted(row["status"] for row in statuses) == [StatusKode.dibatalkan, StatusKode.menunggu]
    assert (await sign_up(client, person["nik"], second)).status_code == 303


async def test_a_wrong_code_does_not_tell_whether_the_nik_exists(client, scratch):
    person = await resident(scratch)
    known = await sign_up(client, person["nik"], "ABCD-EFGH-2345")
    unknown = await sign_up(client, "5203171505990099", "ABCD-EFGH-2345")
    assert known.status_code == unknown.status_code == 422
    assert alert(known) == alert(unknown)


async def test_wrong_codes_are_throttled_apart_from_sign_in(client, as_role, scratch):
    person = await resident(scratch)
    code = await code_from_officer(client, as_role, person)
    for _ in range(MAX_FAILURES_PER_ADDRESS[SIGNUP_CODE_FAILURES]):
        await sign_up(client, person["nik"], "ABCD-EFGH-2345")
    blocked = await sign_up(client, person["nik"], code)
    assert blocked.status_code == 429
    assert "Coba lagi dalam" in alert(blocked)
    assert await accounts_of(person) == 0
    # Sign-in from the same address is not locked by them.
    assert (await as_role("operator")) is client


# --- Who may issue codes


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("operator", 200),
        ("dinas", 200),
        ("operator_geres", 404),
        ("upt_sembalun", 404),
        ("petugas", 403),
        ("warga", 403),
        ("pengawas", 403),
    ],
)
async def test_only_officers_in_scope_issue_codes(client, as_role, scratch, role, status):
    person = await resident(scratch)
    await as_role(role)
    issued = await post_form(client, f"/penduduk/{person['id']}/kode-daftar", {})
    assert issued.status_code == status
    recovery = await client.get(f"/penduduk/{person['id']}/pulihkan")
    assert recovery.status_code == status
    expected = 1 if status == 200 else 0
    assert await KodeDaftar.count().where(KodeDaftar.penduduk == person["id"]) == expected


async def test_the_button_is_shown_only_to_those_who_may_press_it(client, as_role, scratch):
    person = await resident(scratch)
    await as_role("petugas")
    detail = page(await client.get(f"/penduduk/{person['id']}"))
    assert detail.find("button", string="Buat kode pendaftaran") is None


async def test_no_sign_up_code_for_a_resident_who_has_an_account(client, as_role, registry):
    siti = registry["people"]["Siti Aminah"]
    await as_role("operator")
    detail = page(await client.get(f"/penduduk/{siti}"))
    assert detail.find("button", string="Buat kode pendaftaran") is None
    assert detail.find("a", string="Pulihkan akun") is not None
    response = await post_form(client, f"/penduduk/{siti}/kode-daftar", {})
    assert response.status_code == 409
    assert "sudah punya akun" in alert(response)
    assert await KodeDaftar.count().where(KodeDaftar.penduduk == siti) == 0


# --- Passwords


@pytest.mark.parametrize(
    "kind", ["12345678", "password", "nik", "birth_date", "sayang123", "lomboktimur"]
)
async def test_guessable_passwords_are_refused(client, as_role, scratch, kind):
    person = await resident(scratch)
    code = await code_from_officer(client, as_role, person)
    password = {"nik": person["nik"], "birth_date": "01011990"}.get(kind, kind)
    response = await sign_up(client, person["nik"], code, password=password)
    assert response.status_code == 422
    error = page(response).select_one("#password-galat").get_text(" ", strip=True)
    assert TOO_COMMON in error and "tiga atau empat kata" in error
    assert await accounts_of(person) == 0
    # The code was not used up by the refusal: a good password works with it.
    assert (await sign_up(client, person["nik"], code)).status_code == 303


# --- Taking a squatted account back


async def squatted_account(person: dict) -> int:
    """An account someone else opened with the resident's NIK (as the KK-only sign-up let
    them), with its own password."""
    rows = await Account.insert(
        Account(
            username=person["nik"],
            password_hash=hash_password(PASSWORD),
            role=Role.warga,
            display_name=person["nama"],
            penduduk=person["id"],
        )
    )
    return rows[0]["id"]


async def test_recovery_needs_the_document_seen_and_changes_nothing_without_it(
    client, as_role, scratch
):
    person = await resident(scratch)
    account = await squatted_account(person)
    await login(client, person["nik"])
    squatter_cookie = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    await as_role("operator")
    path = f"/penduduk/{person['id']}/pulihkan"
    response = await post_form(client, path, {"dokumen": "paspor"}, page=path)
    assert response.status_code == 422
    assert page(response).select_one("#dokumen-galat").get_text(strip=True) == (
        "Pilih dokumen asli yang Anda periksa sendiri."
    )
    assert page(response).select_one("#konfirmasi-galat") is not None
    assert await Session.count().where(Session.account == account) == 1
    assert await KodeDaftar.count().where(KodeDaftar.penduduk == person["id"]) == 0
    assert "pulihkan_akun" not in await audit_actions("akun", account)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, squatter_cookie)
    assert (await client.get("/keluarga", follow_redirects=False)).status_code == 200


async def test_an_officer_takes_a_squatted_account_back_for_its_owner(client, as_role, scratch):
    person = await resident(scratch)
    account = await squatted_account(person)
    # The squatter is signed in on their phone, with notifications on.
    await login(client, person["nik"])
    squatter_cookie = client.cookies.get(SESSION_COOKIE)
    await subscribe(person["nik"], ["permohonan"], f"penyerobot-{person['id']}")
    client.cookies.clear()

    # The owner comes to the desa office with their KTP-el; the officer recovers the account.
    await as_role("operator")
    detail = page(await client.get(f"/penduduk/{person['id']}"))
    recovery_path = detail.find("a", string="Pulihkan akun")["href"]
    form = page(await client.get(recovery_path)).select_one("form.form")
    slip = await post_form(
        client, form["action"], {"dokumen": "ktp_el", "konfirmasi": "ya"}, page=recovery_path
    )
    assert slip.status_code == 200
    assert "Kode pemulihan akun" in page(slip).get_text()
    code = slip_code(slip)
    client.cookies.clear()

    # The squatter's next request is signed out, their device no longer subscribed, and the
    # password they chose opens nothing.
    client.cookies.set(SESSION_COOKIE, squatter_cookie)
    signed_out = await client.get("/keluarga", follow_redirects=False)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/masuk")
    assert await LanggananPush.count().where(LanggananPush.akun == account) == 0
    assert await Session.count().where(Session.account == account) == 0
    client.cookies.clear()
    assert (await login(client, person["nik"], PASSWORD)).status_code == 422

    # The owner sets a new password with the slip's code and is told what happened.
    response = await sign_up(client, person["nik"], code)
    assert response.status_code == 303
    assert response.headers["location"] == "/akun/dipulihkan"
    notice = page(await client.get("/akun/dipulihkan"))
    assert "dipulihkan untuk Anda oleh Kantor Desa Labuhan Haji" in notice.get_text(" ")
    history = notice.select_one("ul.riwayat").get_text(" ")
    assert "Memulihkan akun untuk pemiliknya" in history
    assert "Membuat kata sandi baru dengan kode pemulihan" in history
    assert await accounts_of(person) == 1  # the same account, now the owner's
    actions = await audit_actions("akun", account)
    assert {"pulihkan_akun", "pakai_kode_pemulihan"} <= set(actions)
    assert "terbitkan_kode_pemulihan" in await audit_actions("penduduk", person["id"])
    await post_form(client, "/keluar", {})
    assert (await login(client, person["nik"], NEW_PASSWORD)).status_code == 303


async def test_recovery_of_a_resident_without_an_account_says_so(client, as_role, scratch):
    person = await resident(scratch)
    await as_role("operator")
    path = f"/penduduk/{person['id']}/pulihkan"
    assert "belum punya akun" in alert(await client.get(path))
    response = await post_form(client, path, {"dokumen": "ktp_el", "konfirmasi": "ya"}, page=path)
    assert response.status_code == 422
    assert "belum punya akun" in alert(response)
    assert await KodeDaftar.count().where(KodeDaftar.penduduk == person["id"]) == 0
