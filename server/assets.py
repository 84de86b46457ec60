"""Static assets under fingerprinted names, so browsers may keep them for a year.

`/static/app.css` is published as `/static/app.3f9a1c2b7d.css`; a changed file gets a new name,
and the service worker's version (a hash over the shell) changes with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
SW_SOURCE = WEB_DIR / "sw" / "sw.js"
TEMPLATE_DIR = WEB_DIR / "templates"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


@dataclass(frozen=True)
class Assets:
    urls: dict[str, str]  # "app.css" -> "/static/app.<hash>.css"
    files: dict[str, Path]  # "app.<hash>.css" -> its file
    version: str  # changes whenever the offline shell changes

    @classmethod
    def scan(cls, static_dir: Path = STATIC_DIR) -> Assets:
        urls: dict[str, str] = {}
        files: dict[str, Path] = {}
        shell = hashlib.sha256()
        for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(static_dir)
            data = path.read_bytes()
            digest = _digest(data)
            fingerprinted = relative.with_name(f"{path.stem}.{digest}{path.suffix}").as_posix()
            urls[relative.as_posix()] = f"/static/{fingerprinted}"
            files[fingerprinted] = path
            shell.update(digest.encode())
        # The worker and the offline page are part of the shell too.
        shell.update(SW_SOURCE.read_bytes())
        for template in ("layout.html", "offline.html"):
            shell.update((TEMPLATE_DIR / template).read_bytes())
        return cls(urls=urls, files=files, version=shell.hexdigest()[:12])

    def url(self, name: str) -> str:
        return self.urls[name]

    def shell_urls(self) -> list[str]:
        """What the service worker precaches: every asset except the large icons, plus the
        offline page (icons at 512 px are only needed at install time)."""
        return ["/offline"] + [
            url for name, url in self.urls.items() if not name.endswith(("-512.png", ".txt"))
        ]
