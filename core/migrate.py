"""Run the Alembic migrations against a database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

_ROOT = Path(__file__).resolve().parent.parent


def sqlalchemy_url(url: str) -> str:
    """The same database in SQLAlchemy's spelling (psycopg driver, for migrations)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _config(database_url: str) -> Config:
    config = Config(str(_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(_config(database_url), revision)


def let_application_sign_in(owner_url: str, app_url: str) -> str | None:
    """Make the role DATABASE_URL names able to sign in, where the owner may manage roles
    (a compose deployment's owner is the server's superuser); returns what was done.

    A missing role is created with the URL's password (as a member of `vetted_app` when it
    is not that role itself); `vetted_app` made by migration 0017 without a login gets one.
    A role that can already sign in is left as it is.
    """
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    from core.embedded import APP_ROLE

    info = conninfo_to_dict(app_url)
    user, password = info.get("user"), info.get("password")
    if not user or not password or user == conninfo_to_dict(owner_url).get("user"):
        return None
    with psycopg.connect(owner_url, autocommit=True) as conn:
        manager = conn.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles "
                               "WHERE rolname = current_user").fetchone()
        role = conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s",
                            (user,)).fetchone()
        if not (manager and manager[0]) or (role is not None and role[0]):
            return None
        if role is not None and user != APP_ROLE:
            return None
        verb = "ALTER" if role is not None else "CREATE"
        conn.execute(sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
            sql.SQL(verb), sql.Identifier(str(user)), sql.Literal(str(password))))
        if user != APP_ROLE:
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(APP_ROLE),
                                                          sql.Identifier(str(user))))
    return f"role {user} may now sign in" if role else f"role {user} created"


def application_role_problem(app_url: str) -> str | None:
    """Why the role DATABASE_URL names could undo the audit log's protection, if it could."""
    import psycopg

    with psycopg.connect(app_url) as conn:
        row = conn.execute(
            "SELECT current_user, r.rolsuper, pg_get_userbyid(c.relowner) = current_user "
            "FROM pg_roles r, pg_class c WHERE r.rolname = current_user "
            "AND c.oid = 'audit_entry'::regclass").fetchone()
    if row is None:
        return None
    user, superuser, owner = row
    if superuser:
        return f"DATABASE_URL signs in as {user}, a superuser"
    if owner:
        return f"DATABASE_URL signs in as {user}, the owner of the audit log's table"
    return None
