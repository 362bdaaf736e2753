"""paper forms typed twice (double entry), printed serials

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('paper_form', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('collection_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('printed_up_to', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('collection_link', schema=None) as batch_op:
        batch_op.drop_column('printed_up_to')
    with op.batch_alter_table('paper_form', schema=None) as batch_op:
        batch_op.drop_column('checked_at')
