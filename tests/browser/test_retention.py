"""A coordinator reads when each round's answers will be removed and sets the months kept."""

from datetime import date

from participatie.extensions import db
from participatie.models import Round
from tests.browser.test_admin import click, log_in, oostende  # noqa: F401 (a fixture)


def test_the_retention_page_shows_the_dates_and_saves_the_months(
        oostende, serve, laptop, no_violations, tmp_path):  # noqa: F811
    db.session.add_all([
        Round(network=oostende, key="najaar", name="Najaar 2025", opens_on=date(2025, 9, 1),
              closes_on=date(2025, 11, 30)),
        Round(network=oostende, key="voorjaar", name="Voorjaar 2026", opens_on=date(2026, 3, 1)),
        Round(network=oostende, key="najaar-2020", name="Najaar 2020",
              opens_on=date(2020, 9, 1), closes_on=date(2020, 11, 30))])
    db.session.commit()
    base = serve()
    page = laptop()
    log_in(page, base, "trekker@oostende.be")
    page.goto(f"{base}/admin/networks/oostende/")
    click(page, "Retention")
    assert page.get_by_role("heading", name="Retention", exact=True).is_visible()
    assert page.get_by_role("cell", name="Nov 30, 2027").is_visible()
    assert page.get_by_role("cell", name="the round is still open").is_visible()
    # Its time is up: it can be removed now (a job) rather than by the nightly purge.
    assert page.get_by_role("button", name="Remove now: Najaar 2020").is_visible()
    assert page.get_by_role("button", name="Remove now").count() == 1  # the others are not due
    no_violations(page)
    page.get_by_label("Months the answers are kept after a round closes").fill("12")
    click(page, "Save", role="button")
    assert page.get_by_text("The retention time is saved.").is_visible()
    assert page.get_by_role("cell", name="Nov 30, 2026").is_visible()
    no_violations(page)
    page.screenshot(path="/tmp/prod-retention.png", full_page=True)
