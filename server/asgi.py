"""The ASGI entry point for servers such as `uvicorn server.asgi:app`."""

from server.app import create_app

app = create_app()
