"""Passwords, server-side sessions and login throttling.

Sessions live in the database so that any number of server processes share them. The cookie
carries a random token; only its SHA-256 is stored, so a copy of the database opens no session.
"""

from __future__ import annotations

import hashlib
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
#: No session outlives this, however active.
MAX_SESSION_AGE = timedelta(days=30)
#: `last_seen_at` is written at most this often, so reading a page is not a write each time.
TOUCH_INTERVAL = timedelta(minutes=1)

#: Failed logins counted over this window...
THROTTLE_WINDOW = timedelta(minutes=15)
#: ...lock the account after this many, whoever tries...
MAX_FAILURES_PER_ACCOUNT = 5
#: ...and an address after this many, whatever account it tries.
MAX_FAILURES_PER_ADDRESS = 30
#: What an address's failures count towards: logins (and sign-up data checked against the
#: registry), or complaint codes. Apart, so that mistyped codes from a desa's shared connection
#: cannot lock that desa out of `/masuk`, nor failed logins hide a complaint behind its code.
LOGIN_FAILURES = "ip"
COMPLAINT_CODE_FAILURES = "kode-pengaduan"

_hasher = PasswordHasher()


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


@dataclass(frozen=True)
class LoginResult:
    account_id: int | None = None
    role: Role | None = None
    error: str | Message | None = None
    retry_after_minutes: int | None = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))


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
    return [row["at"] for row in rows]


async def _lockout(limits: dict[str, int]) -> int | None:
    """Minutes until another attempt is allowed, or None when it is allowed now. `limits` maps
    each counted key to the failures it may have within the window."""
    now = _now()
    for key, limit in limits.items():
        failures = await _failures_since(key, now - THROTTLE_WINDOW)
        if len(failures) >= limit:
            # Locked until the oldest counted failure falls out of the window.
            unlock_at = sorted(failures)[-limit] + THROTTLE_WINDOW
            return max(1, int((unlock_at - now).total_seconds() // 60) + 1)
    return None


def throttled_message(minutes: int) -> Message:
    return lazy_ngettext(
        "Terlalu banyak percobaan. Coba lagi dalam %(num)s menit.",
        "Terlalu banyak percobaan. Coba lagi dalam %(num)s menit.",
        minutes,
    )


async def address_lockout(address: str, counted: str = LOGIN_FAILURES) -> int | None:
    """Minutes this address must wait before its next check of the `counted` kind, or None."""
    return await _lockout({f"{counted}:{address}": MAX_FAILURES_PER_ADDRESS})


async def record_address_failure(address: str, counted: str = LOGIN_FAILURES) -> None:
    """Count a failed check from this address (a wrong login, sign-up data that did not match
    the registry, or with `COMPLAINT_CODE_FAILURES` a complaint code that does not exist)
    towards its limit for that kind of check."""
    await LoginAttempt.insert(LoginAttempt(key=f"{counted}:{address}"))


async def authenticate(raw_username: str, password: str, address: str) -> LoginResult:
    username = normalise_username(raw_username)
    if not username or not password:
        return LoginResult(error=N_("Isi NIK atau nama pengguna dan kata sandi."))
    minutes = await _lockout(
        {
            f"akun:{username}": MAX_FAILURES_PER_ACCOUNT,
            f"{LOGIN_FAILURES}:{address}": MAX_FAILURES_PER_ADDRESS,
        }
    )
    if minutes is not None:
        return LoginResult(error=throttled_message(minutes), retry_after_minutes=minutes)
    account = (
        await Account.select(Account.id, Account.password_hash, Account.role, Account.is_active)
        .where(Account.username == username)
        .first()
    )
    # Verify against a dummy hash for unknown names, so timing does not reveal which exist.
    password_ok = verify_password(account["password_hash"] if account else _dummy_hash(), password)
    if account and password_ok and account["is_active"]:
        await LoginAttempt.delete().where(LoginAttempt.key == f"akun:{username}")
        return LoginResult(account_id=account["id"], role=Role(account["role"]))
    await LoginAttempt.insert(
        LoginAttempt(key=f"akun:{username}"), LoginAttempt(key=f"{LOGIN_FAILURES}:{address}")
    )
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
