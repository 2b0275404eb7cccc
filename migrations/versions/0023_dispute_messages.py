"""Messages on a case: the migrant (or the centre that filed) writes to whoever handles it,
and the attaché and officials answer, on the case itself.

A message is kept as written and never changed; its text is personal data, so it stays on
the case and out of the audit log, which records only that a message was added. The agency
concerned never sees the messages, as it never sees the evidence.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE dispute_message (
        id bigserial CONSTRAINT pk_dispute_message PRIMARY KEY,
        dispute_id bigint NOT NULL
            CONSTRAINT fk_dispute_message_dispute REFERENCES dispute (id),
        body text NOT NULL CONSTRAINT ck_dispute_message_body
            CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
        author_user_id bigint NOT NULL
            CONSTRAINT fk_dispute_message_author REFERENCES app_user (id),
        author_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_dispute_message_dispute ON dispute_message (dispute_id, id);
    REVOKE UPDATE, DELETE ON dispute_message FROM vetted_app;
    """)


def downgrade() -> None:
    op.execute("DROP TABLE dispute_message;")
