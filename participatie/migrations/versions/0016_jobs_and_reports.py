"""jobs and reports: the PDF reports made by jobs (kept for a while), and a purged round's
published theme sizes per neighbourhood

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_report_file_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_file')),
    sa.UniqueConstraint('round_id', 'language', name=op.f('uq_report_file_round_id_language'))
    )
    with op.batch_alter_table('report_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_file_round_id'), ['round_id'], unique=False)
    op.create_table('kept_theme_cell',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('analysis_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('key_sum', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['analysis_id'], ['theme_analysis.id'], name=op.f('fk_kept_theme_cell_analysis_id_theme_analysis')),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_kept_theme_cell_neighbourhood_id_neighbourhood')),
    sa.ForeignKeyConstraint(['theme_id'], ['found_theme.id'], name=op.f('fk_kept_theme_cell_theme_id_found_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_theme_cell'))
    )
    with op.batch_alter_table('kept_theme_cell', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_theme_cell_analysis_id'), ['analysis_id'], unique=False)


def downgrade():
    for table in ('kept_theme_cell', 'report_file'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{"analysis_id" if table == "kept_theme_cell" else "round_id"}'))
        op.drop_table(table)
