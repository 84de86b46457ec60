"""Desa lists (program BAKSO): the Dinas imports a CSV file of residents lacking a document, the
desa officer works through their desa's list, and the results go back to the Dinas as CSV.

An import is checked whole before anything is written: every row is read and every problem is
reported with its row number as a spreadsheet shows it (the header is row 1). A file with any
bad row imports nothing; a good file is written in one transaction. Between the preview and the
confirmation the file waits in the data folder under a random name, tied to the account that
uploaded it, so no row ever travels back through the browser.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import anyio
from piccolo.columns.combination import Where, WhereRaw
from piccolo.engine.postgres import PostgresEngine
from piccolo.query.functions.aggregate import Count

from server.db import contains_text, write_transaction
from server.i18n import Message
from server.models.accounts import Role
from server.models.daftar_desa import DaftarDesa, DaftarImpor, JenisDokumen, Tanda
from server.models.jemput_bola import Pemesanan, StatusPemesanan
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa
from server.services import audit
from server.services import layanan as katalog
from server.services import nik as nik_rules
from server.services.auth import User
from server.services.scope import EVERYONE, NOBODY
from server.services.wilayah import LOCAL_TIME

#: An upload larger than this is refused before it is read.
MAX_BYTES = 5 * 1024 * 1024
#: Data rows in one file (about a year of lists for the whole regency).
MAX_ROWS = 50_000
#: Row errors shown on the preview; the rest are counted.
MAX_ERRORS_SHOWN = 100
#: Rows shown as a sample, and rows already on the lists named one by one.
SAMPLE_ROWS = 10
MAX_EXISTING_SHOWN = 20
#: Rows per INSERT and values per IN (...): well inside SQLite's and asyncpg's limits.
CHUNK = 500
#: Rows imported at once from which PostgreSQL is asked to refresh the table's statistics.
ANALYZE_AFTER = 1_000
MAX_NAME = 120
MAX_NOTE = 500
PAGE_SIZE = 50
#: An uploaded file not confirmed within this many seconds is deleted at the next upload.
UPLOAD_LIFETIME = 24 * 3600
COLUMNS = ("kode_desa", "nik", "nama", "dokumen")
TEMPLATE_CSV = (
    "kode_desa,nik,nama,dokumen\r\n"
    "52.03.17.2007,5203171203880001,Ahmad Fauzi,KTP-el\r\n"
    "52.03.17.2007,5203176402080001,Nurul Hasanah,KIA\r\n"
)
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

#: How people write each document in a spreadsheet, reduced to letters (see `parse_dokumen`).
DOKUMEN_NAMES = {
    "ktpel": JenisDokumen.ktp_el,
    "ektp": JenisDokumen.ktp_el,
    "ktp": JenisDokumen.ktp_el,
    "ktpelektronik": JenisDokumen.ktp_el,
    "kk": JenisDokumen.kk,
    "kartukeluarga": JenisDokumen.kk,
    "akta": JenisDokumen.akta,
    "akte": JenisDokumen.akta,
    "aktakelahiran": JenisDokumen.akta,
    "aktekelahiran": JenisDokumen.akta,
    "aktalahir": JenisDokumen.akta,
    "kia": JenisDokumen.kia,
    "kartuidentitasanak": JenisDokumen.kia,
}
#: The service that gives each document.
LAYANAN_FOR = {
    JenisDokumen.ktp_el: "ktp_cetak",
    JenisDokumen.kk: "kk_baru",
    JenisDokumen.akta: "akta_kelahiran",
    JenisDokumen.kia: "kia",
}
#: Bookings that show on the list: holding a place, waiting, or attended.
LIVE_TICKETS = (StatusPemesanan.aktif, StatusPemesanan.menunggu, StatusPemesanan.hadir)


class ListError(ValueError):
    """A file or a mark that cannot be taken; `message` is for the person who tried."""

    def __init__(self, message: str | Message):
        super().__init__(str(message))
        self.message = message


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


# --- Reading the CSV file -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One good row of an imported file."""

    baris: int  # the row number a spreadsheet shows
    desa_id: int
    nik: str
    nama: str
    dokumen: str

    @property
    def kunci(self) -> str:
        return f"{self.nik}:{self.dokumen}"


