"""Dekat: civil-registration services close to the people of Lombok Timur."""

import os

# Piccolo finds its engine and apps through this module, for the app and its own CLI alike.
os.environ.setdefault("PICCOLO_CONF", "server.piccolo_conf")
