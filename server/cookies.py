"""Cookie names and attributes, chosen per request by how Dekat is reached.

Over HTTPS every cookie is `Secure` and carries the `__Host-` prefix, which the browser only
accepts from this very host, over HTTPS, for path `/` and without `Domain`: a sibling host under
the regency's domain cannot plant or overwrite one. Plain HTTP (local development and tests,
`DEKAT_PLAIN_HTTP=1`) uses the bare names, which a browser would refuse with the prefix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the catalogues (server/i18n.py) read a cookie name: no framework at import
    from litestar.datastructures import Cookie

HOST_PREFIX = "__Host-"
#: The session's random token (server/services/auth.py keeps only its SHA-256).
SESSION = "dekat_sesi"
#: The form token for this browser (server/csrf.py), readable by the page's own scripts.
CSRF = "csrftoken"
#: The language the person chose.
LANGUAGE = "bahasa"
#: How long a browser keeps HTTPS in mind once it has seen Dekat over it (two years).
HSTS = "max-age=63072000; includeSubDomains"


def is_secure(scope: Mapping[str, Any]) -> bool:
    """Whether this request reached Dekat over HTTPS (directly, or as the proxy in front of it
    says through `X-Forwarded-Proto`, which uvicorn applies to the scope)."""
    return scope.get("scheme") in ("https", "wss")


def name(scope: Mapping[str, Any], base: str) -> str:
    """The name the cookie `base` has on this request: `__Host-<base>` over HTTPS."""
    return HOST_PREFIX + base if is_secure(scope) else base


def read(scope: Mapping[str, Any], cookies: Mapping[str, str], base: str) -> str | None:
    """The value of cookie `base` under this request's name (never the other one: over HTTPS a
    bare name may have been planted by a sibling host)."""
    return cookies.get(name(scope, base))


def make(
    scope: Mapping[str, Any],
    base: str,
    value: str,
    *,
    max_age: int | None = None,
    httponly: bool = True,
    samesite: Literal["lax", "strict"] = "lax",
) -> Cookie:
    """Cookie `base` with Dekat's attributes: host-only, path `/`, SameSite=Lax (or Strict),
    and `Secure` with the `__Host-` name over HTTPS."""
    from litestar.datastructures import Cookie

    return Cookie(
        key=name(scope, base),
        value=value,
        max_age=max_age,
        path="/",
        domain=None,
        secure=is_secure(scope),
        httponly=httponly,
        samesite=samesite,
    )


def expired(scope: Mapping[str, Any], base: str) -> Cookie:
    """Cookie `base` removed from the browser."""
    cookie = make(scope, base, "", max_age=0)
    cookie.expires = 0
    return cookie
