"""Desa lists (program BAKSO): the Dinas imports a CSV file, the desa officer marks each person
and starts a request from the list, and the results go back to the Dinas as CSV."""

from __future__ import annotations

import csv
import io
import os
import re
import time

import pytest

from server.app import create_app
from server.models.audit import AuditLog
from server.models.daftar_desa import DaftarDesa, DaftarImpor
from server.models.jemput_bola import Pemesanan
from server.models.permohonan import Permohonan
from server.models.wilayah import Desa
from server.services import daftar_desa as lists
from server.services import impor_daftar as impor
from server.services.auth import user_by_username
from server.settings import get_settings
from tests.factories import desa_of, jpeg, working_day
from tests.helpers import apply, csrf_token, default_kantor_id, soup, ticket_code

pytestmark = pytest.mark.anyio

HEADER = "kode_desa,nik,nama,dokumen"


@pytest.fixture(autouse=True)
async def no_lists(client):
    """Every test starts with no lists (the registry and accounts stay)."""
    await DaftarDesa.delete(force=True)
    await DaftarImpor.delete(force=True)


async def desa_code(kecamatan: str, name: str) -> str:
    row = await (
        Desa.select(Desa.code)
        .where((Desa.name == name) & (Desa.kecamatan.name == kecamatan))
        .first()
    )
    return row["code"]


