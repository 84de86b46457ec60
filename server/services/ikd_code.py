"""The IKD code: a resident's identity as a signed CBOR Web Token that Claim 169 readers decode.

    QR text = Base45( zlib( COSE_Sign1[ protected {alg: ES256, kid}, {}, CWT claims, signature ] ) )

The CWT claims are the issuer (`iss`, 1), issued-at (`iat`, 6), expiry (`exp`, 4) and MOSIP's
identity claim (169, registered with IANA) holding only what a verifier needs: the NIK (169/1),
full name (169/4), birth date "YYYYMMDD" (169/8), sex (169/9: 1 male, 2 female) and the issuing
regency's code (169/21, location code). No KK number, no address below the regency, no photo.
Field numbers follow MOSIP's Claim 169 QR specification 1.2.2 (§3.1); the envelope is a bare
COSE_Sign1 (tag 18) with the claim as a CBOR map, which is what Claim 169 decoders read.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import base45
import cbor2
import qrcode
import qrcode.image.svg
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from server.services.ikd_keys import LONGEST_VALIDITY, KeyError_, KeyRing

ISSUER = "https://dekat.lomboktimurkab.go.id"
REGENCY_CODE = "52.03"  # Kabupaten Lombok Timur (Kemendagri code)
REGENCY_NAME = "Kabupaten Lombok Timur"
#: A code shown while online; the card fetches a fresh one before this runs out.
LIVE_VALIDITY = timedelta(minutes=10)
#: The pass the owner's phone keeps for a day without signal. A verifier without signal cannot
#: ask the registry, so this is also how long a suspended IKD (a lost phone) can still be read
#: as valid there. A day covers a field day: the card renews the pass each time it is opened
#: with signal, so opening it at home the evening before or that morning is enough; 72 hours
#: (before) left a stolen phone usable for three days at every offline verifier.
OFFLINE_VALIDITY = LONGEST_VALIDITY
#: The oldest code accepted, whatever expiry it carries: passes issued for longer before the
#: limit was shortened stop at it too. The verifier page applies the same limit offline.
MAX_AGE = OFFLINE_VALIDITY

# COSE and CWT labels (RFC 9052, RFC 8392) and Claim 169 keys.
COSE_SIGN1_TAG = 18
CWT_TAG = 61
HEADER_ALG, HEADER_KID = 1, 4
ES256 = -7
CWT_ISS, CWT_EXP, CWT_IAT = 1, 4, 6
CLAIM_169 = 169
ID, FULL_NAME, BIRTH_DATE, GENDER, LOCATION_CODE = 1, 4, 8, 9, 21
GENDERS = {"L": 1, "P": 2}
#: CWT claims by their integer label; Claim 169 nests its own map of labels.
Claims = dict[int, Any]

# Why a code is refused (shown in the verifier, in words, by these keys).
NOT_IKD = "bukan_ikd"
BAD_SIGNATURE = "tanda_tangan_tidak_sah"
EXPIRED = "kedaluwarsa"
UNKNOWN_KEY = "kunci_tidak_dikenal"
REVOKED_KEY = "kunci_dicabut"


@dataclass(frozen=True)
class IssuedCode:
    text: str  # what the QR holds
    issued: datetime
    expires: datetime
    kid: str


@dataclass(frozen=True)
class Identity:
    nik: str
    name: str
    birth_date: date
    sex: str  # "L" or "P"
    regency: str


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str | None = None  # one of the reasons above when not valid
    identity: Identity | None = None
    expires: datetime | None = None
    kid: str | None = None


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _sign_es256(key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    r, s = decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")  # COSE's raw r||s


def claims_for(person: Mapping[str, Any], issued: datetime, validity: timedelta) -> Claims:
    """The CWT claims for a registry row (nik, nama, tanggal_lahir, jenis_kelamin)."""
    return {
        CWT_ISS: ISSUER,
        CWT_IAT: int(issued.timestamp()),
        CWT_EXP: int((issued + validity).timestamp()),
        CLAIM_169: {
            ID: person["nik"],
            FULL_NAME: person["nama"],
            BIRTH_DATE: person["tanggal_lahir"].strftime("%Y%m%d"),
            GENDER: GENDERS[person["jenis_kelamin"]],
            LOCATION_CODE: REGENCY_CODE,
        },
    }


def sign(claims: Claims, keys: KeyRing) -> bytes:
    """COSE_Sign1 over the CBOR claims with the active key."""
    return _sign(claims, *keys.signing_key())


def _sign(claims: Claims, kid: str, key: ec.EllipticCurvePrivateKey) -> bytes:
    protected = cbor2.dumps({HEADER_ALG: ES256, HEADER_KID: kid.encode()})
    payload = cbor2.dumps(claims)
    signature = _sign_es256(key, _sig_structure(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


def to_text(cose: bytes) -> str:
    encoded: bytes = base45.b45encode(zlib.compress(cose, 9))
    return encoded.decode("ascii")


def issue(
    person: Mapping[str, Any], keys: KeyRing, validity: timedelta, now: datetime | None = None
) -> IssuedCode:
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    kid, key = keys.signing_key()
    cose = _sign(claims_for(person, issued, validity), kid, key)
    return IssuedCode(to_text(cose), issued, issued + validity, kid)


# --- Reading a code ----------------------------------------------------------------------


def _unwrap(text: str) -> tuple[bytes, bytes, bytes, str]:
    """(protected, payload, signature, kid) of a code's COSE_Sign1, or ValueError."""
    raw = base45.b45decode(text.strip())
    decompressor = zlib.decompressobj()
    cose = decompressor.decompress(raw, 64 * 1024)  # a code is a few hundred bytes
    if decompressor.unconsumed_tail:
        raise ValueError("too large")
    message = cbor2.loads(cose)
    if isinstance(message, cbor2.CBORTag) and message.tag == CWT_TAG:
        message = message.value
    if isinstance(message, cbor2.CBORTag) and message.tag == COSE_SIGN1_TAG:
        message = message.value
    protected, unprotected, payload, signature = message
    header = cbor2.loads(protected) if protected else {}
    if not isinstance(unprotected, Mapping) or header.get(HEADER_ALG) != ES256:
        raise ValueError("not ES256")
    kid = header.get(HEADER_KID, unprotected.get(HEADER_KID))
    if not isinstance(kid, bytes) or len(signature) != 64:
        raise ValueError("no key id or bad signature size")
    return protected, payload, signature, kid.decode()


