"""Importing desa lists (program BAKSO): the Dinas uploads a CSV file of residents lacking a
document, sees what an import would do, and confirms.

An import is checked whole before anything is written: every row is read and every problem is
reported with its row number as a spreadsheet shows it (the header is row 1). A file with any
bad row imports nothing; a good file is written in one transaction. Between the preview and the
confirmation the file waits in the data folder under a random name, tied to the account that
uploaded it, so no row ever travels back through the browser; a file not confirmed within
`UPLOAD_LIFETIME` is deleted (at the next upload, and when the application starts).

A person is on the lists once per document. When a file names someone already on another
desa's list (they moved), their row moves to the desa the file names, with its marks cleared
for the new desa officer; their request and booking stay linked.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from piccolo.engine.postgres import PostgresEngine

from server.db import write_transaction
from server.i18n import Message, lazy_ngettext
from server.models.daftar_desa import DaftarDesa, DaftarImpor, JenisDokumen, Tanda
from server.models.penduduk import Penduduk
from server.models.wilayah import Desa
from server.services import audit
from server.services import nik as nik_rules
from server.services.auth import User
from server.services.daftar_desa import ListError, chunks

#: An upload larger than this is refused before it is read.
MAX_BYTES = 5 * 1024 * 1024
#: Data rows in one file (about a year of lists for the whole regency).
MAX_ROWS = 50_000
#: Row errors shown on the preview; the rest are counted.
MAX_ERRORS_SHOWN = 100
#: Rows shown as a sample, and rows already on the lists named one by one.
SAMPLE_ROWS = 10
MAX_EXISTING_SHOWN = 20
#: Rows imported at once from which PostgreSQL is asked to refresh the table's statistics.
ANALYZE_AFTER = 1_000
MAX_NAME = 120
#: An uploaded file not confirmed within this many seconds is deleted. A preview is confirmed
#: within minutes; the file holds NIKs and names, so it is not kept for days.
UPLOAD_LIFETIME = 4 * 3600
COLUMNS = ("kode_desa", "nik", "nama", "dokumen")
TEMPLATE_CSV = (
    "kode_desa,nik,nama,dokumen\r\n"
    "52.03.17.2007,5203171203880001,Ahmad Fauzi,KTP-el\r\n"
    "52.03.17.2007,5203176402080001,Nurul Hasanah,KIA\r\n"
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


@dataclass(frozen=True)
class Moving:
    """A row of the file naming someone already on another desa's list."""

    row: Row
    dari: str  # the name of the desa whose list they are on now


