from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T02:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Print queue: requests already waiting to print keep their turn"

# The time a waiting request last moved is the best record of when it reached `diproses`.
PRINT_QUEUE = (
    "UPDATE permohonan SET siap_cetak = diperbarui WHERE status = 'diproses' "
    "AND layanan IN ('ktp_cetak', 'ktp_cetak_ulang', 'ktp_ubah_data')"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)

    async def place_waiting_requests():
        from server.models.permohonan import Permohonan

        await Permohonan.raw(PRINT_QUEUE)

    manager.add_raw(place_waiting_requests)
    return manager
