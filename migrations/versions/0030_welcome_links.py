"""A link to choose a password is either a reset asked for or the welcome of a new account.

An administrator opening a staff account sends its holder a link to choose a password; its
mail says so (not «someone asked to set a new password») and the link lasts days, not
minutes, since a new colleague may read it only the next morning.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05
"""

from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE password_reset ADD COLUMN purpose text NOT NULL DEFAULT 'reset'
        CONSTRAINT ck_password_reset_purpose CHECK (purpose IN ('reset', 'welcome'))
    """)


def downgrade() -> None:
    op.execute("ALTER TABLE password_reset DROP COLUMN purpose")
