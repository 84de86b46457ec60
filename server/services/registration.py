"""Citizen sign-up: the NIK and the one-time code an officer handed over in person
(services/kode_daftar.py), and a password no attacker tries early (services/passwords.py). The
same form sets a new password on an account an officer took back for its owner. Errors are
returned per field, in the words the person will read."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.db import write_transaction
from server.i18n import N_, Message
from server.models.accounts import Account, JenisKode, Role, Session
from server.services import audit, kode_daftar, passwords
from server.services import nik as nik_rules
from server.services.auth import hash_password

#: The same answer for a wrong, used, expired or replaced code and for a NIK that is not in the
#: registry, so that the form tells nothing about who exists.
NO_MATCH = N_(
    "NIK dan kode pendaftaran tidak cocok, atau kode sudah dipakai atau kedaluwarsa. Periksa "
    "slip kode Anda. Jika masih gagal, minta kode baru di kantor desa atau UPT Dukcapil."
)
ALREADY_REGISTERED = N_(
    "NIK ini sudah punya akun. Silakan masuk dengan NIK dan kata sandi Anda. Jika akun itu "
    "bukan Anda yang membuat, datang ke kantor desa atau UPT Dukcapil untuk memulihkannya."
)
BAD_CODE = N_("Tulis kode pendaftaran persis seperti di slip: 12 huruf dan angka.")


@dataclass
class SignUp:
    nik: str = ""
    kode: str = ""
    password: str = ""
    password_ulang: str = ""


@dataclass
class SignUpResult:
    account_id: int | None = None
    errors: dict[str, str | Message] = field(default_factory=dict)
    #: True when the NIK and code were well formed but no waiting code matched them: counted
    #: towards the address's own sign-up code limit, since it is how someone would guess.
    code_mismatch: bool = False
    #: True when the code was a recovery code: the account was taken back for its owner.
    recovered: bool = False


def check_form(form: SignUp) -> tuple[dict[str, str | Message], str, str]:
    errors: dict[str, str | Message] = {}
    nik = ""
    try:
        nik = nik_rules.parse_nik(form.nik).value
    except nik_rules.NikError as error:
        errors["nik"] = str(error)
    code = kode_daftar.normalise(form.kode)
    if not code:
        errors["kode"] = BAD_CODE
    # What can be said before knowing whose code it is (length, the commonest passwords).
    problem = passwords.problem(form.password, form.password_ulang)
    if problem:
        errors[problem[0]] = problem[1]
    return errors, nik, code


async def register(form: SignUp) -> SignUpResult:
    """Create the account (a `daftar` code) or set its new password (a `pemulihan` code), and
    use up the code, all in one transaction."""
    errors, nik, code = check_form(form)
    if errors:
        return SignUpResult(errors=errors)
    async with write_transaction():
        found = await kode_daftar.find_waiting(nik, code)
        if found is None:
            return SignUpResult(errors={"form": NO_MATCH}, code_mismatch=True)
        known = passwords.personal_words(
            nik, found["penduduk.nama"], found["penduduk.tanggal_lahir"]
        )
        problem = passwords.problem(form.password, form.password_ulang, known)
        if problem:
            return SignUpResult(errors={problem[0]: problem[1]})
        person_id = found["penduduk.id"]
        account_id = await kode_daftar.account_of(person_id)
        recovering = found["jenis"] == JenisKode.pemulihan
        if recovering != (account_id is not None):
            # A first sign-up for someone who has an account meanwhile, or a recovery code for
            # an account removed since: the office must look at it again.
            return SignUpResult(errors={"form": ALREADY_REGISTERED if account_id else NO_MATCH})
        if not await kode_daftar.use(found["id"]):
            return SignUpResult(errors={"form": NO_MATCH}, code_mismatch=True)
        password_hash = hash_password(form.password)
        if account_id is None:
            rows = await Account.insert(
                Account(
                    username=nik,
                    password_hash=password_hash,
                    role=Role.warga,
                    display_name=found["penduduk.nama"],
                    penduduk=person_id,
                )
            )
            account_id = rows[0]["id"]
        else:
            await Account.update(
                {Account.password_hash: password_hash, Account.display_name: found["penduduk.nama"]}
            ).where(Account.id == account_id)
            await Session.delete().where(Session.account == account_id)
        action = "pakai_kode_pemulihan" if recovering else "pakai_kode_daftar"
        await audit.record_as(account_id, Role.warga, action, "akun", account_id)
    return SignUpResult(account_id=account_id, recovered=recovering)
