"""Desa lists (program BAKSO): residents lacking a document, per desa. The desa officer works
through their desa's list (marks what they found out, starts a request or books jemput bola from
a row, which links the row and marks it helped), the Dinas reads every desa's progress, and the
results go back to the Dinas as CSV. Importing a list: services/impor_daftar.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.columns.combination import Where, WhereRaw
from piccolo.query.functions.aggregate import Count

from server.db import contains_text, write_transaction
from server.errors import UserError
from server.i18n import Message, lazy_ngettext
from server.models.accounts import Role
from server.models.daftar_desa import DaftarDesa, JenisDokumen, Tanda
from server.models.jemput_bola import Pemesanan, StatusPemesanan
from server.models.wilayah import Desa
from server.services import audit
from server.services import layanan as katalog
from server.services.auth import User
from server.services.scope import EVERYONE, NOBODY
from server.services.wilayah import LOCAL_TIME

#: Rows per INSERT and values per IN (...): well inside SQLite's and asyncpg's limits.
CHUNK = 500
MAX_NOTE = 500
PAGE_SIZE = 50
EXPORT_COLUMNS = (
    "kode_desa",
    "nik",
    "nama",
    "dokumen",
    "tanda",
    "catatan",
    "ditandai_pada",
    "kode_permohonan",
    "kode_tiket",
)
#: The service that gives each document.
LAYANAN_FOR = {
    JenisDokumen.ktp_el: "ktp_cetak",
    JenisDokumen.kk: "kk_baru",
    JenisDokumen.akta: "akta_kelahiran",
    JenisDokumen.kia: "kia",
}
#: Bookings that show on the list: holding a place, waiting, or attended.
LIVE_TICKETS = (StatusPemesanan.aktif, StatusPemesanan.menunggu, StatusPemesanan.hadir)


class ListError(UserError):
    """A file or a mark that cannot be taken."""


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Scope ----------------------------------------------------------------------------------


def list_scope(user: User) -> Where | WhereRaw:
    """A condition on `DaftarDesa` for the rows `user` may read: a desa officer their desa's,
    UPT staff their kecamatan's, the Dinas all."""
    if user.role == Role.operator_desa and user.desa_id:
        return DaftarDesa.desa == user.desa_id
    if user.role == Role.petugas_dinas:
        if user.kecamatan_id:
            return DaftarDesa.desa.kecamatan == user.kecamatan_id
        return EVERYONE
    return NOBODY


async def readable_desa(user: User, code: str) -> dict | None:
    """The desa if `user` may read its list; None whether unknown or out of scope."""
    row = (
        await Desa.select(Desa.id, Desa.code, Desa.name, Desa.kecamatan, Desa.kecamatan.name)
        .where(Desa.code == code)
        .first()
    )
    if row is None:
        return None
    if user.role == Role.operator_desa:
        return row if row["id"] == user.desa_id else None
    if user.role == Role.petugas_dinas:
        return row if not user.kecamatan_id or row["kecamatan"] == user.kecamatan_id else None
    return None


async def own_desa(user: User) -> dict | None:
    row = await Desa.select(Desa.code).where(Desa.id == user.desa_id).first()
    return await readable_desa(user, row["code"]) if row else None


# --- The list of one desa -------------------------------------------------------------------

LIST_COLUMNS = (
    DaftarDesa.id,
    DaftarDesa.nik,
    DaftarDesa.nama,
    DaftarDesa.dokumen,
    DaftarDesa.tanda,
    DaftarDesa.catatan,
    DaftarDesa.ditandai_pada,
    DaftarDesa.penduduk,
    DaftarDesa.penduduk.tanggal_lahir,
    DaftarDesa.penduduk.ktp_status,
    DaftarDesa.penduduk.ikd_status,
    DaftarDesa.permohonan.kode,
    DaftarDesa.permohonan.status,
    DaftarDesa.pemesanan.kode,
    DaftarDesa.pemesanan.status,
    DaftarDesa.desa,
)


@dataclass(frozen=True)
class Filters:
    dokumen: str = ""
    tanda: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def clean(cls, dokumen: str, tanda: str, q: str, page: int) -> Filters:
        """Unknown values are dropped, not errors: a filter link typed by hand shows all."""
        return cls(
            dokumen=dokumen if dokumen in JenisDokumen.__members__ else "",
            tanda=tanda if tanda in Tanda.__members__ else "",
            q=q.strip()[:60],
            page=max(1, min(page, 10_000)),
        )

    def condition(self, desa_id: int) -> Where:
        condition = DaftarDesa.desa == desa_id
        if self.dokumen:
            condition &= DaftarDesa.dokumen == self.dokumen
        if self.tanda:
            condition &= DaftarDesa.tanda == self.tanda
        if self.q:
            condition &= contains_text(DaftarDesa.nama, self.q)
        return condition


