"""Pengaduan pages: anyone files a complaint (signed in or not, with or without a name) and
follows it with its code; oversight and the Dinas answer it from `/pengaduan/kelola`.

The code opens the complaint, so it never goes into an address a browser keeps: on a desa's
shared tablet, history would hand the complaint to the next person. A complaint's page is only
ever the answer to a POST to a code-free path with the code in the body (filing, looking up,
adding to it), it is not stored, and htmx is told not to push an address for it. Its photos
have addresses of their own that expire and name the photo, never the code."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
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
from litestar.utils.scope.state import ScopeState

from server import forms
from server.i18n import N_
from server.keys import load_or_create_secret
from server.models.accounts import Role
from server.models.kantor import all_kantor
from server.models.pengaduan import JenisPengaduan, StatusPengaduan
from server.models.wilayah import desa_by_kecamatan
from server.security import roles
from server.services import auth, uploads
from server.services import pengaduan as rules
from server.settings import Settings
from server.web import photo_file, redirect_to, render

Multipart = Body(media_type=RequestEncodingType.MULTI_PART)
UrlEncoded = Body(media_type=RequestEncodingType.URL_ENCODED)
#: Three phone photos sent without the in-browser shrinking fit under this.
MAX_UPLOAD = 32 * 1024 * 1024
PHOTO_FIELDS = tuple(f"foto_{n}" for n in range(1, rules.MAX_PHOTOS + 1))
NOT_FOUND = N_("Pengaduan tidak ditemukan. Periksa kode pengaduan Anda.")
NO_STORE = {"cache-control": "no-store"}
#: On every page that shows a complaint: kept by no cache, and htmx leaves the address as it is
#: (the code-free path the form was posted to) instead of pushing one into history.
COMPLAINT_PAGE_HEADERS = {**NO_STORE, "hx-push-url": "false"}
#: How long a photo's address opens it: long enough to load the page's thumbnails and open one
#: of them, short enough that the address a shared tablet's history keeps soon opens nothing.
PHOTO_LINK_SECONDS = 15 * 60


@dataclass
class CodeForm:
    kode: str = ""


@dataclass
class FollowUpForm:
    kode: str = ""
    isi: str = ""


@dataclass
class ReplyForm:
    isi: str = ""
    status: str = StatusPengaduan.ditanggapi.value


@dataclass
class ComplaintForm:
    """A complaint as typed, with up to `rules.MAX_PHOTOS` photos."""

    jenis: forms.Text = forms.EMPTY
    isi: forms.Text = forms.EMPTY
    kantor: forms.Text = forms.EMPTY
    desa: forms.Text = forms.EMPTY
    kontak: forms.Text = forms.EMPTY
    kunci: forms.Text = forms.EMPTY  # the form's own key: the same form sent twice files once
    anonim: forms.Text = forms.EMPTY
    foto_1: UploadFile | None = None
    foto_2: UploadFile | None = None
    foto_3: UploadFile | None = None

    def values(self) -> dict[str, str]:
        """The text, for the checks and to show again; without a choice, it goes anonymously."""
        names = ("jenis", "isi", "kantor", "desa", "kontak", "kunci")
        return {**{name: getattr(self, name) for name in names}, "anonim": self.anonim or "1"}

    def photos(self) -> dict[str, UploadFile | None]:
        return {name: getattr(self, name) for name in PHOTO_FIELDS}


@lru_cache(maxsize=4)
def _photo_key(data_dir: Path) -> bytes:
    return load_or_create_secret(data_dir, "pengaduan-foto").encode()


def _signature(settings: Settings, message: str) -> bytes:
    digest = hmac.new(_photo_key(settings.data_dir), message.encode(), hashlib.sha256)
    return digest.hexdigest()[:32].encode()


def photo_token(settings: Settings, foto_id: int, now: float | None = None) -> str:
    """The complainant's address for a photo: its id and expiry, signed."""
    message = f"{foto_id}.{int((now or time.time()) + PHOTO_LINK_SECONDS)}"
    return f"{message}.{_signature(settings, message).decode()}"


