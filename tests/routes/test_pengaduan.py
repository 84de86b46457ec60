"""Complaints: anyone files one, with or without a name; it goes above the office it is about;
only `pengawas` ever sees who sent it; the office answers within its time, under its unit."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from server.models.accounts import Account
from server.models.audit import AuditLog
from server.models.kantor import Kantor
from server.models.pengaduan import Pengaduan, PengaduanFoto
from server.services import pengaduan as rules
from server.settings import get_settings
from tests.conftest import csrf_token, post_form
from tests.photos import huge_png, jpeg

pytestmark = pytest.mark.anyio

CODE = re.compile(r"/pengaduan/(PGD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
#: What the complainant gives away about themselves in the visibility test: the test citizen's
#: display name (tests/conftest.py; not the neighbour's "Akun warga_tetangga") and a contact.
NAME = "Akun warga"
CONTACT = "0819-7777-1234"
IDENTITY = re.compile(rf"{NAME}(?!_)|{CONTACT}")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def complaint_form(**overrides) -> dict:
    form = {
        "jenis": "pungli",
        "isi": "Petugas loket meminta Rp 50.000 untuk mencetak KTP-el saya.",
        "kantor": "",
        "desa": "",
        "kontak": "",
    }
    return {**form, **overrides}


async def file_complaint(client, data: dict, files: dict | None = None):
    token = await csrf_token(client, "/pengaduan")
    return await client.post(
        "/pengaduan",
        data={**data, "_csrf_token": token},
        files=files or {"kosong": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )


async def filed_code(client, data: dict, files: dict | None = None) -> str:
    response = await file_complaint(client, data, files)
    assert response.status_code == 303, response.text
    return CODE.search(response.headers["location"]).group(1)


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

    code = await filed_code(client, complaint_form(kontak="0812-1111-2222"))

    page = await client.get(f"/pengaduan/{code}?terkirim=1")
    assert page.headers["cache-control"] == "no-store"
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
    assert code in [a.get_text(strip=True) for a in mine.select("ul.list a")]

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

    def public_pages(code: str) -> list[str]:
        return [f"/pengaduan/{code}", f"/pengaduan/{code}/foto/{photos[code]}"]

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
            public = await texts(public_pages(code))
            assert all(status == 200 for status, _ in public.values())
            assert not any(shows_identity(text) for _, text in {**office, **public}.values())
            assert not shows_identity(listing.text)
    # ...and a wrong code shows nothing at all.
    assert (await client.get("/pengaduan/PGD-2222-3333-4444")).status_code == 404


async def test_a_photo_is_stored_without_location_and_served_only_with_its_code(client):
    first = await filed_code(
        client, complaint_form(), {"foto_1": ("a.jpg", jpeg(3000, 2000, gps=True), "image/jpeg")}
    )
    second = await filed_code(client, complaint_form())
    page = soup(await client.get(f"/pengaduan/{first}"))
    src = page.select_one("ul.photos img")["src"]
    photo = await client.get(src)
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["cache-control"] == "no-store"
    image = Image.open(io.BytesIO(photo.content))
    assert max(image.size) <= 1600
    assert not image.getexif()
    photo_id = src.rsplit("/", 1)[1]
    assert (await client.get(f"/pengaduan/{second}/foto/{photo_id}")).status_code == 404


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
    token = await csrf_token(client, "/pengaduan/lacak")
    found = await client.post(
        "/pengaduan/lacak", data={"kode": typed, "_csrf_token": token}, follow_redirects=False
    )
    assert found.status_code == 303
    assert found.headers["location"] == f"/pengaduan/{code}"

    wrong = await client.post(
        "/pengaduan/lacak",
        data={"kode": "PGD-2222-3333-4444", "_csrf_token": token},
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert "Pengaduan tidak ditemukan. Periksa kode pengaduan Anda." in wrong.text
    # The lowercase path works too; a code that cannot be one is simply not found.
    assert (await client.get(f"/pengaduan/{code.lower()}")).status_code == 200
    assert (await client.get("/pengaduan/PGD-0000-1111-OOOO")).status_code == 404


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
    assert "Terlambat" in (await client.get(f"/pengaduan/{code}")).text

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
    page = soup(await client.get(f"/pengaduan/{code}"))
    answers = [li.strong.get_text(strip=True) for li in page.select("ol.timeline li")]
    assert answers == ["Dinas Dukcapil", "Pengawas"]
    assert "Petugas sudah kami tegur" in page.get_text()
    assert "Akun dinas" not in page.get_text() and "Akun pengawas" not in page.get_text()
    assert "Selesai" in page.select_one("p .badge").get_text()

    # A follow-up opens a finished complaint again and reaches the office.
    added = await post_form(
        client, f"/pengaduan/{code}/tanggapan", {"isi": "Petugasnya masih meminta uang."},
        page=f"/pengaduan/{code}",
    )  # fmt: skip
    assert added.status_code == 303
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
    follow_up = await post_form(
        client, f"/pengaduan/{code}/tanggapan", {"isi": ""}, page=f"/pengaduan/{code}"
    )
    assert follow_up.status_code == 422
    assert follow_up.headers["cache-control"] == "no-store"


async def test_everyone_finds_the_way_to_complain(client, as_role, registry):
    home = soup(await client.get("/"))
    assert home.select_one("footer a[href='/pengaduan']")
    await as_role("pengawas")
    assert soup(await client.get("/")).select_one("nav a[href='/pengaduan/kelola']")
    await switch_to(client, as_role, "dinas")
    assert soup(await client.get("/")).select_one("nav a[href='/pengaduan/kelola']")
