"""IKD codes: how big the QR is, and how many codes one core signs and verifies per second.

Signs the demo citizen's identity as the card does (Claim 169 CWT, COSE_Sign1 ES256, zlib,
Base45) with a fresh key ring in a temporary folder, and prints:
- the sizes at each layer (CBOR claims, COSE_Sign1, zlib, Base45 text) and the QR version at
  error correction M, for the live code (10 minutes) and the offline pass (24 hours);
- signs per second (`ikd_code.issue`: claims, CBOR, ECDSA P-256 signature, zlib, Base45) and
  verifies per second (`ikd_code.verify`: the reverse, with the key looked up), each the best
  of three runs of `--seconds` (default 2) on one thread;
- QR drawings (SVG) per second, which the card page does twice per view.

Run: .venv/bin/python bench/ikd_codes.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zlib
from datetime import date
from pathlib import Path

import base45
import cbor2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from server.services import ikd_code
from server.services.ikd_keys import KeyRing

HOLDER = {
    "nik": "5203015507900001",
    "nama": "Siti Aminah",
    "tanggal_lahir": date(1990, 7, 15),
    "jenis_kelamin": "P",
}


def rate(work, seconds: float) -> float:
    """Operations per second, best of three runs."""
    best = 0.0
    for _ in range(3):
        count, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            work()
            count += 1
        best = max(best, count / elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    keys = KeyRing(Path(tempfile.mkdtemp(prefix="dekat-bench-keys-")))
    for label, validity in (
        ("live code", ikd_code.LIVE_VALIDITY),
        ("offline pass", ikd_code.OFFLINE_VALIDITY),
    ):
        code = ikd_code.issue(HOLDER, keys, validity)
        cose = zlib.decompress(base45.b45decode(code.text))
        payload = cbor2.loads(cose).value[2]
        _, version = ikd_code.qr_svg(code.text)
        modules = 17 + 4 * version
        print(
            f"{label}: claims {len(payload)} B, COSE_Sign1 {len(cose)} B, "
            f"zlib {len(base45.b45decode(code.text))} B, QR text {len(code.text)} characters "
            f"(Base45) -> QR version {version} ({modules}×{modules} modules, level M); "
            f"at 320 px wide: {320 / (modules + 8):.1f} px per module"
        )
    code = ikd_code.issue(HOLDER, keys, ikd_code.LIVE_VALIDITY)
    signs = rate(lambda: ikd_code.issue(HOLDER, keys, ikd_code.LIVE_VALIDITY), args.seconds)
    verifies = rate(lambda: ikd_code.verify(code.text, keys), args.seconds)
    drawings = rate(lambda: ikd_code.qr_svg(code.text), args.seconds)
    assert ikd_code.verify(code.text, keys).valid
    print(f"sign (issue a code):   {signs:,.0f} per second on one thread")
    print(f"verify (check a code): {verifies:,.0f} per second on one thread")
    print(f"draw the QR as SVG:    {drawings:,.0f} per second on one thread")


if __name__ == "__main__":
    main()
