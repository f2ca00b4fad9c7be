"""quiz overrides: a trainer grants one participant an extra attempt or lifts a waiting time

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 08:30:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quiz_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=250), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('used_attempt_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_quiz_overrides_granted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_quiz_overrides_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['used_attempt_id'], ['quiz_attempts.id'], name=op.f('fk_quiz_overrides_used_attempt_id_quiz_attempts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_overrides_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_overrides')),
    sa.UniqueConstraint('user_id', 'module_id', 'kind', 'sequence', name=op.f('uq_quiz_overrides_user_id'))
    )
    with op.batch_alter_table('quiz_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_overrides_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_overrides_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('quiz_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_overrides_user_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_overrides_module_id'))
    op.drop_table('quiz_overrides')
