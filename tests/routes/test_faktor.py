"""The second factor of staff with regency-wide reach (issue 13, hole 10): the password alone
opens nothing, TOTP codes are throttled and used once, recovery codes work once, factors are
changed only from a session, and the desa tablet signs in as before."""

from __future__ import annotations

import re

import httpx
import pyotp
import pytest

from server.models.accounts import Account, Passkey, PendingSignIn, RecoveryCode, Role, Session
from server.models.audit import AuditLog
from server.services import second_factor
from tests.factories import account_id, enrol_passkey, enrol_totp
from tests.helpers import (
    SECOND_STEP,
    csrf_token,
    login,
    passkey_step,
    password_step,
    post_form,
    text_of,
)

pytestmark = pytest.mark.anyio

WRONG_CODE = "Kode salah atau sudah dipakai. Periksa lalu coba lagi."
#: Pages only signed-in staff open; the home page shows a guest's view to anyone else.
PROTECTED = ["/proses", "/audit", "/pengaduan/kelola", "/dasbor", "/akun/keamanan", "/akun/saya"]


async def sessions_of(account_id: int) -> int:
    return await Session.count().where(Session.account == account_id)


async def send_code(client: httpx.AsyncClient, kind: str, code: str) -> httpx.Response:
    """Type a code on the second step (`kind`: `kode` for the app, `cadangan` for a backup code)."""
    token = await csrf_token(client, SECOND_STEP)
    return await client.post(
        f"{SECOND_STEP}/{kind}", data={"kode": code, "_csrf_token": token}, follow_redirects=False
    )


