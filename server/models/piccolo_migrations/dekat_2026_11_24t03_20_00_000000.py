from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T03:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Blanko: an opening balance for stock counted before movements were recorded"

# An office that already held cards when movements began to be recorded gets one correction
# for them, so that its history adds up to its stock.
OPENING_BALANCE = (
    "INSERT INTO blanko_mutasi (kantor, jenis, jumlah, sisa, permohonan, dilewati, alasan, "
    "pelaku, waktu) "
    "SELECT k.id, 'koreksi', k.blanko_tersedia, k.blanko_tersedia, NULL, 0, "
    "'Saldo awal saat pencatatan dimulai', NULL, k.blanko_diperbarui FROM kantor k "
    "WHERE k.blanko_tersedia > 0 "
    "AND NOT EXISTS (SELECT 1 FROM blanko_mutasi m WHERE m.kantor = k.id)"
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="dekat", description=DESCRIPTION)

    async def opening_balance():
        from server.models.blanko import BlankoMutasi

        await BlankoMutasi.raw(OPENING_BALANCE)

    manager.add_raw(opening_balance)
    return manager
