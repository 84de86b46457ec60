"""IKD: the public keys that verify codes, and the verifier (`/verifikasi`). The server-side
check serves clients without JavaScript; the page itself verifies in the browser, offline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.models.accounts import Role
from server.models.penduduk import DETAIL_COLUMNS, IkdStatus, Penduduk
from server.security import roles
from server.services import ikd_code
from server.services.ikd_keys import KeyRing
from server.web import render

#: What a verifier is told, by reason (server/services/ikd_code.py).
REASONS = {
    ikd_code.NOT_IKD: "Bukan kode IKD.",
    ikd_code.BAD_SIGNATURE: "Tanda tangan tidak sah: kode ini diubah atau palsu.",
    ikd_code.EXPIRED: "Kode sudah kedaluwarsa. Minta pemilik menampilkan kode yang baru.",
    ikd_code.UNKNOWN_KEY: "Ditandatangani dengan kunci yang tidak dikenal.",
    ikd_code.REVOKED_KEY: "Kunci penanda tangan kode ini sudah dicabut.",
}
#: Longest pasted text looked at (a code is a few hundred characters).
MAX_CODE_LENGTH = 4000


@dataclass
class VerifyForm:
    kode: str = ""


async def _own_record(request: HTMXRequest) -> dict | None:
    user = request.user
    if user.penduduk_id is None:
        return None
    return await Penduduk.select(*DETAIL_COLUMNS).where(Penduduk.id == user.penduduk_id).first()


def _codes(person: dict, keys: KeyRing) -> dict:
    """A fresh code for now and an offline pass for the days without signal, drawn."""
    live = ikd_code.issue(person, keys, ikd_code.LIVE_VALIDITY)
    offline = ikd_code.issue(person, keys, ikd_code.OFFLINE_VALIDITY, now=live.issued)
    return {
        "live": live,
        "live_svg": ikd_code.qr_svg(live.text)[0],
        "offline": offline,
        "offline_svg": ikd_code.qr_svg(offline.text)[0],
    }


class IkdController(Controller):
    """The citizen's card, the published keys and the verifier (open to anyone)."""

    @get("/ikd", name="ikd", guards=[roles(Role.warga)])
    async def card(self, request: HTMXRequest, ikd_keys: NamedDependency[KeyRing]) -> Template:
        """My digital ID with its QR code; kept on my own phone for days without signal."""
        person = await _own_record(request)
        active = person is not None and person["ikd_status"] == IkdStatus.aktif
        context = {"person": person, "active": active}
        if active:
            context.update(_codes(person, ikd_keys))
        return render(request, "ikd/index.html", context, keep_offline=active, block="kode_ikd")

    @get("/.well-known/ikd-keys.json", name="ikd_keys", media_type="application/jwk-set+json")
    async def keys(self, ikd_keys: NamedDependency[KeyRing]) -> Response[dict]:
        """The JWK set that verifies IKD codes (revoked key ids listed apart)."""
        return Response(ikd_keys.jwks(), headers={"cache-control": "public, max-age=300"})

    @get("/verifikasi", name="verifikasi")
    async def verifier(self, request: HTMXRequest) -> Template:
        """Scan, paste or upload a code; it is checked in the browser, offline."""
        return render(request, "verifikasi/index.html", {"form": VerifyForm()}, block="hasil")

    @post("/verifikasi", name="verifikasi_kirim")
    async def verify(
        self,
        request: HTMXRequest,
        ikd_keys: NamedDependency[KeyRing],
        data: Annotated[VerifyForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template:
        """The same check on the server, for a browser without JavaScript."""
        verdict = ikd_code.verify(data.kode[:MAX_CODE_LENGTH], ikd_keys)
        context = {
            "form": VerifyForm(),
            "verdict": verdict,
            "reason": REASONS.get(verdict.reason or "", ""),
        }
        return render(request, "verifikasi/index.html", context, block="hasil")
