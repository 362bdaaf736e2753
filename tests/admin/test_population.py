"""A coordinator enters a neighbourhood's population figures for reach; bad input stores
nothing."""

import pytest
from sqlalchemy import select

from participatie.extensions import db
from participatie.models import PopulationFigure
from tests.admin.conftest import form_errors, submit

BASE = "/admin/networks/oostende"


def figures() -> dict:
    return {(f.dimension, f.group): (f.families, f.percent, f.source)
            for f in db.session.scalars(select(PopulationFigure))}


def test_a_coordinator_enters_families_per_age_band_and_home_language(coordinator_client,
                                                                      world):
    hood = world["own"].neighbourhood
    url = f"{BASE}/neighbourhoods/{hood.id}/population"
    assert "Population figures" in coordinator_client.get(f"{BASE}/").text
    saved = submit(coordinator_client, url, {
        "families": "400", "source": "Kind en Gezin 2025",
        "age_band__0_2__families": "120", "home_language__ar__families": "100",
        "home_language__not_nl__percent": "31.5"})
    assert saved.status_code == 302, form_errors(saved)
    assert figures() == {("age_band", "0-2"): (120, None, "Kind en Gezin 2025"),
                         ("home_language", "ar"): (100, None, "Kind en Gezin 2025"),
                         ("home_language", "not-nl"): (None, 31.5, "Kind en Gezin 2025")}
    db.session.refresh(hood)
    assert hood.population["families"] == 400
    again = coordinator_client.get(url).text
    assert 'value="120"' in again and 'value="31.5"' in again


@pytest.mark.parametrize(("data", "error"), [
    ({"families": "400", "home_language__ar__families": "100",
      "home_language__ar__percent": "25"}, "not both"),
    ({"home_language__ar__families": "100"}, "number of families to use numbers"),
    ({"families": "100", "age_band__0_2__families": "120"}, "More families in a group"),
    ({"families": "100", "home_language__tr__percent": "120"}, "between 0 and 100"),
    ({"families": "-1"}, "between 0 and"),
])
def test_bad_figures_are_refused_and_nothing_is_stored(coordinator_client, world, data, error):
    hood = world["own"].neighbourhood
    page = submit(coordinator_client, f"{BASE}/neighbourhoods/{hood.id}/population", data)
    assert page.status_code == 200
    assert any(error in e for e in form_errors(page)), form_errors(page)
    assert figures() == {}
