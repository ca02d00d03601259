"""Local storage: database, ORM models, repositories."""
