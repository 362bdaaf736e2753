"""Security headers on every kind of answer, from one place (participatie.security), and the
``Secure`` cookie and HSTS whenever the app is reached over https (issue 16, item 2)."""

import pytest

from participatie.security import CONTENT_SECURITY_POLICY
from tests.conftest import log_in

WAVE2_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' "
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; img-src 'self' data: blob:; "
    "media-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")


def test_the_policy_is_the_one_agreed():
    assert CONTENT_SECURITY_POLICY == WAVE2_POLICY


@pytest.fixture
def pages(world, english_client):
    """One URL per kind of page, and a coordinator's browser."""
    own = world["own"]
    client = english_client()
    log_in(client, "coordinator@example.org")
    base = f"/dashboard/networks/{own.network.key}/rounds/{own.round.key}"
    staff = {
        "staff home": "/staff/",
        "admin": f"/admin/networks/{own.network.key}/",
        "facilitate": f"/facilitate/networks/{own.network.key}/sessions/{own.session.id}/",
        "live screen": f"/facilitate/networks/{own.network.key}/sessions/{own.session.id}/live",
        "dashboard": f"{base}/",
        "report": f"{base}/report",
        "export": f"{base}/export?kind=responses&format=csv",
        "xlsx": f"{base}/export?kind=summary&format=xlsx",
    }
    public = {
        "survey": f"/s/{own.link.code}",
        "login": "/login",
        "home": "/",
        "api": "/api/v1/openapi.json",
        "health": "/healthz",
    }
    return client, staff, public


def test_every_kind_of_page_carries_the_headers(pages):
    client, staff, public = pages
    for kind, url in {**staff, **public}.items():
        answer = client.get(url)
        assert answer.status_code in (200, 302), (kind, answer.status_code)
        assert answer.headers["Content-Security-Policy"] == WAVE2_POLICY, kind
        assert answer.headers["X-Frame-Options"] == "DENY", kind
        assert answer.headers["X-Content-Type-Options"] == "nosniff", kind
        assert answer.headers["Referrer-Policy"] == "same-origin", kind
        assert "Strict-Transport-Security" not in answer.headers, kind  # plain http here
    for kind, url in staff.items():
        assert client.get(url).headers["Cache-Control"] == "no-store", kind


def test_pictograms_and_static_files_may_be_cached(client):
    pictogram = client.get("/pictograms/1F3EB.svg")
    assert "max-age" in pictogram.headers["Cache-Control"]
    assert pictogram.headers["X-Content-Type-Options"] == "nosniff"
    with client.get("/static/css/participatie.css") as style:  # closes the file it sends
        assert style.headers.get("Cache-Control") != "no-store"


def secure_flags(answer) -> list[bool]:
    return ["secure" in header.lower() for header in answer.headers.getlist("Set-Cookie")]


def test_over_https_behind_a_trusted_proxy_cookies_are_secure_and_hsts_is_sent(
        another_app, make_user):
    make_user("an@example.org")
    behind = another_app(TRUSTED_PROXIES=1)
    client = behind.test_client()
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    client.environ_base.update({"HTTP_X_FORWARDED_PROTO": "https",
                                "HTTP_X_FORWARDED_FOR": "203.0.113.9",
                                "HTTP_REFERER": "https://localhost/login"})  # CSRF over https
    with behind.app_context():
        logged_in = log_in(client, "an@example.org")
    assert logged_in.status_code == 302
    assert secure_flags(logged_in) and all(secure_flags(logged_in))  # session and device
    assert logged_in.headers["Strict-Transport-Security"] == "max-age=31536000"
    # Without a trusted proxy the same header is not believed.
    direct = another_app().test_client()
    page = direct.get("/login", headers=https)
    assert "Strict-Transport-Security" not in page.headers


def test_a_public_https_address_makes_cookies_secure(another_app, make_user):
    make_user("an@example.org")
    published = another_app(PUBLIC_URL="https://participatie.example.be")
    client = published.test_client()
    with published.app_context():
        logged_in = log_in(client, "an@example.org")
    assert logged_in.status_code == 302 and all(secure_flags(logged_in))
    assert logged_in.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_answers_no_view_made_carry_the_headers_and_an_id(client):
    """A 404 before any view, a 405 and an API error leave through the same middleware."""
    for answer in (client.get("/no/such/page"), client.delete("/login"),
                   client.post("/api/v1/responses", data="not json")):
        assert answer.status_code in (400, 404, 405)
        assert answer.headers["Content-Security-Policy"] == WAVE2_POLICY
        assert answer.headers["Cache-Control"] == "no-store"
        assert len(answer.headers["X-Request-ID"]) == 32
        assert len(answer.headers.getlist("X-Content-Type-Options")) == 1
