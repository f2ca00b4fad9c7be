"""quiz attempts: an index on (user_id, submitted_at) for a person's latest results ("My learning"), read
newest first from the index instead of all the person's attempts sorted (or, in PostgreSQL's generic plan of
the prepared statement, every attempt walked by date and filtered by person)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 17:40:00
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quiz_attempts_user_id_submitted_at", ["user_id", "submitted_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_attempts_user_id_submitted_at")
