"""answer: drop ix_answer_response_id, which the unique (response_id, question_key, option_key)
index already covers (it leads with response_id); every stored answer wrote both

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_response_id')


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_response_id', ['response_id'], unique=False)
