"""recorded voices, per language and hash of the text (offline tablets need no table)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('voice_recording',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('mimetype', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_recording')),
    sa.UniqueConstraint('language', 'text_hash',
                        name=op.f('uq_voice_recording_language_text_hash'))
    )


def downgrade():
    op.drop_table('voice_recording')