@dataclass(frozen=True)
class RowError:
    baris: int
    masalah: Message


@dataclass
class Checked:
    """What a file holds: its good rows and every problem found."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: Rows already on the lists: skipped at import, not errors.
    existing: list[Row] = field(default_factory=list)

    @property
    def new_rows(self) -> list[Row]:
        known = {row.kunci for row in self.existing}
        return [row for row in self.rows if row.kunci not in known]


def parse_dokumen(raw: str) -> str | None:
    """ "KTP-el", "ktp_el", "E-KTP", "Akta kelahiran", "KIA"... -> the stored value."""
    return DOKUMEN_NAMES.get(re.sub(r"[^a-z]", "", raw.lower()))


def _code_key(raw: str) -> str:
    """Desa codes are written with or without dots: "52.03.17.2007" or "5203172007"."""
    return re.sub(r"[\s.]", "", raw)


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ListError(Message("Berkas kosong."))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ListError(
            Message("Ini berkas Excel, bukan CSV. Di Excel pilih Simpan Sebagai, jenis CSV.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ListError(
            Message('Berkas bukan teks UTF-8. Di Excel simpan sebagai "CSV UTF-8".')
        ) from None
    if "\x00" in text:
        raise ListError(Message("Berkas ini bukan CSV. Simpan dari Excel sebagai CSV."))
    return text


def _header(first_line: str) -> tuple[str, list[str]]:
    """The separator (Excel in Indonesia often writes semicolons) and the column names."""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    names = next(csv.reader([first_line], delimiter=delimiter), [])
    names = [re.sub(r"[\s\-]+", "_", name.strip().lower()) for name in names]
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        raise ListError(
            Message(
                "Baris 1 harus berisi judul kolom {kolom}. Tidak ada: {hilang}.",
                {"kolom": ",".join(COLUMNS), "hilang": ", ".join(missing)},
            )
        )
    return delimiter, names


def _nik_problem(raw: str) -> Message | None:
    if re.fullmatch(r"\s*\d[.,]\d+[eE]\+?\d+\s*", raw):
        return Message("NIK berubah jadi angka ilmiah (mis. 5,2E+15). Atur kolom NIK sebagai Teks.")
    try:
        nik_rules.parse_nik(raw)
    except nik_rules.NikError as error:
        return Message(str(error))
    return None


def read_file(data: bytes, desa: dict[str, dict], kecamatan_id: int | None = None) -> Checked:
    """Check every row of a CSV file. `desa` maps codes without dots to desa rows (id, code,
    kecamatan); with `kecamatan_id`, only that kecamatan's desa are allowed. Raises `ListError`
    for a file that cannot be read at all.

    The NIK's region digits are not compared with the desa: they name where the NIK was issued,
    and people who moved in keep theirs."""
    if len(data) > MAX_BYTES:
        raise ListError(
            Message("Berkas lebih dari {mb} MB. Pecah menjadi beberapa berkas.", {"mb": 5})
        )
    text = _decode(data)
    first_line, _, _ = text.partition("\n")
    delimiter, names = _header(first_line.rstrip("\r"))
    where = {name: names.index(name) for name in COLUMNS}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    checked = Checked()
    seen: dict[str, int] = {}
    count = 0
    for baris, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank rows, and Excel's trailing ";;;"
        count += 1
        if count > MAX_ROWS:
            raise ListError(
                Message(
                    "Berkas berisi lebih dari {n} baris data. Pecah menjadi beberapa berkas.",
                    {"n": f"{MAX_ROWS:,}".replace(",", ".")},
                )
            )
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in where.items()}
        problems = []
        place = desa.get(_code_key(values["kode_desa"]))
        if not values["kode_desa"]:
            problems.append(Message("Kode desa kosong."))
        elif place is None:
            problems.append(
                Message("Kode desa {kode} tidak dikenal.", {"kode": values["kode_desa"]})
            )
        elif kecamatan_id and place["kecamatan"] != kecamatan_id:
            problems.append(
                Message("Desa {kode} di luar wilayah tugas Anda.", {"kode": values["kode_desa"]})
            )
        nik_problem = _nik_problem(values["nik"])
        if nik_problem:
            problems.append(nik_problem)
        nama = " ".join(values["nama"].split())
        if not nama:
            problems.append(Message("Nama kosong."))
        elif len(nama) > MAX_NAME:
            problems.append(Message("Nama lebih dari {n} karakter.", {"n": MAX_NAME}))
        dokumen = parse_dokumen(values["dokumen"])
        if dokumen is None:
            problems.append(
                Message(
                    'Dokumen "{dokumen}" tidak dikenal. Tulis KTP-el, KK, akta, atau KIA.',
                    {"dokumen": values["dokumen"][:30]},
                )
            )
        if problems:
            checked.errors.extend(RowError(baris, problem) for problem in problems)
            continue
        row = Row(baris, place["id"], nik_rules.normalise(values["nik"]), nama, dokumen)
        if row.kunci in seen:
            checked.errors.append(
                RowError(
                    baris,
                    Message(
                        "Orang dan dokumen yang sama sudah ada di baris {baris}.",
                        {"baris": seen[row.kunci]},
                    ),
                )
            )
            continue
        seen[row.kunci] = baris
        checked.rows.append(row)
    if count == 0:
        raise ListError(Message("Berkas tidak berisi data di bawah baris judul."))
    return checked


async def desa_codes() -> dict[str, dict]:
    rows = await Desa.select(Desa.id, Desa.code, Desa.name, Desa.kecamatan)
    return {_code_key(row["code"]): row for row in rows}


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(keys):
        rows = await DaftarDesa.select(DaftarDesa.kunci).where(DaftarDesa.kunci.is_in(part))
        found.update(row["kunci"] for row in rows)
    return found


async def _registry_ids(niks: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in _chunks(sorted(set(niks))):
        rows = await Penduduk.select(Penduduk.id, Penduduk.nik).where(Penduduk.nik.is_in(part))
        found.update((row["nik"], row["id"]) for row in rows)
    return found


async def check(user: User, data: bytes) -> Checked:
    """Read and check a file for `user` (UPT staff: their kecamatan's desa only), and find the
    rows already on the lists."""
    desa = await desa_codes()
    checked = await anyio.to_thread.run_sync(read_file, data, desa, user.kecamatan_id)
    known = await _existing_keys([row.kunci for row in checked.rows])
    checked.existing = [row for row in checked.rows if row.kunci in known]
    return checked


def per_desa(checked: Checked, desa: dict[str, dict]) -> list[dict]:
    """New and already-listed rows per desa, for the preview."""
    by_id = {row["id"]: row for row in desa.values()}
    known = {row.kunci for row in checked.existing}
    counts: dict[int, dict] = {}
    for row in checked.rows:
        place = by_id[row.desa_id]
        entry = counts.setdefault(
            row.desa_id, {"code": place["code"], "name": place["name"], "baru": 0, "ada": 0}
        )
        entry["ada" if row.kunci in known else "baru"] += 1
    return sorted(counts.values(), key=lambda entry: entry["code"])


@dataclass(frozen=True)
class Imported:
    impor_id: int
    added: int
    skipped: int


async def import_rows(user: User, nama_berkas: str, rows: list[Row]) -> Imported:
    """Write a checked file's rows in one transaction. Rows already on the lists (also those
    another import added since the preview) are skipped and counted."""
    async with write_transaction():
        known = await _existing_keys([row.kunci for row in rows])
        new = [row for row in rows if row.kunci not in known]
        registry = await _registry_ids([row.nik for row in new])
        impor = await DaftarImpor.insert(
            DaftarImpor(nama_berkas=nama_berkas[:200], jumlah=len(new), diimpor_oleh=user.id)
        ).returning(DaftarImpor.id)
        impor_id = impor[0]["id"]
        for part in _chunks(new):
            await _insert_rows(impor_id, part, registry)
        await audit.record(user, "impor_daftar_desa", "daftar_impor", impor_id)
    if isinstance(DaftarDesa._meta.db, PostgresEngine) and len(new) >= ANALYZE_AFTER:
        # Fresh statistics after a bulk load: without them PostgreSQL keeps planning the next
        # preview's lookups as if the table were still small (seconds instead of milliseconds).
        await DaftarDesa.raw(f"ANALYZE {DaftarDesa._meta.tablename}")
    return Imported(impor_id, len(new), len(rows) - len(new))


#: The columns an import writes; the rest keep their defaults (NULL: not marked, not linked).
_INSERT_COLUMNS = (
    DaftarDesa.impor,
    DaftarDesa.desa,
    DaftarDesa.nik,
    DaftarDesa.kunci,
    DaftarDesa.nama,
    DaftarDesa.dokumen,
    DaftarDesa.penduduk,
    DaftarDesa.tanda,
    DaftarDesa.catatan,
)


async def _insert_rows(impor_id: int, rows: list[Row], registry: dict[str, int]) -> None:
    """One multi-row INSERT with every value as a parameter. Building a `DaftarDesa` object
    per row cost four times the database's own work at 10,000 rows; the statement's text is
    made of column names and placeholders only."""
    names = ", ".join(column._meta.db_column_name for column in _INSERT_COLUMNS)
    one_row = "(" + ", ".join(["{}"] * len(_INSERT_COLUMNS)) + ")"
    values = []
    for row in rows:
        values += (
            impor_id,
            row.desa_id,
            row.nik,
            row.kunci,
            row.nama,
            row.dokumen,
            registry.get(row.nik),
            Tanda.belum.value,
            "",
        )
    table = DaftarDesa._meta.tablename
    placeholders = ", ".join([one_row] * len(rows))
    sql = f"INSERT INTO {table} ({names}) VALUES {placeholders}"  # noqa: S608 - no values in it
    await DaftarDesa.raw(sql, *values)


async def recent_imports(user: User, limit: int = 10) -> list[dict]:
    query = DaftarImpor.select(
        DaftarImpor.id,
        DaftarImpor.nama_berkas,
        DaftarImpor.jumlah,
        DaftarImpor.waktu,
        DaftarImpor.diimpor_oleh.display_name,
    )
    if user.kecamatan_id:
        query = query.where(DaftarImpor.diimpor_oleh == user.id)
    return await query.order_by(DaftarImpor.id, ascending=False).limit(limit)


# --- The uploaded file between preview and import -------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def _upload_folder(data_dir: Path) -> Path:
    return data_dir / "impor"


def store_upload(data_dir: Path, account_id: int, filename: str, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; returns its token."""
    folder = _upload_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_LIFETIME
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}.csv").write_bytes(data)
    meta = {"akun": account_id, "nama": Path(filename or "daftar.csv").name[:200]}
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def load_upload(data_dir: Path, account_id: int, token: str) -> tuple[str, bytes] | None:
    """(file name, content) of an upload by this account; None if absent or someone else's."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _upload_folder(data_dir)
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        if meta.get("akun") != account_id:
            return None
        return meta["nama"], (folder / f"{token}.csv").read_bytes()
    except (OSError, ValueError, KeyError):
        return None


def discard_upload(data_dir: Path, token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        for suffix in (".csv", ".json"):
            (_upload_folder(data_dir) / f"{token}{suffix}").unlink(missing_ok=True)


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
        row["tiket"] = row["pemesanan.kode"] or tickets.get(row["penduduk"])


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
        raise ListError(Message("Catatan maksimal {n} karakter.", {"n": MAX_NOTE}))
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
    if not dokumen or user.role != Role.operator_desa:
        return
    linked = await (
        DaftarDesa.update(
            {
                DaftarDesa.permohonan: permohonan_id,
                DaftarDesa.tanda: Tanda.dibantu,
                DaftarDesa.ditandai_oleh: user.id,
                DaftarDesa.ditandai_pada: datetime.now(UTC),
            }
        )
        .where(
            (DaftarDesa.id == row_id)
            & (DaftarDesa.penduduk == pemohon_id)
            & (DaftarDesa.dokumen == dokumen[0])
            & (DaftarDesa.desa == user.desa_id)
        )
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
                row["pemesanan.kode"] or tickets.get(row["penduduk"], ""),
            )
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


async def _tickets_in_chunks(penduduk_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in _chunks(sorted(set(penduduk_ids))):
        found.update(await _tickets(part))
    return found
