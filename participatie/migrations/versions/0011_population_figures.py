"""population figures per neighbourhood: families per age band and home language (reach)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('population_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('group', sa.String(length=20), nullable=False),
    sa.Column('families', sa.Integer(), nullable=True),
    sa.Column('percent', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(families IS NULL) <> (percent IS NULL)',
                       name=op.f('ck_population_figure_one_figure')),
    sa.CheckConstraint('families IS NULL OR families >= 0',
                       name=op.f('ck_population_figure_families_not_negative')),
    sa.CheckConstraint('percent IS NULL OR (percent >= 0 AND percent <= 100)',
                       name=op.f('ck_population_figure_percent_in_range')),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'],
                            name=op.f('fk_population_figure_neighbourhood_id_neighbourhood'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_population_figure')),
    sa.UniqueConstraint('neighbourhood_id', 'dimension', 'group',
                        name=op.f('uq_population_figure_neighbourhood_id_dimension_group'))
    )
    with op.batch_alter_table('population_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_population_figure_neighbourhood_id'),
                              ['neighbourhood_id'], unique=False)


def downgrade():
    with op.batch_alter_table('population_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_population_figure_neighbourhood_id'))
    op.drop_table('population_figure')
