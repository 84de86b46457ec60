"""IKD codes: Claim 169 CWT in COSE_Sign1 (ES256), zlib, Base45. Read back by an independent
Claim 169 decoder, refused with the right reason when forged, expired, signed by an unknown or
revoked key, or not a code at all; carrying nothing beyond what a verifier needs."""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, timedelta

import base45
import cbor2
import claim169
import pytest
from cryptography.hazmat.primitives import serialization

from server.services import ikd_code
from server.services.ikd_keys import LONGEST_VALIDITY, KeyRing

PERSON = {
    "nik": "5203015507900001",
    "nama": "Siti Aminah",
    "tanggal_lahir": date(1990, 7, 15),
    "jenis_kelamin": "P",
    # Present in the registry row, and must never reach the code:
    "kk": "5203010101900001",
    "desa.name": "Labuhan Haji",
}
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def keys(tmp_path) -> KeyRing:
    return KeyRing(tmp_path)


def sec1_public_key(keys: KeyRing, kid: str | None = None) -> bytes:
    active_kid, key = keys.signing_key()
    public = keys.verification_key(kid or active_kid, NOW) if kid else key.public_key()
    return public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def cose_of(text: str) -> cbor2.CBORTag:
    return cbor2.loads(zlib.decompress(base45.b45decode(text)))


def test_an_independent_claim_169_decoder_reads_and_verifies_the_code(keys):
    code = ikd_code.issue(PERSON, keys, ikd_code.LIVE_VALIDITY, now=datetime.now(UTC))
    decoded = claim169.decode_with_ecdsa_p256(code.text, sec1_public_key(keys))
    assert decoded.is_verified()
    assert decoded.claim169.to_dict() == {
        "id": "5203015507900001",
        "fullName": "Siti Aminah",
        "dateOfBirth": "19900715",
        "gender": 2,
        "locationCode": "52.03",
    }
    assert decoded.cwt_meta.issuer == ikd_code.ISSUER
    assert decoded.cwt_meta.expires_at - decoded.cwt_meta.issued_at == 600


def test_a_valid_code_verifies_here_too(keys):
    code = ikd_code.issue(PERSON, keys, ikd_code.OFFLINE_VALIDITY, now=NOW)
    verdict = ikd_code.verify(code.text, keys, now=NOW + timedelta(hours=23))
    assert verdict.valid and verdict.reason is None
    assert verdict.identity == ikd_code.Identity(
        "5203015507900001", "Siti Aminah", date(1990, 7, 15), "P", "52.03"
    )
    assert code.expires - code.issued == timedelta(hours=24)
    assert ikd_code.verify(code.text, keys, now=NOW + timedelta(hours=24)).reason == "kedaluwarsa"


def test_a_pass_issued_for_three_days_stops_a_day_after_it_was_issued(keys):
    """An offline pass made before the limit was shortened (72 hours) is refused once it is
    older than a day, although its own expiry lies later: a suspended IKD's old pass cannot
    outlive the new limit."""
    old = ikd_code.issue(PERSON, keys, timedelta(hours=72), now=NOW)
    assert ikd_code.verify(old.text, keys, now=NOW + timedelta(hours=23)).valid
    late = ikd_code.verify(old.text, keys, now=NOW + timedelta(hours=25))
    assert not late.valid and late.reason == "kedaluwarsa"
    assert late.expires == NOW + ikd_code.MAX_AGE


def test_the_code_carries_only_what_a_verifier_needs(keys):
    code = ikd_code.issue(PERSON, keys, ikd_code.LIVE_VALIDITY, now=NOW)
    claims = cbor2.loads(cose_of(code.text).value[2])
    assert set(claims) == {1, 4, 6, 169}  # iss, exp, iat, identity
    assert set(claims[169]) == {1, 4, 8, 9, 21}  # NIK, name, birth date, sex, regency
    everything = zlib.decompress(base45.b45decode(code.text))
    assert PERSON["kk"].encode() not in everything
    assert b"Labuhan" not in everything


