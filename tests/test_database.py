"""The schema comes from the migrations, identical on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from participatie.database import is_ours
from participatie.extensions import db


def test_the_tests_run_on_the_database_they_were_given(app, database_url):
    assert db.engine.dialect.name == make_url(database_url).get_backend_name()


def test_the_migrations_build_exactly_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": is_ours})
        assert compare_metadata(context, db.metadata) == []


def test_the_migrations_go_down_and_up_again(app):
    tables = set(db.metadata.tables)
    db.session.remove()
    downgrade(revision="base")
    assert not tables & set(inspect(db.engine).get_table_names())
    upgrade()
    assert tables <= set(inspect(db.engine).get_table_names())
