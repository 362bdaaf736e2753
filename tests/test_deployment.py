"""The deployment files: compose.yaml parses, has web, worker and PostgreSQL with health
checks, and gives the app every environment variable it reads; the Dockerfile's final image
has no build tools and runs as a non-root user."""

import re
from pathlib import Path

import yaml

from participatie.config import DEFAULTS, PLAIN_ENV

ROOT = Path(__file__).parents[1]
# Settings that are no operator's business (set by the app itself, or by the tests).
INTERNAL = {"LANGUAGES", "BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE", "WTF_CSRF_TIME_LIMIT",
            "SQLALCHEMY_ENGINE_OPTIONS", "MAX_CONTENT_LENGTH", "SESSION_COOKIE_SAMESITE",
            "SESSION_COOKIE_HTTPONLY", "PASSWORD_HASH_PROFILE", "JOBS_START_DELAY_SECONDS"}


def variables_read() -> set[str]:
    """Every environment variable the app reads: the plain ones, the instance folder, and
    PARTICIPATIE_<NAME> for each setting an operator may set."""
    names = {*PLAIN_ENV, "PARTICIPATIE_INSTANCE_PATH"}
    names |= {f"PARTICIPATIE_{key}" for key in DEFAULTS if key not in INTERNAL}
    # ... and whatever the code reads from os.environ by name
    for path in (ROOT / "participatie").rglob("*.py"):
        names |= set(re.findall(r"os\.environ(?:\.get)?\(?\[?\"([A-Z_]+)\"", path.read_text()))
    return names


def test_compose_parses_and_gives_web_and_worker_every_variable():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "web", "worker"} <= set(services)
    for name in ("db", "web", "worker"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "migrate"):
        missing = variables_read() - set(services[name]["environment"])
        assert not missing, f"{name} lacks {sorted(missing)}"
    assert services["worker"]["command"] == ["participatie", "worker"]


def test_readme_documents_every_variable():
    readme = (ROOT / "README.md").read_text()
    missing = {name for name in variables_read() if f"`{name}`" not in readme}
    assert not missing, sorted(missing)


def test_dockerfiles_final_image_has_no_build_tools_and_a_user():
    stages = (ROOT / "Dockerfile").read_text().split("\nFROM ")
    final = stages[-1]
    assert "build-essential" in stages[0] + stages[1] and "build-essential" not in final
    assert "gcc" not in final and re.search(r"^USER (?!root)\w+", final, re.M)
    assert "--no-index" in final  # the wheels built in the first stage, nothing compiled here