def csv_file(lines: list[str], *, separator: str = ",", bom: bool = False) -> bytes:
    text = "\r\n".join([HEADER.replace(",", separator), *lines]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


async def upload(client, content: bytes, filename: str = "daftar.csv"):
    token = await csrf_token(client, "/daftar-desa/impor")
    return await client.post(
        "/daftar-desa/impor",
        data={"_csrf_token": token},
        files={"berkas": (filename, content, "text/csv")},
        follow_redirects=False,
    )


def token_of(preview) -> str:
    field = soup(preview).select_one("input[name=berkas]")
    assert field is not None, "no import button on the preview"
    return field["value"]


async def confirm(client, token: str):
    csrf = await csrf_token(client, "/daftar-desa/impor")
    return await client.post(
        "/daftar-desa/impor/simpan",
        data={"berkas": token, "_csrf_token": csrf},
        follow_redirects=False,
    )


def text_of(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


async def labuhan_lines() -> list[str]:
    code = await desa_code("Labuhan Haji", "Labuhan Haji")
    return [
        f"{code},5203171203880011,Ahmad Fauzi,KK",
        f"{code},5203171505990021,Rusdi Hamdi,KTP-el",
        f"{code},5203176402080011,Nurul Hasanah,KIA",
    ]


async def import_directly(lines: list[str]) -> None:
    """Put rows on the lists through the service, as an import by the Dinas would."""
    dinas = await user_by_username("dinas.uji")
    checked = impor.read_file(csv_file(lines), await impor.desa_codes())
    assert not checked.errors, checked.errors
    await impor.import_rows(dinas, "uji.csv", checked.rows)


async def row_id(nama: str) -> int:
    return (await DaftarDesa.select(DaftarDesa.id).where(DaftarDesa.nama == nama).first())["id"]


# --- Import ---------------------------------------------------------------------------------


async def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(as_role):
    client = await as_role("dinas")
    lines = await labuhan_lines()
    code = lines[0].split(",")[0]
    lines.insert(2, f"{code},52031712038800AB,Baiq Salmah,KTP-el")  # row 4 as Excel shows it
    preview = await upload(client, csv_file(lines))
    assert preview.status_code == 422
    page = text_of(preview)
    assert "Baris 4: NIK harus 16 angka, tanpa huruf." in page
    assert "Tidak ada yang disimpan" in page
    assert soup(preview).find("button", string="Impor sekarang") is None
    assert await DaftarDesa.count() == 0
    # Nothing was kept to import later, either.
    assert not list((get_settings().data_dir / "impor").glob("*.csv"))


async def test_ten_thousand_good_rows_import_in_one_go(as_role):
    client = await as_role("dinas")
    codes = [
        await desa_code("Sembalun", "Sembalun Bumbung"),
        await desa_code("Labuhan Haji", "Geres"),
    ]
    lines = [f"{codes[0]},5203154112950011,Baiq Maesarah,KTP-el"]  # in the registry
    for i in range(9_999):
        born = f"{1 + i % 28:02d}{1 + i // 28 % 12:02d}{(80 + i // 336) % 100:02d}"
        nik = f"520315{born}{1 + i % 9000:04d}"
        lines.append(f"{codes[i % 2]},{nik},Warga Uji {i},{('KTP-el', 'KK', 'akta', 'KIA')[i % 4]}")
    preview = await upload(client, csv_file(lines), "sepuluh-ribu.csv")
    assert preview.status_code == 200, text_of(preview)[:500]
    assert "Semua baris benar. 10000 orang akan masuk daftar" in text_of(preview)
    response = await confirm(client, token_of(preview))
    assert response.status_code == 303
    assert await DaftarDesa.count() == 10_000
    impor = await DaftarImpor.select().first()
    assert (impor["jumlah"], impor["nama_berkas"]) == (10_000, "sepuluh-ribu.csv")
    matched = await DaftarDesa.select(DaftarDesa.penduduk).where(
        DaftarDesa.nik == "5203154112950011"
    )
    assert matched[0]["penduduk"] is not None
    assert await DaftarDesa.count().where(DaftarDesa.penduduk.is_not_null()) == 1
    # The file waited in the data folder only until it was imported.
    assert not list((get_settings().data_dir / "impor").glob("*.csv"))
    done = await client.get(response.headers["location"])
    assert "Impor selesai: 10000 orang masuk daftar, 0 sudah ada sebelumnya" in text_of(done)
    assert await AuditLog.exists().where(
        (AuditLog.action == "impor_daftar_desa") & (AuditLog.object_id == impor["id"])
    )


async def test_importing_the_same_file_again_skips_who_is_already_listed(as_role):
    client = await as_role("dinas")
    content = csv_file(await labuhan_lines())
    first = await upload(client, content)
    assert (await confirm(client, token_of(first))).status_code == 303
    again = await upload(client, content)
    assert again.status_code == 200
    page = text_of(again)
    assert "0 orang akan masuk daftar; 3 sudah ada dan akan dilewati" in page
    assert "Baris 2: Ahmad Fauzi" in page
    response = await confirm(client, token_of(again))
    assert response.status_code == 303
    assert "dilewati=3" in response.headers["location"]
    assert await DaftarDesa.count() == 3
    # The same token cannot be used twice.
    replay = await confirm(client, token_of(again))
    assert replay.status_code == 422
    assert "Berkas tidak ditemukan atau sudah diimpor" in text_of(replay)


async def test_excel_semicolons_a_bom_and_dokumen_as_people_write_them(as_role):
    client = await as_role("dinas")
    code = (await desa_code("Labuhan Haji", "Labuhan Haji")).replace(".", "")
    lines = [
        f"{code};5203171203880011;Ahmad  Fauzi;KTP-el",
        f"{code};5203171203880011;Ahmad Fauzi;Akta kelahiran",
        f"{code};5203175507900011;Siti Aminah;ktp_el",
        f"{code};5203176402080011;Nurul Hasanah;KIA",
        ";;;",
        f'{code};5203170505700011;"Sahabudin; Lalu";KK',
    ]
    preview = await upload(client, csv_file(lines, separator=";", bom=True))
    assert preview.status_code == 200, text_of(preview)[:500]
    page = text_of(preview)
    assert "Semua baris benar. 5 orang akan masuk daftar" in page
    assert "Labuhan Haji" in page
    table = soup(preview).select_one("table.figures tbody tr")
    assert [cell.get_text() for cell in table.select("td")] == ["5", "0", "0"]
    # Masked in the sample: the full NIK is not sent back to the screen.
    assert "5203171203880011" not in preview.text
    assert "Baris 7" in page  # numbered as Excel shows them, blank row included
    assert await confirm(client, token_of(preview))
    names = {r["nama"] for r in await DaftarDesa.select(DaftarDesa.nama)}
    assert {"Ahmad Fauzi", "Sahabudin; Lalu"} <= names


async def test_every_problem_is_named_with_its_row(as_role):
    client = await as_role("dinas")
    code = await desa_code("Labuhan Haji", "Labuhan Haji")
    lines = [
        f"{code},5203171203880011,Ahmad Fauzi,KK",
        "99.99.99.9999,5203175507900011,Siti Aminah,KK",
        ",5203175507900011,Siti Aminah,KK",
        f"{code},5203175507900011,,KK",
        f"{code},5203175507900011,{'A' * 121},KK",
        f"{code},5203175507900011,Siti Aminah,SIM",
        f"{code},5203171203880011,Ahmad Fauzi,kk",
        f"{code},5.20317E+15,Siti Aminah,KK",
        f"{code},5203173203880011,Siti Aminah,KK",
    ]
    preview = await upload(client, csv_file(lines))
    assert preview.status_code == 422
    page = text_of(preview)
    for expected in (
        "Baris 3: Kode desa 99.99.99.9999 tidak dikenal.",
        "Baris 4: Kode desa kosong.",
        "Baris 5: Nama kosong.",
        "Baris 6: Nama lebih dari 120 karakter.",
        'Baris 7: Dokumen "SIM" tidak dikenal. Tulis KTP-el, KK, akta, atau KIA.',
        "Baris 8: Orang dan dokumen yang sama sudah ada di baris 2.",
        "Baris 9: NIK berubah jadi angka ilmiah",
        "Baris 10: Tanggal lahir di dalam NIK tidak valid.",
    ):
        assert expected in page
    assert "Baris 2:" not in soup(preview).select_one("section[role=alert]").get_text()
    assert await DaftarDesa.count() == 0


async def test_a_long_list_of_errors_is_cut_short(as_role):
    client = await as_role("dinas")
    lines = [f"52.03.17.9999,520317120388{i:04d},Warga {i},KK" for i in range(1, 151)]
    preview = await upload(client, csv_file(lines))
    assert preview.status_code == 422
    assert len(soup(preview).select("section[role=alert] li")) == impor.MAX_ERRORS_SHOWN
    assert "dan 50 galat lainnya" in text_of(preview)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x" * (impor.MAX_BYTES + 1), "Berkas lebih dari 5 MB."),
        (b"PK\x03\x04 bukan teks", "Ini berkas Excel, bukan CSV."),
        (b"kode_desa,nik,nama\r\n1,2,3\r\n", "Tidak ada: dokumen."),
        ("kode_desa,nik,nama,dokumen\r\n1,2,Jos\xe9,KK\r\n".encode("latin-1"), "CSV UTF-8"),
        (b"", "Berkas kosong."),
        (b"kode_desa,nik,nama,dokumen\r\n", "Berkas tidak berisi data di bawah baris judul."),
    ],
)
async def test_a_file_that_cannot_be_read_gets_a_clear_message(as_role, content, message):
    client = await as_role("dinas")
    response = await upload(client, content)
    assert response.status_code == 422
    assert message in text_of(response)
    assert await DaftarDesa.count() == 0


