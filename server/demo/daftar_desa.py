"""Demo desa lists (program BAKSO): a list the Dinas imported for the demo officer's desa and two
more, made from registry residents who lack a document, some already marked by the officer.
Written through the same import and marking rules as real lists."""

from __future__ import annotations

from datetime import date

from server.models.daftar_desa import DaftarDesa, DaftarImpor, JenisDokumen, Tanda
from server.models.penduduk import Hubungan, KtpStatus, Penduduk, adult_cutoff
from server.models.wilayah import Desa
from server.services import daftar_desa as lists
from server.services import impor_daftar as impor
from server.services import wilayah
from server.services.auth import user_by_username

DEMO_FILE = "daftar-bakso-contoh.csv"
#: (kecamatan, desa, most rows): the demo officer's desa first, in full.
DEMO_DESA = (
    ("Labuhan Haji", "Labuhan Haji", 80),
    ("Labuhan Haji", "Geres", 20),
    ("Sembalun", "Sembalun Bumbung", 20),
)
#: The officer's first findings: (mark, note).
DEMO_MARKS = (
    (Tanda.masih_tinggal, "Sudah dikunjungi, bersedia rekam saat jemput bola."),
    (Tanda.pindah, "Pindah ke Mataram sejak 2024."),
    (Tanda.sudah_punya, "KTP-el sudah ada, belum tercatat di Dinas."),
)


def _needs(people: list[dict], today: date) -> list[tuple[dict, str]]:
    """Who lacks what: adults not recorded or not printed lack a KTP-el; every third child
    lacks a KIA; grown children still on their parents' KK lack a birth certificate now and
    then (a common gap among adults in the regency)."""
    adult = adult_cutoff(today)
    needs = []
    for index, person in enumerate(people):
        grown = person["tanggal_lahir"] <= adult
        if grown and person["ktp_status"] in (KtpStatus.belum_rekam, KtpStatus.sudah_rekam):
            needs.append((person, JenisDokumen.ktp_el))
        elif not grown and index % 3 == 0:
            needs.append((person, JenisDokumen.kia))
        if grown and person["hubungan"] == Hubungan.anak and index % 4 == 0:
            needs.append((person, JenisDokumen.akta))
    return needs


async def seed_demo_daftar_desa() -> None:
    if await DaftarImpor.exists().where(DaftarImpor.nama_berkas == DEMO_FILE):
        return
    dinas = await user_by_username("dinas.demo")
    operator = await user_by_username("operator.demo")
    if dinas is None or operator is None:
        return
    rows: list[impor.Row] = []
    for kecamatan, name, most in DEMO_DESA:
        desa = (
            await Desa.select(Desa.id)
            .where((Desa.name == name) & (Desa.kecamatan.name == kecamatan))
            .first()
        )
        if desa is None:
            continue
        people = (
            await Penduduk.select(
                Penduduk.nik,
                Penduduk.nama,
                Penduduk.tanggal_lahir,
                Penduduk.ktp_status,
                Penduduk.hubungan,
            )
            .where(Penduduk.desa == desa["id"])
            .order_by(Penduduk.id)
        )
        needs = _needs(people, wilayah.today())[:most]
        rows.extend(
            impor.Row(len(rows) + 2, desa["id"], person["nik"], person["nama"], dokumen)
            for person, dokumen in needs
        )
    await impor.import_rows(dinas, DEMO_FILE, rows)
    first = (
        await DaftarDesa.select(DaftarDesa.id)
        .where(DaftarDesa.desa == operator.desa_id)
        .order_by(DaftarDesa.id)
        .limit(len(DEMO_MARKS))
    )
    for row, (tanda, catatan) in zip(first, DEMO_MARKS, strict=False):
        await lists.mark(operator, row["id"], tanda, catatan)
