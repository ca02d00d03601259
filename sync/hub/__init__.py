"""The reference central hub: FastAPI app, its database and the sync service behind it."""

from sync.hub.app import create_app

__all__ = ["create_app"]
