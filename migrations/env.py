"""Alembic environment: plain-SQL migrations (psycopg runs multi-statement scripts)."""

import os

from alembic import context
from sqlalchemy import create_engine

from core.migrate import sqlalchemy_url

if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")

url = context.config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
if not url:
    raise SystemExit("DATABASE_URL is not set (or use `vetted migrate`)")

engine = create_engine(sqlalchemy_url(url))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
engine.dispose()
