"""Home, /about with the OpenMoji credit, and pictograms served by the app itself."""

import pytest

from participatie.paths import resource_dir
from tests.conftest import read_definition

FAMILY_V2 = resource_dir("questionnaires") / "published" / "family-v2.yaml"


def test_pictograms_are_served_from_the_installed_package(client):
    with client.get("/pictograms/1F3EB.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
        assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_an_unknown_pictogram_is_404(client):
    assert client.get("/pictograms/FFFFF.svg").status_code == 404
    assert client.get("/pictograms/..%2Fsecret.svg").status_code == 404


def test_about_credits_openmoji_under_its_licence(client):
    html = client.get("/about", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "OpenMoji" in html
    assert "CC BY-SA 4.0" in html
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in html


def test_no_page_loads_anything_from_another_host(client, make_link):
    make_link("demo", definition=read_definition(FAMILY_V2))
    for url in ("/", "/about", "/s/demo", "/s/demo/ar"):
        html = client.get(url).get_data(as_text=True)
        assert "//cdn" not in html and 'src="http' not in html and 'href="http' not in html.split(
            "<main")[0], url


@pytest.mark.parametrize(("language", "direction", "title", "way_back"), [
    ("nl", "ltr", "Pagina niet gevonden", "Naar de startpagina"),
    ("ar", "rtl", "الصفحة غير موجودة", "إلى الصفحة الرئيسية"),
])
def test_an_address_that_leads_nowhere_says_so_in_the_readers_language(
        client, language, direction, title, way_back):
    """A family typing a link from a poster wrong reads what happened, in their language and
    direction, with a way to the start; the API keeps answering in JSON."""
    page = client.get("/s/demo/oeps", headers={"Accept-Language": language})
    assert page.status_code == 404 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert title in html and way_back in html and 'href="/"' in html
    assert f'lang="{language}" dir="{direction}"' in html
    api = client.get("/api/v1/nergens")
    assert api.status_code == 404 and api.is_json


def test_a_method_a_page_does_not_take_is_said_in_words(client):
    wrong = client.post("/about", headers={"Accept-Language": "fr"})
    assert wrong.status_code == 405
    assert "Revenez en arrière et réessayez." in wrong.get_data(as_text=True)
    assert "GET" in wrong.headers["Allow"]


def test_a_form_too_large_is_said_in_words(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    large = client.post("/login", data={"email": "x" * 5000}, headers={"Accept-Language": "tr"})
    assert large.status_code == 413
    assert "daha küçük bir dosya" in large.get_data(as_text=True)


def test_staff_who_follow_a_dead_link_keep_their_menu(english_client, make_user):
    from tests.conftest import log_in

    make_user("coordinator@example.org")
    client = english_client()
    log_in(client, "coordinator@example.org")
    page = client.get("/dashboard/networks/nergens/rounds/x/themes/")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "Page not found" in html and "My networks" in html and "Back to my networks" in html
