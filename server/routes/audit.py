"""The audit log, for oversight: who opened or changed what, and when.

Oversight (`pengawas`) and the Dinas read every entry. UPT staff read only the entries about
their own kecamatan (its residents, requests, desa lists, accounts and blanko stock) and their
own actions, and never complaint handling: complaints are routed above the office complained
about. The rule is services/scope.py `audit_scope`, the same condition as every scoped read.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.models.accounts import Role
from server.models.audit import latest_entries
from server.security import roles
from server.services.scope import audit_scope
from server.web import render

PAGE_SIZE = 50


class AuditController(Controller):
    """Audit log pages for pengawas and Dinas staff."""

    path = "/audit"
    guards = [roles(Role.pengawas, Role.petugas_dinas)]

    @get("/", name="audit")
    async def index(self, request: HTMXRequest, halaman: FromQuery[int] = 1) -> Template:
        """Newest entries first, a page at a time."""
        page = max(1, halaman)
        entries = await latest_entries(
            (page - 1) * PAGE_SIZE, PAGE_SIZE + 1, audit_scope(request.user)
        )
        context = {
            "entries": entries[:PAGE_SIZE],
            "page": page,
            "has_next": len(entries) > PAGE_SIZE,
        }
        return render(request, "audit/index.html", context, block="daftar")
