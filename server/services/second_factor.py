"""The second factor of staff with regency-wide reach: passkeys (WebAuthn), TOTP codes from an
authenticator app as the fallback, and single-use recovery codes.

After the password, such an account is only half signed in (`PendingSignIn`): a cookie bound to
this browser that opens nothing but the second step, lives a few minutes and is used once. The
session starts only when a factor is shown — or, for an account that must have one and has none
yet, when the first one is enrolled.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
import webauthn
from webauthn.helpers import bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers.exceptions import InvalidJSONStructure, WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from server.db import write_transaction
from server.i18n import N_, Message
from server.models.accounts import (
    Account,
    FactorSetup,
    LoginAttempt,
    Passkey,
    PendingSignIn,
    RecoveryCode,
    Role,
    TotpSecret,
)
from server.services import audit
from server.services.auth import SECOND_FACTOR_ROLES, User, throttled_message

#: The cookie of a half-signed-in browser (`__Host-` over HTTPS, SameSite=Strict; it opens
#: nothing but the second step).
PENDING_COOKIE = "dekat_masuk"
#: How long the second step waits after the password.
PENDING_LIFETIME = timedelta(minutes=5)
#: Wrong TOTP or recovery codes for one account within the window, before it must wait.
MAX_CODE_FAILURES = 5
CODE_FAILURE_WINDOW = timedelta(minutes=15)
RECOVERY_CODE_COUNT = 10
#: TOTP codes of the step before and after the current one are accepted too (clock drift).
TOTP_DRIFT_STEPS = 1
TOTP_ISSUER = "Dekat Lombok Timur"
RP_NAME = "Dekat"
#: Recovery codes: no 0/o, 1/l/i, so a code read aloud or copied by hand stays right.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

WRONG_CODE = N_("Kode salah atau sudah dipakai. Periksa lalu coba lagi.")
WRONG_RECOVERY_CODE = N_("Kode cadangan salah atau sudah dipakai.")
PASSKEY_FAILED = N_("Passkey tidak dapat diperiksa. Coba lagi, atau gunakan kode dari aplikasi.")


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkeys belong to: a domain (never an IP address) and the page's origin."""

    id: str
    origin: str


@dataclass(frozen=True)
class Pending:
    """A half-signed-in browser: the account whose password was right, and where it goes next."""

    id: int
    user: User
    next_path: str
    challenge: str | None
    totp_secret: str | None


@dataclass(frozen=True)
class Factors:
    passkeys: list[dict]
    totp: bool
    recovery_left: int

    @property
    def any(self) -> bool:
        return bool(self.passkeys) or self.totp


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def required(role: Role, kecamatan_id: int | None, demo: bool = False) -> bool:
    """Regency-wide reach: the Dinas staff without a kecamatan, and oversight (who reads the
    whole regency's audit log). Never for a demo account (DESIGN §6): it signs in with its
    published password alone, and asks for a factor only once one was added to it."""
    if demo:
        return False
    return role == Role.pengawas or (role == Role.petugas_dinas and kecamatan_id is None)


async def required_for(account_id: int) -> bool:
    """`required` for the account as stored."""
    row = (
        await Account.select(Account.role, Account.kecamatan, Account.demo)
        .where(Account.id == account_id)
        .first()
    )
    return row is not None and required(Role(row["role"]), row["kecamatan"], row["demo"])


async def factors_of(account_id: int) -> Factors:
    passkeys = (
        await Passkey.select(Passkey.id, Passkey.name, Passkey.created_at, Passkey.last_used_at)
        .where(Passkey.account == account_id)
        .order_by(Passkey.id)
    )
    totp = await TotpSecret.exists().where(TotpSecret.account == account_id)
    left = await RecoveryCode.count().where(
        (RecoveryCode.account == account_id) & RecoveryCode.used_at.is_null()
    )
    return Factors(passkeys=passkeys, totp=totp, recovery_left=left)


async def step_needed(account_id: int) -> bool:
    """Whether the password alone is not enough: always for regency-wide reach; for other staff
    who may hold factors (UPT staff, who opt in), once they have enrolled one."""
    row = (
        await Account.select(Account.role, Account.kecamatan, Account.demo)
        .where(Account.id == account_id)
        .first()
    )
    if row is None:
        return False
    role = Role(row["role"])
    if required(role, row["kecamatan"], row["demo"]):
        return True
    return role in SECOND_FACTOR_ROLES and (await factors_of(account_id)).any


