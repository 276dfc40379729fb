"""SQLite and PostgreSQL storage: rows in, domain objects out."""
