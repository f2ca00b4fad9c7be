"""quiz attempts: one index on (user_id, submitted_at) instead of (user_id), so that a participant's
latest results are read in order from it (My learning) rather than by walking everyone's attempts by time

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 17:45:00

"""
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_user_id_submitted_at', ['user_id', 'submitted_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_quiz_attempts_user_id'))


def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_attempts_user_id'), ['user_id'], unique=False)
        batch_op.drop_index('ix_quiz_attempts_user_id_submitted_at')
