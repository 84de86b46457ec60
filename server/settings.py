"""Deployment settings, read once from the environment with embedded defaults.

Every field here is documented in the README's "Configuration" table; a test keeps the two in
step. Rules of the domain (timeouts per role, throttling limits) live in the services that apply
them, not here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = os.environ.get(name)
    if value is None:
        return default
    return tuple(part.strip() for part in value.split(",") if part.strip())


DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "web.push.apple.com",
    "notify.windows.com",
)

#: Set DEKAT_PUSH_SUBJECT to the office's own address in production.
DEFAULT_PUSH_SUBJECT = "mailto:dukcapil@dekat.invalid"


@dataclass(frozen=True)
class Settings:
    #: `DATABASE_URL` — `postgresql://user@host:port/db` selects PostgreSQL; absent selects the
    #: embedded SQLite file `<data_dir>/dekat.sqlite3`.
    database_url: str | None = None
    #: `DEKAT_DATA_DIR` — folder for the SQLite file and the keys generated at first run.
    data_dir: Path = Path("var")
    #: `DEKAT_PUSH_ALLOWED_HOSTS` — comma-separated push-service hosts a subscription may name.
    push_allowed_hosts: tuple[str, ...] = field(default=DEFAULT_PUSH_HOSTS)
    #: `DEKAT_PUSH_SUBJECT` — the contact push services may use about our messages (VAPID `sub`).
    push_subject: str = DEFAULT_PUSH_SUBJECT
    #: `DEKAT_PUSH_WORKER` — deliver notifications inside the web process (the embedded default);
    #: set to 0 when separate `dekat worker` processes deliver them.
    push_worker: bool = True
    #: `DEKAT_PLAIN_HTTP` — also serve plain HTTP (local development and tests only). Off, a
    #: request over plain HTTP is sent to HTTPS; over HTTPS cookies are always `Secure` and
    #: `__Host-` named, and HSTS is sent. `dekat serve --demo` turns it on unless set to 0.
    plain_http: bool = False
    #: `DEKAT_LOCALES_DIR` — folder of translation catalogues (`<code>/LC_MESSAGES/messages.po`);
    #: absent selects those shipped with Dekat.
    locales_dir: Path | None = None
    #: `DEKAT_WEBAUTHN_RP_ID` — the domain staff passkeys are bound to (the WebAuthn RP ID);
    #: absent takes the host the request came to. It must be a domain, never an IP address.
    webauthn_rp_id: str | None = None
    #: `DEKAT_WEBAUTHN_ORIGIN` — the origin pages are served from (`https://host[:port]`), which
    #: passkey answers must name; absent takes the request's scheme, host and port.
    webauthn_origin: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("DATABASE_URL") or None,
            data_dir=Path(os.environ.get("DEKAT_DATA_DIR") or "var"),
            push_allowed_hosts=_env_list("DEKAT_PUSH_ALLOWED_HOSTS", DEFAULT_PUSH_HOSTS),
            push_subject=os.environ.get("DEKAT_PUSH_SUBJECT") or DEFAULT_PUSH_SUBJECT,
            push_worker=_env_bool("DEKAT_PUSH_WORKER", True),
            plain_http=_env_bool("DEKAT_PLAIN_HTTP", False),
            locales_dir=Path(folder) if (folder := os.environ.get("DEKAT_LOCALES_DIR")) else None,
            webauthn_rp_id=os.environ.get("DEKAT_WEBAUTHN_RP_ID") or None,
            webauthn_origin=os.environ.get("DEKAT_WEBAUTHN_ORIGIN") or None,
        )

    @property
    def database_kind(self) -> str:
        """`postgresql` or `sqlite`, as reported by `/healthz`."""
        if self.database_url and self.database_url.startswith(("postgres://", "postgresql://")):
            return "postgresql"
        return "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "dekat.sqlite3"


#: The environment variable each field is read from; the README documents each one.
ENVIRONMENT_VARIABLES = (
    "DATABASE_URL",
    "DEKAT_DATA_DIR",
    "DEKAT_PUSH_ALLOWED_HOSTS",
    "DEKAT_PUSH_SUBJECT",
    "DEKAT_PUSH_WORKER",
    "DEKAT_PLAIN_HTTP",
    "DEKAT_LOCALES_DIR",
    "DEKAT_WEBAUTHN_RP_ID",
    "DEKAT_WEBAUTHN_ORIGIN",
)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