def photo_of_token(settings: Settings, token: str, now: float | None = None) -> int | None:
    """The photo id a token names, while the token is unaltered and unexpired."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    foto_id, expires, signature = parts
    if not hmac.compare_digest(signature.encode(), _signature(settings, f"{foto_id}.{expires}")):
        return None
    if not expires.isdecimal() or int(expires) < (now or time.time()):
        return None
    return forms.parse_id(foto_id)


def _browser_mark(request: HTMXRequest) -> str:
    """Who filed, as far as a replay needs to know: the SHA-256 of this browser's form token
    (bound to its session, or to its own cookie before signing in; server/csrf.py)."""
    token = ScopeState.from_scope(request.scope).csrf_token
    return hashlib.sha256(token.encode()).hexdigest() if isinstance(token, str) else ""


async def _digests(sent: dict[str, UploadFile | None]) -> list[str]:
    """SHA-256 of each photo as sent, for the content's fingerprint."""
    digests = []
    for upload in sent.values():
        data = await upload.read() if upload is not None else b""
        if upload is not None:
            await upload.seek(0)  # read again when stored
        if data:
            digests.append(hashlib.sha256(data).hexdigest())
    return digests


async def _photos(sent: dict[str, UploadFile | None], settings: Settings) -> tuple[list, dict]:
    """Check every photo first, store them only when all pass: ([(name, photo)], errors)."""
    photos, errors = [], {}
    for name, upload in sent.items():
        data = await upload.read() if upload is not None else b""
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


def _photo_file(settings: Settings, photo: dict | None, name: str) -> File:
    if photo is None:
        raise NotFoundException(N_("Foto tidak ditemukan."))
    return photo_file(settings.data_dir, photo["berkas"], name)


async def _places() -> dict[str, Any]:
    """The offices and desa (by kecamatan) a complaint may name."""
    return {"kantor": await all_kantor(), "desa_by_kecamatan": await desa_by_kecamatan()}


def _lookup_form(request: HTMXRequest, kode: str = "", error=None, status_code=200) -> Template:
    page = render(
        request,
        "pengaduan/lacak.html",
        {"form": CodeForm(kode=kode), "error": error},
        status_code=status_code,
    )
    page.headers.update(NO_STORE)  # it may hold a code as typed
    return page


async def _find(request: HTMXRequest, kode: str) -> dict | Template:
    """The complaint behind a code typed any which way, or the lookup form saying why not. A
    wrong code counts towards the address's limit for codes, apart from the one for logins."""
    address = request.client.host
    minutes = await auth.address_lockout(address, auth.COMPLAINT_CODE_FAILURES)
    if minutes is not None:
        return _lookup_form(request, kode, auth.throttled_message(minutes), 429)
    row = await rules.by_code(rules.normalise_code(kode))
    if row is None:
        await auth.record_address_failure(address, auth.COMPLAINT_CODE_FAILURES)
        return _lookup_form(request, kode, NOT_FOUND, 422)
    return row


