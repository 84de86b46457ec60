"""The keys that sign IKD codes: generated at first run under the data folder, published as a
JWK set, rotated and revoked by command (`dekat keys rotate`, `dekat keys revoke KID`).

One key is active and signs every new code. Rotating retires it: it signs nothing more, but it
stays in the published set until every code it signed has expired, so those still verify.
Revoking a key (one that leaked, say) makes every code it signed fail at once, with that reason.

Files, readable by this user only: `<data>/keys/ikd/keyring.json` (the list, no secrets) and
`<data>/keys/ikd/<kid>.pem` (each private key). The running server reads the list again when
the file changes, so a rotation by command takes effect without a restart.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.keys import private_folder

ALGORITHM = "ES256"  # ECDSA P-256 with SHA-256: verifiable by WebCrypto on every phone browser
#: The longest a code is valid (the offline pass, `ikd_code.OFFLINE_VALIDITY`), and the oldest
#: code a verifier accepts; a retired key is published this much longer.
LONGEST_VALIDITY = timedelta(hours=24)


class KeyError_(LookupError):
    """A code names a key this issuer cannot vouch for; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class KeyEntry:
    kid: str
    status: str  # "active", "retired" or "revoked"
    created: str  # ISO 8601, UTC
    retired: str | None = None
    revoked: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(key: ec.EllipticCurvePublicKey, kid: str) -> dict:
    numbers = key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64url(numbers.x.to_bytes(32, "big")),
        "y": _b64url(numbers.y.to_bytes(32, "big")),
        "kid": kid,
        "alg": ALGORITHM,
        "use": "sig",
    }


def thumbprint(key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638 JWK thumbprint, shortened, in hex: a stable, meaningless key id that can be
    typed on a command line (base64url may start with "-", which reads as an option)."""
    jwk = public_jwk(key, "")
    canonical = json.dumps(
        {name: jwk[name] for name in ("crv", "kty", "x", "y")}, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


class KeyRing:
    """The signing keys under one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "keys" / "ikd"
        self.index = self.folder / "keyring.json"
        self._loaded_at: float | None = None
        self._entries: list[KeyEntry] = []
        self._private: dict[str, ec.EllipticCurvePrivateKey] = {}

    # --- reading ---------------------------------------------------------------------------

    def _load(self) -> None:
        if not self.index.exists():
            self.create()
        mtime = self.index.stat().st_mtime_ns
        if mtime == self._loaded_at:
            return
        self._entries = [KeyEntry(**e) for e in json.loads(self.index.read_text())["keys"]]
        self._private = {}
        for entry in self._entries:
            pem = (self.folder / f"{entry.kid}.pem").read_bytes()
            self._private[entry.kid] = serialization.load_pem_private_key(pem, password=None)
        self._loaded_at = mtime

    def entries(self) -> list[KeyEntry]:
        self._load()
        return list(self._entries)

    def signing_key(self) -> tuple[str, ec.EllipticCurvePrivateKey]:
        self._load()
        active = next(e for e in self._entries if e.status == "active")
        return active.kid, self._private[active.kid]

    def verification_key(self, kid: str, now: datetime | None = None) -> ec.EllipticCurvePublicKey:
        """The public key for `kid`, or KeyError_ with the reason it cannot be used."""
        self._load()
        entry = next((e for e in self._entries if e.kid == kid), None)
        if entry is None or not self._published(entry, now or _now()):
            raise KeyError_("kunci_tidak_dikenal")
        if entry.status == "revoked":
            raise KeyError_("kunci_dicabut")
        return self._private[kid].public_key()

    def _published(self, entry: KeyEntry, now: datetime) -> bool:
        if entry.status == "retired" and entry.retired:
            return now < datetime.fromisoformat(entry.retired) + LONGEST_VALIDITY
        return True

    def jwks(self) -> dict:
        """The public set: the active key and retired keys whose codes may still be valid;
        revoked key ids listed apart so verifiers can say why a code fails."""
        self._load()
        now = _now()
        usable = [e for e in self._entries if e.status != "revoked" and self._published(e, now)]
        return {
            "keys": [public_jwk(self._private[e.kid].public_key(), e.kid) for e in usable],
            "revoked": [e.kid for e in self._entries if e.status == "revoked"],
        }

    # --- changing --------------------------------------------------------------------------

    def _new_key(self) -> KeyEntry:
        key = ec.generate_private_key(ec.SECP256R1())
        kid = thumbprint(key.public_key())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_private(self.folder / f"{kid}.pem", pem)
        return KeyEntry(kid=kid, status="active", created=_now().isoformat())

    def _write_index(self, entries: list[KeyEntry], *, replace: bool) -> None:
        # Written whole, then put in place: a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".keyring-")
        with os.fdopen(fd, "w") as handle:
            json.dump({"keys": [asdict(e) for e in entries]}, handle, indent=2)
        try:
            if replace:
                os.replace(temporary, self.index)
            else:
                os.link(temporary, self.index)  # fails if another process created it first
        except FileExistsError:
            pass
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self._loaded_at = None

    def create(self) -> None:
        """The first key, at first run (a second process arriving at once keeps the first's)."""
        private_folder(self.folder)
        if not self.index.exists():
            self._write_index([self._new_key()], replace=False)

    def rotate(self) -> KeyEntry:
        """A new active key; the previous one is retired (still published while its codes
        may be valid)."""
        entries = self.entries()
        now = _now().isoformat()
        for entry in entries:
            if entry.status == "active":
                entry.status, entry.retired = "retired", now
        new = self._new_key()
        self._write_index([*entries, new], replace=True)
        return new

    def revoke(self, kid: str) -> KeyEntry:
        """Every code `kid` signed fails from now on. The active key cannot be revoked without
        a rotation first (new codes need a key)."""
        entries = self.entries()
        entry = next((e for e in entries if e.kid == kid), None)
        if entry is None:
            raise ValueError(f"Kunci {kid} tidak ada.")
        if entry.status == "active":
            raise ValueError("Kunci aktif tidak bisa dicabut. Jalankan `dekat keys rotate` dulu.")
        entry.status, entry.revoked = "revoked", _now().isoformat()
        self._write_index(entries, replace=True)
        return entry
