"""response cells: what the round's figures count of each response, kept on it

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

"""
from itertools import groupby

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _cells(rows):
    """As services/cells.py made them when this migration was written."""
    cells, answered = [], set()
    for row in rows:
        key = row.question_key
        if key not in answered:
            answered.add(key)
            cells.append(f"r\t{key}")
        if row.option_key is not None:
            cells.append(f"o\t{key}\t{row.option_key}")
        elif row.number is not None:
            cells.append(f"n\t{key}\t{float(row.number)!r}")
        elif row.flag:
            cells.append(f"y\t{key}")
    return "\n".join(cells)


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cells', sa.Text(), nullable=True))
    # The responses stored so far: their cells from their answer rows.
    answer = sa.table('answer', sa.column('id', sa.Integer), sa.column('response_id', sa.Uuid),
                      sa.column('question_key', sa.String), sa.column('option_key', sa.String),
                      sa.column('number', sa.Float), sa.column('flag', sa.Boolean))
    response = sa.table('response', sa.column('id', sa.Uuid), sa.column('cells', sa.Text))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(answer.c.response_id, answer.c.question_key, answer.c.option_key,
                  answer.c.number, answer.c.flag)
        .order_by(answer.c.response_id, answer.c.id)).all()
    update = (response.update().where(response.c.id == sa.bindparam('rid'))
              .values(cells=sa.bindparam('found')))
    batch = []
    for response_id, found in groupby(rows, key=lambda row: row.response_id):
        batch.append({'rid': response_id, 'found': _cells(found)})
        if len(batch) == 1000:
            connection.execute(update, batch)
            batch = []
    if batch:
        connection.execute(update, batch)


def downgrade():
    # Not a batch (a copy of the table): SQLite drops a column in place, also while answer rows
    # refer to the responses.
    op.drop_column('response', 'cells')
