"""The installable shell: health, manifest, service worker, static files, offline page, and
the security headers every response carries."""

from __future__ import annotations

import json
import re
import stat

import pytest

from server.keys import load_or_create_secret
from server.security import CONTENT_SECURITY_POLICY
from server.services.ikd_keys import KeyRing
from server.services.vapid import VapidKeys
from server.settings import get_settings
from tests.helpers import login

pytestmark = pytest.mark.anyio


async def test_healthz_names_the_database(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": get_settings().database_kind}


async def test_manifest_makes_the_app_installable(client):
    response = await client.get("/manifest.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["lang"] == "id"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = await client.get(icon["src"])
        assert image.status_code == 200
        assert image.content[:8] == b"\x89PNG\r\n\x1a\n"


async def test_service_worker_is_served_at_the_root_with_its_version_filled_in(client):
    response = await client.get("/sw.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["service-worker-allowed"] == "/"
    assert "__VERSION__" not in response.text and "__PRECACHE__" not in response.text
    precache = json.loads(re.search(r"const PRECACHE ?= ?(\[.*?\]);", response.text).group(1))
    assert {"/offline", "/antrean"} <= set(precache)
    # The outbox code the worker shares with the pages, under its fingerprinted name.
    outbox = re.search(r'importScripts\("(/static/outbox\.[0-9a-f]{10}\.js)"\)', response.text)
    assert outbox and outbox.group(1) in precache
    # Everything precached exists, or the worker would fail to install.
    for url in precache:
        assert (await client.get(url)).status_code == 200, url


async def test_static_files_have_fingerprinted_names_and_long_lifetimes(client):
    home = await client.get("/")
    css = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', home.text).group(1)
    response = await client.get(css)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-type"].startswith("text/css")
    assert "set-cookie" not in response.headers
    assert (await client.get("/static/app.css")).status_code == 404
    assert (await client.get("/static/../server/app.py")).status_code == 404


async def test_static_files_are_compressed(client):
    home = await client.get("/")
    htmx = re.search(r'src="(/static/vendor/htmx-[^"]+\.js)"', home.text).group(1)
    response = await client.get(htmx, headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "javascript" in response.headers["content-type"]


@pytest.mark.parametrize(
    ("path", "heading"), [("/offline", "Tidak ada sinyal"), ("/antrean", "Antrean kiriman")]
)
async def test_shell_pages_are_never_personal(client, registry, path, heading):
    await login(client, registry["accounts"]["warga"])
    response = await client.get(path)
    assert response.status_code == 200
    assert heading in response.text
    assert "Siti Aminah" not in response.text
    assert "Keluar" not in response.text
    assert "data-akun" not in response.text


async def test_every_page_carries_the_security_headers(client):
    response = await client.get("/masuk")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["referrer-policy"] == "same-origin"
    assert "camera=(self)" in response.headers["permissions-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_no_inline_script_in_any_page(client, registry):
    await login(client, registry["accounts"]["dinas"])
    for path in ("/", "/penduduk", "/audit", "/offline", "/masuk"):
        html = (await client.get(path)).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, f"inline script on {path}"
        assert not re.search(r"<script[^>]*>\s*[^<\s]", html), f"script body on {path}"
        assert not re.search(r"\son[a-z]+=", html), f"inline handler on {path}"


async def test_personal_pages_are_not_stored(client, registry):
    await login(client, registry["accounts"]["warga"])
    for path in ("/", "/keluarga"):
        assert (await client.get(path)).headers["cache-control"] == "no-store"


async def test_unknown_page_gets_a_clear_message(client):
    response = await client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan." in response.text
    assert '<html lang="id">' in response.text


@pytest.mark.parametrize(
    "path", ["/jemput-bola/kunjungan/99999999999", "/jemput-bola/kunjungan/9223372036854775808"]
)
async def test_an_id_too_large_for_the_database_is_simply_not_found(client, path):
    response = await client.get(path)
    assert response.status_code == 404
    assert "Terjadi kesalahan di server" not in response.text


async def test_language_switch_to_english_and_back(client):
    token = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/")).text).group(1)
    response = await client.post(
        "/bahasa",
        data={"bahasa": "en", "_csrf_token": token},
        headers={"referer": "http://testserver.local/wilayah/52.03.17"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/wilayah/52.03.17"
    page = await client.get("/masuk")
    assert '<html lang="en">' in page.text
    assert "Sign in" in page.text
    assert "NIK or username" in page.text
    back = await client.post(
        "/bahasa",
        data={"bahasa": "id", "_csrf_token": token},
        headers={"referer": "https://elsewhere.example/phish"},
        follow_redirects=False,
    )
    assert back.headers["location"] == "/"
    assert '<html lang="id">' in (await client.get("/masuk")).text


async def test_assets_revalidate_and_skip_document_headers(client):
    home = await client.get("/")
    css = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', home.text).group(1)
    first = await client.get(css, headers={"accept-encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    again = await client.get(
        css, headers={"if-none-match": first.headers["etag"], "accept-encoding": "gzip"}
    )
    assert again.status_code == 304
    assert "content-security-policy" not in first.headers
    assert first.headers["x-content-type-options"] == "nosniff"
    plain = await client.get(css, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["etag"] != first.headers["etag"]


async def test_icons_are_not_gzipped(client):
    manifest = (await client.get("/manifest.webmanifest")).json()
    icon = await client.get(manifest["icons"][0]["src"], headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in icon.headers


async def test_unchanged_service_worker_answers_304(client):
    first = await client.get("/sw.js")
    again = await client.get("/sw.js", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


async def test_a_first_visit_loads_only_the_scripts_it_needs(client, registry):
    """Visitors get htmx and app.js; the outbox and photo scripts come with signing in, and the
    worker does not precache them for a visitor either (only the outbox, which it runs)."""
    visitor = (await client.get("/")).text
    scripts = set(re.findall(r'<script src="/static/([a-z]+)\.', visitor))
    assert scripts == {"app"} and "htmx-2.0.11.min" in visitor
    sw = (await client.get("/sw.js")).text
    precache = json.loads(re.search(r"const PRECACHE ?= ?(\[.*?\]);", sw).group(1))
    assert not [url for url in precache if "/antrean." in url or "/photo." in url]
    await login(client, registry["accounts"]["warga"])
    signed_in = (await client.get("/")).text
    assert set(re.findall(r'<script src="/static/([a-z]+)\.', signed_in)) == {
        "app",
        "outbox",
        "antrean",
        "photo",
    }


async def test_scripts_are_served_without_their_comments(client):
    home = await client.get("/")
    app_js = re.search(r'src="(/static/app\.[0-9a-f]{10}\.js)"', home.text).group(1)
    body = (await client.get(app_js)).text
    assert "function" in body and "//" not in body.replace("://", "")
    assert "// Dekat's service worker" not in (await client.get("/sw.js")).text


def test_the_keys_folder_is_readable_by_its_owner_only(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    KeyRing(data_dir).create()  # makes keys/ as the parent of keys/ikd/
    VapidKeys(data_dir).create()
    load_or_create_secret(data_dir, "csrf")
    for folder in (data_dir / "keys", data_dir / "keys" / "ikd"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o755  # above keys/, nothing changes
