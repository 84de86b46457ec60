"""VAPID: the key pair that identifies Dekat to push services (RFC 8292).

Generated at first run as `<data_dir>/keys/vapid.pem` (readable by this user only), never
committed. The public key goes to the browser for `pushManager.subscribe`; each request to a
push service carries a JWT signed with the private key for that service's origin, kept until
an hour before it expires.
"""

from __future__ import annotations

import base64
import os
import time
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from server.keys import private_folder

#: A token is valid this long (push services accept at most 24 hours).
TOKEN_LIFETIME = 12 * 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class VapidKeys:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "keys" / "vapid.pem"
        self._tokens: dict[str, tuple[float, dict[str, str]]] = {}

    def create(self) -> None:
        """Generate the key pair unless it exists (another process may have won the race)."""
        if self.path.exists():
            return
        private_folder(self.path.parent)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)

    @cached_property
    def _vapid(self) -> Vapid02:
        return Vapid02.from_pem(self.path.read_bytes())

    @cached_property
    def public_key(self) -> str:
        """The uncompressed public point, base64url without padding: the browser's
        `applicationServerKey`."""
        point = self._vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    def headers(self, endpoint: str, subject: str) -> dict[str, str]:
        """The `Authorization` header for a push to `endpoint`."""
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        cached = self._tokens.get(audience)
        if cached and cached[0] > now + 3600:
            return cached[1]
        expires = int(now) + TOKEN_LIFETIME
        headers = self._vapid.sign({"aud": audience, "sub": subject, "exp": expires})
        self._tokens[audience] = (expires, headers)
        return headers
