"""Pengaduan pages: anyone files a complaint (signed in or not, with or without a name) and
follows it with its code; oversight and the Dinas answer it from `/pengaduan/kelola`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from litestar import Controller, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import File, Template

from server.models.accounts import Role
from server.models.kantor import all_kantor
from server.models.pengaduan import JenisPengaduan, StatusPengaduan
from server.models.wilayah import Desa
from server.security import roles
from server.services import auth, uploads
from server.services import pengaduan as rules
from server.settings import Settings
from server.web import redirect, render

Multipart = Body(media_type=RequestEncodingType.MULTI_PART)
UrlEncoded = Body(media_type=RequestEncodingType.URL_ENCODED)
#: Three phone photos sent without the in-browser shrinking fit under this.
MAX_UPLOAD = 32 * 1024 * 1024
PHOTO_FIELDS = tuple(f"foto_{n}" for n in range(1, rules.MAX_PHOTOS + 1))
NOT_FOUND = "Pengaduan tidak ditemukan. Periksa kode pengaduan Anda."
NO_STORE = {"cache-control": "no-store"}


@dataclass
class CodeForm:
    kode: str = ""


@dataclass
class ReplyForm:
    isi: str = ""
    status: str = StatusPengaduan.ditanggapi.value


def _text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


async def _photos(form: dict[str, Any], settings: Settings) -> tuple[list, dict]:
    """Check every photo first, store them only when all pass: ([(name, photo)], errors)."""
    photos, errors = [], {}
    for name in PHOTO_FIELDS:
        upload = form.get(name)
        if isinstance(upload, list):
            upload = upload[0] if upload else None
        data = await upload.read() if isinstance(upload, UploadFile) else b""
        if not data:
            continue
        try:
            photos.append(await anyio.to_thread.run_sync(uploads.process_photo, data))
        except uploads.UploadError as error:
            errors[name] = error.message
    if errors:
        return [], errors
    stored = [
        (await anyio.to_thread.run_sync(uploads.store, settings.data_dir, photo), photo)
        for photo in photos
    ]
    return stored, {}


def _photo_file(settings: Settings, photos: list[dict], foto_id: int, name: str) -> File:
    photo = next((p for p in photos if p["id"] == foto_id), None)
    if photo is None:
        raise NotFoundException("Foto tidak ditemukan.")
    return File(
        path=uploads.stored_path(settings.data_dir, photo["berkas"]),
        media_type="image/jpeg",
        content_disposition_type="inline",
        filename=f"{name}.jpg",
        headers=NO_STORE,
    )


async def _places() -> dict[str, Any]:
    """The offices and desa (by kecamatan) a complaint may name."""
    rows = await Desa.select(Desa.id, Desa.name, Desa.kecamatan.name)
    desa: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda row: (row["kecamatan.name"], row["name"])):
        desa.setdefault(row["kecamatan.name"], []).append(row)
    return {"kantor": await all_kantor(), "desa_by_kecamatan": desa}


class PengaduanController(Controller):
    """Complaints as the people who send them see them: no sign-in needed."""

    path = "/pengaduan"

    @get("/", name="pengaduan")
    async def index(self, request: HTMXRequest) -> Template:
        """The complaint form, and the complaints a signed-in person sent with their name."""
        return await self._form(request, {}, {})

    async def _form(self, request, values, errors, status_code=200) -> Template:
        context = {
            **await _places(),
            "jenis": JenisPengaduan,
            "mine": await rules.mine(request.user),
            "max_isi": rules.MAX_ISI,
            "max_kontak": rules.MAX_KONTAK,
            "photo_fields": PHOTO_FIELDS,
            "values": values,
            "errors": errors,
        }
        return render(request, "pengaduan/index.html", context, status_code=status_code)

    @post("/", name="pengaduan_kirim", request_max_body_size=MAX_UPLOAD)
    async def create(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[dict[str, Any], Multipart],
    ) -> Response:
        """Check everything, then store the photos and the complaint; bad input keeps
        nothing."""
        values = {name: _text(data, name) for name in ("jenis", "isi", "kantor", "desa", "kontak")}
        values["anonim"] = _text(data, "anonim") or "1"
        complaint, errors = await rules.check(values, signed_in=request.user is not None)
        if not errors:
            complaint.photos, errors = await _photos(data, settings)
        if errors:
            return await self._form(request, values, errors, 422)
        row = await rules.create(request.user, complaint)
        return redirect(request, f"/pengaduan/{row['kode']}?terkirim=1")

    @get("/lacak", name="pengaduan_lacak")
    async def track_form(self, request: HTMXRequest) -> Template:
        """Where a complainant types their code."""
        return render(request, "pengaduan/lacak.html", {"form": CodeForm()})

    @post("/lacak", name="pengaduan_lacak_cari")
    async def track(self, request: HTMXRequest, data: Annotated[CodeForm, UrlEncoded]) -> Response:
        """Open the complaint for a code typed any which way; a wrong one counts towards
        the address's limit."""
        minutes = await auth.address_lockout(request.client.host)
        error = auth.throttled_message(minutes) if minutes is not None else None
        if error is None:
            row = await rules.by_code(rules.normalise_code(data.kode))
            if row is not None:
                return redirect(request, f"/pengaduan/{row['kode']}")
            await auth.record_address_failure(request.client.host)
            error = NOT_FOUND
        context = {"form": data, "error": error}
        status_code = 429 if minutes is not None else 422
        return render(request, "pengaduan/lacak.html", context, status_code=status_code)

    @get("/{kode:str}", name="pengaduan_detail")
    async def detail(
        self, request: HTMXRequest, kode: FromPath[str], terkirim: FromQuery[str] = ""
    ) -> Template:
        """Status, answers and photos for whoever holds the code; never who sent it."""
        row = await self._by_code(request, kode)
        return await self._page(request, row, sent=terkirim == "1")

    async def _page(self, request, row, *, sent=False, error=None, status_code=200) -> Template:
        context = {
            "row": row,
            "sent": sent,
            "overdue": rules.is_overdue(row),
            "photos": await rules.photos_of(row["id"]),
            "replies": await rules.replies_of(row["id"]),
            "max_balasan": rules.MAX_BALASAN,
            "error": error,
        }
        page = render(request, "pengaduan/detail.html", context, status_code=status_code)
        page.headers.update(NO_STORE)  # the code is the key: keep the page out of caches
        return page

    @post("/{kode:str}/tanggapan", name="pengaduan_tanggapan")
    async def follow_up(
        self, request: HTMXRequest, kode: FromPath[str], data: Annotated[ReplyForm, UrlEncoded]
    ) -> Response:
        """The complainant adds to what they said."""
        row = await self._by_code(request, kode)
        try:
            await rules.follow_up(row, data.isi)
        except rules.ComplaintError as error:
            return await self._page(request, row, error=error.message, status_code=422)
        return redirect(request, f"/pengaduan/{row['kode']}")

    @get("/{kode:str}/foto/{foto_id:int}", name="pengaduan_foto")
    async def photo(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        kode: FromPath[str],
        foto_id: FromPath[int],
    ) -> File:
        """A photo of the complaint, to whoever holds its code."""
        row = await self._by_code(request, kode)
        photos = await rules.photos_of(row["id"])
        return _photo_file(settings, photos, foto_id, f"pengaduan-{foto_id}")

    async def _by_code(self, request: HTMXRequest, kode: str) -> dict:
        if await auth.address_lockout(request.client.host) is not None:
            raise NotFoundException(NOT_FOUND)
        row = await rules.by_code(rules.normalise_code(kode))
        if row is None:
            await auth.record_address_failure(request.client.host)
            raise NotFoundException(NOT_FOUND)
        return row


