"""the network's own work: signals register, "you said, we did"

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'signal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('for_whom', sa.String(length=300), nullable=False),
        sa.Column('topic', sa.String(length=40), nullable=True),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
        sa.Column('addressed_to', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_signal_network_id_network')),
        sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_signal_neighbourhood_id_neighbourhood')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signal')),
    )
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_network_id'), ['network_id'], unique=False)
    op.create_table(
        'signal_evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('signal_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=True),
        sa.Column('heading', sa.String(length=300), nullable=False),
        sa.Column('lines', sa.JSON(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['signal_id'], ['signal.id'], name=op.f('fk_signal_evidence_signal_id_signal')),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_signal_evidence_round_id_round')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_evidence')),
    )
    with op.batch_alter_table('signal_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_evidence_signal_id'), ['signal_id'], unique=False)
    op.create_table(
        'signal_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('signal_id', sa.Integer(), nullable=False),
        sa.Column('noted_on', sa.Date(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['signal_id'], ['signal.id'], name=op.f('fk_signal_note_signal_id_signal')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_note')),
    )
    with op.batch_alter_table('signal_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_note_signal_id'), ['signal_id'], unique=False)
    op.create_table(
        'feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('topic', sa.String(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('said', sa.JSON(), nullable=False),
        sa.Column('did', sa.JSON(), nullable=False),
        sa.Column('unchecked', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_feedback_round_id_round')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback')),
        sa.UniqueConstraint('round_id', 'topic', name=op.f('uq_feedback_round_id_topic')),
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_round_id'), ['round_id'], unique=False)


def downgrade():
    for table in ('feedback', 'signal_note', 'signal_evidence'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{"round" if table == "feedback" else "signal"}_id'))
        op.drop_table(table)
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_network_id'))
    op.drop_table('signal')