async def test_too_many_rows_is_refused(as_role, monkeypatch):
    monkeypatch.setattr(impor, "MAX_ROWS", 2)
    client = await as_role("dinas")
    response = await upload(client, csv_file(await labuhan_lines()))
    assert response.status_code == 422
    assert "Berkas berisi lebih dari 2 baris data" in text_of(response)


async def test_upt_staff_import_only_for_their_own_kecamatan(as_role):
    client = await as_role("upt_sembalun")
    preview = await upload(client, csv_file(await labuhan_lines()))
    assert preview.status_code == 422
    code = await desa_code("Labuhan Haji", "Labuhan Haji")
    assert f"Baris 2: Desa {code} di luar wilayah tugas Anda." in text_of(preview)


async def test_an_uploaded_file_can_be_imported_only_by_who_uploaded_it(client, as_role):
    await as_role("dinas")
    preview = await upload(client, csv_file(await labuhan_lines()))
    token = token_of(preview)
    client.cookies.clear()
    await as_role("upt_sembalun")
    response = await confirm(client, token)
    assert response.status_code == 422
    assert await DaftarDesa.count() == 0
    for forged in ("../../dekat.sqlite3", "x" * 22):
        assert (await confirm(client, forged)).status_code == 422


async def test_only_office_staff_import_and_the_template_is_published(as_role):
    client = await as_role("operator")
    assert (await client.get("/daftar-desa/impor")).status_code == 403
    client.cookies.clear()
    client = await as_role("dinas")
    page = await client.get("/daftar-desa/impor")
    assert soup(page).find("a", string="Unduh contoh berkas")
    template = await client.get("/daftar-desa/impor/contoh.csv")
    assert template.headers["content-disposition"].startswith("attachment;")
    assert template.content.startswith("\ufeff".encode())
    assert template.text.lstrip("\ufeff").splitlines()[0] == HEADER
    checked = impor.read_file(template.content, await impor.desa_codes())
    assert checked.errors == [] and len(checked.rows) == 2


