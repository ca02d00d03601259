"""Alembic environment of the hub: runs migrations on the connection the hub hands over."""

from __future__ import annotations

from alembic import context

from sync.hub.db import VERSION_TABLE
from sync.hub.models import HubBase

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("hub migrations run through sync.hub.db.upgrade()")

context.configure(
    connection=connection,
    target_metadata=HubBase.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
