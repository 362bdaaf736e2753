"""GET /healthz answers after asking the database."""

from participatie import create_app


def test_healthz_is_ok_when_the_database_answers(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == app.extensions["sqlalchemy"].engine.dialect.name
    # The job queue, for the orchestrator: who runs the jobs, how many wait.
    assert body["jobs"]["waiting"] == 0
    assert body["jobs"]["runner"] == ("queue" if body["database"] == "postgresql" else "thread")


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