async def sign_out(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/keluar", {})
    assert response.status_code == 303


async def test_password_alone_opens_nothing_for_regency_staff(client, registry):
    account = await account_id(registry["accounts"]["dinas"])
    sessions_before = await sessions_of(account)
    response = await password_step(client, registry["accounts"]["dinas"])
    assert response.status_code == 303
    assert response.headers["location"] == SECOND_STEP
    pending = response.cookies.get(second_factor.PENDING_COOKIE)
    assert pending and not response.cookies.get("dekat_sesi")
    for path in PROTECTED:
        page = await client.get(path, follow_redirects=False)
        assert page.status_code in (303, 401, 302), (path, page.status_code)
        assert page.headers["location"].startswith("/masuk"), (path, page.headers)
    home = await client.get("/")
    assert "Akun dinas" not in text_of(home)
    # The half-signed-in cookie sent to any other page is no session either.
    client.cookies.set("dekat_sesi", pending)
    forged = await client.get("/proses", follow_redirects=False)
    client.cookies.delete("dekat_sesi")
    assert forged.headers["location"].startswith("/masuk")
    assert await sessions_of(account) == sessions_before  # no session was started
    # The second step shows itself, with the passkey button and the recovery code form.
    page = await client.get(SECOND_STEP)
    assert "Verifikasi masuk" in text_of(page)
    assert "Gunakan kode cadangan" in text_of(page)


async def test_second_step_is_bound_to_the_browser_and_used_once(client, registry):
    await password_step(client, registry["accounts"]["pengawas"])
    cookie = client.cookies.get(second_factor.PENDING_COOKIE)
    # Another browser, without the cookie, has nothing to continue.
    async with httpx.AsyncClient(transport=client._transport, base_url=client.base_url) as other:
        response = await other.get(SECOND_STEP, follow_redirects=False)
        assert response.headers["location"] == "/masuk?pesan=langkah"
        followed = await other.get(response.headers["location"])
        assert "Langkah verifikasi sudah berakhir" in text_of(followed)
    done = await passkey_step(client)
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert (await client.get("/audit")).status_code == 200
    # The same half-signed-in cookie, replayed, opens nothing a second time.
    client.cookies.set(second_factor.PENDING_COOKIE, cookie, path="/masuk")
    again = await client.get(SECOND_STEP, follow_redirects=False)
    assert again.headers["location"] == "/masuk?pesan=langkah"
    assert not await PendingSignIn.exists().where(
        PendingSignIn.token_hash == second_factor._hash(cookie)
    )


async def test_wrong_totp_is_refused_and_throttled(client, scratch):
    staff = await scratch.staff(Role.pengawas)
    secret = pyotp.random_base32()
    await enrol_totp(staff.id, secret)
    await password_step(client, staff.username)
    for _ in range(second_factor.MAX_CODE_FAILURES):
        response = await send_code(client, "kode", "000000")
        assert response.status_code == 422
        assert WRONG_CODE in text_of(response)
    # Now even the right code waits: guessing a million codes is not possible.
    response = await send_code(client, "kode", pyotp.TOTP(secret).now())
    assert response.status_code == 429
    assert "Terlalu banyak percobaan. Coba lagi dalam" in text_of(response)
    assert await sessions_of(staff.id) == 0


async def test_a_totp_code_is_accepted_once(client, scratch):
    staff = await scratch.staff()
    secret = pyotp.random_base32()
    await enrol_totp(staff.id, secret)
    code = pyotp.TOTP(secret).now()
    await password_step(client, staff.username)
    response = await send_code(client, "kode", code)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert (await client.get("/proses")).status_code == 200
    await sign_out(client)
    # Someone who saw the code (over the shoulder, a phished page) tries it right after.
    await password_step(client, staff.username)
    replay = await send_code(client, "kode", code)
    assert replay.status_code == 422
    assert WRONG_CODE in text_of(replay)
    assert await sessions_of(staff.id) == 0


async def test_a_recovery_code_works_once_and_is_audited(client, scratch):
    staff = await scratch.staff()
    await enrol_totp(staff.id, pyotp.random_base32())
    codes = await second_factor.new_recovery_codes(staff)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = await RecoveryCode.select(RecoveryCode.code_hash).where(
        RecoveryCode.account == staff.id
    )
    assert all(code.replace("-", "") not in str(stored) for code in codes)  # hashed
    await password_step(client, staff.username)
    response = await send_code(client, "cadangan", codes[3].upper())
    assert response.status_code == 303
    assert (await client.get("/proses")).status_code == 200
    assert await AuditLog.exists().where(
        (AuditLog.actor == staff.id) & (AuditLog.action == "pakai_kode_cadangan")
    )
    await sign_out(client)
    await password_step(client, staff.username)
    again = await send_code(client, "cadangan", codes[3])
    assert again.status_code == 422
    assert "Kode cadangan salah atau sudah dipakai." in text_of(again)
    assert await sessions_of(staff.id) == 0
    page = await client.get(SECOND_STEP)
    assert "Kode cadangan salah" not in text_of(page)


async def test_staff_without_a_factor_enrol_before_anything_else(client, scratch):
    staff = await scratch.staff()
    response = await password_step(client, staff.username)
    assert response.headers["location"] == SECOND_STEP
    page = await client.get(SECOND_STEP)
    assert str(page.url).endswith("/masuk/faktor/daftar")
    assert "Pasang faktor kedua" in text_of(page)
    assert page.headers["cache-control"] == "no-store"
    secret = re.search(r'id="kunci-totp">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    assert "<svg" in page.text  # the QR code of the otpauth address
    for path in PROTECTED:
        refused = await client.get(path, follow_redirects=False)
        assert refused.headers["location"].startswith("/masuk"), path
    token = await csrf_token(client, f"{SECOND_STEP}/daftar")
    wrong = await client.post(
        f"{SECOND_STEP}/daftar/totp", data={"kode": "123456", "_csrf_token": token}
    )
    assert wrong.status_code == 422
    assert "Kode tidak cocok" in text_of(wrong)
    done = await client.post(
        f"{SECOND_STEP}/daftar/totp",
        data={"kode": pyotp.TOTP(secret).now(), "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 200
    assert "Kode cadangan" in text_of(done)
    assert len(re.findall(r"<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>", done.text)) == 10
    assert done.headers["cache-control"] == "no-store"
    assert (await client.get("/proses")).status_code == 200
    actions = await AuditLog.select(AuditLog.action).where(AuditLog.actor == staff.id)
    assert {"atur_totp", "buat_kode_cadangan"} <= {row["action"] for row in actions}


async def test_a_demo_account_signs_in_with_its_password_until_it_adds_a_factor(client, scratch):
    """DESIGN §6: on a demo server the demo accounts keep signing in with the password alone,
    so that checks from outside can sign in; a factor is offered, and asked once added."""
    staff = await scratch.staff(Role.pengawas)
    await Account.update({Account.demo: True}).where(Account.id == staff.id)
    response = await password_step(client, staff.username)
    assert response.headers["location"] == "/"
    assert (await client.get("/audit")).status_code == 200
    security = await client.get("/akun/keamanan")
    assert "Faktor kedua tidak wajib untuk akun Anda" in text_of(security)
    await sign_out(client)
    await enrol_totp(staff.id, pyotp.random_base32())
    response = await password_step(client, staff.username)
    assert response.headers["location"] == SECOND_STEP


async def test_a_cloned_passkey_whose_counter_lags_is_refused(client, scratch):
    staff = await scratch.staff(Role.pengawas)
    await enrol_passkey(staff.id, f"passkey-{staff.username}", sign_count=7)
    await password_step(client, staff.username)
    cloned = await passkey_step(client, sign_count=7)
    assert cloned.status_code == 422
    assert "Passkey tidak dapat diperiksa" in text_of(cloned)
    assert await sessions_of(staff.id) == 0
    genuine = await passkey_step(client, sign_count=8)
    assert genuine.status_code == 303
    row = await Passkey.select(Passkey.sign_count, Passkey.last_used_at).where(
        Passkey.account == staff.id
    )
    assert row[0]["sign_count"] == 8 and row[0]["last_used_at"] is not None


async def test_factors_change_only_from_a_session(client, registry, scratch):
    staff = await scratch.staff()
    passkey = await enrol_passkey(staff.id, f"passkey-{staff.username}")
    await enrol_totp(staff.id, pyotp.random_base32())
    row = await Passkey.select(Passkey.id).where(Passkey.credential_id == passkey).first()
    removal = f"/akun/keamanan/passkey/{row['id']}/hapus"
    # Signed out, and half signed in: the removal is sent to the sign-in page.
    for half_signed_in in (False, True):
        if half_signed_in:
            await password_step(client, staff.username)
        response = await post_form(client, removal, {}, page="/masuk")
        assert response.status_code in (302, 303), response.status_code
        assert response.headers["location"].startswith("/masuk")
        assert await Passkey.exists().where(Passkey.id == row["id"])
    # Another regency-wide account cannot remove it either.
    await login(client, registry["accounts"]["dinas"])
    response = await post_form(client, removal, {}, page="/akun/keamanan")
    assert response.status_code == 409  # its own only passkey is kept: nothing of staff's
    assert await Passkey.exists().where(Passkey.id == row["id"])
    await sign_out(client)
    # The owner, signed in, removes it (audited); the last factor left cannot be removed.
    await password_step(client, staff.username)
    await passkey_step(client)
    page = await client.get("/akun/keamanan")
    assert "Keamanan akun" in text_of(page)
    response = await post_form(client, removal, {}, page="/akun/keamanan")
    assert response.status_code == 303
    assert not await Passkey.exists().where(Passkey.id == row["id"])
    assert await AuditLog.exists().where(
        (AuditLog.actor == staff.id) & (AuditLog.action == "hapus_passkey")
    )
    last = await post_form(client, "/akun/keamanan/totp/hapus", {}, page="/akun/keamanan")
    assert last.status_code == 409
    assert "satu-satunya faktor kedua" in text_of(last)


async def test_new_recovery_codes_replace_the_old_ones(client, scratch):
    staff = await scratch.staff()
    await enrol_passkey(staff.id, f"passkey-{staff.username}")
    old = await second_factor.new_recovery_codes(staff)
    await password_step(client, staff.username)
    await passkey_step(client)
    response = await post_form(client, "/akun/keamanan/kode-cadangan", {}, page="/akun/keamanan")
    assert response.status_code == 200
    new = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.text)
    assert len(new) == 10 and not set(new) & set(old)
    await sign_out(client)
    await password_step(client, staff.username)
    assert (await send_code(client, "cadangan", old[0])).status_code == 422
    assert (await send_code(client, "cadangan", new[0])).status_code == 303


async def test_desa_tablet_and_upt_staff_sign_in_as_before(client, registry):
    for key in ("operator", "upt_sembalun", "petugas", "warga"):
        response = await password_step(client, registry["accounts"][key])
        assert response.status_code == 303 and response.headers["location"] == "/", key
        assert (await client.get("/akun/saya")).status_code == 200
        if key == "operator":
            # The shared tablet's quick switch: sign out, the next officer signs in.
            switched = await post_form(client, "/ganti-pengguna", {})
            assert switched.headers["location"] == "/masuk?pesan=ganti"
            response = await password_step(client, registry["accounts"]["operator_geres"])
            assert response.headers["location"] == "/"
        await sign_out(client)
    # The tablet's officer has no factor page: it is for staff who hold second factors.
    await password_step(client, registry["accounts"]["operator"])
    assert (await client.get("/akun/keamanan", follow_redirects=False)).status_code == 403
