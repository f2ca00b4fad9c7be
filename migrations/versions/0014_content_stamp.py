"""content stamp: one row whose random value changes with every course or module change, so app servers
can cache course structure per process and still agree (app/courses/structure.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 05:00:00
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    stamp = op.create_table('content_stamp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_stamp'))
    )
    op.bulk_insert(stamp, [{'id': 1, 'value': secrets.token_hex(16)}])


def downgrade():
    op.drop_table('content_stamp')