# --- Half signed in --------------------------------------------------------------------------


async def begin(account_id: int, next_path: str) -> str:
    """Open the second step for this browser; returns the cookie's token."""
    token = secrets.token_urlsafe(32)
    await PendingSignIn.delete().where(PendingSignIn.created_at < _now() - PENDING_LIFETIME)
    await PendingSignIn.insert(
        PendingSignIn(token_hash=_hash(token), account=account_id, next_path=next_path)
    )
    return token


async def pending(token: str | None) -> Pending | None:
    """The half-signed-in state behind the cookie, or None when unknown or expired."""
    if not token:
        return None
    row = (
        await PendingSignIn.select(
            PendingSignIn.id,
            PendingSignIn.next_path,
            PendingSignIn.challenge,
            PendingSignIn.totp_secret,
            PendingSignIn.created_at,
            PendingSignIn.account.id,
            PendingSignIn.account.username,
            PendingSignIn.account.role,
            PendingSignIn.account.display_name,
            PendingSignIn.account.kecamatan.id,
            PendingSignIn.account.is_active,
        )
        .where(PendingSignIn.token_hash == _hash(token))
        .first()
    )
    if row is None:
        return None
    if not row["account.is_active"] or _now() - row["created_at"] > PENDING_LIFETIME:
        await PendingSignIn.delete().where(PendingSignIn.id == row["id"])
        return None
    user = User(
        id=row["account.id"],
        username=row["account.username"],
        role=Role(row["account.role"]),
        display_name=row["account.display_name"],
        penduduk_id=None,
        kk=None,
        desa_id=None,
        kecamatan_id=row["account.kecamatan.id"],
        session_id=0,
    )
    return Pending(
        id=row["id"],
        user=user,
        next_path=row["next_path"],
        challenge=row["challenge"],
        totp_secret=row["totp_secret"],
    )


async def finish(step: Pending) -> bool:
    """Use up the half-signed-in state; False when another request already did (single use).
    The owner, now through, starts again with a clean count of wrong codes."""
    deleted = (
        await PendingSignIn.delete().where(PendingSignIn.id == step.id).returning(PendingSignIn.id)
    )
    if deleted:
        await LoginAttempt.delete().where(LoginAttempt.key == _failure_key(step.user.id))
    return bool(deleted)


# --- Throttling of typed codes ---------------------------------------------------------------


def _failure_key(account_id: int) -> str:
    return f"faktor:{account_id}"


