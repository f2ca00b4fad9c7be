"""certificate_revocation_categories: a public revocation category beside an internal note (the free-text
reason was public), and the reason for a certificate issued by hand.

Existing reasons: "reissued" becomes the category "replaced"; any other text becomes the category "other"
with the text kept as the internal note.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revocation_category', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('issue_note', sa.String(length=500), nullable=True))
        batch_op.alter_column('revoked_reason', new_column_name='revocation_note',
                              existing_type=sa.String(length=500), existing_nullable=True)
    op.execute(
        "UPDATE certificates SET revocation_category = 'replaced', revocation_note = NULL "
        "WHERE revocation_note = 'reissued'"
    )
    op.execute(
        "UPDATE certificates SET revocation_category = 'other' "
        "WHERE revoked_at IS NOT NULL AND revocation_category IS NULL"
    )


def downgrade():
    op.execute(
        "UPDATE certificates SET revocation_note = 'reissued' WHERE revocation_category = 'replaced' "
        "AND revocation_note IS NULL"
    )
    op.execute(
        "UPDATE certificates SET revocation_note = revocation_category "
        "WHERE revoked_at IS NOT NULL AND revocation_note IS NULL"
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('revocation_note', new_column_name='revoked_reason',
                              existing_type=sa.String(length=500), existing_nullable=True)
        batch_op.drop_column('issue_note')
        batch_op.drop_column('revocation_category')
