"""Piccolo's configuration: the engine follows the settings, the apps are listed here.

`piccolo migrations new dekat --auto` (run with this module on `PICCOLO_CONF`) writes new
migrations into `server/models/piccolo_migrations/`; they are committed.
"""

from piccolo.conf.apps import AppRegistry

from server.db import engine_for
from server.settings import get_settings

DB = engine_for(get_settings())

APP_REGISTRY = AppRegistry(apps=["server.models.piccolo_app"])
