"""jobs and retention: procrastinate's schema (PostgreSQL); retention per network, purged
rounds and their kept cells; the audit log of staff actions touching data

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

On PostgreSQL the job queue (procrastinate) keeps its jobs, workers and locks in its own
tables and functions, created here from the library's own schema file (once: a database that
has them keeps them). A later procrastinate release brings its own migration files
(``procrastinate/sql/migrations``): they go into a later revision. SQLite needs none: there the
jobs run in a thread of the web process.
"""
from alembic import op
import sqlalchemy as sa
from procrastinate.schema import SchemaManager


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_retention',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), server_default=sa.text('24'), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_network_retention_network_id_network')),
    sa.PrimaryKeyConstraint('network_id', name=op.f('pk_network_retention'))
    )
    op.create_table('purged_round',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_purged_round_round_id_round')),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_purged_round'))
    )
    op.create_table('kept_cell',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_key', sa.String(length=64), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('question_key', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('key_sum', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_kept_cell_neighbourhood_id_neighbourhood')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_kept_cell_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_cell'))
    )
    with op.batch_alter_table('kept_cell', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_cell_round_id'), ['round_id'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_audit_log_network_id_network')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_audit_log_round_id_round')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_audit_log_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_network_id'), ['network_id'], unique=False)

    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar() is None:
        # Through the driver without parameters: the schema's own % signs stay as they are.
        bind.connection.driver_connection.execute(SchemaManager.get_schema())


def downgrade():
    for table in ('audit_log', 'kept_cell', 'purged_round', 'network_retention'):
        op.drop_table(table)
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # Through the driver without parameters, like the schema itself: its % signs stay.
    bind.connection.driver_connection.execute("""
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.f);
  END LOOP;
  FOR r IN SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = current_schema() AND typname LIKE 'procrastinate%'
             AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
  END LOOP;
END $$;
""")
