"""module_review: a module revision remembers its review_by date and watched rules (issue 12).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('module_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('watch', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))


def downgrade():
    with op.batch_alter_table('module_revisions', schema=None) as batch_op:
        batch_op.drop_column('watch')
        batch_op.drop_column('review_by')
