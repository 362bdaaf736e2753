"""Home, /about with the OpenMoji credit, and pictograms served by the app itself."""

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
