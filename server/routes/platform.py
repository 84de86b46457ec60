"""What makes Dekat an installable, offline-capable app: the manifest, the service worker, the
fingerprinted static files and the offline page — plus the health check."""

from __future__ import annotations

import json
from functools import cache

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from server.assets import SW_SOURCE, Assets, minify_js
from server.i18n import N_
from server.models.wilayah import Kecamatan
from server.settings import Settings
from server.web import render

THEME_COLOUR = "#0f5132"
IMMUTABLE = "public, max-age=31536000, immutable"


def manifest(assets: NamedDependency[Assets]) -> dict:
    icon = assets.url
    return {
        "id": "/",
        "name": "Dekat — Layanan Adminduk Lombok Timur",
        "short_name": "Dekat",
        "description": "Urus KTP-el, KK, akta dan IKD dari desa Anda. Semua layanan gratis.",
        "lang": "id",
        "dir": "ltr",
        "start_url": "/?sumber=pwa",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": icon("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": icon("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": icon("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@cache
def service_worker_source(
    version: str, precache: tuple[str, ...], assets: tuple[str, ...], outbox: str
) -> str:
    """The hand-written worker with its version, precache list and asset list filled in."""
    return minify_js(
        SW_SOURCE.read_text()
        .replace('"__VERSION__"', json.dumps(version))
        .replace('["__PRECACHE__"]', json.dumps(list(precache)))
        .replace('["__ASSETS__"]', json.dumps(list(assets)))
        .replace('"__OUTBOX__"', json.dumps(outbox))
    )


class PlatformController(Controller):
    """Shell, assets and health: the routes that carry no personal data."""

    @get("/healthz", name="healthz")
    async def health(self, settings: NamedDependency[Settings]) -> dict[str, str]:
        """Answer only when the database does."""
        await Kecamatan.select(Kecamatan.id).first()
        return {"status": "ok", "database": settings.database_kind}

    @get("/manifest.webmanifest", name="manifest", media_type="application/manifest+json")
    async def web_manifest(self, assets: NamedDependency[Assets]) -> Response[dict]:
        """The web app manifest that makes Dekat installable."""
        return Response(manifest(assets), headers={"cache-control": "public, max-age=3600"})

    @get("/sw.js", name="service_worker", media_type="text/javascript")
    async def service_worker(
        self, request: Request, assets: NamedDependency[Assets]
    ) -> Response[str]:
        """The service worker, revalidated on every update check (a 304 while unchanged)."""
        headers = {
            "cache-control": "no-cache",
            "service-worker-allowed": "/",
            "etag": f'"{assets.version}"',
        }
        if request.headers.get("if-none-match") == headers["etag"]:
            return Response("", status_code=304, headers=headers)
        return Response(
            service_worker_source(
                assets.version,
                tuple(assets.shell_urls()),
                tuple(assets.urls.values()),
                assets.url("outbox.js"),
            ),
            headers=headers,
        )

    @get("/static/{name:path}", name="static")
    async def static_file(
        self, request: Request, name: FromPath[str], assets: NamedDependency[Assets]
    ) -> Response[bytes]:
        """A fingerprinted asset, cacheable for a year, gzipped once at start-up."""
        asset = assets.files.get(name.lstrip("/"))
        if asset is None:
            raise NotFoundException(N_("Berkas tidak ditemukan."))
        headers = {"cache-control": IMMUTABLE, "vary": "accept-encoding"}
        body, etag = asset.body, asset.digest
        if asset.gzipped and "gzip" in request.headers.get("accept-encoding", ""):
            body, etag = asset.gzipped, f"{asset.digest}-gz"
            headers["content-encoding"] = "gzip"
        headers["etag"] = f'"{etag}"'
        if request.headers.get("if-none-match") == headers["etag"]:
            return Response(b"", status_code=304, headers=headers)
        return Response(body, media_type=asset.media_type, headers=headers)

    @get("/offline", name="offline")
    async def offline(self, request: HTMXRequest) -> Template:
        """Shown by the service worker when a page is not available offline. It is precached,
        so it is served without a session (see `PUBLIC_PATHS`): nothing personal gets in."""
        return render(request, "offline.html", {"shell": True})

    @get("/antrean", name="antrean")
    async def outbox(self, request: HTMXRequest) -> Template:
        """Submissions waiting on this device to be sent. Precached like the offline page, and
        like it served without a session: the list is read from the device's own outbox."""
        return render(request, "antrean.html", {"shell": True})
