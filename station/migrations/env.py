"""Alembic environment: runs migrations on the connection the station hands over."""

from __future__ import annotations

from alembic import context

from station.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("station migrations run through station.storage.db.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy; batch mode does that safely
)
with context.begin_transaction():
    context.run_migrations()
