"""The partners' self-evaluation in the browser: a coordinator starts one and opens a partner's
link; the partner fills the eight building blocks on one page (a block left out gives an error,
then it is saved); the network's view as coordinator and as viewer. Every page axe-clean."""

from participatie.vocabulary import BUILDING_BLOCKS
from tests.browser.test_admin import click, log_in
from tests.dashboard.conftest import rounds  # noqa: F401 (fixtures)
from tests.dashboard.test_evaluation import partners  # noqa: F401

VIEW = "/dashboard/networks/oostende/evaluation/"


def test_a_partner_fills_its_evaluation_and_the_network_sees_it(
        partners, serve, laptop, no_violations):  # noqa: F811
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}{VIEW}")
    no_violations(page)  # no evaluation yet: the function map and the start form
    assert page.get_by_text("No partner takes up the function “Play, leisure, culture and sport”."
                            ).is_visible()
    page.get_by_label("Name of the evaluation").fill("najaar 2026")
    click(page, "Start the evaluation", role="button")
    links = page.locator("table.links a")
    assert links.count() == 3
    no_violations(page)

    form = laptop()
    form.goto(links.first.get_attribute("href"))
    assert form.get_by_role("heading", name="The network's self-evaluation").is_visible()
    no_violations(form)
    for block in BUILDING_BLOCKS[:-1]:
        form.locator(f'input[name="{block}_now"][value="2"]').check()
        form.locator(f'input[name="{block}_goal"][value="4"]').check()
    form.get_by_label("What is the next step?").first.fill("Samen een visietekst schrijven")
    click(form, "Save the evaluation", role="button")
    assert form.get_by_text("Some blocks are not complete yet").is_visible()
    assert form.locator(".form-error").count() == 2  # the last block's now and goal
    no_violations(form)
    form.locator('input[name="monitoring_now"][value="1"]').check()
    form.locator('input[name="monitoring_goal"][value="3"]').check()
    click(form, "Save the evaluation", role="button")
    assert form.get_by_text("Thank you: your evaluation is saved.").is_visible()
    assert form.locator('input[name="shared_vision_now"][value="2"]').is_checked()

    page.goto(f"{base}{VIEW}")
    assert page.get_by_text("Partners who filled in the evaluation: 1 of 3.").is_visible()
    assert page.get_by_text("Samen een visietekst schrijven").is_visible()
    no_violations(page)

    viewer = laptop()
    log_in(viewer, base, "viewer@example.org")
    viewer.goto(f"{base}{VIEW}")
    assert viewer.get_by_text("Samen een visietekst schrijven").is_visible()
    assert viewer.locator("table.links").count() == 0
    assert viewer.get_by_role("button", name="Start the evaluation").count() == 0
    no_violations(viewer)
