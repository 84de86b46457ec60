"""Passwords, server-side sessions and login throttling.

Sessions live in the database so that any number of server processes share them. The cookie
carries a random token; only its SHA-256 is stored, so a copy of the database opens no session.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server import cookies
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Account, LoginAttempt, Role, Session
from server.services import nik as nik_rules

SESSION_COOKIE = cookies.SESSION

#: Idle time after which a session ends, by role. Shared tablets at the desa office get the
#: shortest; a citizen's own phone stays signed in like any other app on it.
IDLE_TIMEOUT = {
    Role.warga: timedelta(days=30),
    Role.operator_desa: timedelta(minutes=10),
    Role.petugas_keliling: timedelta(hours=12),
    Role.petugas_dinas: timedelta(minutes=60),
    Role.pengawas: timedelta(minutes=60),
}
#: Roles whose device is shared: quick "Ganti pengguna", nothing personal kept offline.
SHARED_DEVICE_ROLES = frozenset({Role.operator_desa})
#: Roles that hold second factors (services/second_factor.py): required for regency-wide reach,
#: and UPT staff may opt in. Never the shared desa tablet, whose officers switch in seconds.
SECOND_FACTOR_ROLES = frozenset({Role.petugas_dinas, Role.pengawas})
#: No session outlives this, however active.
MAX_SESSION_AGE = timedelta(days=30)
#: `last_seen_at` is written at most this often, so reading a page is not a write each time.
TOUCH_INTERVAL = timedelta(minutes=1)

#: Login throttling slows a guesser without locking the owner out. Three counters, each over
#: its own window:
#: - per account *and* address: after a few failures that pair waits, longer after each one;
#: - per address, whatever account: a limit a desa office or a carrier's shared address does
#:   not reach with honest typos (it only stops spraying many accounts from one place);
#: - per account, from every address: once many failures arrive, one more attempt per short
#:   spell, and never for an address the account signed in from before.
PAIR_WINDOW = timedelta(hours=1)
PAIR_FREE_FAILURES = 3
PAIR_FIRST_DELAY = timedelta(seconds=15)
PAIR_LONGEST_DELAY = timedelta(minutes=15)
THROTTLE_WINDOW = timedelta(minutes=15)
ACCOUNT_FREE_FAILURES = 10
ACCOUNT_SPACING = timedelta(seconds=30)
#: An address the account signed in from stays known this long.
KNOWN_ADDRESS_FOR = timedelta(days=30)
#: What an address's failures count towards, each with its own limit over `THROTTLE_WINDOW`:
#: logins, `/lacak` look-ups, complaint codes, sign-up codes.
#: Apart, so that mistyped codes from a desa's shared connection cannot lock that desa out of
#: `/masuk`, nor failed logins hide a complaint behind its code.
LOGIN_FAILURES = "ip"
TRACKING_FAILURES = "lacak"
COMPLAINT_CODE_FAILURES = "kode-pengaduan"
#: Sign-up codes that match no waiting code for the NIK typed: counted apart as well, so that a
#: guesser is stopped without touching sign-in.
SIGNUP_CODE_FAILURES = "kode-daftar"
MAX_FAILURES_PER_ADDRESS = {
    LOGIN_FAILURES: 300,
    TRACKING_FAILURES: 60,
    COMPLAINT_CODE_FAILURES: 60,
    SIGNUP_CODE_FAILURES: 30,
}
#: Failure rows older than every window are deleted as new ones are written.
KEEP_FAILURES = max(PAIR_WINDOW, THROTTLE_WINDOW)
_KNOWN = "dikenal:"

#: Argon2id with the library's recommended parameters. A check uses the parameters stored in
#: the hash itself, so a change here applies to passwords set from then on. (The test suite swaps
#: in the library's cheapest profile: it signs in hundreds of times.)
password_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    """The signed-in account as the request handlers see it."""

    id: int
    username: str
    role: Role
    display_name: str
    penduduk_id: int | None
    kk: str | None
    desa_id: int | None
    kecamatan_id: int | None
    session_id: int

    @property
    def on_shared_device(self) -> bool:
        return self.role in SHARED_DEVICE_ROLES

    @property
    def holds_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES


@dataclass(frozen=True)
class LoginResult:
    account_id: int | None = None
    role: Role | None = None
    error: str | Message | None = None
    retry_after_seconds: int | None = None

    @property
    def retry_after_minutes(self) -> int | None:
        seconds = self.retry_after_seconds
        return None if seconds is None else math.ceil(seconds / 60)


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return password_hasher.hash(secrets.token_hex(16))


def normalise_username(raw: str) -> str:
    """Citizens sign in with their NIK (spaces and dots allowed); staff with a user name."""
    text = (raw or "").strip()
    digits = nik_rules.normalise(text)
    if digits.isdigit():
        return digits
    return text.lower()


def _now() -> datetime:
    return datetime.now(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _failures_since(key: str, since: datetime) -> list[datetime]:
    rows = await LoginAttempt.select(LoginAttempt.at).where(
        (LoginAttempt.key == key) & (LoginAttempt.at > since)
    )
    return sorted(row["at"] for row in rows)


def _pair_key(username: str, address: str) -> str:
    # Hashed: a long user name and an IPv6 address would not fit the key column together.
    return "pasangan:" + hashlib.sha256(f"{username}\n{address}".encode()).hexdigest()[:40]


async def _record(*keys: str) -> None:
    """Count a failure under each key, and forget failures no window looks at any more."""
    now = _now()
    await LoginAttempt.insert(*(LoginAttempt(key=key, at=now) for key in keys))
    await LoginAttempt.delete().where(
        (LoginAttempt.at < now - KEEP_FAILURES) & LoginAttempt.key.not_like(f"{_KNOWN}%")
    )


async def _address_wait(address: str, counted: str) -> datetime | None:
    limit = MAX_FAILURES_PER_ADDRESS[counted]
    failures = await _failures_since(f"{counted}:{address}", _now() - THROTTLE_WINDOW)
    # Until the oldest failure that keeps it at the limit falls out of the window.
    return failures[-limit] + THROTTLE_WINDOW if len(failures) >= limit else None


async def _pair_wait(username: str, address: str) -> datetime | None:
    failures = await _failures_since(_pair_key(username, address), _now() - PAIR_WINDOW)
    beyond = len(failures) - PAIR_FREE_FAILURES
    if beyond < 0:
        return None
    return failures[-1] + min(PAIR_FIRST_DELAY * 2**beyond, PAIR_LONGEST_DELAY)


async def _account_wait(username: str, address: str) -> datetime | None:
    failures = await _failures_since(f"akun:{username}", _now() - THROTTLE_WINDOW)
    if len(failures) < ACCOUNT_FREE_FAILURES:
        return None
    known = await _failures_since(_KNOWN + _pair_key(username, address), _now() - KNOWN_ADDRESS_FOR)
    return None if known else failures[-1] + ACCOUNT_SPACING


def _seconds_until(moments: list[datetime | None]) -> int | None:
    """Whole seconds until the latest of `moments`, or None when none is still ahead."""
    latest = max((moment for moment in moments if moment is not None), default=None)
    if latest is None or latest <= _now():
        return None
    return max(1, math.ceil((latest - _now()).total_seconds()))


def throttled_message(minutes: int) -> Message:
    return lazy_ngettext(
        "Terlalu banyak percobaan. Coba lagi dalam %(num)s menit.",
        "Terlalu banyak percobaan. Coba lagi dalam %(num)s menit.",
        minutes,
    )


def wait_message(seconds: int) -> Message:
    """How long to wait, in seconds below a minute and in whole minutes above."""
    if seconds >= 60:
        return throttled_message(math.ceil(seconds / 60))
    return lazy_ngettext(
        "Terlalu banyak percobaan. Coba lagi dalam %(num)s detik.",
        "Terlalu banyak percobaan. Coba lagi dalam %(num)s detik.",
        seconds,
    )


async def address_lockout(address: str, counted: str = LOGIN_FAILURES) -> int | None:
    """Minutes this address must wait before its next check of the `counted` kind, or None."""
    seconds = _seconds_until([await _address_wait(address, counted)])
    return None if seconds is None else math.ceil(seconds / 60)


async def record_address_failure(address: str, counted: str = LOGIN_FAILURES) -> None:
    """Count a failed check from this address (a wrong login, a `/lacak` look-up with
    `TRACKING_FAILURES`, a complaint code that does not exist with `COMPLAINT_CODE_FAILURES`, a
    sign-up code that does not match with `SIGNUP_CODE_FAILURES`) towards its limit for that
    kind of check."""
    await _record(f"{counted}:{address}")


async def authenticate(raw_username: str, password: str, address: str) -> LoginResult:
    username = normalise_username(raw_username)
    if not username or not password:
        return LoginResult(error=N_("Isi NIK atau nama pengguna dan kata sandi."))
    seconds = _seconds_until(
        [
            await _pair_wait(username, address),
            await _address_wait(address, LOGIN_FAILURES),
            await _account_wait(username, address),
        ]
    )
    if seconds is not None:
        return LoginResult(error=wait_message(seconds), retry_after_seconds=seconds)
    account = (
        await Account.select(Account.id, Account.password_hash, Account.role, Account.is_active)
        .where(Account.username == username)
        .first()
    )
    # Verify against a dummy hash for unknown names, so timing does not reveal which exist.
    password_ok = verify_password(account["password_hash"] if account else _dummy_hash(), password)
    if account and password_ok and account["is_active"]:
        pair = _pair_key(username, address)
        await LoginAttempt.delete().where(LoginAttempt.key.is_in([pair, _KNOWN + pair]))
        await LoginAttempt.insert(LoginAttempt(key=_KNOWN + pair))
        await LoginAttempt.delete().where(
            LoginAttempt.key.like(f"{_KNOWN}%") & (LoginAttempt.at < _now() - KNOWN_ADDRESS_FOR)
        )
        return LoginResult(account_id=account["id"], role=Role(account["role"]))
    await _record(f"akun:{username}", _pair_key(username, address), f"{LOGIN_FAILURES}:{address}")
    return LoginResult(error=N_("NIK/nama pengguna atau kata sandi salah."))


async def start_session(account_id: int, role: Role) -> str:
    """Create a fresh session (never reuse an earlier id) and return the cookie token."""
    token = secrets.token_urlsafe(32)
    await Session.insert(
        Session(
            token_hash=_token_hash(token),
            account=account_id,
            idle_seconds=int(IDLE_TIMEOUT[role].total_seconds()),
        )
    )
    return token


async def end_session(token: str | None) -> None:
    if token:
        await Session.delete().where(Session.token_hash == _token_hash(token))


async def user_for_token(token: str | None) -> User | None:
    """The account behind a session cookie, or None when the session is unknown or expired."""
    if not token:
        return None
    row = (
        await Session.select(
            Session.id,
            Session.created_at,
            Session.last_seen_at,
            Session.idle_seconds,
            Session.account.id,
            Session.account.username,
            Session.account.role,
            Session.account.display_name,
            Session.account.is_active,
            Session.account.penduduk.id,
            Session.account.penduduk.kk,
            Session.account.desa.id,
            Session.account.kecamatan.id,
        )
        .where(Session.token_hash == _token_hash(token))
        .first()
    )
    if row is None:
        return None
    now = _now()
    idle = now - row["last_seen_at"]
    if (
        not row["account.is_active"]
        or idle > timedelta(seconds=row["idle_seconds"])
        or now - row["created_at"] > MAX_SESSION_AGE
    ):
        await Session.delete().where(Session.id == row["id"])
        return None
    if idle > TOUCH_INTERVAL:
        await Session.update({Session.last_seen_at: now}).where(Session.id == row["id"])
    return _user(row, "account.", session_id=row["id"])


def _user(row: dict, prefix: str = "", session_id: int = 0) -> User:
    """A `User` from a row selected with `Account` columns (under `prefix` when joined)."""
    return User(
        id=row[f"{prefix}id"],
        username=row[f"{prefix}username"],
        role=Role(row[f"{prefix}role"]),
        display_name=row[f"{prefix}display_name"],
        penduduk_id=row[f"{prefix}penduduk.id"],
        kk=row[f"{prefix}penduduk.kk"],
        desa_id=row[f"{prefix}desa.id"],
        kecamatan_id=row[f"{prefix}kecamatan.id"],
        session_id=session_id,
    )


async def user_by_username(username: str) -> User | None:
    """The account as a `User`, for work done on its behalf outside a request (demo seeding)."""
    row = (
        await Account.select(
            Account.id,
            Account.username,
            Account.role,
            Account.display_name,
            Account.penduduk.id,
            Account.penduduk.kk,
            Account.desa.id,
            Account.kecamatan.id,
        )
        .where(Account.username == username)
        .first()
    )
    return _user(row) if row else None
