"""moved themes: where the answers of a theme that is gone went, for links to it

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('theme_analysis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moved', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('theme_analysis', schema=None) as batch_op:
        batch_op.drop_column('moved')