def regency_only(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """UPT staff may be the ones complained about: complaints go above them."""
    if not rules.may_manage(connection.user):
        raise PermissionDeniedException(
            "Pengaduan ditangani Dinas kabupaten dan pengawas, tidak oleh UPT."
        )


class KelolaPengaduanController(Controller):
    """Oversight and the Dinas answer complaints; the complainant's identity is for
    `pengawas` only."""

    path = "/pengaduan/kelola"
    guards = [roles(Role.pengawas, Role.petugas_dinas), regency_only]

    @get("/", name="pengaduan_kelola")
    async def index(
        self,
        request: HTMXRequest,
        status: FromQuery[str] = "",
        jenis: FromQuery[str] = "",
        kantor: FromQuery[str] = "",
    ) -> Template:
        """Unanswered first, oldest first, late ones flagged; the filters narrow it."""
        filters = rules.Filters(status=status, jenis=jenis, kantor=kantor)
        context = {
            "rows": await rules.office_list(filters),
            "filters": filters,
            "figures": await rules.figures(),
            "statuses": StatusPengaduan,
            "jenis": JenisPengaduan,
            "kantor": await all_kantor(),
            "is_overdue": rules.is_overdue,
        }
        return render(request, "pengaduan/kelola.html", context, block="daftar")

    @get("/{pengaduan_id:int}", name="pengaduan_kelola_detail")
    async def detail(
        self, request: HTMXRequest, pengaduan_id: FromPath[int], identitas: FromQuery[str] = ""
    ) -> Template:
        """One complaint with its answers and the reply form; `identitas=1` shows
        `pengawas` who sent it (and logs that)."""
        row = await self._row(request, pengaduan_id)
        return await self._page(request, row, show_identity=identitas == "1")

    async def _page(
        self, request, row, *, show_identity=False, error=None, values=None, status_code=200
    ) -> Template:
        identity = await rules.identity_for(request.user, row) if show_identity else None
        context = {
            "row": row,
            "overdue": rules.is_overdue(row),
            "photos": await rules.photos_of(row["id"]),
            "replies": await rules.replies_of(row["id"]),
            "identity": identity,
            "reply_statuses": rules.REPLY_STATUSES,
            "max_balasan": rules.MAX_BALASAN,
            "error": error,
            "values": values or {},
        }
        return render(request, "pengaduan/kelola_detail.html", context, status_code=status_code)

    @post("/{pengaduan_id:int}/balas", name="pengaduan_balas")
    async def reply(
        self,
        request: HTMXRequest,
        pengaduan_id: FromPath[int],
        data: Annotated[ReplyForm, UrlEncoded],
    ) -> Response:
        """Answer the complainant, and say whether it is still being followed up."""
        row = await self._row(request, pengaduan_id)
        try:
            await rules.reply(request.user, row, data.isi, data.status)
        except rules.ComplaintError as error:
            values = {"isi": data.isi, "status": data.status}
            return await self._page(
                request, row, error=error.message, values=values, status_code=422
            )
        return redirect(request, f"/pengaduan/kelola/{row['id']}")

    @get("/{pengaduan_id:int}/foto/{foto_id:int}", name="pengaduan_kelola_foto")
    async def photo(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        pengaduan_id: FromPath[int],
        foto_id: FromPath[int],
    ) -> File:
        """A photo of the complaint, for the office that answers it."""
        row = await self._row(request, pengaduan_id)
        photos = await rules.photos_of(row["id"])
        return _photo_file(settings, photos, foto_id, f"pengaduan-{row['id']}-{foto_id}")

    async def _row(self, request: HTMXRequest, pengaduan_id: int) -> dict:
        row = await rules.managed(request.user, pengaduan_id)
        if row is None:
            raise NotFoundException("Pengaduan tidak ditemukan.")
        return row
