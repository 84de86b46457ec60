"""Desa lists (program BAKSO): the desa officer's list with its marks and shortcuts to help, the
Dinas' overview, the CSV import with its preview, and the export back to the Dinas.

Who may import: Dinas staff for the whole regency; UPT staff only for the desa of their own
kecamatan (a row naming another desa is a row error, so such a file imports nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import EMPTY, Text
from server.i18n import N_, Message
from server.models.accounts import Role
from server.models.daftar_desa import JenisDokumen, Tanda
from server.security import roles
from server.services import audit, kunjungan
from server.services import daftar_desa as lists
from server.services import impor_daftar as impor
from server.services.auth import User
from server.services.wilayah import today
from server.settings import Settings
from server.web import redirect_to, render

Form = Body(media_type=RequestEncodingType.URL_ENCODED)
Multipart = Body(media_type=RequestEncodingType.MULTI_PART)
READER_ROLES = (Role.operator_desa, Role.petugas_dinas)
NOT_FOUND = N_("Daftar tidak ditemukan, atau di luar wilayah tugas Anda.")
#: Room for the multipart envelope around a file of the largest size taken; anything between
#: that and this limit gets the file-size message, not the framework's.
MAX_REQUEST = 2 * impor.MAX_BYTES


@dataclass
class MarkForm:
    tanda: Text = EMPTY
    catatan: Text = EMPTY


@dataclass
class ImportForm:
    berkas: UploadFile | None = None


@dataclass
class StoredFileForm:
    """Names a previewed file (`impor.store_upload`), never the file itself."""

    berkas: Text = EMPTY


def _csv_response(content: bytes, filename: str) -> Response:
    return Response(
        content=content,
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "cache-control": "no-store",
        },
    )


class DaftarDesaController(Controller):
    """The lists of residents lacking a document, per desa."""

    path = "/daftar-desa"

    @get("/", name="daftar_desa", guards=[roles(*READER_ROLES)])
    async def index(
        self,
        request: HTMXRequest,
        desa: FromQuery[str] = "",
        dokumen: FromQuery[str] = "",
        tanda: FromQuery[str] = "",
        q: FromQuery[str] = "",
        halaman: FromQuery[int] = 1,
    ) -> Template:
        """A desa officer's own list; for the Dinas, the desa with lists, or one desa's list."""
        user: User = request.user
        if user.role == Role.petugas_dinas and not desa:
            context = {"desa_rows": await lists.overview(user)}
            return render(request, "daftar_desa/ringkasan.html", context)
        place = await self._desa(user, desa)
        filters = lists.Filters.clean(dokumen, tanda, q, halaman)
        rows, total = await lists.list_page(place["id"], filters)
        visits = await kunjungan.published_for_desa(place["id"])
        await audit.record(user, "lihat_daftar_desa", "desa", place["id"])
        context = {
            "desa": place,
            "rows": rows,
            "total": total,
            "counts": await lists.tanda_counts(place["id"]),
            "filters": filters,
            "pages": max(1, -(-total // lists.PAGE_SIZE)),
            "next_visit": visits[0] if visits else None,
            "may_mark": user.role == Role.operator_desa,
            "dokumen_values": list(JenisDokumen),
            "tanda_values": list(Tanda),
        }
        return render(request, "daftar_desa/index.html", context)

    async def _desa(self, user: User, code: str) -> dict:
        place = await lists.readable_desa(user, code) if code else await lists.own_desa(user)
        if place is None:
            raise NotFoundException(NOT_FOUND)
        return place

    @post("/{row_id:int}/tanda", name="daftar_desa_tanda", guards=[roles(Role.operator_desa)])
    async def mark(
        self, request: HTMXRequest, row_id: FromPath[int], data: Annotated[MarkForm, Form]
    ) -> Response:
        """Mark one person; htmx gets just that row back."""
        user: User = request.user
        error = None
        try:
            row = await lists.mark(user, row_id, data.tanda, data.catatan)
        except lists.ListError as refused:
            row, error = await lists.readable_row(user, row_id), refused.message
        if row is None:
            raise NotFoundException(NOT_FOUND)
        if not request.htmx:
            if error:
                context = {"status": 422, "message": error}
                return render(request, "galat.html", context, status_code=422)
            return redirect_to(request, "daftar_desa")
        context = {
            "row": row,
            "may_mark": True,
            "tanda_values": list(Tanda),
            "next_visit": await self._next_visit(user.desa_id),
            "error": error,
            "values": data,
        }
        status = 422 if error else 200
        return render(request, "daftar_desa/_baris.html", context, status_code=status)

    async def _next_visit(self, desa_id: int) -> dict | None:
        visits = await kunjungan.published_for_desa(desa_id)
        return visits[0] if visits else None

    @get("/ekspor.csv", name="daftar_desa_ekspor", guards=[roles(*READER_ROLES)])
    async def export(self, request: HTMXRequest, desa: FromQuery[str] = "") -> Response:
        """The lists with their marks as CSV: one desa's, or (Dinas) all in scope."""
        user: User = request.user
        place = None
        if desa or user.role == Role.operator_desa:
            place = await self._desa(user, desa)
        content = await lists.export_csv(user, place["id"] if place else None)
        await audit.record(user, "ekspor_daftar_desa", "desa", place["id"] if place else None)
        name = place["code"] if place else "semua"
        return _csv_response(content, f"daftar-bakso-{name}-{today().isoformat()}.csv")

    @get("/impor", name="daftar_desa_impor", guards=[roles(Role.petugas_dinas)])
    async def import_form(
        self,
        request: HTMXRequest,
        hasil: FromQuery[int | None] = None,
        dilewati: FromQuery[int] = 0,
        dipindah: FromQuery[int] = 0,
    ) -> Template:
        """The upload form, the last imports, and the outcome of the one just made."""
        imports = await impor.recent_imports(request.user)
        done = next((row for row in imports if row["id"] == hasil), None)
        context = {
            "imports": imports,
            "done": done,
            "skipped": max(0, dilewati),
            "moved": max(0, dipindah),
        }
        return render(request, "daftar_desa/impor.html", context)

    @get("/impor/contoh.csv", name="daftar_desa_contoh", guards=[roles(Role.petugas_dinas)])
    async def template_file(self) -> Response:
        """An example file with the header row, to fill in."""
        content = "\ufeff".encode() + impor.TEMPLATE_CSV.encode()
        return _csv_response(content, "contoh-daftar-bakso.csv")

    @post(
        "/impor",
        name="daftar_desa_pratinjau",
        guards=[roles(Role.petugas_dinas)],
        request_max_body_size=MAX_REQUEST,
    )
    async def preview(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[ImportForm, Multipart],
    ) -> Template:
        """Check every row of the uploaded file and show what an import would do."""
        user: User = request.user
        upload = data.berkas
        if upload is None:
            return await self._refuse(request, Message("Pilih berkas CSV dulu."))
        content = await upload.read()
        try:
            checked = await impor.check(user, content)
        except lists.ListError as error:
            return await self._refuse(request, error.message)
        token = None
        if not checked.errors:
            token = await anyio.to_thread.run_sync(
                impor.store_upload, settings.data_dir, user.id, upload.filename, content
            )
        context = {
            "filename": upload.filename,
            "checked": checked,
            "new_rows": len(checked.new_rows),
            "per_desa": impor.per_desa(checked, await impor.desa_codes()),
            "row_errors": checked.errors[: impor.MAX_ERRORS_SHOWN],
            "more_errors": max(0, len(checked.errors) - impor.MAX_ERRORS_SHOWN),
            "sample": checked.rows[: impor.SAMPLE_ROWS],
            "existing": checked.existing[: impor.MAX_EXISTING_SHOWN],
            "moving": checked.moving[: impor.MAX_EXISTING_SHOWN],
            "token": token,
        }
        status = 422 if checked.errors else 200
        return render(request, "daftar_desa/pratinjau.html", context, status_code=status)

    async def _refuse(self, request: HTMXRequest, message: Any) -> Template:
        imports = await impor.recent_imports(request.user)
        context = {"imports": imports, "done": None, "error": message}
        return render(request, "daftar_desa/impor.html", context, status_code=422)

    @post("/impor/simpan", name="daftar_desa_impor_simpan", guards=[roles(Role.petugas_dinas)])
    async def confirm(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[StoredFileForm, Form],
    ) -> Response:
        """Import the checked file, all of it or nothing, and delete it."""
        user: User = request.user
        token = data.berkas
        upload = await anyio.to_thread.run_sync(
            impor.load_upload, settings.data_dir, user.id, token
        )
        if upload is None:
            return await self._refuse(
                request, Message("Berkas tidak ditemukan atau sudah diimpor. Unggah lagi.")
            )
        filename, content = upload
        try:
            checked = await impor.check(user, content)
            if checked.errors:
                raise lists.ListError(N_("Berkas berisi galat. Periksa lagi sebelum mengimpor."))
            result = await impor.import_rows(user, filename, checked.rows)
        except lists.ListError as error:
            return await self._refuse(request, error.message)
        finally:
            await anyio.to_thread.run_sync(impor.discard_upload, settings.data_dir, token)
        outcome = {"hasil": result.impor_id, "dilewati": result.skipped, "dipindah": result.moved}
        return redirect_to(request, "daftar_desa_impor", outcome)

    @post("/impor/batal", name="daftar_desa_impor_batal", guards=[roles(Role.petugas_dinas)])
    async def cancel(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[StoredFileForm, Form],
    ) -> Response:
        """Drop a previewed file without importing it."""
        token = data.berkas
        if await anyio.to_thread.run_sync(
            impor.load_upload, settings.data_dir, request.user.id, token
        ):
            await anyio.to_thread.run_sync(impor.discard_upload, settings.data_dir, token)
        return redirect_to(request, "daftar_desa_impor")