async def test_someone_on_another_desa_list_moves_to_the_desa_that_lists_them_now(
    client, as_role, registry
):
    await import_directly(await labuhan_lines())
    labuhan = await desa_code("Labuhan Haji", "Labuhan Haji")
    geres = await desa_code("Labuhan Haji", "Geres")
    ahmad, rusdi = await row_id("Ahmad Fauzi"), await row_id("Rusdi Hamdi")
    # On Labuhan Haji's list, Ahmad was helped with a request and Rusdi marked as moved away.
    await as_role("operator")
    data = {
        "layanan": "kk_baru",
        "untuk": str(registry["people"]["Ahmad Fauzi"]),
        "daftar": str(ahmad),
        "ajukan": "1",
    }
    photos = {
        "dokumen_nikah": ("nikah.jpg", jpeg(), "image/jpeg"),
        "dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg"),
    }
    request_code = (await apply(client, data, photos)).headers["location"].rsplit("/", 1)[1]
    token = await csrf_token(client, "/daftar-desa")
    await client.post(
        f"/daftar-desa/{rusdi}/tanda",
        data={"tanda": "pindah", "catatan": "Pindah ke Geres", "_csrf_token": token},
    )
    client.cookies.clear()
    await as_role("dinas")
    lines = [
        f"{geres},5203171203880011,Ahmad Fauzi,KK",
        f"{geres},5203171505990021,Rusdi Hamdi,KTP-el",
        f"{labuhan},5203176402080011,Nurul Hasanah,KIA",
        f"{geres},5203175507900011,Siti Aminah,KK",
    ]
    preview = await upload(client, csv_file(lines))
    assert preview.status_code == 200, text_of(preview)[:500]
    page = text_of(preview)
    assert "Semua baris benar. 1 orang akan masuk daftar; 1 sudah ada dan akan dilewati." in page
    assert "2 orang sudah ada di daftar desa lain dan akan dipindah ke desa ini." in page
    moving = soup(preview).find("h2", string="Pindah dari daftar desa lain").find_next("ul")
    assert "Baris 3: Rusdi Hamdi sekarang di daftar Desa Labuhan Haji" in " ".join(
        moving.get_text(" ").split()
    )
    skipped = soup(preview).find("h2", string="Sudah ada di daftar (dilewati)").find_next("ul")
    assert "Nurul Hasanah" in skipped.get_text() and "Rusdi" not in skipped.get_text()
    figures = {
        row.th.get_text(" ").split()[0]: [cell.get_text() for cell in row.select("td")]
        for row in soup(preview).select("table.figures tbody tr")
    }
    assert figures == {"Geres": ["1", "2", "0"], "Labuhan": ["0", "0", "1"]}

    response = await confirm(client, token_of(preview))
    assert response.status_code == 303
    assert "dilewati=1&dipindah=2" in response.headers["location"]
    done = text_of(await client.get(response.headers["location"]))
    assert "Impor selesai: 3 orang masuk daftar, 1 sudah ada sebelumnya" in done
    assert "2 di antaranya dipindah dari daftar desa lain." in done
    geres_id = await desa_of("Labuhan Haji", "Geres")
    moved = await DaftarDesa.select().where(DaftarDesa.id == rusdi).first()
    assert moved["desa"] == geres_id
    assert (moved["tanda"], moved["catatan"]) == ("belum", "")
    assert (moved["ditandai_oleh"], moved["ditandai_pada"]) == (None, None)
    helped = (
        await DaftarDesa.select(DaftarDesa.desa, DaftarDesa.permohonan.kode)
        .where(DaftarDesa.id == ahmad)
        .first()
    )
    assert (helped["desa"], helped["permohonan.kode"]) == (geres_id, request_code)
    assert await DaftarDesa.count() == 4
    for moved_id in (ahmad, rusdi):
        assert await AuditLog.exists().where(
            (AuditLog.action == "pindah_daftar_desa") & (AuditLog.object_id == moved_id)
        )
    # The new desa's officer finds them; the old desa's list no longer holds them.
    client.cookies.clear()
    await as_role("operator_geres")
    assert "Rusdi Hamdi" in text_of(await client.get("/daftar-desa"))
    client.cookies.clear()
    await as_role("operator")
    old_list = text_of(await client.get("/daftar-desa"))
    assert "Nurul Hasanah" in old_list and "Rusdi Hamdi" not in old_list


