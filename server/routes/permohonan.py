"""Permohonan pages: apply (for oneself, a KK member, or — at the desa counter — a resident),
follow a request's timeline, hand it in again after fixing, print the receipt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

import anyio
from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import File, Template

from server.forms import first, parse_id
from server.i18n import N_, Message, lazy_ngettext
from server.models.accounts import Role
from server.models.kantor import all_kantor, kantor_exists
from server.models.permohonan import documents_of, timeline_of
from server.security import roles
from server.services import audit, blanko, uploads
from server.services import layanan as katalog
from server.services import permohonan as rules
from server.services.permohonan import list_for, readable_request
from server.settings import Settings
from server.web import photo_file, redirect_to, render

Multipart = Body(media_type=RequestEncodingType.MULTI_PART)
#: Several phone photos taken without the in-browser shrinking fit under this.
MAX_UPLOAD = 32 * 1024 * 1024
APPLICANT_ROLES = (Role.warga, Role.operator_desa, Role.petugas_keliling)
READER_ROLES = (*APPLICANT_ROLES, Role.petugas_dinas)
NOT_FOUND = N_("Permohonan tidak ditemukan, atau bukan milik Anda.")


@dataclass
class ApplicationForm:
    """An application as sent. Its questions and photos follow the service chosen from the
    catalogue, so the form is read from what was parsed (`read`) rather than declared field
    by field for Litestar to fill."""

    layanan: str = ""
    untuk: str = ""
    kantor: str = ""
    catatan: str = ""
    daftar: str = ""  # the desa list row it was started from (services/daftar_desa.py)
    ajukan: str = ""  # "1": hand it in at once, after the app's own review on the device
    typed: dict[str, str] = field(default_factory=dict)  # every text field, as typed
    files: dict[str, UploadFile] = field(default_factory=dict)

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ApplicationForm:
        sent = {name: first(value) for name, value in data.items()}
        typed = {name: value for name, value in sent.items() if isinstance(value, str)}
        files = {name: value for name, value in sent.items() if isinstance(value, UploadFile)}
        named = ("layanan", "untuk", "kantor", "catatan", "daftar", "ajukan")
        return cls(**{name: typed.get(name, "") for name in named}, typed=typed, files=files)


async def _photos(
    layanan_item: katalog.Layanan,
    files: dict[str, UploadFile],
    settings: Settings,
    *,
    all_required: bool,
) -> tuple[list, dict]:
    """Check and store the photographed documents: ([(jenis, stored name, photo)], errors)."""
    documents, errors = [], {}
    for doc in layanan_item.dokumen:
        upload = files.get(f"dokumen_{doc.key}")
        data = await upload.read() if upload is not None else b""
        if not data:
            if doc.required and all_required:
                errors[f"dokumen_{doc.key}"] = Message(
                    "Foto %(label)s wajib.", {"label": Message(doc.label)}
                )
            continue
        try:
            photo = await anyio.to_thread.run_sync(uploads.process_photo, data)
        except uploads.UploadError as error:
            errors[f"dokumen_{doc.key}"] = error.message
            continue
        documents.append((doc.key, photo))
    if errors:
        return [], errors
    stored = [
        (jenis, await anyio.to_thread.run_sync(uploads.store, settings.data_dir, photo), photo)
        for jenis, photo in documents
    ]
    return stored, {}


class PermohonanController(Controller):
    """Requests as their applicants and desa officers see them."""

    path = "/permohonan"

    @get("/", name="permohonan", guards=[roles(*APPLICANT_ROLES)])
    async def index(self, request: HTMXRequest) -> Template:
        """My requests (a citizen: the whole KK's; a desa officer: the desa's open ones)."""
        rows = await list_for(request.user)
        return render(request, "permohonan/index.html", {"rows": rows}, keep_offline=True)

    @get("/baru", name="permohonan_baru", guards=[roles(*APPLICANT_ROLES)])
    async def new(
        self,
        request: HTMXRequest,
        layanan: FromQuery[str | None] = None,
        untuk: FromQuery[int | None] = None,
        daftar: FromQuery[str] = "",
    ) -> Template:
        """The application form for one service, prefilled from the registry; `daftar` names
        the desa list row it was started from (services/daftar_desa.py)."""
        values = {"daftar": str(parse_id(daftar) or "")}
        return await self._form(request, layanan, untuk, values, {})

    async def _form(self, request, layanan_kode, untuk, values, errors, status_code=200):
        user = request.user
        item = katalog.get(layanan_kode or "")
        people = await rules.applicable_people(user)
        chosen = None
        if untuk is not None:
            chosen = await rules.may_apply_for(user, untuk)
        elif user.role == Role.warga and people:
            chosen = next((p for p in people if p["id"] == user.penduduk_id), people[0])
        context = {
            "layanan": item,
            "catalogue": katalog.CATALOGUE,
            "people": people,
            "chosen": chosen,
            "not_eligible": item.not_eligible(chosen) if item and chosen else None,
            "kantor": await all_kantor(),
            "default_kantor": await rules.default_kantor(chosen) if chosen else None,
            "values": values,
            "errors": errors,
        }
        return render(request, "permohonan/baru.html", context, status_code=status_code)

    @post(
        "/",
        name="permohonan_kirim",
        guards=[roles(*APPLICANT_ROLES)],
        request_max_body_size=MAX_UPLOAD,
    )
    async def create(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        data: Annotated[dict[str, Any], Multipart],
    ) -> Response:
        """Check everything, store the photos, write the request. `ajukan=1` (sent by the
        app after its on-device review) hands it in at once; without it a draft is kept for the
        review page."""
        user, form = request.user, ApplicationForm.read(data)
        item = katalog.get(form.layanan)
        untuk = parse_id(form.untuk)
        person = await rules.may_apply_for(user, untuk) if untuk else None
        errors: dict[str, Any] = {}
        if item is None:
            errors["layanan"] = N_("Pilih layanan dari daftar.")
        if person is None:
            errors["untuk"] = (
                N_("Anda hanya bisa mengajukan untuk diri sendiri atau anggota KK Anda.")
                if user.role == Role.warga
                else N_("Penduduk ini di luar wilayah tugas Anda.")
            )
        if errors:
            return await self._form(
                request, item.kode if item else None, None, form.typed, errors, 422
            )
        reason = item.not_eligible(person)
        if reason:
            errors["untuk"] = reason
        answers, answer_errors = rules.check_answers(item, form.typed)
        errors.update(answer_errors)
        note = form.catatan.strip()
        if len(note) > rules.MAX_NOTE:
            errors["catatan"] = lazy_ngettext(
                "Catatan maksimal %(num)s karakter.",
                "Catatan maksimal %(num)s karakter.",
                rules.MAX_NOTE,
            )
        kantor_id = parse_id(form.kantor)
        if kantor_id is None or not await kantor_exists(kantor_id):
            errors["kantor"] = N_("Pilih kantor tempat mengurus dan mengambil dokumen.")
        documents, doc_errors = (
            ([], {}) if errors else await _photos(item, form.files, settings, all_required=True)
        )
        errors.update(doc_errors)
        if errors:
            return await self._form(request, item.kode, person["id"], form.typed, errors, 422)
        draft = rules.Draft(
            layanan=item,
            pemohon=person,
            kantor_id=kantor_id,
            kanal=rules.kanal_for(user),
            isian=answers,
            catatan=note,
            documents=documents,
            daftar=parse_id(form.daftar),
        )
        row = await rules.create(user, draft, submit=form.ajukan == "1")
        return redirect_to(request, "permohonan_detail", kode=row["kode"])

    @get("/{kode:str}", name="permohonan_detail", guards=[roles(*READER_ROLES)])
    async def detail(self, request: HTMXRequest, kode: FromPath[str]) -> Template:
        """A request, its documents and its timeline of every status change."""
        row = await self._readable(request, kode)
        context = {
            "row": row,
            "layanan": katalog.get(row["layanan"]),
            "timeline": await timeline_of(row["id"]),
            "documents": await documents_of(row["id"]),
            "cetak": await blanko.print_place(row),
        }
        return render(request, "permohonan/detail.html", context, keep_offline=True)

    @post(
        "/{kode:str}/ajukan",
        name="permohonan_ajukan",
        guards=[roles(*APPLICANT_ROLES)],
        request_max_body_size=MAX_UPLOAD,
    )
    async def submit(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        kode: FromPath[str],
        data: Annotated[dict[str, Any], Multipart],
    ) -> Response:
        """Hand in a draft, or hand in again after fixing (with new photos if needed)."""
        row = await self._readable(request, kode)
        item = katalog.get(row["layanan"])
        files = ApplicationForm.read(data).files
        documents, errors = await _photos(item, files, settings, all_required=False)
        try:
            if errors:
                raise rules.RequestError(next(iter(errors.values())))
            await rules.submit(request.user, row, documents)
        except rules.RequestError as error:
            context = {
                "row": row,
                "layanan": item,
                "error": error.message,
                "timeline": await timeline_of(row["id"]),
                "documents": await documents_of(row["id"]),
            }
            return render(request, "permohonan/detail.html", context, status_code=422)
        return redirect_to(request, "permohonan_detail", kode=row["kode"])

    @get("/{kode:str}/tanda-terima", name="permohonan_tanda_terima", guards=[roles(*READER_ROLES)])
    async def receipt(self, request: HTMXRequest, kode: FromPath[str]) -> Template:
        """A receipt slip to print for a resident who applied at the desa counter."""
        row = await self._readable(request, kode)
        return render(
            request,
            "permohonan/tanda_terima.html",
            {"row": row, "layanan": katalog.get(row["layanan"])},
        )

    @get(
        "/{kode:str}/dokumen/{dokumen_id:int}",
        name="permohonan_dokumen",
        guards=[roles(*READER_ROLES)],
    )
    async def document(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        kode: FromPath[str],
        dokumen_id: FromPath[int],
    ) -> File:
        """One photographed document, only to those who may read the request."""
        row = await self._readable(request, kode)
        doc = next((d for d in await documents_of(row["id"]) if d["id"] == dokumen_id), None)
        if doc is None:
            raise NotFoundException(N_("Dokumen tidak ditemukan."))
        return photo_file(settings.data_dir, doc["berkas"], f"{row['kode']}-{doc['jenis']}")

    async def _readable(self, request: HTMXRequest, kode: str) -> dict:
        row = await readable_request(request.user, rules.normalise_code(kode) or kode)
        if row is None:
            raise NotFoundException(NOT_FOUND)
        await audit.record_reads(request.user, [row["pemohon"]])
        return row
