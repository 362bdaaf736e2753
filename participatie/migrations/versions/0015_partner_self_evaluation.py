"""the partners' self-evaluation on the eight building blocks

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'partner_evaluation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_partner_evaluation_network_id_network')),
        sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_partner_evaluation_questionnaire_version_id_questionnaire_version')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_evaluation')),
        sa.UniqueConstraint('network_id', 'name', name=op.f('uq_partner_evaluation_network_id_name')),
    )
    with op.batch_alter_table('partner_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_evaluation_network_id'), ['network_id'], unique=False)
    op.create_table(
        'partner_evaluation_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=True),
        sa.Column('partner_name', sa.String(length=200), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['evaluation_id'], ['partner_evaluation.id'], name=op.f('fk_partner_evaluation_entry_evaluation_id_partner_evaluation')),
        sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_partner_evaluation_entry_partner_id_partner'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_evaluation_entry')),
        sa.UniqueConstraint('evaluation_id', 'partner_id', name=op.f('uq_partner_evaluation_entry_evaluation_id_partner_id')),
        sa.UniqueConstraint('token', name=op.f('uq_partner_evaluation_entry_token')),
    )
    with op.batch_alter_table('partner_evaluation_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_evaluation_entry_evaluation_id'), ['evaluation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('partner_evaluation_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_evaluation_entry_evaluation_id'))
    op.drop_table('partner_evaluation_entry')
    with op.batch_alter_table('partner_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_evaluation_network_id'))
    op.drop_table('partner_evaluation')
