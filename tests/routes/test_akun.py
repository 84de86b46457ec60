"""Signing in and out, switching user, sign-up, and login throttling."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from server.models.accounts import Account, LoginAttempt, Session
from server.services import auth
from server.services.auth import SESSION_COOKIE
from tests.factories import PASSWORD, UNREGISTERED
from tests.helpers import csrf_token, login, post_form

pytestmark = pytest.mark.anyio


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def session_set_cookie(response) -> str:
    return next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))


async def test_login_form_has_the_labels_people_know(client):
    soup = page(await client.get("/masuk"))
    labels = {label.get_text(strip=True): label["for"] for label in soup.select("form label")}
    assert labels == {"NIK atau nama pengguna": "username", "Kata sandi": "password"}
    assert soup.select_one("form[action='/masuk'] button").get_text(strip=True) == "Masuk"


async def test_citizen_signs_in_with_nik_and_sees_own_home(client, registry):
    response = await login(client, "5203 1755 0790 0011")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    home = page(await client.get("/"))
    assert home.h1.get_text(strip=True) == "Halo, Siti Aminah"
    assert "3 anggota keluarga" in home.get_text()


async def test_wrong_password_says_so_and_signs_nobody_in(client, registry):
    response = await login(client, registry["accounts"]["operator"], "salah-sekali")
    assert response.status_code == 422
    assert "kata sandi salah" in page(response).select_one("[role=alert]").get_text()
    assert SESSION_COOKIE not in response.cookies


async def test_login_sets_a_new_session_id_each_time(client, registry):
    await login(client, registry["accounts"]["operator"])
    first = client.cookies.get(SESSION_COOKIE)
    await login(client, registry["accounts"]["operator"])
    second = client.cookies.get(SESSION_COOKIE)
    assert first and second and first != second
    # The session the browser had before signing in again is gone from the server.
    account = (
        await Account.select(Account.id)
        .where(Account.username == registry["accounts"]["operator"])
        .first()
    )
    assert await Session.count().where(Session.account == account["id"]) >= 1
    client.cookies.set(SESSION_COOKIE, first)
    assert (await client.get("/penduduk", follow_redirects=False)).status_code == 303


async def test_session_cookie_is_httponly_and_lax(client, registry):
    response = await login(client, registry["accounts"]["warga"])
    header = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in header
    assert "SameSite=lax" in header


async def test_shared_tablet_session_cookie_dies_with_the_browser(client, registry):
    response = await login(client, registry["accounts"]["operator"])
    header = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    )
    assert "Max-Age" not in header and "expires" not in header.lower()


async def test_login_goes_back_to_the_page_that_asked_for_it(client, registry):
    asked = await client.get("/penduduk?q=Siti", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/masuk?lanjut=/penduduk"
    token = await csrf_token(client)
    response = await client.post(
        "/masuk",
        data={
            "username": registry["accounts"]["operator"],
            "password": PASSWORD,
            "lanjut": "/penduduk",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/penduduk"


async def test_login_never_sends_people_to_another_site(client, registry):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        token = await csrf_token(client)  # the form as this browser's session shows it
        response = await client.post(
            "/masuk",
            data={
                "username": registry["accounts"]["operator"],
                "password": PASSWORD,
                "lanjut": target,
                "_csrf_token": token,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/"


async def test_logout_ends_the_session_on_the_server_and_wipes_the_browser(client, registry):
    await login(client, registry["accounts"]["warga"])
    token = client.cookies.get(SESSION_COOKIE)
    response = await post_form(client, "/keluar", {})
    assert response.status_code == 303
    assert response.headers["location"] == "/masuk?pesan=keluar"
    assert response.headers["clear-site-data"] == '"cache", "cookies", "storage"'
    # Replaying the old cookie after logout is refused: it opens nothing personal.
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, token)
    replay = await client.get("/keluarga", follow_redirects=False)
    assert replay.status_code == 303
    assert replay.headers["location"].startswith("/masuk")


async def test_switch_user_on_a_shared_tablet(client, registry):
    await login(client, registry["accounts"]["operator"])
    home = page(await client.get("/"))
    switch = home.find("button", string="Ganti pengguna")
    assert switch is not None
    response = await post_form(client, switch.find_parent("form")["action"], {})
    assert response.status_code == 303
    assert response.headers["clear-site-data"]
    landing = page(await client.get(response.headers["location"]))
    assert "pengguna berikutnya" in landing.get_text()
    assert (await client.get("/penduduk", follow_redirects=False)).status_code == 303


async def test_citizens_have_no_switch_user_button(client, registry):
    await login(client, registry["accounts"]["warga"])
    assert page(await client.get("/")).find("button", string="Ganti pengguna") is None


def seconds_to_wait(response) -> int:
    """The wait the page announces, in seconds ("Coba lagi dalam 15 detik")."""
    alert = page(response).select_one("[role=alert]").get_text()
    match = re.search(r"Coba lagi dalam (\d+) detik", alert)
    assert match, alert
    return int(match.group(1))


async def _age_failures(by: timedelta) -> None:
    """Let time pass for the throttle: every counted failure happened `by` earlier."""
    await LoginAttempt.update({LoginAttempt.at: LoginAttempt.at - by}, force=True)


async def test_wrong_passwords_slow_down_the_address_that_sends_them(client, registry):
    username = registry["accounts"]["petugas"]
    for _ in range(auth.PAIR_FREE_FAILURES):
        assert (await login(client, username, "bukan-ini")).status_code == 422
    # Even the right password waits now, and the page says for how long.
    blocked = await login(client, username, PASSWORD)
    assert blocked.status_code == 429
    assert 0 < seconds_to_wait(blocked) <= 15
    await _age_failures(auth.PAIR_FIRST_DELAY)
    assert (await login(client, username, "bukan-ini-juga")).status_code == 422
    # Each further failure doubles the wait for this account from this address.
    assert 15 < seconds_to_wait(await login(client, username, PASSWORD)) <= 30
    # Another account from the same address is not slowed by this one's failures.
    assert (await login(client, registry["accounts"]["dinas"])).status_code == 303


async def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(browsers, registry):
    username = registry["accounts"]["petugas"]
    owner_at_home, owner_travelling = browsers("10.20.0.1"), browsers("10.20.0.2")
    assert (await login(owner_at_home, username)).status_code == 303
    owner_at_home.cookies.clear()
    # An attacker spreads wrong passwords over many addresses: more than enough to have locked
    # the account for 15 minutes, for everyone, before.
    for failure in range(auth.ACCOUNT_FREE_FAILURES):
        attacker = browsers(f"10.66.0.{failure // auth.PAIR_FREE_FAILURES}")
        assert (await login(attacker, username, "tebakan")).status_code == 422
    # From now on the account takes one attempt per short spell from any new address.
    assert (await login(browsers("10.66.1.1"), username, "tebakan")).status_code == 429
    # The owner signs in at once from where they signed in before...
    assert (await login(owner_at_home, username)).status_code == 303
    # ...and from a new address after a short wait they are told about, never 15 minutes.
    waiting = await login(owner_travelling, username)
    assert waiting.status_code == 429
    assert 0 < seconds_to_wait(waiting) <= 30
    await _age_failures(auth.ACCOUNT_SPACING)
    assert (await login(owner_travelling, username)).status_code == 303


async def test_a_desa_office_behind_one_address_is_not_locked_out(client, registry):
    # Thirty people at one desa connection mistype their password (enough to lock the whole
    # address before); the next officer still signs in.
    for attempt in range(30):
        assert (await login(client, f"salah.ketik.{attempt}", "salah")).status_code == 422
    assert (await login(client, registry["accounts"]["dinas"])).status_code == 303


async def test_one_address_spraying_many_accounts_is_stopped(client, registry, monkeypatch):
    monkeypatch.setitem(auth.MAX_FAILURES_PER_ADDRESS, auth.LOGIN_FAILURES, 12)
    for attempt in range(12):
        await login(client, f"tidak.ada.{attempt}", "salah")
    blocked = await login(client, registry["accounts"]["dinas"])
    assert blocked.status_code == 429
    assert "Coba lagi dalam 15 menit" in blocked.text


async def test_old_failures_are_pruned(client, registry):
    await login(client, "tidak.ada", "salah")
    await _age_failures(auth.KEEP_FAILURES + timedelta(minutes=1))
    await login(client, "tidak.ada.lagi", "salah")
    keys = {row["key"] for row in await LoginAttempt.select(LoginAttempt.key)}
    assert "akun:tidak.ada" not in keys
    assert "akun:tidak.ada.lagi" in keys


# --- Sign-up (the code handed over in person: tests/routes/test_kode_daftar.py)


def signup_data(**overrides) -> dict:
    data = {
        "nik": UNREGISTERED["nik"],
        "kode": "ABCD-EFGH-2345",
        "password": "sandi-baru-123",
        "password_ulang": "sandi-baru-123",
    }
    return {**data, **overrides}


async def count_accounts() -> int:
    return await Account.count()


async def test_signup_with_a_bad_nik_explains_and_creates_nothing(client):
    before = await count_accounts()
    response = await post_form(client, "/daftar", signup_data(nik="52031715059900"), page="/daftar")
    assert response.status_code == 422
    error = page(response).select_one("#nik-galat")
    assert error.get_text(strip=True) == "NIK harus 16 angka, tanpa huruf."
    assert page(response).select_one("#nik")["aria-invalid"] == "true"
    assert await count_accounts() == before


async def test_signup_with_an_impossible_birth_date_in_the_nik(client):
    response = await post_form(
        client, "/daftar", signup_data(nik="5203173202990021"), page="/daftar"
    )
    assert response.status_code == 422
    assert "Tanggal lahir di dalam NIK tidak valid." in response.text


async def test_signup_never_echoes_passwords(client):
    response = await post_form(client, "/daftar", signup_data(), page="/daftar")
    assert response.status_code == 422
    assert "sandi-baru-123" not in response.text


async def test_signup_password_rules(client):
    short = await post_form(
        client, "/daftar", signup_data(password="pendek", password_ulang="pendek"), page="/daftar"
    )
    assert "paling sedikit 8 karakter" in short.text
    mismatch = await post_form(
        client, "/daftar", signup_data(password_ulang="lain-lagi-123"), page="/daftar"
    )
    assert "tidak sama" in mismatch.text


# --- Idle and absolute session limits


async def _age_session(token: str, *, idle: timedelta | None = None, age: timedelta | None = None):
    from server.services.auth import _token_hash

    now = datetime.now(UTC)
    values = {}
    if idle:
        values[Session.last_seen_at] = now - idle
    if age:
        values[Session.created_at] = now - age
    await Session.update(values).where(Session.token_hash == _token_hash(token))


async def test_shared_tablet_session_ends_after_ten_idle_minutes(client, registry):
    await login(client, registry["accounts"]["operator"])
    await _age_session(client.cookies.get(SESSION_COOKIE), idle=timedelta(minutes=9))
    assert (await client.get("/penduduk", follow_redirects=False)).status_code == 200
    await _age_session(client.cookies.get(SESSION_COOKIE), idle=timedelta(minutes=11))
    assert (await client.get("/penduduk", follow_redirects=False)).status_code == 303


async def test_citizen_phone_stays_signed_in_for_days_but_not_forever(client, registry):
    await login(client, registry["accounts"]["warga"])
    token = client.cookies.get(SESSION_COOKIE)
    await _age_session(token, idle=timedelta(days=3))
    assert (await client.get("/keluarga", follow_redirects=False)).status_code == 200
    await _age_session(token, age=timedelta(days=31))
    assert (await client.get("/keluarga", follow_redirects=False)).status_code == 303


async def test_shared_tablet_pages_carry_their_idle_limit(client, registry):
    await login(client, registry["accounts"]["operator"])
    assert 'data-idle-seconds="600"' in (await client.get("/")).text
    await post_form(client, "/keluar", {})
    await login(client, registry["accounts"]["warga"])
    assert "data-idle-seconds" not in (await client.get("/")).text


async def test_an_expired_session_is_told_why_it_must_sign_in_again(client, registry):
    await login(client, registry["accounts"]["operator"])
    await _age_session(client.cookies.get(SESSION_COOKIE), idle=timedelta(minutes=11))
    response = await client.get("/penduduk", follow_redirects=False)
    assert response.headers["location"] == "/masuk?lanjut=/penduduk&pesan=habis"
    page_text = (await client.get(response.headers["location"])).text
    assert "Sesi berakhir karena tidak ada aktivitas" in page_text


async def test_idle_sign_out_from_the_page_says_why(client, registry):
    await login(client, registry["accounts"]["operator"])
    response = await post_form(client, "/keluar", {"alasan": "habis"})
    assert response.headers["location"] == "/masuk?pesan=habis"
    assert response.headers["clear-site-data"]


@pytest.mark.parametrize("path", ["/keluar", "/ganti-pengguna"])
async def test_signing_out_keeps_the_outbox_only_when_asked(client, registry, path):
    """While submissions wait on the device, the page asks to keep its outbox: the browser
    still drops cookies and caches, but not the stored items (the page wipes the rest)."""
    await login(client, registry["accounts"]["operator"])
    kept = await post_form(client, path, {"antrean": "simpan"})
    assert kept.status_code == 303
    assert kept.headers["clear-site-data"] == '"cache", "cookies"'
    await login(client, registry["accounts"]["operator"])
    wiped = await post_form(client, path, {"antrean": "lainnya"})
    assert wiped.headers["clear-site-data"] == '"cache", "cookies", "storage"'
