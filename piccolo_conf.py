"""Lets Piccolo's own CLI (`piccolo migrations ...`) run from the repository root."""

from server.piccolo_conf import APP_REGISTRY, DB

__all__ = ["APP_REGISTRY", "DB"]
