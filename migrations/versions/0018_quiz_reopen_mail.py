"""quiz attempts: when a failed attempt's waiting time ends, and when the participant was mailed about it

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 08:30:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopens_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reopen_mailed_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_quiz_attempts_reopens_at'), ['reopens_at'], unique=False)


def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_attempts_reopens_at'))
        batch_op.drop_column('reopen_mailed_at')
        batch_op.drop_column('reopens_at')
