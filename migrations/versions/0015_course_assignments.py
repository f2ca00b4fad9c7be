"""course assignments: a manager asks members to complete a course by a day; admins deactivate accounts

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(), nullable=True))
    op.create_table('course_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_course_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_assignments_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_course_assignments_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_course_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_assignments')),
    sa.UniqueConstraint('user_id', 'course_id', name=op.f('uq_course_assignments_user_id'))
    )
    with op.batch_alter_table('course_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_assignments_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_assignments_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('course_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_assignments_user_id'))
        batch_op.drop_index(batch_op.f('ix_course_assignments_org_id'))
    op.drop_table('course_assignments')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deactivated_at')