def _age(data_dir, token: str, seconds: float) -> None:
    for suffix in (".csv", ".json"):
        path = data_dir / "impor" / f"{token}{suffix}"
        past = time.time() - seconds
        os.utime(path, (past, past))


async def test_uploads_left_unconfirmed_are_deleted_once_expired(tmp_path):
    old = impor.store_upload(tmp_path, 7, "lama.csv", b"kode_desa,nik,nama,dokumen")
    fresh = impor.store_upload(tmp_path, 7, "baru.csv", b"baru")
    _age(tmp_path, old, impor.UPLOAD_LIFETIME + 60)
    # Expired is expired, swept or not: it cannot be imported any more.
    assert impor.load_upload(tmp_path, 7, old) is None
    assert impor.sweep_uploads(tmp_path) == 2
    assert sorted(path.stem for path in (tmp_path / "impor").iterdir()) == [fresh, fresh]
    assert impor.load_upload(tmp_path, 7, fresh) == ("baru.csv", b"baru")
    # The next upload sweeps as well.
    _age(tmp_path, fresh, impor.UPLOAD_LIFETIME + 60)
    newest = impor.store_upload(tmp_path, 7, "terbaru.csv", b"terbaru")
    assert {path.stem for path in (tmp_path / "impor").iterdir()} == {newest}
    assert impor.sweep_uploads(tmp_path / "nothing-here") == 0


async def test_the_application_sweeps_expired_uploads_when_it_starts(client):
    data_dir = get_settings().data_dir
    token = impor.store_upload(data_dir, 7, "ditinggal.csv", b"5203171203880011")
    _age(data_dir, token, impor.UPLOAD_LIFETIME + 60)
    async with create_app().lifespan():
        pass
    assert not list((data_dir / "impor").glob(f"{token}.*"))


# --- The desa officer's list ----------------------------------------------------------------


async def test_the_officer_sees_their_desa_list_masked_and_filtered(as_role):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    page = await client.get("/daftar-desa")
    assert page.status_code == 200
    text = text_of(page)
    assert "Daftar BAKSO Desa Labuhan Haji" in text
    assert "3 orang di daftar: 3 belum dicek, 0 sudah dibantu." in text
    assert {"Ahmad Fauzi", "Rusdi Hamdi", "Nurul Hasanah"} <= set(
        strong.get_text() for strong in soup(page).select("#isi li strong")
    )
    assert "5203171203880011" not in page.text
    assert "520317••••••0011" in page.text
    only_kk = text_of(await client.get("/daftar-desa?dokumen=kk"))
    assert "Ahmad Fauzi" in only_kk and "Rusdi Hamdi" not in only_kk
    by_name = text_of(await client.get("/daftar-desa?q=rusdi"))
    assert "Rusdi Hamdi" in by_name and "Ahmad Fauzi" not in by_name
    assert "1 orang cocok" in by_name
    home = text_of(await client.get("/"))
    assert "Daftar BAKSO: 3 orang belum dicek" in home


async def test_help_links_follow_the_registry(as_role, registry):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    page = soup(await client.get("/daftar-desa"))
    ahmad = page.find(id=f"baris-{await row_id('Ahmad Fauzi')}")
    link = ahmad.find("a", string=re.compile("Ajukan"))
    assert link["href"] == (
        f"/permohonan/baru?layanan=kk_baru&untuk={registry['people']['Ahmad Fauzi']}"
        f"&daftar={await row_id('Ahmad Fauzi')}"
    )
    # Not recorded yet: no KTP-el to print, the list says why instead of a dead-end link.
    rusdi = page.find(id=f"baris-{await row_id('Rusdi Hamdi')}")
    assert rusdi.find("a", string=re.compile("Ajukan")) is None
    assert "Belum rekam biometrik" in rusdi.get_text()