@dataclass
class Checked:
    """What a file holds: its good rows and every problem found."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: Rows already on the same desa's list: skipped at import, not errors.
    existing: list[Row] = field(default_factory=list)
    #: Rows already on another desa's list: moved to this file's desa at import.
    moving: list[Moving] = field(default_factory=list)

    @property
    def new_rows(self) -> list[Row]:
        known = {row.kunci for row in self.existing} | {m.row.kunci for m in self.moving}
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
                "Baris 1 harus berisi judul kolom %(kolom)s. Tidak ada: %(hilang)s.",
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
            Message("Berkas lebih dari %(mb)s MB. Pecah menjadi beberapa berkas.", {"mb": 5})
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
                lazy_ngettext(
                    "Berkas berisi lebih dari %(n)s baris data. Pecah menjadi beberapa berkas.",
                    "Berkas berisi lebih dari %(n)s baris data. Pecah menjadi beberapa berkas.",
                    MAX_ROWS,
                    n=format(MAX_ROWS, ",").replace(",", "."),
                )
            )
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in where.items()}
        problems = []
        place = desa.get(_code_key(values["kode_desa"]))
        if not values["kode_desa"]:
            problems.append(Message("Kode desa kosong."))
        elif place is None:
            problems.append(
                Message("Kode desa %(kode)s tidak dikenal.", {"kode": values["kode_desa"]})
            )
        elif kecamatan_id and place["kecamatan"] != kecamatan_id:
            problems.append(
                Message("Desa %(kode)s di luar wilayah tugas Anda.", {"kode": values["kode_desa"]})
            )
        nik_problem = _nik_problem(values["nik"])
        if nik_problem:
            problems.append(nik_problem)
        nama = " ".join(values["nama"].split())
        if not nama:
            problems.append(Message("Nama kosong."))
        elif len(nama) > MAX_NAME:
            problems.append(
                lazy_ngettext(
                    "Nama lebih dari %(num)s karakter.",
                    "Nama lebih dari %(num)s karakter.",
                    MAX_NAME,
                )
            )
        dokumen = parse_dokumen(values["dokumen"])
        if dokumen is None:
            problems.append(
                Message(
                    'Dokumen "%(dokumen)s" tidak dikenal. Tulis KTP-el, KK, akta, atau KIA.',
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
                        "Orang dan dokumen yang sama sudah ada di baris %(baris)s.",
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


async def _listed(keys: list[str]) -> dict[str, int]:
    """The desa whose list holds each of `keys` already."""
    found: dict[str, int] = {}
    for part in chunks(keys):
        rows = await DaftarDesa.select(DaftarDesa.kunci, DaftarDesa.desa).where(
            DaftarDesa.kunci.is_in(part)
        )
        found.update((row["kunci"], row["desa"]) for row in rows)
    return found


async def _registry_ids(niks: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunks(sorted(set(niks))):
        rows = await Penduduk.select(Penduduk.id, Penduduk.nik).where(Penduduk.nik.is_in(part))
        found.update((row["nik"], row["id"]) for row in rows)
    return found


async def check(user: User, data: bytes) -> Checked:
    """Read and check a file for `user` (UPT staff: their kecamatan's desa only), and find the
    rows already on the lists: on the same desa's (skipped), or on another's (moved)."""
    desa = await desa_codes()
    checked = await anyio.to_thread.run_sync(read_file, data, desa, user.kecamatan_id)
    listed = await _listed([row.kunci for row in checked.rows])
    names = {place["id"]: place["name"] for place in desa.values()}
    for row in checked.rows:
        listed_in = listed.get(row.kunci)
        if listed_in == row.desa_id:
            checked.existing.append(row)
        elif listed_in is not None:
            checked.moving.append(Moving(row, names.get(listed_in, "")))
    return checked


def per_desa(checked: Checked, desa: dict[str, dict]) -> list[dict]:
    """New, moving-in and already-listed rows per desa, for the preview."""
    by_id = {row["id"]: row for row in desa.values()}
    known = {row.kunci for row in checked.existing}
    moving = {m.row.kunci for m in checked.moving}
    counts: dict[int, dict] = {}
    for row in checked.rows:
        place = by_id[row.desa_id]
        entry = counts.setdefault(
            row.desa_id,
            {"code": place["code"], "name": place["name"], "baru": 0, "pindah": 0, "ada": 0},
        )
        kind = "ada" if row.kunci in known else "pindah" if row.kunci in moving else "baru"
        entry[kind] += 1
    return sorted(counts.values(), key=lambda entry: entry["code"])


# --- Importing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    impor_id: int
    added: int
    skipped: int
    moved: int = 0


async def import_rows(user: User, nama_berkas: str, rows: list[Row]) -> Imported:
    """Write a checked file's rows in one transaction. Rows already on the same desa's list
    (also those another import added since the preview) are skipped and counted; rows on
    another desa's list move to the file's desa."""
    async with write_transaction():
        listed = await _listed([row.kunci for row in rows])
        new = [row for row in rows if row.kunci not in listed]
        moving = [row for row in rows if listed.get(row.kunci) not in (None, row.desa_id)]
        registry = await _registry_ids([row.nik for row in new])
        impor = await DaftarImpor.insert(
            DaftarImpor(
                nama_berkas=nama_berkas[:200], jumlah=len(new) + len(moving), diimpor_oleh=user.id
            )
        ).returning(DaftarImpor.id)
        impor_id = impor[0]["id"]
        for part in chunks(new):
            await _insert_rows(impor_id, part, registry)
        moved = await _move_rows(user, impor_id, moving)
        await audit.record(user, "impor_daftar_desa", "daftar_impor", impor_id)
    if isinstance(DaftarDesa._meta.db, PostgresEngine) and len(new) >= ANALYZE_AFTER:
        # Fresh statistics after a bulk load: without them PostgreSQL keeps planning the next
        # preview's lookups as if the table were still small (seconds instead of milliseconds).
        await DaftarDesa.raw(f"ANALYZE {DaftarDesa._meta.tablename}")
    return Imported(impor_id, len(new), len(rows) - len(new) - moved, moved)


async def _move_rows(user: User, impor_id: int, rows: list[Row]) -> int:
    """Move people who moved to the desa the file names: the new desa officer starts from
    "not checked yet" (the old desa's mark and note were about the old address), while the
    request or booking already made for them stays linked. Each move is audit-logged."""
    by_desa: dict[int, list[str]] = {}
    for row in rows:
        by_desa.setdefault(row.desa_id, []).append(row.kunci)
    moved: list[int] = []
    for desa_id, keys in by_desa.items():
        for part in chunks(keys):
            changed = await (
                DaftarDesa.update(
                    {
                        DaftarDesa.desa: desa_id,
                        DaftarDesa.impor: impor_id,
                        DaftarDesa.tanda: Tanda.belum,
                        DaftarDesa.catatan: "",
                        DaftarDesa.ditandai_oleh: None,
                        DaftarDesa.ditandai_pada: None,
                    }
                )
                .where(DaftarDesa.kunci.is_in(part) & (DaftarDesa.desa != desa_id))
                .returning(DaftarDesa.id)
            )
            moved += [row["id"] for row in changed]
    for part in chunks(moved):
        await audit.record_each(user, "pindah_daftar_desa", "daftar_desa", part)
    return len(moved)


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


def sweep_uploads(data_dir: Path, now: float | None = None) -> int:
    """Delete uploads older than `UPLOAD_LIFETIME` (previews nobody confirmed or cancelled);
    returns how many files went."""
    folder = _upload_folder(data_dir)
    if not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - UPLOAD_LIFETIME
    removed = 0
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another process swept it first
    return removed


def store_upload(data_dir: Path, account_id: int, filename: str, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; returns its token."""
    sweep_uploads(data_dir)
    folder = _upload_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}.csv").write_bytes(data)
    meta = {"akun": account_id, "nama": Path(filename or "daftar.csv").name[:200]}
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def load_upload(data_dir: Path, account_id: int, token: str) -> tuple[str, bytes] | None:
    """(file name, content) of an upload by this account; None if absent, expired (even when
    not swept yet) or someone else's."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _upload_folder(data_dir)
    try:
        content = folder / f"{token}.csv"
        if content.stat().st_mtime < time.time() - UPLOAD_LIFETIME:
            return None
        meta = json.loads((folder / f"{token}.json").read_text())
        if meta.get("akun") != account_id:
            return None
        return meta["nama"], content.read_bytes()
    except (OSError, ValueError, KeyError):
        return None


def discard_upload(data_dir: Path, token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        for suffix in (".csv", ".json"):
            (_upload_folder(data_dir) / f"{token}{suffix}").unlink(missing_ok=True)
