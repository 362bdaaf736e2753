"""record keys for disclosure control; paper form times to the hour

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

RECORD_KEYS = 256  # analysis/disclosure.py: record keys are 0..255


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_key', sa.SmallInteger(), server_default='0',
                                      nullable=False))
    bind = op.get_bind()
    response = sa.table('response', sa.column('id', sa.Uuid()),
                        sa.column('record_key', sa.SmallInteger()))
    ids = [row[0] for row in bind.execute(sa.select(response.c.id))]
    # Every existing response gets its own random key, drawn here on the server.
    for start in range(0, len(ids), 1000):
        bind.execute(response.update().where(response.c.id == sa.bindparam('rid'))
                     .values(record_key=sa.bindparam('key')),
                     [{'rid': rid, 'key': secrets.randbelow(RECORD_KEYS)}
                      for rid in ids[start:start + 1000]])
    # Paper forms kept the moment they were typed to the microsecond: the order of typing says
    # whose sheet it was. Keep the hour only, like a response's times.
    form = sa.table('paper_form', sa.column('id', sa.Integer()),
                    sa.column('entered_at', sa.DateTime(timezone=True)),
                    sa.column('checked_at', sa.DateTime(timezone=True)),
                    sa.column('voided_at', sa.DateTime(timezone=True)))
    for row in bind.execute(sa.select(form)).all():
        values = {name: _hour(getattr(row, name))
                  for name in ('entered_at', 'checked_at', 'voided_at')
                  if getattr(row, name) is not None}
        if values:
            bind.execute(form.update().where(form.c.id == row.id).values(**values))


def _hour(moment):
    if isinstance(moment, str):  # SQLite without type information
        from datetime import datetime
        moment = datetime.fromisoformat(moment)
    return moment.replace(minute=0, second=0, microsecond=0)


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('record_key')
