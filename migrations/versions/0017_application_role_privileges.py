"""The application connects as a role that owns nothing.

Until now the service connected as the schema's owner (or a superuser), which may switch
off the audit log's append-only triggers and rewrite or cut the log. From this step on the
migrations run as the owner (DATABASE_OWNER_URL) and the service, the worker and the
commands connect as `vetted_app` (DATABASE_URL), or as a login role that is a member of
it. `vetted_app` may read and write the rows of every table, but only INSERT and SELECT
on `audit_entry`; never TRUNCATE, never change a table, and, owning nothing, never
disable a trigger.

Tables and sequences that later migrations create get the same privileges through the
owner's default privileges, so a later step run as the owner needs no grants of its own;
a later append-only table revokes UPDATE and DELETE as this step does for `audit_entry`.

The role is created here without a login when it does not exist yet (the embedded
PostgreSQL creates it beforehand, with one); a deployment then lets it sign in
(`ALTER ROLE vetted_app LOGIN PASSWORD '...'`) or grants it to its own login role. The
downgrade takes the privileges back and leaves the role, which is cluster-wide.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vetted_app') THEN
            CREATE ROLE vetted_app NOLOGIN;
        END IF;
    END
    $$;

    GRANT USAGE ON SCHEMA public TO vetted_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vetted_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vetted_app;
    REVOKE ALL ON alembic_version FROM vetted_app;
    REVOKE UPDATE, DELETE ON audit_entry FROM vetted_app;

    ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vetted_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT USAGE, SELECT ON SEQUENCES TO vetted_app;
    """)


def downgrade() -> None:
    op.execute("""
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
        REVOKE USAGE, SELECT ON SEQUENCES FROM vetted_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
        REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM vetted_app;
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM vetted_app;
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM vetted_app;
    REVOKE USAGE ON SCHEMA public FROM vetted_app;
    """)
