"""The resident registry as staff see it: search within their scope, one resident's page, and
the sign-up and recovery codes handed to a resident at the counter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import EMPTY, Text
from server.i18n import N_
from server.models.accounts import DOKUMEN_DIPERIKSA_LABELS
from server.security import roles
from server.services import audit, kode_daftar
from server.services.scope import REGISTRY_ROLES, readable_penduduk, search_residents
from server.web import render

NOT_FOUND = N_("Data penduduk tidak ditemukan, atau di luar wilayah tugas Anda.")
Form = Body(media_type=RequestEncodingType.URL_ENCODED)


@dataclass
class RecoveryForm:
    dokumen: Text = EMPTY
    konfirmasi: Text = EMPTY


async def _person(request: HTMXRequest, penduduk_id: int) -> dict:
    person = await readable_penduduk(request.user, penduduk_id)
    if person is None:
        raise NotFoundException(NOT_FOUND)
    return person


def _slip(request: HTMXRequest, slip: kode_daftar.Slip) -> Template:
    """The code, shown this once (pages for a signed-in person are never cached)."""
    return render(request, "penduduk/slip_kode.html", {"slip": slip})


class PendudukController(Controller):
    """Registry pages for desa officers, field teams and Dinas staff."""

    path = "/penduduk"
    guards = [roles(*REGISTRY_ROLES)]

    @get("/", name="penduduk")
    async def index(self, request: HTMXRequest, q: FromQuery[str] = "") -> Template:
        """Search by name or NIK; htmx asks for the results block only, as the officer types."""
        query = q.strip()
        results = await search_residents(request.user, query) if len(query) >= 3 else []
        await audit.record_reads(request.user, [row["id"] for row in results])
        context = {"q": query, "results": results, "too_short": 0 < len(query) < 3}
        return render(request, "penduduk/index.html", context, block="hasil")

    @get("/{penduduk_id:int}", name="penduduk_detail")
    async def detail(self, request: HTMXRequest, penduduk_id: FromPath[int]) -> Template:
        """One resident, in full; every opening is written to the audit log. The URL names the
        row, not the NIK, so no NIK lands in history or server logs."""
        person = await _person(request, penduduk_id)
        await audit.record_reads(request.user, [person["id"]])
        context = {
            "person": person,
            "punya_akun": await kode_daftar.account_of(person["id"]) is not None,
            "boleh_kode": request.user.role in kode_daftar.ISSUER_ROLES,
            "berlaku_jam": kode_daftar.VALIDITY_HOURS,
        }
        return render(request, "penduduk/detail.html", context)

    @post(
        "/{penduduk_id:int}/kode-daftar",
        name="penduduk_kode_daftar",
        guards=[roles(*kode_daftar.ISSUER_ROLES)],
    )
    async def signup_code(self, request: HTMXRequest, penduduk_id: FromPath[int]) -> Template:
        """A one-time sign-up code for the resident at the counter, shown once on a slip."""
        person = await _person(request, penduduk_id)
        try:
            slip = await kode_daftar.issue_signup_code(request.user, person["id"])
        except kode_daftar.CodeError as error:
            context = {
                "person": person,
                "punya_akun": True,
                "boleh_kode": True,
                "error": error.message,
            }
            return render(request, "penduduk/detail.html", context, status_code=409)
        return _slip(request, slip)

    @get(
        "/{penduduk_id:int}/pulihkan",
        name="penduduk_pulihkan",
        guards=[roles(*kode_daftar.ISSUER_ROLES)],
    )
    async def recovery_page(self, request: HTMXRequest, penduduk_id: FromPath[int]) -> Template:
        """Taking an account back for its owner: what to check, in person, first."""
        person = await _person(request, penduduk_id)
        context = self._recovery_context(person)
        if await kode_daftar.account_of(person["id"]) is None:
            context["errors"] = {"form": kode_daftar.NO_ACCOUNT}
        return render(request, "penduduk/pulihkan.html", context)

    @post(
        "/{penduduk_id:int}/pulihkan",
        name="penduduk_pulihkan_kirim",
        guards=[roles(*kode_daftar.ISSUER_ROLES)],
    )
    async def recover(
        self,
        request: HTMXRequest,
        penduduk_id: FromPath[int],
        data: Annotated[RecoveryForm, Form],
    ) -> Template:
        """End every session and device of the account, stop its password, and hand the owner
        a recovery code on a slip."""
        person = await _person(request, penduduk_id)
        try:
            slip, errors = await kode_daftar.recover_account(
                request.user, person["id"], data.dokumen, data.konfirmasi == "ya"
            )
        except kode_daftar.CodeError as error:
            slip, errors = None, {"form": error.message}
        if slip is None:
            context = {**self._recovery_context(person), "errors": errors, "form": data}
            return render(request, "penduduk/pulihkan.html", context, status_code=422)
        return _slip(request, slip)

    @staticmethod
    def _recovery_context(person: dict) -> dict:
        return {
            "person": person,
            "dokumen_labels": DOKUMEN_DIPERIKSA_LABELS,
            "errors": {},
            "form": RecoveryForm(),
        }
