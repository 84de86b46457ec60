"""Demo data: a generated registry for the whole regency, an account for each role, and
requests, field visits, desa lists and complaints made through the same rules as real ones.

The command line imports this package for `dekat serve --demo` and `dekat demo` only; a
production start never does.
"""

from __future__ import annotations

from pathlib import Path

from server.demo.accounts import seed_demo_accounts, seed_demo_signup_code
from server.demo.daftar_desa import seed_demo_daftar_desa
from server.demo.jemput_bola import seed_demo_jemput_bola
from server.demo.pengaduan import seed_demo_pengaduan
from server.demo.registry import seed_registry
from server.demo.requests import seed_demo_requests


async def seed_demo(data_dir: Path) -> int:
    """Add the demo data to a database that has its reference data; returns how many residents
    were added. Each step does nothing when its data is already there."""
    added = await seed_registry()
    await seed_demo_accounts()
    await seed_demo_signup_code()
    await seed_demo_requests(data_dir)
    await seed_demo_jemput_bola()
    await seed_demo_daftar_desa()
    await seed_demo_pengaduan(data_dir)
    return added
