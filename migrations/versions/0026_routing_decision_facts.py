"""A routing decision keeps the facts it was made on, so pages word it in their reader's
language.

Until now a decision kept only its English sentence (`explanation`), which the pages showed
as it was. The facts beside it (the rule's id, priority and conditions, or how many rules
were looked at and what the case was; who placed it by hand; which deadline passed) are
read by the pages instead; the sentence stays for the record. Decisions made before have no
facts and are shown by their sentence.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03
"""

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE routing_decision ADD COLUMN facts jsonb")


def downgrade() -> None:
    op.execute("ALTER TABLE routing_decision DROP COLUMN facts")
