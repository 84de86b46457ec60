"""The `dekat` command: `dekat serve [--host H] [--port P] [--demo]`, `dekat migrate`,
`dekat demo`, `dekat worker`, `dekat keys list|rotate|revoke KID`."""

from __future__ import annotations

import argparse
import asyncio
import os

import uvicorn

from server import db
from server.settings import get_settings


def _prepare(demo: bool) -> None:
    from server.services.startup import prepare_database

    settings = get_settings()
    engine = db.engine_for(settings)
    db.use_engine(engine)

    async def run() -> int:
        try:
            await prepare_database(settings)
            if not demo:
                return 0
            # Imported only here, so that no production start loads the demo generators.
            from server.demo import seed_demo

            return await seed_demo(settings.data_dir)
        finally:
            await db.stop(engine)

    added = asyncio.run(run())
    where = settings.database_kind
    if demo:
        print(f"Data demo siap ({added} penduduk baru) di database {where}.")


def serve(args: argparse.Namespace) -> None:
    if args.demo and os.environ.get("DEKAT_PLAIN_HTTP") is None:
        # A demo on this machine is opened as http://127.0.0.1:8000: plain HTTP is allowed for
        # it (DEKAT_PLAIN_HTTP=0 keeps a demo behind HTTPS strict). Production never is.
        os.environ["DEKAT_PLAIN_HTTP"] = "1"
        get_settings.cache_clear()
    _prepare(demo=args.demo)
    from server.app import create_app

    print(f"Dekat berjalan di http://{args.host}:{args.port}/")
    uvicorn.run(
        create_app(),
        host=args.host,
        port=args.port,
        log_level="warning",
        # Request lines name paths and query strings, which may carry personal data.
        access_log=False,
        proxy_headers=True,
    )


def migrate(_: argparse.Namespace) -> None:
    _prepare(demo=False)
    print("Skema database sudah mutakhir.")


def seed_demo(_: argparse.Namespace) -> None:
    _prepare(demo=True)


def keys(args: argparse.Namespace) -> None:
    """`dekat keys list|rotate|revoke KID`: the keys that sign IKD codes."""
    from server.services.ikd_keys import KeyRing

    ring = KeyRing(get_settings().data_dir)
    if args.action == "rotate":
        new = ring.rotate()
        print(f"Kunci baru {new.kid} aktif. Kode lama tetap sah sampai kedaluwarsa.")
    elif args.action == "revoke":
        try:
            entry = ring.revoke(args.kid or "")
        except ValueError as error:
            raise SystemExit(str(error)) from None
        print(f"Kunci {entry.kid} dicabut: kode yang ditandatanganinya tidak sah lagi.")
    for entry in ring.entries():
        print(f"{entry.kid}  {entry.status:<8} dibuat {entry.created[:19]}")


def worker(_: argparse.Namespace) -> None:
    """`dekat worker`: deliver notifications until stopped (several may run on PostgreSQL)."""
    import signal

    from server.app import push_icons
    from server.assets import Assets
    from server.services.delivery import Deliverer
    from server.services.vapid import VapidKeys

    _prepare(demo=False)
    settings = get_settings()
    vapid = VapidKeys(settings.data_dir)
    vapid.create()
    engine = db.engine_for(settings)
    db.use_engine(engine)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for name in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(name, stop.set)
        await db.start(engine)
        try:
            deliverer = Deliverer(vapid, settings.push_subject, *push_icons(Assets.scan()))
            print("Pengirim notifikasi berjalan. Tekan Ctrl+C untuk berhenti.")
            await deliverer.run(stop)
        finally:
            await db.stop(engine)

    asyncio.run(run())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dekat", description="Dekat: layanan adminduk.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve_parser = commands.add_parser("serve", help="jalankan server web")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument("--demo", action="store_true", help="isi data dan akun demo")
    serve_parser.set_defaults(handler=serve)

    commands.add_parser("migrate", help="terapkan migrasi database").set_defaults(handler=migrate)
    commands.add_parser("demo", help="isi data dan akun demo").set_defaults(handler=seed_demo)

    commands.add_parser("worker", help="kirim notifikasi").set_defaults(handler=worker)

    keys_parser = commands.add_parser("keys", help="kunci penanda tangan kode IKD")
    keys_parser.add_argument("action", choices=["list", "rotate", "revoke"])
    keys_parser.add_argument("kid", nargs="?", help="kunci yang dicabut (untuk revoke)")
    keys_parser.set_defaults(handler=keys)

    args = parser.parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()