async def code_lockout(account_id: int) -> Message | None:
    """The message to show when this account has had too many wrong codes, else None."""
    since = _now() - CODE_FAILURE_WINDOW
    rows = await LoginAttempt.select(LoginAttempt.at).where(
        (LoginAttempt.key == _failure_key(account_id)) & (LoginAttempt.at > since)
    )
    if len(rows) < MAX_CODE_FAILURES:
        return None
    unlock_at = sorted(row["at"] for row in rows)[-MAX_CODE_FAILURES] + CODE_FAILURE_WINDOW
    return throttled_message(max(1, int((unlock_at - _now()).total_seconds() // 60) + 1))


async def record_code_failure(account_id: int) -> None:
    await LoginAttempt.insert(LoginAttempt(key=_failure_key(account_id)))


# --- TOTP ------------------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    """The `otpauth://` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def _matching_step(secret: str, code: str, after_step: int) -> int | None:
    """The 30-second step within the allowed drift whose code this is, if later than
    `after_step` (a code of a step already used is never taken again)."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


async def check_totp(account_id: int, code: str) -> bool:
    """Accept a code once: the step it belongs to is recorded in the same statement that checks
    no later step was, so a replay (also a concurrent one) is refused."""
    row = (
        await TotpSecret.select(TotpSecret.secret, TotpSecret.last_step)
        .where(TotpSecret.account == account_id)
        .first()
    )
    if row is None:
        return False
    step = _matching_step(row["secret"], code, row["last_step"])
    if step is None:
        return False
    taken = (
        await TotpSecret.update({TotpSecret.last_step: step})
        .where((TotpSecret.account == account_id) & (TotpSecret.last_step < step))
        .returning(TotpSecret.id)
    )
    return bool(taken)


def confirms(secret: str, code: str) -> int | None:
    """The step of a first code confirming a secret being enrolled, or None."""
    return _matching_step(secret, code, 0)


async def save_totp(user: User, secret: str, step: int) -> None:
    """Replace the account's TOTP secret with a confirmed one (audited)."""
    async with write_transaction():
        await TotpSecret.delete().where(TotpSecret.account == user.id)
        await TotpSecret.insert(TotpSecret(account=user.id, secret=secret, last_step=step))
        await audit.record(user, "atur_totp", "akun", user.id)


async def remove_totp(user: User) -> None:
    async with write_transaction():
        await TotpSecret.delete().where(TotpSecret.account == user.id)
        await audit.record(user, "hapus_totp", "akun", user.id)


# --- Recovery codes --------------------------------------------------------------------------


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _new_recovery_code() -> str:
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


async def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes, replacing every earlier one; shown once, only their hashes kept."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    async with write_transaction():
        await RecoveryCode.delete().where(RecoveryCode.account == user.id)
        await RecoveryCode.insert(
            *(
                RecoveryCode(account=user.id, code_hash=_hash(_normalise_recovery(code)))
                for code in codes
            )
        )
        await audit.record(user, "buat_kode_cadangan", "akun", user.id)
    return codes


async def use_recovery_code(user: User, code: str) -> bool:
    """Use up one recovery code (audited); False when it is wrong or already used."""
    normalised = _normalise_recovery(code)
    if not normalised:
        return False
    async with write_transaction():
        used = (
            await RecoveryCode.update({RecoveryCode.used_at: _now()})
            .where(
                (RecoveryCode.account == user.id)
                & (RecoveryCode.code_hash == _hash(normalised))
                & RecoveryCode.used_at.is_null()
            )
            .returning(RecoveryCode.id)
        )
        if used:
            await audit.record(user, "pakai_kode_cadangan", "akun", user.id)
    return bool(used)


# --- Passkeys (WebAuthn) ---------------------------------------------------------------------


def _new_challenge() -> str:
    return bytes_to_base64url(secrets.token_bytes(32))


async def _remember_challenge(holder: Pending | int, challenge: str | None) -> None:
    """Keep the challenge handed to the browser: on the half-signed-in state, or for a signed-in
    session (`holder` is then its id)."""
    if isinstance(holder, Pending):
        await PendingSignIn.update({PendingSignIn.challenge: challenge}).where(
            PendingSignIn.id == holder.id
        )
    else:
        await _setup_row(holder, {FactorSetup.challenge: challenge})


async def _setup_row(session_id: int, values: dict) -> None:
    updated = (
        await FactorSetup.update(values)
        .where(FactorSetup.session == session_id)
        .returning(FactorSetup.id)
    )
    if not updated:
        row = FactorSetup(session=session_id)
        for column, value in values.items():
            setattr(row, column._meta.name, value)
        await FactorSetup.insert(row)


async def setup_of(session_id: int) -> dict:
    """The challenge and TOTP secret handed out to this session, if any."""
    row = (
        await FactorSetup.select(
            FactorSetup.challenge, FactorSetup.totp_secret, FactorSetup.created_at
        )
        .where(FactorSetup.session == session_id)
        .first()
    )
    if row is None or _now() - row["created_at"] > timedelta(hours=1):
        return {"challenge": None, "totp_secret": None}
    return row


async def offer_totp_secret(holder: Pending | int) -> str:
    """A new secret to enrol, kept on the server until a first code confirms it."""
    if isinstance(holder, Pending):
        if holder.totp_secret:
            return holder.totp_secret
        secret = new_totp_secret()
        await PendingSignIn.update({PendingSignIn.totp_secret: secret}).where(
            PendingSignIn.id == holder.id
        )
        return secret
    current = (await setup_of(holder))["totp_secret"]
    if current:
        return current
    secret = new_totp_secret()
    await _setup_row(holder, {FactorSetup.totp_secret: secret, FactorSetup.created_at: _now()})
    return secret


async def forget_setup(session_id: int) -> None:
    await FactorSetup.delete().where(FactorSetup.session == session_id)


async def registration_options(holder: Pending | int, user: User, rp: RelyingParty) -> str:
    """The options for `navigator.credentials.create()`, as JSON."""
    existing = await Passkey.select(Passkey.credential_id).where(Passkey.account == user.id)
    challenge = _new_challenge()
    options = webauthn.generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        user_id=f"dekat-{user.id}".encode(),
        user_name=user.username,
        user_display_name=user.display_name,
        challenge=webauthn.base64url_to_bytes(challenge),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(row["credential_id"]))
            for row in existing
        ],
    )
    await _remember_challenge(holder, challenge)
    return webauthn.options_to_json(options)


