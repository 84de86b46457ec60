"""Applying for a service, following it, and the office taking it through every status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from server.models.audit import AuditLog
from server.models.kantor import Kantor
from server.models.permohonan import Dokumen, Permohonan, PermohonanEvent, Status
from server.models.platform import DomainEvent
from server.routes import proses as proses_routes
from server.settings import get_settings
from tests.factories import huge_png, jpeg, reprint_form, two_photos
from tests.helpers import CODE, apply, csrf_token, login, officer_act, soup

pytestmark = pytest.mark.anyio


async def status_of(code: str) -> str:
    return (await Permohonan.select(Permohonan.status).where(Permohonan.kode == code).first())[
        "status"
    ]


async def test_citizen_applies_for_a_reprint_with_two_photos_then_submits(as_role, registry):
    client = await as_role("warga")
    response = await apply(client, reprint_form(registry["people"]["Siti Aminah"]), two_photos())
    assert response.status_code == 303
    code = CODE.search(response.headers["location"]).group(1)
    page = soup(await client.get(response.headers["location"]))
    assert page.h1.get_text(strip=True) == code
    assert "Ini masih draf" in page.get_text()
    assert len(page.select("ul.photos img")) == 2
    # The review page hands it in.
    form = page.find("form", action=f"/permohonan/{code}/ajukan")
    token = await csrf_token(client, f"/permohonan/{code}")
    submitted = await client.post(
        form["action"],
        data={"_csrf_token": token},
        files={"kosong": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    assert await status_of(code) == Status.diajukan
    timeline = [
        li.strong.get_text()
        for li in soup(await client.get(f"/permohonan/{code}")).select("ol.timeline li")
    ]
    assert timeline == ["Draf", "Diajukan"]


async def test_photos_are_stored_re_encoded_without_location(as_role, registry):
    client = await as_role("warga")
    response = await apply(
        client,
        reprint_form(registry["people"]["Siti Aminah"], ajukan="1"),
        two_photos(bukti=jpeg(4000, 3000, gps=True)),
    )
    code = CODE.search(response.headers["location"]).group(1)
    page = soup(await client.get(f"/permohonan/{code}"))
    for img in page.select("ul.photos img"):
        photo = await client.get(img["src"])
        assert photo.headers["content-type"] == "image/jpeg"
        assert photo.headers["cache-control"] == "no-store"
        image = Image.open(io.BytesIO(photo.content))
        assert max(image.size) <= 1600
        assert not image.getexif()


async def test_submitting_from_the_app_review_hands_in_at_once(as_role, registry):
    client = await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    assert await status_of(code) == Status.diajukan
    events = await PermohonanEvent.select(PermohonanEvent.ke).where(
        PermohonanEvent.permohonan.kode == code
    )
    assert [e["ke"] for e in events] == ["draf", "diajukan"]


async def count_requests() -> int:
    return await Permohonan.count()


def stored_files() -> set[Path]:
    folder = get_settings().data_dir / "unggahan"
    return set(folder.rglob("*.jpg")) if folder.exists() else set()


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        (two_photos(kk=b"Bukan foto, hanya teks.\n" * 50), "bukan foto yang bisa dibaca"),
        (two_photos(kk=huge_png(40)), "megapiksel"),
        (two_photos(kk=b"\xff\xd8\xff" + b"\x00" * (30 * 1024 * 1024)), "Foto terlalu besar (30"),
        ({"dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg")}, "wajib"),
    ],
    ids=["text-named-jpg", "40-megapixels", "30-MB", "missing-photo"],
)
async def test_a_bad_photo_is_explained_and_nothing_is_stored(as_role, registry, photos, message):
    client = await as_role("warga")
    before, files_before = await count_requests(), stored_files()
    response = await apply(client, reprint_form(registry["people"]["Siti Aminah"]), photos)
    assert response.status_code == 422
    assert message in response.text
    assert await count_requests() == before
    assert stored_files() == files_before


async def test_a_citizen_cannot_apply_for_someone_outside_their_kk(as_role, registry):
    client = await as_role("warga")
    before = await count_requests()
    response = await apply(
        client, reprint_form(registry["people"]["Lalu Sahabudin"], kantor="1"), two_photos()
    )
    assert response.status_code == 422
    assert "diri sendiri atau anggota KK Anda" in response.text
    assert await count_requests() == before


async def test_a_service_the_person_cannot_use_yet_is_explained(as_role, registry):
    client = await as_role("warga")
    form = {"layanan": "ktp_cetak", "untuk": str(registry["people"]["Siti Aminah"]), "kantor": ""}
    response = await apply(client, form, {"dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg")})
    assert response.status_code == 422
    assert "sudah pernah dicetak" in response.text


async def test_free_text_is_stored_inert(as_role, registry):
    client = await as_role("warga")
    note = '<script>alert("x")</script> Mohon dibantu'
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], catatan=note), two_photos()
    )
    page = await client.get(response.headers["location"])
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text
    code = CODE.search(response.headers["location"]).group(1)
    stored = await Permohonan.select(Permohonan.catatan).where(Permohonan.kode == code).first()
    assert stored["catatan"] == note


async def test_requests_are_private_to_their_family(client, as_role, registry):
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    await client.post("/keluar", data={"_csrf_token": await csrf_token(client, "/")})
    client.cookies.clear()
    await login(client, registry["accounts"]["warga_tetangga"])
    for path in (f"/permohonan/{code}", f"/permohonan/{code}/tanda-terima"):
        other = await client.get(path)
        assert other.status_code == 404
        assert "Siti" not in other.text
    assert (await client.get("/permohonan/DK-2222-2222")).status_code == 404


async def test_desa_officer_applies_for_a_resident_and_prints_a_receipt(as_role, registry):
    client = await as_role("operator")
    resident = registry["people"]["Lalu Sahabudin"]
    detail = soup(await client.get(f"/penduduk/{resident}"))
    assert detail.find("a", string="Buat permohonan")
    form = soup(await client.get(f"/permohonan/baru?layanan=ktp_cetak_ulang&untuk={resident}"))
    # Waiting in the tablet's outbox, the item says whom it is for.
    assert form.select_one("form[data-outbox]")["data-outbox-judul"] == (
        "Cetak ulang KTP-el (hilang atau rusak) — Lalu Sahabudin"
    )
    response = await apply(client, reprint_form(resident, ajukan="1"), two_photos())
    assert response.status_code == 303
    code = CODE.search(response.headers["location"]).group(1)
    row = await Permohonan.select(Permohonan.kanal).where(Permohonan.kode == code).first()
    assert row["kanal"] == "loket_desa"
    receipt = soup(await client.get(f"/permohonan/{code}/tanda-terima"))
    assert code in receipt.select_one(".receipt .code").get_text()
    assert "Lalu Sahabudin" in receipt.get_text()
    assert "5203170505700011" not in receipt.get_text()
    listing = soup(await client.get("/permohonan"))
    assert code in listing.get_text()


async def test_desa_officer_cannot_apply_or_read_outside_their_desa(as_role, registry):
    client = await as_role("operator")
    response = await apply(
        client, reprint_form(registry["people"]["Zainul Hakim"], kantor="1"), two_photos()
    )
    assert response.status_code == 422
    assert "di luar wilayah tugas Anda" in response.text


async def test_the_office_takes_a_request_through_every_status(client, as_role, registry):
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    citizen_cookies = dict(client.cookies)
    client.cookies.clear()
    await login(client, registry["accounts"]["dinas"])
    queue = soup(await client.get("/proses"))
    assert code in queue.select_one("#antrean").get_text()
    assert (await officer_act(client, code, "verifikasi")).status_code == 303
    assert (await officer_act(client, code, "proses")).status_code == 303
    refused = await officer_act(client, code, "siap", tempat="")
    assert refused.status_code == 422
    assert "tempat pengambilan" in refused.text
    # Ready means printed: the office needs a blanko (and a reason, should other tests have
    # left cards waiting ahead of this one at the same office).
    await Kantor.update({Kantor.blanko_tersedia: Kantor.blanko_tersedia + 1}).where(
        Kantor.id
        == (await Permohonan.select(Permohonan.kantor).where(Permohonan.kode == code).first())[
            "kantor"
        ]
    )
    assert (
        await officer_act(
            client, code, "siap", tempat="UPT Labuhan Haji, loket 2", luar_urutan="Uji"
        )
    ).status_code == 303
    assert (await officer_act(client, code, "selesai")).status_code == 303
    assert await status_of(code) == Status.selesai
    # The citizen sees every step, with the office's unit and role, never the officer's name.
    client.cookies.clear()
    for name, value in citizen_cookies.items():
        client.cookies.set(name, value)
    page = soup(await client.get(f"/permohonan/{code}"))
    steps = [li.strong.get_text() for li in page.select("ol.timeline li")]
    assert steps == ["Draf", "Diajukan", "Diverifikasi", "Diproses", "Siap diambil", "Selesai"]
    assert "Dinas Dukcapil" in page.select_one("ol.timeline").get_text()
    assert "Akun dinas" not in page.get_text()
    permohonan_id = (await Permohonan.select(Permohonan.id).where(Permohonan.kode == code).first())[
        "id"
    ]
    events = await DomainEvent.select(DomainEvent.data).where(
        DomainEvent.jenis == "permohonan.status"
    )
    mine = [e for e in events if f'"permohonan": {permohonan_id},' in str(e["data"])]
    assert len(mine) == 5
    actions = await AuditLog.select(AuditLog.action).where(
        (AuditLog.object_type == "permohonan") & (AuditLog.object_id == permohonan_id)
    )
    assert {
        "permohonan_verifikasi",
        "permohonan_proses",
        "permohonan_siap",
        "permohonan_selesai",
    } <= {a["action"] for a in actions}


async def test_sent_back_for_fixing_then_resubmitted_with_a_new_photo(client, as_role, registry):
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    citizen_cookies = dict(client.cookies)
    client.cookies.clear()
    await login(client, registry["accounts"]["dinas"])
    no_reason = await officer_act(client, code, "perbaiki", catatan="  ")
    assert no_reason.status_code == 422
    assert (await officer_act(client, code, "perbaiki", catatan="Foto KK buram")).status_code == 303
    client.cookies.clear()
    for name, value in citizen_cookies.items():
        client.cookies.set(name, value)
    page = soup(await client.get(f"/permohonan/{code}"))
    assert "Foto KK buram" in page.select_one("[role=alert]").get_text()
    old_sha = {
        d["sha256"]
        for d in await Dokumen.select(Dokumen.sha256).where(Dokumen.permohonan.kode == code)
    }
    token = await csrf_token(client, f"/permohonan/{code}")
    again = await client.post(
        f"/permohonan/{code}/ajukan",
        data={"_csrf_token": token},
        files={"dokumen_kk": ("kk.jpg", jpeg(1300, 900), "image/jpeg")},
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert await status_of(code) == Status.diajukan
    new_sha = {
        d["sha256"]
        for d in await Dokumen.select(Dokumen.sha256).where(Dokumen.permohonan.kode == code)
    }
    assert len(new_sha) == 2 and new_sha != old_sha


async def test_an_action_the_status_does_not_allow_is_refused(client, as_role, registry):
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    client.cookies.clear()
    await login(client, registry["accounts"]["dinas"])
    refused = await officer_act(client, code, "selesai")
    assert refused.status_code == 422
    assert "tidak berlaku" in refused.text
    assert await status_of(code) == Status.diajukan


async def test_staff_of_another_kecamatan_cannot_act(client, as_role, registry):
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    client.cookies.clear()
    await login(client, registry["accounts"]["upt_sembalun"])
    assert (await client.get(f"/proses/{code}")).status_code == 404
    token = await csrf_token(client, "/proses")
    refused = await client.post(f"/proses/{code}/verifikasi", data={"_csrf_token": token})
    assert refused.status_code == 404
    assert await status_of(code) == Status.diajukan


async def test_own_request_pages_may_be_kept_offline_on_a_citizens_phone(client, as_role, registry):
    await as_role("warga")
    response = await apply(
        client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
    )
    code = CODE.search(response.headers["location"]).group(1)
    for path in ("/permohonan", f"/permohonan/{code}"):
        page = await client.get(path)
        assert page.headers["x-dekat-offline"] == "simpan"
        assert page.headers["cache-control"] == "no-store"  # the HTTP cache still keeps nothing
    assert "x-dekat-offline" not in (await client.get("/permohonan/baru")).headers
    client.cookies.clear()
    await login(client, registry["accounts"]["operator"])
    shared = await client.get(f"/permohonan/{code}")
    assert shared.status_code == 200
    assert "x-dekat-offline" not in shared.headers


async def test_the_office_queue_pages_and_finds_a_code(client, as_role, registry, monkeypatch):
    monkeypatch.setattr(proses_routes, "PAGE_SIZE", 2)
    await as_role("warga")
    codes = []
    for _ in range(3):
        response = await apply(
            client, reprint_form(registry["people"]["Siti Aminah"], ajukan="1"), two_photos()
        )
        codes.append(CODE.search(response.headers["location"]).group(1))
    client.cookies.clear()
    await login(client, registry["accounts"]["dinas"])
    first = soup(await client.get("/proses"))
    total = int(first.select_one("#antrean p.muted").get_text().split()[0])
    assert total >= 3
    assert len(first.select("#antrean ul.list li")) == 2
    last_page = -(-total // 2)
    assert f"Halaman 1 dari {last_page}." in first.select_one("#antrean").get_text()
    newest = soup(await client.get(f"/proses?halaman={last_page}"))
    assert codes[-1] in newest.select_one("#antrean").get_text()
    assert not newest.find("a", string=lambda text: text and "Berikutnya" in text)
    # A code typed as people type it finds that one request.
    typed = codes[0].lower().replace("-", " ")
    found = soup(await client.get("/proses", params={"kode": typed}))
    assert found.select_one("#antrean ul.list li a").get_text().startswith(codes[0])
    assert len(found.select("#antrean ul.list li")) == 1
    assert (await client.get("/proses?halaman=%C2%B2")).status_code == 200