async def _complaint_page(
    request: HTMXRequest,
    settings: Settings,
    row: dict,
    *,
    sent: bool = False,
    added: bool = False,
    error=None,
    status_code: int = 200,
) -> Template:
    """Status, answers and photos for whoever holds the code; never who sent it."""
    photos = await rules.photos_of(row["id"])
    context = {
        "row": row,
        "sent": sent,
        "added": added,
        "overdue": rules.is_overdue(row),
        "photo_urls": [
            request.app.route_reverse("pengaduan_foto", token=photo_token(settings, p["id"]))
            for p in photos
        ],
        "replies": await rules.replies_of(row["id"]),
        "max_balasan": rules.MAX_BALASAN,
        "error": error,
    }
    page = render(request, "pengaduan/detail.html", context, status_code=status_code)
    page.headers.update(COMPLAINT_PAGE_HEADERS)
    return page


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
            # Kept through a refused attempt: nothing was filed under it yet.
            "form_key": kunci
            if rules.FORM_KEY.fullmatch(kunci := values.get("kunci") or "")
            else rules.new_form_key(),
        }
        return render(request, "pengaduan/index.html", context, status_code=status_code)

    @post("/", name="pengaduan_kirim", request_max_body_size=MAX_UPLOAD)
    async def create(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[ComplaintForm, Multipart],
    ) -> Response:
        """Check everything, then store the photos and the complaint; bad input keeps
        nothing. The answer is the complaint and its code itself, not a redirect to it. The
        form's key shows that complaint again only for the same content from the same browser,
        for a short while (`rules.filed_earlier`); any other use of it files nothing."""
        values = data.values()
        complaint, errors = await rules.check(values, signed_in=request.user is not None)
        try:
            if complaint is not None:
                complaint.sidik = rules.content_digest(complaint, await _digests(data.photos()))
                complaint.pemilik = _browser_mark(request)
                if filed := await rules.filed_earlier(complaint):
                    return await self._sent(request, settings, filed)
                complaint.photos, errors = await _photos(data.photos(), settings)
            if errors:
                return await self._form(request, values, errors, 422)
            row = await rules.create(request.user, complaint)
        except rules.ComplaintError as error:
            # The key is spent: the form comes back with a new one and what was typed.
            values.pop("kunci", None)
            return await self._form(request, values, {"kunci": error.message}, 422)
        return await self._sent(request, settings, row)

    async def _sent(self, request: HTMXRequest, settings: Settings, row: dict) -> Template:
        return await _complaint_page(request, settings, await rules.by_code(row["kode"]), sent=True)

    @get("/lacak", name="pengaduan_lacak")
    async def track_form(self, request: HTMXRequest) -> Template:
        """Where a complainant types their code."""
        return _lookup_form(request)

    @post("/lacak", name="pengaduan_lacak_cari")
    async def track(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[CodeForm, UrlEncoded],
    ) -> Template:
        """The complaint for the code typed."""
        found = await _find(request, data.kode)
        if isinstance(found, Template):
            return found
        return await _complaint_page(request, settings, found)

    @post("/lacak/tambah", name="pengaduan_tanggapan")
    async def follow_up(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[FollowUpForm, UrlEncoded],
    ) -> Template:
        """The complainant adds to what they said (the code comes with it, in the body)."""
        found = await _find(request, data.kode)
        if isinstance(found, Template):
            return found
        try:
            await rules.follow_up(found, data.isi)
        except rules.ComplaintError as error:
            return await _complaint_page(
                request, settings, found, error=error.message, status_code=422
            )
        row = await rules.by_code(found["kode"])
        return await _complaint_page(request, settings, row, added=True)

    @get("/foto/{token:str}", name="pengaduan_foto")
    async def photo(self, settings: NamedDependency[Settings], token: FromPath[str]) -> File:
        """A photo of a complaint, at the expiring address its page gave."""
        foto_id = photo_of_token(settings, token)
        photo = await rules.photo(foto_id) if foto_id is not None else None
        return _photo_file(settings, photo, f"pengaduan-foto-{foto_id}")


def regency_only(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """UPT staff may be the ones complained about: complaints go above them."""
    if not rules.may_manage(connection.user):
        raise PermissionDeniedException(
            N_("Pengaduan ditangani Dinas kabupaten dan pengawas, tidak oleh UPT.")
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
            "late": rules.LATE,
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
            "may_set_status": rules.may_set_status(request.user, row),
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
        return redirect_to(request, "pengaduan_kelola_detail", pengaduan_id=row["id"])

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
        photo = next((p for p in await rules.photos_of(row["id"]) if p["id"] == foto_id), None)
        return _photo_file(settings, photo, f"pengaduan-{row['id']}-{foto_id}")

    async def _row(self, request: HTMXRequest, pengaduan_id: int) -> dict:
        row = await rules.managed(request.user, pengaduan_id)
        if row is None:
            raise NotFoundException(N_("Pengaduan tidak ditemukan."))
        return row
