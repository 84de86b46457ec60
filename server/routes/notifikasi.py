"""Notification settings (`/notifikasi`): why and what, the topics, turning push on or off for
this device; and the two endpoints the page's script and the service worker call."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.forms import NO_CHOICES, Choices, parse_id
from server.i18n import N_
from server.models.accounts import Role
from server.models.notifikasi import Topik
from server.models.wilayah import all_kecamatan
from server.security import login_required, roles
from server.services import notify, push
from server.services.push import SubscriptionError
from server.services.vapid import VapidKeys
from server.settings import Settings
from server.web import ERROR_HEADER, error_header, redirect_to, render

TOPIC_LABELS = {
    Topik.permohonan: N_("Status permohonan saya"),
    Topik.kunjungan: N_("Jemput bola di desa saya dan pemesanan saya"),
    Topik.blanko: N_("Stok blanko KTP-el di kantor saya"),
    Topik.pengumuman: N_("Pengumuman Dukcapil"),
}
MAX_BODY = 8 * 1024
Form = Body(media_type=RequestEncodingType.URL_ENCODED)


@dataclass
class TopicsForm:
    topik: Choices = NO_CHOICES


class NotifikasiController(Controller):
    path = "/notifikasi"

    @get("/", name="notifikasi", guards=[login_required])
    async def settings_page(self, request: HTMXRequest) -> Template:
        """What notifications are for, the topics, and the button that asks the browser."""
        context = {
            "topics": TOPIC_LABELS,
            "chosen": await push.topics_of(request.user),
            "devices": await push.devices(request.user),
        }
        return render(request, "notifikasi/index.html", context)

    @get(
        "/statistik",
        name="notifikasi_statistik",
        guards=[roles(Role.petugas_dinas, Role.pengawas)],
    )
    async def statistics(self, request: HTMXRequest) -> Template:
        """Delivered and clicked, per topic, for the office."""
        context = {"counts": await push.delivery_counts(), "topics": TOPIC_LABELS}
        return render(request, "notifikasi/statistik.html", context)

    @get("/vapid-public-key", name="vapid_public_key", media_type="text/plain")
    async def public_key(self, vapid: NamedDependency[VapidKeys]) -> str:
        """The `applicationServerKey` for `pushManager.subscribe` (base64url)."""
        return vapid.public_key

    @post("/langganan", name="notifikasi_langganan", guards=[login_required])
    async def subscribe(
        self,
        request: HTMXRequest,
        settings: NamedDependency[Settings],
        topik: FromQuery[list[str] | None] = None,
    ) -> Response:
        """Register this device: the body is the browser's `PushSubscription.toJSON()`."""
        raw = await request.body()
        try:
            if len(raw) > MAX_BODY:
                raise SubscriptionError(push.NOT_A_SUBSCRIPTION)
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                raise SubscriptionError(push.NOT_A_SUBSCRIPTION) from None
            saved = await push.subscribe(
                request.user, body, settings.push_allowed_hosts, topik or None
            )
        except SubscriptionError as error:
            return _refused(request, error)
        return Response({"topik": saved["topik"]}, status_code=201)

    @post("/langganan/hapus", name="notifikasi_berhenti", guards=[login_required])
    async def unsubscribe(self, request: HTMXRequest) -> Response:
        """Stop notifications on this device (the page unsubscribes in the browser too)."""
        raw = await request.body()
        try:
            endpoint = json.loads(raw or b"null").get("endpoint", "")
        except (ValueError, AttributeError):
            endpoint = ""
        removed = await push.unsubscribe(
            request.user, endpoint if isinstance(endpoint, str) else ""
        )
        return Response({"dihapus": removed}, status_code=200)

    @post("/topik", name="notifikasi_topik", guards=[login_required])
    async def topics(self, request: HTMXRequest, data: Annotated[TopicsForm, Form]) -> Response:
        """Choose what to be told about (on every device of this account)."""
        try:
            await push.set_topics(request.user, list(data.topik))
        except SubscriptionError as error:
            context = {
                "topics": TOPIC_LABELS,
                "chosen": await push.topics_of(request.user),
                "devices": await push.devices(request.user),
                "error": error.message,
            }
            return render(request, "notifikasi/index.html", context, status_code=422)
        return redirect_to(request, "notifikasi", {"tersimpan": 1})


@dataclass
class AnnouncementForm:
    judul: str = ""
    isi: str = ""
    tautan: str = ""
    wilayah: str = ""  # a kecamatan's code; empty for the whole regency


async def _announcement_page(
    request: HTMXRequest, form: AnnouncementForm, errors: dict, status_code: int = 200
) -> Template:
    user = request.user
    areas = await all_kecamatan()
    if user.kecamatan_id:
        areas = [area for area in areas if area["id"] == user.kecamatan_id]
    context = {
        "form": form,
        "errors": errors,
        "areas": areas,
        "regency": not user.kecamatan_id,
        "recent": await notify.recent_announcements(),
        "sent": await notify.announcement_by_id(parse_id(request.query_params.get("terkirim"))),
    }
    return render(request, "notifikasi/pengumuman.html", context, status_code=status_code)


class PengumumanController(Controller):
    """Announcements from the office, pushed to those who chose the topic."""

    path = "/notifikasi/pengumuman"
    guards = [roles(Role.petugas_dinas)]

    @get("/", name="notifikasi_pengumuman")
    async def form(self, request: HTMXRequest) -> Template:
        """Write an announcement for the regency (UPT staff: their kecamatan), and the last
        ones sent."""
        return await _announcement_page(request, AnnouncementForm(), {})

    @post("/", name="notifikasi_pengumuman_kirim")
    async def send(
        self,
        request: HTMXRequest,
        data: Annotated[AnnouncementForm, Form],
    ) -> Response:
        """Queue it for every device whose owner chose announcements, in the area chosen."""
        message, errors = notify.check_announcement(data.judul, data.isi, data.tautan)
        kecamatan_id, area_errors = await notify.announcement_area(request.user, data.wilayah)
        errors.update(area_errors)
        if errors:
            return await _announcement_page(request, data, errors, 422)
        sent = await notify.send_announcement(request.user, message, kecamatan_id)
        return redirect_to(request, "notifikasi_pengumuman", {"terkirim": sent})


class KlikController(Controller):
    """Counting clicks: the service worker reports a notification opened (no form token: the
    code itself, unguessable, is the only thing it can change)."""

    path = "/notifikasi/diklik"

    @post("/{kode:str}", name="notifikasi_diklik", status_code=204)
    async def clicked(self, kode: FromPath[str]) -> None:
        await push.count_click(kode)


def _refused(request: HTMXRequest, error: SubscriptionError) -> Response:
    return Response(
        {"galat": str(error.message)},
        status_code=error.status_code,
        headers={ERROR_HEADER: error_header(request, {"message": error.message})},
    )