async def register_passkey(
    holder: Pending | int,
    challenge: str | None,
    user: User,
    response: str,
    name: str,
    rp: RelyingParty,
) -> bool:
    """Verify the browser's new credential against the challenge handed out, and keep it
    (audited). The challenge is used once, whatever the outcome."""
    await _remember_challenge(holder, None)
    if not challenge:
        return False
    try:
        verified = webauthn.verify_registration_response(
            credential=response,
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
        )
    except (WebAuthnException, InvalidJSONStructure, ValueError, KeyError, TypeError):
        return False
    transports = _transports(response)
    async with write_transaction():
        row = await Passkey.insert(
            Passkey(
                account=user.id,
                credential_id=bytes_to_base64url(verified.credential_id),
                public_key=bytes_to_base64url(verified.credential_public_key),
                sign_count=verified.sign_count,
                transports=",".join(transports),
                name=(name.strip() or "Passkey")[:60],
            )
        )
        await audit.record(user, "daftar_passkey", "akun", user.id)
    return bool(row)


def _transports(response: str) -> list[str]:
    try:
        listed = json.loads(response).get("response", {}).get("transports") or []
    except (ValueError, AttributeError):
        return []
    known = {item.value for item in AuthenticatorTransport}
    return [item for item in listed if item in known]


async def authentication_options(step: Pending, rp: RelyingParty) -> str | None:
    """The options for `navigator.credentials.get()` as JSON, or None without passkeys."""
    rows = await Passkey.select(Passkey.credential_id, Passkey.transports).where(
        Passkey.account == step.user.id
    )
    if not rows:
        return None
    challenge = _new_challenge()
    options = webauthn.generate_authentication_options(
        rp_id=rp.id,
        challenge=webauthn.base64url_to_bytes(challenge),
        allow_credentials=[
            PublicKeyCredentialDescriptor(
                id=webauthn.base64url_to_bytes(row["credential_id"]),
                transports=[
                    AuthenticatorTransport(item) for item in row["transports"].split(",") if item
                ],
            )
            for row in rows
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    await _remember_challenge(step, challenge)
    return webauthn.options_to_json(options)


async def check_passkey(step: Pending, response: str, rp: RelyingParty) -> bool:
    """Verify an assertion against the challenge of this step, by one of the account's own
    passkeys, with a signature counter that moved on (a cloned authenticator lags behind)."""
    challenge = step.challenge
    await _remember_challenge(step, None)
    if not challenge:
        return False
    try:
        credential = parse_authentication_credential_json(response)
    except (InvalidJSONStructure, ValueError, KeyError, TypeError):
        return False
    row = (
        await Passkey.select(Passkey.id, Passkey.public_key, Passkey.sign_count)
        .where(
            (Passkey.account == step.user.id)
            & (Passkey.credential_id == bytes_to_base64url(credential.raw_id))
        )
        .first()
    )
    if row is None:
        return False
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=webauthn.base64url_to_bytes(row["public_key"]),
            credential_current_sign_count=row["sign_count"],
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return False
    moved = (
        await Passkey.update(
            {Passkey.sign_count: verified.new_sign_count, Passkey.last_used_at: _now()}
        )
        .where((Passkey.id == row["id"]) & (Passkey.sign_count == row["sign_count"]))
        .returning(Passkey.id)
    )
    return bool(moved)


async def remove_passkey(user: User, passkey_id: int) -> bool:
    """Remove one of the account's own passkeys (audited); False when it is not theirs."""
    async with write_transaction():
        removed = (
            await Passkey.delete()
            .where((Passkey.id == passkey_id) & (Passkey.account == user.id))
            .returning(Passkey.id)
        )
        if removed:
            await audit.record(user, "hapus_passkey", "akun", user.id)
    return bool(removed)


async def may_remove(user: User) -> bool:
    """A regency-wide account keeps at least one passkey or TOTP secret."""
    if not await required_for(user.id):
        return True
    factors = await factors_of(user.id)
    count = len(factors.passkeys) + int(factors.totp)
    return count > 1