async def test_marking_a_person_swaps_their_row_and_is_recorded(as_role):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    target = await row_id("Rusdi Hamdi")
    token = await csrf_token(client, "/daftar-desa")
    response = await client.post(
        f"/daftar-desa/{target}/tanda",
        data={"tanda": "pindah", "catatan": "Pindah ke Mataram", "_csrf_token": token},
        headers={"HX-Request": "true", "HX-Target": f"baris-{target}"},
    )
    assert response.status_code == 200
    fragment = soup(response)
    assert fragment.select_one("li")["id"] == f"baris-{target}"
    assert "Sudah pindah" in fragment.select_one(".badge").get_text()
    assert "<main" not in response.text
    row = await DaftarDesa.select().where(DaftarDesa.id == target).first()
    assert (row["tanda"], row["catatan"]) == ("pindah", "Pindah ke Mataram")
    assert row["ditandai_oleh"] is not None and row["ditandai_pada"] is not None
    assert await AuditLog.exists().where(
        (AuditLog.action == "tandai_daftar_desa") & (AuditLog.object_id == target)
    )
    # Without htmx: back to the list.
    plain = await client.post(
        f"/daftar-desa/{target}/tanda",
        data={"tanda": "masih_tinggal", "_csrf_token": token},
        follow_redirects=False,
    )
    assert plain.status_code == 303


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"tanda": "hilang"}, "Pilih tanda dari daftar."),
        ({"tanda": "pindah", "catatan": "x" * 501}, "Catatan maksimal 500 karakter."),
    ],
)
async def test_a_bad_mark_changes_nothing(as_role, form, message):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    target = await row_id("Rusdi Hamdi")
    token = await csrf_token(client, "/daftar-desa")
    response = await client.post(
        f"/daftar-desa/{target}/tanda",
        data={**form, "_csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert message in text_of(response)
    row = await DaftarDesa.select().where(DaftarDesa.id == target).first()
    assert (row["tanda"], row["catatan"], row["ditandai_pada"]) == ("belum", "", None)


async def test_nobody_reads_or_marks_another_desa_list(client, as_role):
    await import_directly(await labuhan_lines())
    labuhan = await desa_code("Labuhan Haji", "Labuhan Haji")
    target = await row_id("Rusdi Hamdi")
    await as_role("operator_geres")
    assert (await client.get(f"/daftar-desa?desa={labuhan}")).status_code == 404
    assert "Rusdi" not in (await client.get("/daftar-desa")).text
    token = await csrf_token(client, "/daftar-desa")
    marked = await client.post(
        f"/daftar-desa/{target}/tanda", data={"tanda": "pindah", "_csrf_token": token}
    )
    assert marked.status_code == 404
    assert (await client.get(f"/daftar-desa/ekspor.csv?desa={labuhan}")).status_code == 404
    client.cookies.clear()
    await as_role("upt_sembalun")
    assert (await client.get(f"/daftar-desa?desa={labuhan}")).status_code == 404
    assert (await client.get(f"/daftar-desa/ekspor.csv?desa={labuhan}")).status_code == 404
    assert "Labuhan" not in text_of(await client.get("/daftar-desa"))
    assert "Rusdi" not in (await client.get("/daftar-desa/ekspor.csv")).text
    client.cookies.clear()
    await as_role("dinas")
    # The Dinas reads every list, and marks none: that is the desa's work.
    assert "Rusdi Hamdi" in (await client.get(f"/daftar-desa?desa={labuhan}")).text
    token = await csrf_token(client, "/daftar-desa")
    marked = await client.post(
        f"/daftar-desa/{target}/tanda", data={"tanda": "pindah", "_csrf_token": token}
    )
    assert marked.status_code == 403
    client.cookies.clear()
    await as_role("warga")
    assert (await client.get("/daftar-desa")).status_code == 403
    assert (await DaftarDesa.select().where(DaftarDesa.id == target).first())["tanda"] == "belum"


async def test_a_request_started_from_the_list_is_linked_to_its_row(as_role, registry):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    target = await row_id("Ahmad Fauzi")
    form = soup(
        await client.get(
            f"/permohonan/baru?layanan=kk_baru&untuk={registry['people']['Ahmad Fauzi']}"
            f"&daftar={target}"
        )
    )
    assert form.select_one("input[name=daftar]")["value"] == str(target)
    photos = {
        "dokumen_nikah": ("nikah.jpg", jpeg(), "image/jpeg"),
        "dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg"),
    }
    data = {
        "layanan": "kk_baru",
        "untuk": str(registry["people"]["Ahmad Fauzi"]),
        "daftar": str(target),
        "ajukan": "1",
    }
    response = await apply(client, data, photos)
    assert response.status_code == 303, response.text[:500]
    code = response.headers["location"].rsplit("/", 1)[1]
    row = (
        await DaftarDesa.select(DaftarDesa.tanda, DaftarDesa.permohonan.kode)
        .where(DaftarDesa.id == target)
        .first()
    )
    assert (row["tanda"], row["permohonan.kode"]) == ("dibantu", code)
    item = soup(await client.get("/daftar-desa")).find(id=f"baris-{target}")
    assert code in item.get_text()
    assert "Sudah dibantu" in item.get_text()
    # A row of someone else is never linked by a request for another person.
    other = await row_id("Rusdi Hamdi")
    data = {**data, "daftar": str(other)}
    assert (await apply(client, data, photos)).status_code == 303
    rusdi = await DaftarDesa.select().where(DaftarDesa.id == other).first()
    assert (rusdi["tanda"], rusdi["permohonan"]) == ("belum", None)
    assert await Permohonan.count().where(Permohonan.kode == code) == 1


@pytest.mark.parametrize("crafted", ["²", "99999999999999999999", "-1", "0"])
async def test_a_crafted_list_row_in_a_request_links_nothing_and_is_no_server_error(
    as_role, registry, crafted
):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    ahmad = registry["people"]["Ahmad Fauzi"]
    form = soup(
        await client.get(f"/permohonan/baru?layanan=kk_baru&untuk={ahmad}&daftar={crafted}")
    )
    assert form.select_one("input[name=daftar]") is None
    kantor = await default_kantor_id(client, "kk_baru", ahmad)
    data = {
        "layanan": "kk_baru",
        "untuk": str(ahmad),
        "kantor": kantor,
        "daftar": crafted,
        "ajukan": "1",
    }
    photos = {
        "dokumen_nikah": ("nikah.jpg", jpeg(), "image/jpeg"),
        "dokumen_kk": ("kk.jpg", jpeg(), "image/jpeg"),
    }
    response = await apply(client, data, photos)
    assert response.status_code == 303
    assert await DaftarDesa.count().where(DaftarDesa.permohonan.is_not_null()) == 0
    # The person and the office are numbers too.
    for name in ("untuk", "kantor"):
        refused = await apply(client, {**data, name: crafted}, photos)
        assert refused.status_code == 422, (name, refused.status_code)


# --- Booking jemput bola from the list -------------------------------------------------------


@pytest.fixture
async def visit(scratch):
    """A published jemput-bola visit to Desa Labuhan Haji next week."""
    desa = await desa_of("Labuhan Haji", "Labuhan Haji")
    team = await scratch.team("Labuhan Haji")
    return await scratch.visit(team, desa, working_day(0, 1), 30)


async def book(client, visit: dict, penduduk: int, daftar: str):
    token = await csrf_token(client, "/daftar-desa")
    data = {"penduduk": str(penduduk), "sesi": str(visit["sesi"][0]), "keperluan": "rekam"}
    return await client.post(
        f"/jemput-bola/kunjungan/{visit['id']}/pesan",
        data={**data, "daftar": daftar, "_csrf_token": token},
        follow_redirects=False,
    )


async def test_a_booking_made_from_the_list_is_linked_to_its_row(as_role, registry, visit):
    await import_directly(await labuhan_lines())
    client = await as_role("operator")
    target = await row_id("Rusdi Hamdi")
    rusdi = registry["people"]["Rusdi Hamdi"]
    item = soup(await client.get("/daftar-desa")).find(id=f"baris-{target}")
    link = item.find("a", string=re.compile("Pesan jemput bola"))
    assert link["href"] == f"/jemput-bola/kunjungan/{visit['id']}?untuk={rusdi}&daftar={target}"
    form = soup(await client.get(link["href"])).select_one("#form-pesan")
    assert form.select_one("input[name=daftar]")["value"] == str(target)
    assert form.select_one("input[name=penduduk]")["value"] == str(rusdi)

    code = ticket_code(await book(client, visit, rusdi, str(target)))
    row = (
        await DaftarDesa.select(
            DaftarDesa.tanda,
            DaftarDesa.pemesanan.kode,
            DaftarDesa.ditandai_oleh.username,
            DaftarDesa.ditandai_pada,
        )
        .where(DaftarDesa.id == target)
        .first()
    )
    assert (row["tanda"], row["pemesanan.kode"]) == ("dibantu", code)
    assert row["ditandai_oleh.username"] == "operator.uji"
    assert row["ditandai_pada"] is not None
    assert await AuditLog.exists().where(
        (AuditLog.action == "tandai_daftar_desa") & (AuditLog.object_id == target)
    )
    item = soup(await client.get("/daftar-desa")).find(id=f"baris-{target}")
    assert code in item.get_text() and "Sudah dibantu" in item.get_text()
    assert item.find("a", string=re.compile("Pesan jemput bola")) is None


async def test_a_crafted_list_row_in_a_booking_changes_nothing(as_role, visit, scratch):
    moved_away, *others = await scratch.residents(visit["desa"], 4)
    geres = await desa_code("Labuhan Haji", "Geres")
    await import_directly(
        [*await labuhan_lines(), f"{geres},{moved_away['nik']},{moved_away['nama']},KTP-el"]
    )
    client = await as_role("operator")
    for person, daftar in (
        (others[0], str(await row_id("Ahmad Fauzi"))),  # a row of someone else
        (moved_away, str(await row_id(moved_away["nama"]))),  # their row, on another desa's list
        (others[1], "²"),
        (others[2], "99999999999999999999"),
    ):
        ticket_code(await book(client, visit, person["id"], daftar))
    assert await Pemesanan.count().where(Pemesanan.kunjungan == visit["id"]) == 4
    rows = await DaftarDesa.select(DaftarDesa.tanda, DaftarDesa.pemesanan, DaftarDesa.ditandai_pada)
    assert {(r["tanda"], r["pemesanan"], r["ditandai_pada"]) for r in rows} == {
        ("belum", None, None)
    }


# --- The Dinas' overview and the export -----------------------------------------------------


async def test_the_dinas_sees_every_desa_with_a_list(as_role):
    await import_directly(await labuhan_lines())
    client = await as_role("dinas")
    page = await client.get("/daftar-desa")
    assert page.status_code == 200
    row = soup(page).select_one("table.figures tbody tr")
    assert "Labuhan Haji" in row.get_text()
    assert [cell.get_text() for cell in row.select("td")] == ["3", "3", "0"]


async def test_the_export_holds_the_marks_with_correct_quoting(client, as_role):
    code = await desa_code("Labuhan Haji", "Labuhan Haji")
    await import_directly(
        [
            *await labuhan_lines(),
            f'{code},5203175507900011,"Aminah, Siti ""Ina""",KK',
            f"{code},5203170505700011,=HYPERLINK(1),KK",
        ]
    )
    await as_role("operator")
    target = await row_id("Rusdi Hamdi")
    token = await csrf_token(client, "/daftar-desa")
    await client.post(
        f"/daftar-desa/{target}/tanda",
        data={
            "tanda": "pindah",
            "catatan": "Ke Mataram; alamat: Jl. Langko, No. 5",
            "_csrf_token": token,
        },
        headers={"HX-Request": "true"},
    )
    response = await client.get("/daftar-desa/ekspor.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="daftar-bakso-{code}-' in disposition
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(lists.EXPORT_COLUMNS)
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name['Aminah, Siti "Ina"'][1] == "5203175507900011"
    assert '"Aminah, Siti ""Ina"""' in response.text
    assert "'=HYPERLINK(1)" in by_name
    rusdi = by_name["Rusdi Hamdi"]
    assert rusdi[:6] == [
        code,
        "5203171505990021",
        "Rusdi Hamdi",
        "ktp_el",
        "pindah",
        "Ke Mataram; alamat: Jl. Langko, No. 5",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rusdi[6])
    assert len(rows) == 6
    assert await AuditLog.exists().where(AuditLog.action == "ekspor_daftar_desa")
    client.cookies.clear()
    await as_role("dinas")
    everything = await client.get("/daftar-desa/ekspor.csv")
    assert 'filename="daftar-bakso-semua-' in everything.headers["content-disposition"]
    assert len(list(csv.reader(io.StringIO(everything.content.decode("utf-8-sig"))))) == 6
