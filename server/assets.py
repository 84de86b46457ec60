"""Static assets under fingerprinted names, so browsers may keep them for a year.

`/static/app.css` is published as `/static/app.3f9a1c2b7d.css`; a changed file gets a new name,
and the service worker's version (a hash over the shell) changes with it.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import rjsmin

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
SW_SOURCE = WEB_DIR / "sw" / "sw.js"
TEMPLATE_DIR = WEB_DIR / "templates"


#: Pages precached with the shell: they must open without signal and carry nothing personal
#: (the outbox list is filled in on the device, from the device's own store).
SHELL_PAGES = ("/offline", "/antrean", "/verifikasi")
#: Scripts only some pages load (signed-in pages, the scanner, the verifier). A first visit
#: does not download them for the worker's precache; the worker keeps each when a page first
#: loads it, and carries it over to the next version while its content is unchanged.
NOT_PRECACHED = (
    "antrean.js",
    "photo.js",
    "scan.js",
    "ikd-verify.js",
    "lapangan.js",
    "notifikasi.js",
    "vendor/jsQR-1.4.0.js",
)

#: Compressing these again gains nothing (PNG is compressed already).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


def minify_js(source: str) -> str:
    """Our scripts are written to be read, with comments; phones get them without."""
    return rjsmin.jsmin(source)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


@dataclass(frozen=True)
class StaticFile:
    """A file held in memory with its gzip form, compressed once at start-up."""

    body: bytes
    gzipped: bytes | None
    media_type: str
    digest: str

    @classmethod
    def read(cls, path: Path, digest: str) -> StaticFile:
        body = path.read_bytes()
        if path.suffix == ".js" and not path.name.endswith(".min.js"):
            body = minify_js(body.decode()).encode()
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        gzipped = None
        if media_type.startswith(COMPRESSIBLE) and len(body) > 512:
            gzipped = gzip.compress(body, compresslevel=9, mtime=0)
        return cls(body, gzipped, media_type, digest)


@dataclass(frozen=True)
class Assets:
    urls: dict[str, str]  # "app.css" -> "/static/app.<hash>.css"
    files: dict[str, StaticFile]  # "app.<hash>.css" -> its content
    version: str  # changes whenever the offline shell changes

    @classmethod
    def scan(cls, static_dir: Path = STATIC_DIR) -> Assets:
        urls: dict[str, str] = {}
        files: dict[str, StaticFile] = {}
        shell = hashlib.sha256()
        for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(static_dir)
            data = path.read_bytes()
            digest = _digest(data)
            fingerprinted = relative.with_name(f"{path.stem}.{digest}{path.suffix}").as_posix()
            urls[relative.as_posix()] = f"/static/{fingerprinted}"
            files[fingerprinted] = StaticFile.read(path, digest)
            shell.update(digest.encode())
        # The worker and the offline page are part of the shell too.
        shell.update(SW_SOURCE.read_bytes())
        for template in ("layout.html", "offline.html", "antrean.html", "verifikasi/index.html"):
            shell.update((TEMPLATE_DIR / template).read_bytes())
        return cls(urls=urls, files=files, version=shell.hexdigest()[:12])

    def url(self, name: str) -> str:
        return self.urls[name]

    def shell_urls(self) -> list[str]:
        """What the service worker precaches: the shell pages and every asset except the large
        icons (only needed at install time) and the scripts of signed-in pages."""
        return [*SHELL_PAGES] + [
            url
            for name, url in self.urls.items()
            if not name.endswith(("-512.png", ".txt")) and name not in NOT_PRECACHED
        ]