async def tanda_counts(desa_id: int) -> dict[str, int]:
    """How many on a desa's list carry each mark, and `total`."""
    rows = await (
        DaftarDesa.select(DaftarDesa.tanda, Count(alias="n"))
        .where(DaftarDesa.desa == desa_id)
        .group_by(DaftarDesa.tanda)
    )
    counts = {tanda.value: 0 for tanda in Tanda}
    counts.update((row["tanda"], row["n"]) for row in rows)
    counts["total"] = sum(row["n"] for row in rows)
    return counts


async def to_check(desa_id: int | None) -> int:
    """How many on the desa's list nobody has looked at yet (for the officer's home page)."""
    if not desa_id:
        return 0
    return await DaftarDesa.count().where(
        (DaftarDesa.desa == desa_id) & (DaftarDesa.tanda == Tanda.belum)
    )


async def list_page(desa_id: int, filters: Filters) -> tuple[list[dict], int]:
    """One page of a desa's list, by name, and how many rows match the filters."""
    condition = filters.condition(desa_id)
    total = await DaftarDesa.count().where(condition)
    rows = await (
        DaftarDesa.select(*LIST_COLUMNS)
        .where(condition)
        .order_by(DaftarDesa.nama)
        .order_by(DaftarDesa.id)
        .limit(PAGE_SIZE)
        .offset((filters.page - 1) * PAGE_SIZE)
    )
    await _add_help(rows)
    return rows, total


async def readable_row(user: User, row_id: int) -> dict | None:
    rows = await DaftarDesa.select(*LIST_COLUMNS).where(
        (DaftarDesa.id == row_id) & list_scope(user)
    )
    await _add_help(rows)
    return rows[0] if rows else None


async def _tickets(penduduk_ids: list[int]) -> dict[int, str]:
    """The latest live jemput-bola ticket of each resident."""
    if not penduduk_ids:
        return {}
    rows = await (
        Pemesanan.select(Pemesanan.penduduk, Pemesanan.kode)
        .where(Pemesanan.penduduk.is_in(penduduk_ids) & Pemesanan.status.is_in(list(LIVE_TICKETS)))
        .order_by(Pemesanan.id)
    )
    return {row["penduduk"]: row["kode"] for row in rows}


async def _add_help(rows: list[dict]) -> None:
    """For each row: the service to apply for (or why not), and a booked ticket if any. A
    booking made on the visit's own page is found here, by the resident."""
    tickets = await _tickets([row["penduduk"] for row in rows if row["penduduk"]])
    for row in rows:
        row["layanan"] = katalog.get(LAYANAN_FOR[JenisDokumen(row["dokumen"])])
        row["tidak_bisa"] = None
        if row["penduduk"]:
            person = {
                "tanggal_lahir": row["penduduk.tanggal_lahir"],
                "ktp_status": row["penduduk.ktp_status"],
                "ikd_status": row["penduduk.ikd_status"],
            }
            row["tidak_bisa"] = row["layanan"].not_eligible(person)
        row["tiket"] = _linked_ticket(row) or tickets.get(row["penduduk"])


def _linked_ticket(row: dict) -> str | None:
    """The booking made from this row, while it still holds or waits for a place."""
    return row["pemesanan.kode"] if row["pemesanan.status"] in LIVE_TICKETS else None


async def mark(user: User, row_id: int, tanda: str, catatan: str) -> dict | None:
    """Record what the desa officer found out. None when the row is not theirs; `ListError`
    for a mark or note that cannot be taken (nothing is changed then)."""
    row = await readable_row(user, row_id)
    if row is None or user.role != Role.operator_desa:
        return None
    if tanda not in Tanda.__members__:
        raise ListError(Message("Pilih tanda dari daftar."))
    catatan = catatan.strip()
    if len(catatan) > MAX_NOTE:
        raise ListError(
            lazy_ngettext(
                "Catatan maksimal %(num)s karakter.", "Catatan maksimal %(num)s karakter.", MAX_NOTE
            )
        )
    async with write_transaction():
        await DaftarDesa.update(
            {
                DaftarDesa.tanda: tanda,
                DaftarDesa.catatan: catatan,
                DaftarDesa.ditandai_oleh: user.id,
                DaftarDesa.ditandai_pada: datetime.now(UTC),
            }
        ).where((DaftarDesa.id == row_id) & (DaftarDesa.desa == user.desa_id))
        await audit.record(user, "tandai_daftar_desa", "daftar_desa", row_id)
    return await readable_row(user, row_id)


