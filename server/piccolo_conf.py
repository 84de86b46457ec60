"""Piccolo's configuration: the engine in use (`server.db` chooses it), the apps listed here.

`piccolo migrations new dekat --auto` (run with this module on `PICCOLO_CONF`) writes new
migrations into `server/models/piccolo_migrations/`; they are committed.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

from server import db

APP_REGISTRY = AppRegistry(apps=["server.models.piccolo_app"])


def __getattr__(name: str) -> Engine:
    # Piccolo reads `DB` whenever it looks for the engine (migrations do, at every run): read
    # here, it is always the one `server.db.use_engine` chose, and `server.db` needs no import
    # of this module to change it.
    if name == "DB":
        return db.current_engine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
