"""Alembic migrations of the station database (run by `station db upgrade` and at start)."""
