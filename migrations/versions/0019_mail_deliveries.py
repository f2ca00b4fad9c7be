"""mail deliveries: the Message-ID of every delivered message, so that a mail job run twice (its worker
killed after sending, an abandoned job re-run) does not send it twice

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 08:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_deliveries',
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_mail_deliveries'))
    )


def downgrade():
    op.drop_table('mail_deliveries')