def forged(text: str, changes: dict) -> str:
    """The same signed message with a changed identity (the signature left as it was)."""
    message = cose_of(text)
    protected, unprotected, payload, signature = message.value
    claims = cbor2.loads(payload)
    claims[169] = {**claims[169], **changes}
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(claims), signature]))
    return base45.b45encode(zlib.compress(cose)).decode()


def test_refusals_name_their_reason(keys, tmp_path):
    code = ikd_code.issue(PERSON, keys, ikd_code.LIVE_VALIDITY, now=NOW)
    soon = NOW + timedelta(minutes=1)
    assert ikd_code.verify(forged(code.text, {4: "Siti Aminah Palsu"}), keys, soon).reason == (
        "tanda_tangan_tidak_sah"
    )
    assert ikd_code.verify(code.text, keys, NOW + timedelta(minutes=10)).reason == "kedaluwarsa"
    stranger = KeyRing(tmp_path / "lain")
    foreign = ikd_code.issue(PERSON, stranger, ikd_code.LIVE_VALIDITY, now=NOW)
    assert ikd_code.verify(foreign.text, keys, soon).reason == "kunci_tidak_dikenal"
    for text in ("hello", "", "6BF590B20FFWJWG", base45.b45encode(b"not zlib").decode()):
        assert ikd_code.verify(text, keys, soon).reason == "bukan_ikd"
    # Signed by us, but not an identity.
    other = ikd_code.sign({1: ikd_code.ISSUER, 4: 2_000_000_000, 6: 1}, keys)
    assert ikd_code.verify(ikd_code.to_text(other), keys, soon).reason == "bukan_ikd"


def test_rotation_keeps_earlier_codes_valid_until_they_expire_and_revocation_ends_them(keys):
    before = ikd_code.issue(PERSON, keys, ikd_code.OFFLINE_VALIDITY, now=NOW)
    new = keys.rotate()
    after = ikd_code.issue(PERSON, keys, ikd_code.LIVE_VALIDITY, now=NOW)
    assert after.kid == new.kid != before.kid
    assert ikd_code.verify(before.text, keys, NOW + timedelta(hours=1)).valid
    published = {key["kid"] for key in keys.jwks()["keys"]}
    assert published == {before.kid, after.kid}
    # Once every code the retired key signed has expired, it is no longer published.
    later = datetime.fromisoformat(keys.entries()[0].retired) + LONGEST_VALIDITY
    with pytest.raises(LookupError):
        keys.verification_key(before.kid, later)
    keys.revoke(before.kid)
    assert ikd_code.verify(before.text, keys, NOW + timedelta(hours=1)).reason == "kunci_dicabut"
    assert keys.jwks()["revoked"] == [before.kid]
    assert before.kid not in {key["kid"] for key in keys.jwks()["keys"]}
    with pytest.raises(ValueError, match="aktif"):
        keys.revoke(after.kid)


def test_key_ids_can_be_typed_on_a_command_line(tmp_path):
    ring = KeyRing(tmp_path)
    for _ in range(20):
        kid = ring.rotate().kid
        assert len(kid) == 16 and set(kid) <= set("0123456789abcdef")


def test_keys_are_made_once_and_kept_private(tmp_path):
    first = KeyRing(tmp_path).signing_key()[0]
    assert KeyRing(tmp_path).signing_key()[0] == first  # a second process reads the same key
    pem = tmp_path / "keys" / "ikd" / f"{first}.pem"
    assert pem.stat().st_mode & 0o077 == 0
    assert "PRIVATE" in pem.read_text()
    assert "d" not in KeyRing(tmp_path).jwks()["keys"][0]  # no private part published


def test_the_qr_is_small_enough_for_a_phone(keys):
    """(Its error correction level is read back from the screen in tests/browser/test_ikd.py.)"""
    code = ikd_code.issue(PERSON, keys, ikd_code.OFFLINE_VALIDITY, now=NOW)
    svg, version = ikd_code.qr_svg(code.text)
    assert svg.startswith("<svg") and "viewBox" in svg
    assert version <= 12  # ≤ 65 modules: over 5 px each across a 360 px screen
