"""jobs and retention: procrastinate's schema (PostgreSQL)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

On PostgreSQL the job queue (procrastinate) keeps its jobs, workers and locks in its own
tables and functions, created here from the library's own schema file (once: a database that
has them keeps them). A later procrastinate release brings its own migration files
(``procrastinate/sql/migrations``): they go into a later revision. SQLite needs none: there the
jobs run in a thread of the web process.
"""
from alembic import op
from procrastinate.schema import SchemaManager


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar() is None:
        # Through the driver without parameters: the schema's own % signs stay as they are.
        bind.connection.driver_connection.execute(SchemaManager.get_schema())


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql("""
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