async def link_request(user: User, row_id: int, permohonan_id: int, pemohon_id: int, layanan: str):
    """Inside the request's own transaction: tie a request made from the list to its row and
    mark the row as helped. A row of another resident, document or desa is left alone."""
    dokumen = [value for value, kode in LAYANAN_FOR.items() if kode == layanan]
    if dokumen:
        only = (DaftarDesa.penduduk == pemohon_id) & (DaftarDesa.dokumen == dokumen[0])
        await _link(user, row_id, {DaftarDesa.permohonan: permohonan_id}, only)


async def link_booking(user: User, row_id: int, pemesanan_id: int, penduduk_id: int) -> None:
    """Inside the booking's own transaction: tie a jemput-bola booking made from the list to
    its row and mark the row as helped. A row of another resident or desa is left alone."""
    only = DaftarDesa.penduduk == penduduk_id
    await _link(user, row_id, {DaftarDesa.pemesanan: pemesanan_id}, only)


async def _link(user: User, row_id: int, link: dict, only: Where) -> None:
    """Only the desa officer of the row's own desa links it: the conditions are part of the
    UPDATE, so a crafted row id changes nothing."""
    if user.role != Role.operator_desa or not user.desa_id:
        return
    linked = await (
        DaftarDesa.update(
            {
                **link,
                DaftarDesa.tanda: Tanda.dibantu,
                DaftarDesa.ditandai_oleh: user.id,
                DaftarDesa.ditandai_pada: datetime.now(UTC),
            }
        )
        .where((DaftarDesa.id == row_id) & (DaftarDesa.desa == user.desa_id) & only)
        .returning(DaftarDesa.id)
    )
    if linked:
        await audit.record(user, "tandai_daftar_desa", "daftar_desa", row_id)


async def overview(user: User) -> list[dict]:
    """Desa with a list in `user`'s scope: how many in all, not yet checked, helped."""
    rows = await (
        DaftarDesa.select(
            DaftarDesa.desa.code.as_alias("code"),
            DaftarDesa.desa.name.as_alias("name"),
            DaftarDesa.desa.kecamatan.name.as_alias("kecamatan"),
            DaftarDesa.tanda,
            Count(alias="n"),
        )
        .where(list_scope(user))
        .group_by(
            DaftarDesa.desa.code,
            DaftarDesa.desa.name,
            DaftarDesa.desa.kecamatan.name,
            DaftarDesa.tanda,
        )
    )
    table: dict[str, dict] = {}
    for row in rows:
        entry = table.setdefault(
            row["code"],
            {
                **{k: row[k] for k in ("code", "name", "kecamatan")},
                "total": 0,
                "belum": 0,
                "dibantu": 0,
            },
        )
        entry["total"] += row["n"]
        if row["tanda"] in ("belum", "dibantu"):
            entry[row["tanda"]] += row["n"]
    return sorted(table.values(), key=lambda entry: entry["code"])


# --- Export ---------------------------------------------------------------------------------


def _cell(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


async def export_csv(user: User, desa_id: int | None) -> bytes:
    """The lists in `user`'s scope (or one desa's) as CSV, UTF-8 with a BOM so that Excel reads
    it as such. Full NIKs: the Dinas matches rows by them."""
    condition = list_scope(user)
    if desa_id is not None:
        condition &= DaftarDesa.desa == desa_id
    rows = await (
        DaftarDesa.select(
            DaftarDesa.desa.code,
            DaftarDesa.nik,
            DaftarDesa.nama,
            DaftarDesa.dokumen,
            DaftarDesa.tanda,
            DaftarDesa.catatan,
            DaftarDesa.ditandai_pada,
            DaftarDesa.penduduk,
            DaftarDesa.permohonan.kode,
            DaftarDesa.pemesanan.kode,
            DaftarDesa.pemesanan.status,
        )
        .where(condition)
        .order_by(DaftarDesa.desa.code)
        .order_by(DaftarDesa.nama)
        .order_by(DaftarDesa.id)
    )
    tickets = await _tickets_in_chunks([row["penduduk"] for row in rows if row["penduduk"]])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        marked = row["ditandai_pada"]
        writer.writerow(
            (
                row["desa.code"],
                row["nik"],
                _cell(row["nama"]),
                row["dokumen"],
                row["tanda"],
                _cell(row["catatan"]),
                marked.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M") if marked else "",
                row["permohonan.kode"] or "",
                _linked_ticket(row) or tickets.get(row["penduduk"], ""),
            )
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


async def _tickets_in_chunks(penduduk_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in chunks(sorted(set(penduduk_ids))):
        found.update(await _tickets(part))
    return found