def verify(text: str, keys: KeyRing, now: datetime | None = None) -> Verdict:
    """Is this a valid IKD code of ours? The reason when not, in the order a verifier needs
    it: not a code at all, a key we cannot vouch for, a bad signature, then expiry (its own,
    or `MAX_AGE` after it was issued, whichever comes first)."""
    now = now or datetime.now(UTC)
    try:
        protected, payload, signature, kid = _unwrap(text)
    except Exception:  # anything unreadable is simply "not an IKD code"
        return Verdict(False, NOT_IKD)
    try:
        public = keys.verification_key(kid, now)
    except KeyError_ as error:
        return Verdict(False, error.reason, kid=kid)
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        public.verify(
            encode_dss_signature(r, s),
            _sig_structure(protected, payload),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        return Verdict(False, BAD_SIGNATURE, kid=kid)
    try:
        claims = cbor2.loads(payload)
        identity_claim = claims[CLAIM_169]
        identity = Identity(
            nik=identity_claim[ID],
            name=identity_claim[FULL_NAME],
            birth_date=datetime.strptime(identity_claim[BIRTH_DATE], "%Y%m%d").date(),
            sex={v: k for k, v in GENDERS.items()}[identity_claim[GENDER]],
            regency=identity_claim.get(LOCATION_CODE, ""),
        )
        issued = datetime.fromtimestamp(claims[CWT_IAT], UTC)
        expires = min(datetime.fromtimestamp(claims[CWT_EXP], UTC), issued + MAX_AGE)
        if claims.get(CWT_ISS) != ISSUER:
            return Verdict(False, NOT_IKD, kid=kid)
    except Exception:  # signed by us but not an identity: not an IKD code
        return Verdict(False, NOT_IKD, kid=kid)
    if now >= expires:
        return Verdict(False, EXPIRED, identity=identity, expires=expires, kid=kid)
    return Verdict(True, identity=identity, expires=expires, kid=kid)


# --- Drawing it ---------------------------------------------------------------------------


def qr_svg(text: str) -> tuple[str, int]:
    """The code as an inline SVG (scales to any screen) and its QR version. Error correction
    M; Base45 text uses the QR alphanumeric mode."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :], code.version
