"""Complaints: anyone files one, with or without a name; it goes above the office it is about;
only `pengawas` ever sees who sent it; the office answers within its time, under its unit; the
code that opens a complaint stays out of every address a browser keeps."""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from server.models.accounts import Account
from server.models.audit import AuditLog
from server.models.kantor import Kantor
from server.models.pengaduan import Pengaduan, PengaduanBalasan, PengaduanFoto
from server.routes import pengaduan as routes
from server.services import auth
from server.services import pengaduan as rules
from server.settings import get_settings
from tests.factories import huge_png, jpeg
from tests.helpers import csrf_token, login, post_form, soup

pytestmark = pytest.mark.anyio

CODE = re.compile(r"PGD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
#: A crafted number that once passed `str.isdigit()` and broke `int()`, and one too large for an
#: id column.
BAD_NUMBERS = ["²", "99999999999999999999"]
#: What the complainant gives away about themselves in the visibility test: the test citizen's
#: display name (tests/conftest.py; not the neighbour's "Akun warga_tetangga") and a contact.
NAME = "Akun warga"
CONTACT = "0819-7777-1234"
IDENTITY = re.compile(rf"{NAME}(?!_)|{CONTACT}")


def complaint_form(**overrides) -> dict:
    form = {
        "jenis": "pungli",
        "isi": "Petugas loket meminta Rp 50.000 untuk mencetak KTP-el saya.",
        "kantor": "",
        "desa": "",
        "kontak": "",
    }
    return {**form, **overrides}


async def file_complaint(client, data: dict, files: dict | None = None, headers=None):
    token = await csrf_token(client, "/pengaduan")
    return await client.post(
        "/pengaduan",
        data={**data, "_csrf_token": token},
        files=files or {"kosong": ("", b"", "application/octet-stream")},
        headers=headers,
        follow_redirects=False,
    )


async def filed_code(client, data: dict, files: dict | None = None) -> str:
    """File a complaint and read its code from the page that answers (no redirect)."""
    response = await file_complaint(client, data, files)
    assert response.status_code == 200, response.text
    code = soup(response).h1.get_text(strip=True)
    assert CODE.fullmatch(code)
    return code


async def look_up(client, code: str, headers=None):
    """Open a complaint by typing its code, as on `/pengaduan/lacak`."""
    token = await csrf_token(client, "/pengaduan/lacak")
    return await client.post(
        "/pengaduan/lacak",
        data={"kode": code, "_csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )


async def add_follow_up(client, code: str, text: str, headers=None):
    token = await csrf_token(client, "/pengaduan/lacak")
    return await client.post(
        "/pengaduan/lacak/tambah",
        data={"kode": code, "isi": text, "_csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )


async def upt_id(kecamatan: str) -> int:
    row = await Kantor.select(Kantor.id).where(Kantor.kecamatan.name == kecamatan).first()
    return row["id"]


async def stored(code: str) -> dict:
    return await Pengaduan.select().where(Pengaduan.kode == code).first()


def stored_files() -> set[Path]:
    folder = get_settings().data_dir / "unggahan"
    return set(folder.rglob("*.jpg")) if folder.exists() else set()


async def switch_to(client, as_role, key: str | None):
    client.cookies.clear()
    if key:
        await as_role(key)


async def test_a_visitor_files_a_complaint_without_signing_in_and_gets_a_code(client):
    form = soup(await client.get("/pengaduan"))
    assert "Rp 0" in form.get_text()
    assert form.select_one("form[action='/pengaduan'] input[name=_csrf_token]")
    assert not form.select("input[name=anonim]")  # signed out: always without a name

    page = await file_complaint(client, complaint_form(kontak="0812-1111-2222"))

    # The answer to the POST is the complaint itself, with its code, kept by no cache.
    assert page.status_code == 200
    assert "location" not in page.headers
    assert page.headers["cache-control"] == "no-store"
    code = soup(page).h1.get_text(strip=True)
    assert CODE.fullmatch(code)
    assert soup(page).h1.get_text(strip=True) == code
    assert "Pengaduan terkirim" in page.text
    assert "Menunggu tanggapan" in page.text
    assert "0812-1111-2222" not in page.text  # the contact is for oversight only
    row = await stored(code)
    assert row["anonim"] is True
    assert row["pelapor"] is None
    assert row["nama_pelapor"] == ""
    assert row["kontak"] == "0812-1111-2222"
    assert row["status"] == "baru"
    assert row["batas_jawab"] > row["dibuat"] + timedelta(days=2)


async def test_a_signed_in_citizen_stays_anonymous_by_default(as_role, registry):
    client = await as_role("warga")
    form = soup(await client.get("/pengaduan"))
    assert form.select_one("input[name=anonim][value='1']").has_attr("checked")
    citizen = await Account.select(Account.id).where(Account.username == "5203175507900011")
    audit_before = await AuditLog.count().where(AuditLog.actor == citizen[0]["id"])

    code = await filed_code(client, complaint_form())

    row = await stored(code)
    assert (row["anonim"], row["pelapor"], row["nama_pelapor"]) == (True, None, "")
    # Nothing else ties the complaint to the account: no audit entry, no "my complaints".
    assert await AuditLog.count().where(AuditLog.actor == citizen[0]["id"]) == audit_before
    assert code not in (await client.get("/pengaduan")).text


async def test_a_named_complaint_is_listed_for_its_sender_only(client, as_role, registry):
    await as_role("warga")
    code = await filed_code(client, complaint_form(jenis="calo", anonim="0"))
    row = await stored(code)
    assert row["anonim"] is False
    assert row["pelapor"] is not None
    assert row["nama_pelapor"] == NAME
    mine = soup(await client.get("/pengaduan"))
    # Each opens with the code sent in the body, like the lookup form.
    buttons = mine.select("ul.list form[method=post][action='/pengaduan/lacak'] button")
    assert code in [button.get_text(strip=True) for button in buttons]
    assert (await look_up(client, code)).status_code == 200

    await switch_to(client, as_role, "warga_tetangga")
    assert code not in (await client.get("/pengaduan")).text


async def test_an_anonymous_complaint_about_a_upt_is_visible_to_pengawas_and_the_dinas_not_to_that_upts_staff_and_no_page_shows_who_sent_it_to_anyone_but_pengawas(  # noqa: E501
    client, as_role, registry
):
    sembalun = await upt_id("Sembalun")
    # One sent anonymously with a contact by a signed-in citizen, one sent with their name.
    await as_role("warga")
    anonymous = await filed_code(
        client,
        complaint_form(kantor=str(sembalun), kontak=CONTACT, isi="Diminta uang di UPT Sembalun."),
        {"foto_1": ("bukti.jpg", jpeg(gps=True), "image/jpeg")},
    )
    named = await filed_code(
        client,
        complaint_form(
            jenis="intimidasi",
            kantor=str(sembalun),
            kontak=CONTACT,
            anonim="0",
            isi="Saya diancam.",
        ),
        {"foto_1": ("bukti.jpg", jpeg(), "image/jpeg")},
    )
    rows = {code: await stored(code) for code in (anonymous, named)}
    assert rows[anonymous]["pelapor"] is None and rows[anonymous]["nama_pelapor"] == ""
    ids = {code: row["id"] for code, row in rows.items()}
    photos = {
        code: (await PengaduanFoto.select().where(PengaduanFoto.pengaduan == row["id"]))[0]["id"]
        for code, row in rows.items()
    }

    def office_pages(code: str) -> list[str]:
        base = f"/pengaduan/kelola/{ids[code]}"
        return [
            f"/pengaduan/kelola?kantor={sembalun}",
            base,
            f"{base}?identitas=1",
            f"{base}/foto/{photos[code]}",
        ]

    async def public_pages(code: str) -> dict[str, tuple[int, str]]:
        """The complaint opened with its code, and its photo at the address the page gives."""
        page = await look_up(client, code)
        src = soup(page).select_one("ul.photos img")["src"]
        photo = await client.get(src)
        return {"lookup": (page.status_code, page.text), src: (photo.status_code, photo.text)}

    async def texts(paths: list[str]) -> dict[str, tuple[int, str]]:
        found = {}
        for path in paths:
            response = await client.get(path, follow_redirects=False)
            found[path] = (response.status_code, response.text)
        return found

    def shows_identity(text: str) -> bool:
        return IDENTITY.search(text) is not None

    # Oversight sees both, and who sent them only when it asks (which is audited).
    await switch_to(client, as_role, "pengawas")
    audit_before = await AuditLog.count().where(AuditLog.action == "lihat_identitas_pelapor")
    for code in (anonymous, named):
        pages = await texts(office_pages(code))
        assert all(status == 200 for status, _ in pages.values())
        assert f"/pengaduan/kelola/{ids[code]}" in pages[office_pages(code)[0]][1]
        assert not shows_identity(pages[office_pages(code)[1]][1])
        assert CONTACT in pages[office_pages(code)[2]][1]
    identity_page = (await texts([f"/pengaduan/kelola/{ids[named]}?identitas=1"])).popitem()
    assert NAME in identity_page[1][1]
    assert (
        "Tanpa nama" in (await client.get(f"/pengaduan/kelola/{ids[anonymous]}?identitas=1")).text
    )
    assert (
        await AuditLog.count().where(AuditLog.action == "lihat_identitas_pelapor")
        >= audit_before + 3
    )

    # The Dinas sees and answers both, but never who sent them.
    await switch_to(client, as_role, "dinas")
    for code in (anonymous, named):
        pages = await texts(office_pages(code))
        assert all(status == 200 for status, _ in pages.values())
        assert f"/pengaduan/kelola/{ids[code]}" in pages[office_pages(code)[0]][1]
        assert "Identitas pelapor hanya dapat dilihat pengawas" in pages[office_pages(code)[1]][1]
        assert not any(shows_identity(text) for _, text in pages.values())

    # The UPT complained about sees nothing, not even a menu entry.
    await switch_to(client, as_role, "upt_sembalun")
    assert "/pengaduan/kelola" not in (await client.get("/")).text
    for code in (anonymous, named):
        pages = await texts(office_pages(code))
        assert all(status == 403 for status, _ in pages.values())
        assert not any(shows_identity(text) for _, text in pages.values())

    # Other accounts and visitors: nothing without the code, and no identity with it.
    for key in ("operator", "warga_tetangga", "petugas", None):
        await switch_to(client, as_role, key)
        for code in (anonymous, named):
            office = await texts(office_pages(code))
            assert all(status in (303, 403) for status, _ in office.values())
            listing = await client.get("/pengaduan")
            assert code not in listing.text
            public = await public_pages(code)
            assert all(status == 200 for status, _ in public.values())
            assert not any(shows_identity(text) for _, text in {**office, **public}.values())
            assert not shows_identity(listing.text)
    # ...and a wrong code shows nothing at all.
    wrong = await look_up(client, "PGD-2222-3333-4444")
    assert wrong.status_code == 422
    assert not soup(wrong).select("ol.timeline, .person")


async def test_a_photo_is_stored_without_location_and_served_at_an_address_that_expires(
    client,
):
    code = await filed_code(
        client, complaint_form(), {"foto_1": ("a.jpg", jpeg(3000, 2000, gps=True), "image/jpeg")}
    )
    page = soup(await look_up(client, code))
    src = page.select_one("ul.photos img")["src"]
    assert code not in src and code.replace("-", "") not in src.upper()
    photo = await client.get(src)
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["cache-control"] == "no-store"
    image = Image.open(io.BytesIO(photo.content))
    assert max(image.size) <= 1600
    assert not image.getexif()

    # The address names one photo for a while, and cannot be bent to name another.
    token = src.rsplit("/", 1)[1]
    photo_id, expires, signature = token.split(".")
    settings = get_settings()
    assert routes.photo_of_token(settings, token) == int(photo_id)
    later = int(expires) + 1
    assert routes.photo_of_token(settings, token, now=later) is None
    for forged in (
        f"{int(photo_id) + 1}.{expires}.{signature}",
        f"{photo_id}.{later}.{signature}",
        f"{photo_id}.{expires}.{'0' * len(signature)}",
        f"{photo_id}.{expires}.²",
        "²",
        f"{BAD_NUMBERS[1]}.{expires}.{signature}",
    ):
        assert (await client.get(f"/pengaduan/foto/{forged}")).status_code == 404
    old = routes.photo_token(settings, int(photo_id), now=time.time() - 2 * 3600)
    assert (await client.get(f"/pengaduan/foto/{old}")).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "files", "field", "message"),
    [
        ({"isi": "   "}, None, "isi", "Ceritakan apa yang terjadi"),
        ({"jenis": "suap"}, None, "jenis", "Pilih jenis pengaduan dari daftar"),
        ({"isi": "x" * (rules.MAX_ISI + 1)}, None, "isi", "maksimal 2000 karakter"),
        ({"kontak": "0" * 121}, None, "kontak", "Kontak maksimal 120 karakter"),
        ({"kantor": "999999"}, None, "kantor", "Pilih kantor dari daftar"),
        ({"desa": "abc"}, None, "desa", "Pilih desa dari daftar"),
        (
            {},
            {"foto_2": ("bukti.jpg", b"Bukan foto, hanya teks.\n" * 50, "image/jpeg")},
            "foto_2",
            "bukan foto yang bisa dibaca",
        ),
        ({}, {"foto_1": ("besar.png", huge_png(40), "image/png")}, "foto_1", "megapiksel"),
    ],
    ids=["empty", "unknown-kind", "too-long", "long-contact", "no-such-office", "bad-desa",
         "not-a-photo", "40-megapixels"],
)  # fmt: skip
async def test_bad_input_is_explained_by_field_and_changes_nothing(
    client, overrides, files, field, message
):
    before, files_before = await Pengaduan.count(), stored_files()
    good_photo = {"foto_1": ("baik.jpg", jpeg(), "image/jpeg")} if field != "foto_1" else {}
    response = await file_complaint(
        client, complaint_form(**overrides), {**good_photo, **(files or {})}
    )
    assert response.status_code == 422
    page = soup(response)
    assert message in page.select_one(f"#{field}-galat").get_text()
    assert await Pengaduan.count() == before
    assert stored_files() == files_before
    # What was typed comes back, to fix rather than retype.
    if field not in ("isi", "jenis"):
        assert complaint_form()["isi"] in page.select_one("#cerita").get_text()


async def test_the_code_is_found_however_it_is_typed_and_a_wrong_one_is_explained(client):
    code = await filed_code(client, complaint_form())
    typed = " " + code.lower().replace("-", " ").replace("pgd", "") + " "
    found = await look_up(client, typed)
    assert found.status_code == 200
    assert found.headers["cache-control"] == "no-store"
    assert soup(found).h1.get_text(strip=True) == code

    for wrong_code in ("PGD-2222-3333-4444", "PGD-0000-1111-OOOO", "²", BAD_NUMBERS[1]):
        wrong = await look_up(client, wrong_code)
        assert wrong.status_code == 422
        assert "Pengaduan tidak ditemukan. Periksa kode pengaduan Anda." in wrong.text
    # The complaint has no address of its own any more, in any spelling.
    for path in (
        f"/pengaduan/{code}",
        f"/pengaduan/{code.lower()}",
        f"/pengaduan/{code}?terkirim=1",
    ):
        old = await client.get(path, follow_redirects=False)
        assert old.status_code == 404
        assert complaint_form()["isi"] not in old.text


async def test_a_complaint_unanswered_past_its_time_is_flagged_until_answered(
    client, as_role, registry
):
    code = await filed_code(client, complaint_form(jenis="lambat"))
    row = await stored(code)
    past = datetime.now(UTC) - timedelta(days=1)
    await Pengaduan.update({Pengaduan.batas_jawab: past}).where(Pengaduan.id == row["id"])
    figures = await rules.figures()
    assert figures["terlambat"] >= 1
    assert figures["per_jenis"]["lambat"] >= 1
    assert figures["terbuka"] >= figures["terlambat"]
    assert "Terlambat" in (await look_up(client, code)).text

    await as_role("dinas")
    listing = soup(await client.get("/pengaduan/kelola?jenis=lambat"))
    item = listing.select_one(f"a[href='/pengaduan/kelola/{row['id']}']").find_parent("li")
    assert "overdue" in item["class"]
    assert "Terlambat" in item.get_text()
    first = listing.select("#daftar ul.list li")[0]
    assert "overdue" in first.get("class", [])  # the oldest unanswered comes first

    await post_form(
        client,
        f"/pengaduan/kelola/{row['id']}/balas",
        {"isi": "Sedang kami periksa.", "status": "ditanggapi"},
        page=f"/pengaduan/kelola/{row['id']}",
    )
    listing = soup(await client.get("/pengaduan/kelola?jenis=lambat"))
    item = listing.select_one(f"a[href='/pengaduan/kelola/{row['id']}']").find_parent("li")
    assert "overdue" not in item.get("class", [])
    assert (await rules.figures())["terlambat"] == figures["terlambat"] - 1


async def test_an_answer_reaches_the_complainant_under_its_unit_and_is_audited(
    client, as_role, registry
):
    code = await filed_code(client, complaint_form())
    row = await stored(code)
    detail = f"/pengaduan/kelola/{row['id']}"

    await as_role("dinas")
    answered = await post_form(
        client,
        f"{detail}/balas",
        {"isi": "Petugas sudah kami tegur. Layanan gratis.", "status": "ditanggapi"},
        page=detail,
    )
    assert answered.status_code == 303
    after = await stored(code)
    assert after["status"] == "ditanggapi"
    assert after["dijawab"] is not None
    first_answer = after["dijawab"]
    assert await AuditLog.exists().where(
        (AuditLog.action == "balas_pengaduan") & (AuditLog.object_id == row["id"])
    )

    await switch_to(client, as_role, "pengawas")
    await post_form(
        client, f"{detail}/balas", {"isi": "Kasus ditutup.", "status": "selesai"}, page=detail
    )
    after = await stored(code)
    assert after["status"] == "selesai"
    assert after["dijawab"] == first_answer  # the clock stopped at the first answer

    # The complainant (holding the code, signed out) sees each answer with its unit only.
    await switch_to(client, as_role, None)
    page = soup(await look_up(client, code))
    answers = [li.strong.get_text(strip=True) for li in page.select("ol.timeline li")]
    assert answers == ["Dinas Dukcapil", "Pengawas"]
    assert "Petugas sudah kami tegur" in page.get_text()
    assert "Akun dinas" not in page.get_text() and "Akun pengawas" not in page.get_text()
    assert "Selesai" in page.select_one("p .badge").get_text()

    # A follow-up opens a finished complaint again and reaches the office; the answer is the
    # page again, with it, and keeps every line as written.
    added = await add_follow_up(client, code, "Petugasnya masih meminta uang.\nKemarin juga.")
    assert added.status_code == 200
    assert added.headers["cache-control"] == "no-store"
    assert "Keterangan Anda terkirim." in soup(added).select_one("main [role=status]").get_text()
    assert (
        "Petugasnya masih meminta uang.\nKemarin juga."
        in soup(added).select("ol.timeline li p")[-1].get_text()
    )
    assert (await stored(code))["status"] == "ditanggapi"
    await as_role("dinas")
    office = soup(await client.get(detail))
    assert [li.strong.get_text(strip=True) for li in office.select("ol.timeline li")][-1] == (
        "Pelapor"
    )


async def test_an_empty_or_unknown_answer_changes_nothing(client, as_role, registry):
    code = await filed_code(client, complaint_form())
    row = await stored(code)
    detail = f"/pengaduan/kelola/{row['id']}"
    await as_role("dinas")
    empty = await post_form(
        client, f"{detail}/balas", {"isi": " ", "status": "selesai"}, page=detail
    )
    assert empty.status_code == 422
    assert "Tulis isi tanggapan." in empty.text
    unknown = await post_form(
        client, f"{detail}/balas", {"isi": "Oke", "status": "baru"}, page=detail
    )
    assert unknown.status_code == 422
    assert "Pilih status dari daftar." in unknown.text
    after = await stored(code)
    assert (after["status"], after["dijawab"]) == ("baru", None)

    await switch_to(client, as_role, None)
    follow_up = await add_follow_up(client, code, "")
    assert follow_up.status_code == 422
    assert follow_up.headers["cache-control"] == "no-store"
    # A follow-up with a wrong code adds to nothing.
    replies = await PengaduanBalasan.count()
    wrong = await add_follow_up(client, "PGD-2222-3333-4444", "Tambahan.")
    assert wrong.status_code == 422
    assert "Pengaduan tidak ditemukan" in wrong.text
    assert await PengaduanBalasan.count() == replies


async def test_everyone_finds_the_way_to_complain(client, as_role, registry):
    home = soup(await client.get("/"))
    assert home.select_one("footer a[href='/pengaduan']")
    await as_role("pengawas")
    assert soup(await client.get("/")).select_one("nav a[href='/pengaduan/kelola']")
    await switch_to(client, as_role, "dinas")
    assert soup(await client.get("/")).select_one("nav a[href='/pengaduan/kelola']")


# --- The code stays out of every address a browser keeps.

#: Response headers that send a browser, or htmx, to an address.
ADDRESS_HEADERS = ("location", "hx-location", "hx-redirect", "hx-push-url", "hx-replace-url")
#: Attributes that hold an address a browser may go to, or htmx may push.
ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "hx-get", "hx-post", "hx-push-url")


def addresses(response) -> list[str]:
    """Every address in a response's headers and page, and its title (history keeps both)."""
    found = [response.headers.get(name, "") for name in ADDRESS_HEADERS]
    page = soup(response)
    for attribute in ADDRESS_ATTRIBUTES:
        found += [element[attribute] for element in page.select(f"[{attribute}]")]
    found.append(page.title.get_text() if page.title else "")
    return found


@pytest.mark.parametrize(
    "headers",
    [None, {"HX-Request": "true", "HX-Boosted": "true", "HX-Current-URL": "/pengaduan"}],
    ids=["plain", "htmx"],
)
async def test_the_code_never_appears_in_an_address_while_filing_looking_up_and_adding(
    client, headers
):
    filed = await file_complaint(
        client, complaint_form(), {"foto_1": ("bukti.jpg", jpeg(), "image/jpeg")}, headers
    )
    code = soup(filed).h1.get_text(strip=True)
    assert CODE.fullmatch(code)
    looked_up = await look_up(client, code.lower(), headers)
    added = await add_follow_up(client, code, "Ada tambahan cerita.", headers)
    failed = await add_follow_up(client, code, " ", headers)

    spellings = {code, code.lower(), code.replace("-", ""), code.removeprefix("PGD-")}
    for response, shown in ((filed, 200), (looked_up, 200), (added, 200), (failed, 422)):
        assert response.status_code == shown
        assert soup(response).h1.get_text(strip=True) == code  # the page does show it
        assert response.headers["cache-control"] == "no-store"
        # htmx keeps the address the form was posted to instead of pushing one.
        assert response.headers["hx-push-url"] == "false"
        assert not [a for a in addresses(response) if any(s in a for s in spellings)]
        # The forms that carry the code post it in their body, and push nothing.
        for field in soup(response).select("input[name=kode]"):
            form = field.find_parent("form")
            assert form["method"] == "post"
            assert form.get("hx-push-url") == "false"
        assert soup(response).select("ul.photos img")  # the photo, at a code-free address
    # The lookup form's own page does not carry a code either.
    assert not [a for a in addresses(await client.get("/pengaduan/lacak")) if code in a]


# --- Who may set the status.


async def dinas_office_id() -> int:
    row = await Kantor.select(Kantor.id).where(Kantor.kecamatan.is_null()).first()
    return row["id"]


async def test_the_dinas_answers_a_complaint_about_itself_but_only_pengawas_sets_its_status(
    client, as_role, registry
):
    code = await filed_code(client, complaint_form(kantor=str(await dinas_office_id())))
    row = await stored(code)
    detail = f"/pengaduan/kelola/{row['id']}"

    await as_role("dinas")
    page = soup(await client.get(detail))
    assert not page.select("input[name=status]")
    note = page.select_one("#status-pengawas").get_text()
    assert "tentang Dinas sendiri" in note and "hanya diubah pengawas" in note
    # An answer is sent; a status sent along with it anyway changes nothing.
    answered = await post_form(
        client, f"{detail}/balas", {"isi": "Kami periksa loket kami.", "status": "selesai"},
        page=detail,
    )  # fmt: skip
    assert answered.status_code == 303
    after = await stored(code)
    assert (after["status"], after["dijawab"]) == ("baru", None)
    answer = await PengaduanBalasan.select().where(PengaduanBalasan.pengaduan == row["id"])
    assert [(a["isi"], a["unit"], a["status"]) for a in answer] == [
        ("Kami periksa loket kami.", "Dinas Dukcapil", None)
    ]

    # Oversight sees the status control, and its answer sets the status and stops the clock.
    await switch_to(client, as_role, "pengawas")
    assert soup(await client.get(detail)).select("input[name=status]")
    assert not soup(await client.get(detail)).select("#status-pengawas")
    await post_form(
        client, f"{detail}/balas", {"isi": "Ditangani pengawas.", "status": "selesai"}, page=detail
    )
    after = await stored(code)
    assert after["status"] == "selesai" and after["dijawab"] is not None

    # The complainant sees both answers under their units.
    await switch_to(client, as_role, None)
    timeline = soup(await look_up(client, code)).select("ol.timeline li strong")
    assert [strong.get_text(strip=True) for strong in timeline] == ["Dinas Dukcapil", "Pengawas"]


async def test_the_dinas_still_sets_the_status_of_a_complaint_about_a_upt(
    client, as_role, registry
):
    code = await filed_code(client, complaint_form(kantor=str(await upt_id("Sembalun"))))
    detail = f"/pengaduan/kelola/{(await stored(code))['id']}"
    await as_role("dinas")
    assert soup(await client.get(detail)).select("input[name=status]")
    await post_form(
        client, f"{detail}/balas", {"isi": "Selesai.", "status": "selesai"}, page=detail
    )
    assert (await stored(code))["status"] == "selesai"


# --- Bad numbers are bad input, never a server error.


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("field", ["kantor", "desa"])
async def test_a_crafted_office_or_desa_number_is_explained(client, field, value):
    before = await Pengaduan.count()
    response = await file_complaint(client, complaint_form(**{field: value}))
    assert response.status_code == 422
    assert "dari daftar" in soup(response).select_one(f"#{field}-galat").get_text()
    assert await Pengaduan.count() == before


@pytest.mark.parametrize("value", BAD_NUMBERS)
async def test_a_crafted_office_filter_lists_without_it(client, as_role, registry, value):
    await as_role("pengawas")
    response = await client.get("/pengaduan/kelola", params={"kantor": value})
    assert response.status_code == 200
    assert soup(response).select_one("#daftar")
    narrowed = await client.get(
        "/pengaduan/kelola", params={"kantor": value}, headers={"HX-Request": "true"}
    )
    assert narrowed.status_code == 200
    assert (await client.get(f"/pengaduan/kelola/{value}")).status_code in (400, 404)


# --- Wrong codes are limited per address, apart from logins.


async def test_wrong_codes_lock_code_lookups_for_a_while_but_not_logins(client, registry):
    code = await filed_code(client, complaint_form())
    for attempt in range(auth.MAX_FAILURES_PER_ADDRESS[auth.COMPLAINT_CODE_FAILURES]):
        assert (await look_up(client, f"PGD-2222-3333-{attempt:04d}")).status_code == 422
    # Now even the right code is refused, saying when to try again rather than "not found".
    for refused in (await look_up(client, code), await add_follow_up(client, code, "Tambahan.")):
        assert refused.status_code == 429
        alert = soup(refused).select_one("[role=alert]").get_text()
        assert "Coba lagi dalam" in alert
        assert "tidak ditemukan" not in refused.text
        assert not soup(refused).select("ol.timeline")
    assert not await PengaduanBalasan.exists().where(PengaduanBalasan.isi == "Tambahan.")
    # The desa's shared connection can still sign in.
    assert (await login(client, registry["accounts"]["operator"])).status_code == 303


async def test_failed_logins_do_not_hide_a_complaint(client, registry, monkeypatch):
    monkeypatch.setitem(auth.MAX_FAILURES_PER_ADDRESS, auth.LOGIN_FAILURES, 30)
    code = await filed_code(client, complaint_form())
    for attempt in range(30):
        await login(client, f"tidak.ada.{attempt}", "salah")
    assert (await login(client, registry["accounts"]["dinas"])).status_code == 429
    client.cookies.clear()
    found = await look_up(client, code)
    assert found.status_code == 200
    assert soup(found).h1.get_text(strip=True) == code


# --- Late complaints on the home pages above the UPT.


async def test_late_complaints_are_flagged_on_the_home_of_pengawas_and_the_dinas_not_a_upt(
    client, as_role, registry
):
    late = await filed_code(client, complaint_form(jenis="lambat"))
    on_time = await filed_code(client, complaint_form(jenis="lambat"))
    late_id, on_time_id = (await stored(late))["id"], (await stored(on_time))["id"]
    past = datetime.now(UTC) - timedelta(days=1)
    await Pengaduan.update({Pengaduan.batas_jawab: past}).where(Pengaduan.id == late_id)
    count = await rules.overdue_count()
    assert count >= 1

    for key in ("pengawas", "dinas"):
        await switch_to(client, as_role, key)
        flag = soup(await client.get("/")).select_one("#pengaduan-terlambat")
        assert flag is not None, key
        assert f"{count} pengaduan terlambat ditanggapi" in flag.h2.get_text()
        link = flag.select_one("a")["href"]
        assert link == "/pengaduan/kelola?status=terlambat"
        listed = soup(await client.get(link)).select("#daftar a")
        hrefs = {a["href"] for a in listed}
        assert f"/pengaduan/kelola/{late_id}" in hrefs
        assert f"/pengaduan/kelola/{on_time_id}" not in hrefs
        assert len(listed) == count

    await switch_to(client, as_role, "upt_sembalun")
    home = await client.get("/")
    assert home.status_code == 200
    assert not soup(home).select("#pengaduan-terlambat")

    # Once answered, it is no longer late.
    await switch_to(client, as_role, "pengawas")
    detail = f"/pengaduan/kelola/{late_id}"
    await post_form(client, f"{detail}/balas", {"isi": "Kami tangani."}, page=detail)
    assert await rules.overdue_count() == count - 1


async def test_the_same_form_sent_again_files_one_complaint(client):
    """A reload right after filing sends the form again: the same complaint answers."""
    form = BeautifulSoup((await client.get("/pengaduan")).text, "html.parser")
    key = form.select_one("form[action='/pengaduan'] input[name=kunci]")["value"]
    before = await Pengaduan.count()
    first = await filed_code(client, complaint_form(kunci=key))
    again = await filed_code(client, complaint_form(kunci=key))
    assert again == first
    assert await Pengaduan.count() == before + 1
    # A fresh form files a new one; a made-up key is ignored rather than trusted.
    other = BeautifulSoup((await client.get("/pengaduan")).text, "html.parser")
    assert other.select_one("input[name=kunci]")["value"] != key
    assert await filed_code(client, complaint_form(kunci="x")) != first
    assert await Pengaduan.count() == before + 2


# --- The form's key is no bearer key (issue 13, hole 9) --------------------------------------


async def _fresh_key(client) -> str:
    form = BeautifulSoup((await client.get("/pengaduan")).text, "html.parser")
    return form.select_one("form[action='/pengaduan'] input[name=kunci]")["value"]


async def test_a_key_posted_again_with_other_content_is_refused(client, browsers):
    key = await _fresh_key(client)
    secret_text = "Calo di depan kantor UPT meminta Rp 200.000 dari ibu saya."
    code = await filed_code(client, complaint_form(kunci=key, isi=secret_text))
    before = await Pengaduan.count()
    # Whoever holds the key (the same browser, or one that copied it) sends other content.
    for sender in (client, browsers("10.7.7.7")):
        other = await file_complaint(
            sender, complaint_form(kunci=key, isi="Isi lain yang ingin melihat kodenya.")
        )
        assert other.status_code == 422
        assert "sudah dipakai untuk pengaduan lain" in soup(other).select_one("[role=alert]").text
        assert code not in other.text
        assert secret_text not in other.text
        # The form comes back with what was typed and a key of its own.
        assert soup(other).select_one("input[name=kunci]")["value"] != key
    assert await Pengaduan.count() == before


async def test_the_same_content_shows_the_code_only_to_the_browser_that_filed_it(client, browsers):
    key = await _fresh_key(client)
    form = complaint_form(kunci=key, isi="Petugas meminta uang rokok untuk KK baru kami.")
    code = await filed_code(client, form)
    # The very same submission from another browser (a copy of the form) learns nothing.
    copied = await file_complaint(browsers("10.7.7.8"), form)
    assert copied.status_code == 422
    assert "sudah terkirim" in soup(copied).select_one("[role=alert]").text
    assert code not in copied.text
    # The filing browser's reload shows it again, for a short while only.
    assert await filed_code(client, form) == code
    await Pengaduan.update(
        {Pengaduan.dibuat: datetime.now(UTC) - rules.REPLAY_WINDOW - timedelta(minutes=1)}
    ).where(Pengaduan.kode == code)
    late = await file_complaint(client, form)
    assert late.status_code == 422
    assert code not in late.text
    assert await Pengaduan.count().where(Pengaduan.kunci == key) == 1
