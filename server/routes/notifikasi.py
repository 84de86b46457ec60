"""Notification settings (`/notifikasi`): why and what, the topics, turning push on or off for
this device; and the two endpoints the page's script and the service worker call."""

from __future__ import annotations

import json

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.i18n import language
from server.models.accounts import Role
from server.models.notifikasi import Topik
from server.security import login_required, roles
from server.services import push
from server.services.push import SubscriptionError
from server.services.vapid import VapidKeys
from server.settings import Settings
from server.web import ERROR_HEADER, error_header, redirect, render

TOPIC_LABELS = {
    Topik.permohonan: "Status permohonan saya",
    Topik.kunjungan: "Jemput bola di desa saya dan pemesanan saya",
    Topik.blanko: "Stok blanko KTP-el di kantor saya",
    Topik.pengumuman: "Pengumuman Dukcapil",
}
MAX_BODY = 8 * 1024


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
    async def topics(self, request: HTMXRequest) -> Response:
        """Choose what to be told about (on every device of this account)."""
        form = await request.form()
        try:
            await push.set_topics(request.user, form.getall("topik", []))
        except SubscriptionError as error:
            context = {
                "topics": TOPIC_LABELS,
                "chosen": await push.topics_of(request.user),
                "devices": await push.devices(request.user),
                "error": error.message,
            }
            return render(request, "notifikasi/index.html", context, status_code=422)
        return redirect(request, "/notifikasi?tersimpan=1")


class KlikController(Controller):
    """Counting clicks: the service worker reports a notification opened (no form token: the
    code itself, unguessable, is the only thing it can change)."""

    path = "/notifikasi/diklik"

    @post("/{kode:str}", name="notifikasi_diklik", status_code=204)
    async def clicked(self, kode: FromPath[str]) -> None:
        await push.count_click(kode)


def _refused(request: HTMXRequest, error: SubscriptionError) -> Response:
    lang = language(request)
    return Response(
        {"galat": str(error.message)},
        status_code=error.status_code,
        headers={ERROR_HEADER: error_header(lang, {"message": error.message})},
    )
