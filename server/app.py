"""The application factory."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from asyncpg.exceptions import DataError as PostgresDataError
from litestar import Litestar, Response
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.logging.config import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.plugins.htmx import HTMXRequest
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from server import cookies, db, forms, idempotency
from server.assets import TEMPLATE_DIR, Assets
from server.csrf import REFUSED as CSRF_REFUSED
from server.csrf import CsrfMiddleware
from server.i18n import N_, Catalogues, translate
from server.idempotency import idempotency_middleware
from server.keys import load_or_create_secret
from server.routes.akun import AkunController
from server.routes.audit import AuditController
from server.routes.beranda import BerandaController
from server.routes.blanko import BlankoController
from server.routes.daftar_desa import DaftarDesaController
from server.routes.dasbor import DasborController
from server.routes.faktor import KeamananController, SecondStepController
from server.routes.ikd import AktivasiController, IkdController, IzinController
from server.routes.jemput_bola import JemputBolaController
from server.routes.keluarga import KeluargaController
from server.routes.lacak import LacakController
from server.routes.lapangan import LapanganController
from server.routes.layanan import LayananController
from server.routes.notifikasi import KlikController, NotifikasiController, PengumumanController
from server.routes.penduduk import PendudukController
from server.routes.pengaduan import KelolaPengaduanController, PengaduanController
from server.routes.perangkat import PerangkatController
from server.routes.permohonan import PermohonanController
from server.routes.platform import PlatformController
from server.routes.proses import ProsesController
from server.routes.rencana import RencanaController
from server.routes.wilayah import WilayahController
from server.security import (
    ASSET_PATHS,
    CLICK_PATH,
    PUBLIC_PATHS,
    SessionAuthMiddleware,
    https_only_middleware,
    security_headers_middleware,
)
from server.services import impor_daftar
from server.services.auth import SESSION_COOKIE
from server.services.delivery import Deliverer
from server.services.ikd_keys import KeyRing
from server.services.startup import prepare_database
from server.services.vapid import VapidKeys
from server.settings import Settings, get_settings
from server.web import (
    ERROR_HEADER,
    OUTBOX_ACCOUNT_HEADER,
    configure_templates,
    redirect,
    render,
)

ROUTES = [
    PlatformController,
    BerandaController,
    AkunController,
    SecondStepController,
    KeamananController,
    KeluargaController,
    PendudukController,
    AuditController,
    WilayahController,
    LayananController,
    PermohonanController,
    ProsesController,
    LacakController,
    IkdController,
    AktivasiController,
    IzinController,
    JemputBolaController,
    RencanaController,
    LapanganController,
    NotifikasiController,
    KlikController,
    PengumumanController,
    DaftarDesaController,
    KelolaPengaduanController,
    PengaduanController,
    BlankoController,
    PerangkatController,
    DasborController,
]

#: Framework messages a person may meet, in their words.
ERROR_MESSAGES = {
    400: N_("Permintaan tidak dapat diproses. Periksa isian Anda lalu coba lagi."),
    403: N_("Anda tidak punya akses ke halaman ini."),
    404: N_("Halaman tidak ditemukan."),
    405: N_("Cara membuka halaman ini tidak didukung."),
    413: N_("Kiriman terlalu besar. Kecilkan foto (maksimal 10 MB per foto) lalu kirim lagi."),
    500: N_("Terjadi kesalahan di server. Coba lagi sebentar lagi."),
}
CSRF_MESSAGE = N_("Formulir sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi.")
SIGNED_OUT_MESSAGE = N_("Sesi Anda sudah berakhir. Masuk lagi untuk mengirim.")


def _wants_json(request: HTMXRequest) -> bool:
    """The outbox and the service worker read answers themselves; a redirect to the sign-in
    page would look to them like success."""
    return OUTBOX_ACCOUNT_HEADER in request.headers or request.headers.get("accept") == (
        "application/json"
    )


#: A number in a path or form too large for the database's integer columns: SQLite refuses it
#: with OverflowError, PostgreSQL (asyncpg) with a DataError. Nothing can exist under it.
OUT_OF_RANGE = (OverflowError, PostgresDataError)


def _error_page(request: HTMXRequest, exc: Exception) -> Response:
    if isinstance(exc, OUT_OF_RANGE):
        exc = HTTPException(status_code=404 if request.method == "GET" else 400)
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    if status == 401 and _wants_json(request):
        message = translate(request, SIGNED_OUT_MESSAGE)
        return Response(
            {"galat": message}, status_code=401, headers={ERROR_HEADER: quote(message, safe=" .")}
        )
    if status == 401:
        target = quote(request.url.path, safe="/")
        session = cookies.read(request.scope, request.cookies, SESSION_COOKIE)
        expired = "&pesan=habis" if session else ""
        return redirect(request, f"/masuk?lanjut={target}{expired}", full_reload=True)
    if detail == CSRF_REFUSED:
        message = CSRF_MESSAGE
    elif status in (403, 404) and detail and detail not in ("Not Found", "Forbidden"):
        message = detail  # our own handlers raise these with a message for the person
    else:
        message = ERROR_MESSAGES.get(status, ERROR_MESSAGES[500])
    if request.url.path == "/healthz":
        return Response({"status": "error"}, status_code=503)
    return render(request, "galat.html", {"status": status, "message": message}, status_code=status)


def push_icons(assets: Assets) -> tuple[str, str]:
    """The notification's icon and its small monochrome badge."""
    return assets.url("icons/icon-192.png"), assets.url("icons/badge-96.png")


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = db.engine_for(settings)
    db.use_engine(engine)
    assets = Assets.scan()
    catalogues = Catalogues(settings.locales_dir)
    ikd_keys = KeyRing(settings.data_dir)
    ikd_keys.create()  # the first signing key, at first run
    vapid = VapidKeys(settings.data_dir)
    vapid.create()  # the push key pair, at first run

    worker: dict = {}

    async def on_startup() -> None:
        db.use_engine(engine)  # this app's engine, also when another app was made since
        await prepare_database(settings)
        await db.start(engine)
        await idempotency.prune()  # first answers kept for retries expire
        # Uploaded lists never confirmed hold NIKs and names: expired ones go at every start,
        # not only at the next upload.
        await asyncio.to_thread(impor_daftar.sweep_uploads, settings.data_dir)
        if settings.push_worker:
            worker["stop"] = asyncio.Event()
            deliverer = Deliverer(vapid, settings.push_subject, *push_icons(assets))
            worker["task"] = asyncio.create_task(deliverer.run(worker["stop"]))

    async def on_shutdown() -> None:
        if worker:
            worker["stop"].set()
            await worker["task"]
        await db.stop(engine)

    return Litestar(
        route_handlers=ROUTES,
        request_class=HTMXRequest,
        type_decoders=forms.TYPE_DECODERS,
        state=State({"catalogues": catalogues}),
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "assets": Provide(lambda: assets, use_cache=True, sync_to_thread=False),
            "ikd_keys": Provide(lambda: ikd_keys, use_cache=True, sync_to_thread=False),
            "vapid": Provide(lambda: vapid, use_cache=True, sync_to_thread=False),
        },
        middleware=[
            https_only_middleware(settings.plain_http),
            security_headers_middleware,
            DefineMiddleware(SessionAuthMiddleware, exclude=PUBLIC_PATHS),
            # After the session (the token is bound to it), before the idempotency layer (a
            # refused token is no answer to keep for a retry).
            DefineMiddleware(
                CsrfMiddleware,
                secret=load_or_create_secret(settings.data_dir, "csrf"),
                exclude=[*ASSET_PATHS, CLICK_PATH],
            ),
            idempotency_middleware,
        ],
        # Pages are compressed per response at a cheap level; assets come pre-compressed.
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=512, gzip_compress_level=6, exclude="^/static/"
        ),
        template_config=TemplateConfig(
            directory=TEMPLATE_DIR,
            engine=JinjaTemplateEngine,
            engine_callback=lambda engine: configure_templates(engine, assets, catalogues),
        ),
        exception_handlers={
            NotAuthorizedException: _error_page,
            HTTPException: _error_page,
            Exception: _error_page,
        },
        openapi_config=None,  # an HTML app: no public API schema pages
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        # Tracebacks of server errors are logged; request bodies and paths are not.
        logging_config=LoggingConfig(log_exceptions="always"),
        debug=False,
    )
