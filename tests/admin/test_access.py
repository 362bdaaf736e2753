"""The authorisation matrix, generated from the app's URL map: every route that is not public,
for each role, on the own network, on another network, and anonymous.

``RULES`` is the specification. A new route without a rule here fails the first test; a route
whose guard differs from its rule fails the matrix.
"""

import re

import pytest

from tests.conftest import log_in

PUBLIC = "public"
LOGGED_IN = "logged in"  # any staff account
ADMIN_ROOM = "admin room"  # coordinators (of some network) and the instance administrator
INSTANCE_ADMIN = "instance administrator"

RULES = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "pages.home": PUBLIC,
    "pages.about": PUBLIC,
    "pages.audio": PUBLIC,
    "pages.pictogram": PUBLIC,
    "charts.plotly_js": PUBLIC,  # the installed plotly package's script
    "pages.voice": PUBLIC,
    "api.openapi": PUBLIC,
    "api.questionnaire": PUBLIC,
    "api.responses": PUBLIC,
    "survey.choose_language": PUBLIC,
    "survey.info": PUBLIC,
    "survey.start": PUBLIC,
    "survey.question": PUBLIC,
    "survey.send": PUBLIC,
    "survey.thanks": PUBLIC,
    "survey.stop": PUBLIC,
    "survey.restart": PUBLIC,
    "evaluation_fill.fill": PUBLIC,  # the partner's secret link is the key (tests/dashboard)
    "survey.offline.one_page": PUBLIC,
    "survey.offline.service_worker": PUBLIC,
    "survey.offline.manifest": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.reset": PUBLIC,  # the token is the key
    "auth.change_password": LOGGED_IN,
    "staff.home": LOGGED_IN,
    "admin.index": ADMIN_ROOM,
    "admin.new_network": INSTANCE_ADMIN,
    "survey.preview": "viewer",
    "survey.preview_done": "viewer",
    "survey.offline.prepare": "viewer",
    "admin.network": "coordinator",
    "admin.setup.neighbourhood": "coordinator",
    "admin.setup.partner": "coordinator",
    "admin.setup.remove_partner": "coordinator",
    "admin.setup.questionnaires": "coordinator",
    "admin.population.edit": "coordinator",
    "admin.members.index": "coordinator",
    "admin.retention.index": "coordinator",
    "admin.retention.remove": "coordinator",
    "admin.members.role": "coordinator",
    "admin.members.remove": "coordinator",
    "admin.members.reset_link": "coordinator",
    "admin.rounds.edit": "coordinator",
    "admin.rounds.show": "coordinator",
    "admin.rounds.close": "coordinator",
    "admin.rounds.reopen": "coordinator",
    "admin.rounds.link": "coordinator",
    "admin.versions.move": "coordinator",
    "admin.rounds.qr_code_svg": "coordinator",
    "admin.rounds.qr_code_png": "coordinator",
    "admin.rounds.poster": "coordinator",
    "admin.rounds.disable": "coordinator",
    "admin.rounds.enable": "coordinator",
    "facilitate.index": LOGGED_IN,  # lists only the person's own networks
    "facilitate.compass": "viewer",
    "facilitate.sessions.new": "facilitator",
    "facilitate.sessions.show": "facilitator",
    "facilitate.sessions.live": "facilitator",
    "facilitate.sessions.results": "viewer",
    "facilitate.sessions.finish": "facilitator",
    "facilitate.paper.index": "facilitator",
    "facilitate.paper.print_forms": "facilitator",
    "facilitate.paper.entry": "facilitator",
    "facilitate.paper.correct": "facilitator",
    "facilitate.paper.again": "facilitator",
    "facilitate.paper.void": "facilitator",
    "dashboard.index": LOGGED_IN,  # lists only the person's own networks
    "dashboard.round_overview": "viewer",
    "dashboard.results": "viewer",
    "dashboard.rounds_compared": "viewer",
    "dashboard.reach.show": "viewer",
    "dashboard.trend.show": "viewer",
    "dashboard.exports.export": "viewer",  # summaries; row-level data: tests/dashboard
    "dashboard.exports.report": "viewer",
    "dashboard.imports.import_file": "coordinator",
    "facilitate.voices.index": "facilitator",
    "facilitate.voices.record": "facilitator",
    "dashboard.exports.report_pdf": "viewer",
    "dashboard.exports.report_progress": "viewer",
    "dashboard.exports.report_status": "viewer",
    "dashboard.themes.index": "viewer",
    "dashboard.themes.show": "viewer",
    "dashboard.themes.status": "viewer",
    "dashboard.themes.analyse": "coordinator",
    "dashboard.themes.rename": "coordinator",
    "dashboard.themes.merge": "coordinator",
    "dashboard.themes.confirm": "coordinator",
    "dashboard.themes.move": "coordinator",
    "dashboard.themes.hide": "coordinator",
    "dashboard.codebook.index": "coordinator",
    "dashboard.codebook.remove": "coordinator",
    "dashboard.signals.index": "viewer",  # proposals and editing: coordinators (tests/dashboard)
    "dashboard.signals.new": "coordinator",
    "dashboard.signals.show": "viewer",
    "dashboard.signals.edit": "coordinator",
    "dashboard.signals.note": "coordinator",
    "dashboard.signals.attach": "coordinator",
    "dashboard.signals.detach": "coordinator",
    "dashboard.signals.letter": "viewer",
    "dashboard.signals.letter_pdf": "viewer",
    "dashboard.feedback.index": "viewer",
    "dashboard.feedback.save": "coordinator",
    "dashboard.feedback.remove": "coordinator",
    "dashboard.feedback.poster": "viewer",
    "dashboard.feedback.poster_pdf": "viewer",
    "dashboard.evaluation.index": "viewer",  # the links and starting one: coordinators
    "dashboard.evaluation.start": "coordinator",
}
ROLE_ORDER = ["viewer", "facilitator", "coordinator"]
ACTORS = ["admin", "coordinator", "facilitator", "viewer"]


def protected_rules(app):
    """Non-public rules; those that remove something last, so the rest still find it."""
    rules = [rule for rule in app.url_map.iter_rules() if RULES.get(rule.endpoint) != PUBLIC]
    last = ("remove", "void", "finish")
    return sorted(rules, key=lambda rule: any(word in rule.endpoint for word in last))


def test_every_route_has_a_rule(app):
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(RULES))
    assert not missing, f"add these endpoints to RULES with who may use them: {missing}"


def url_for_side(rule, side) -> str:
    """The rule's URL with the ids and keys of one network's things filled in."""
    values = {
        "network": side.network.key,
        "key": side.round.key,
        "code": side.paper.code if ".paper." in rule.endpoint else side.link.code,
        "session_id": side.session.id,
        "form_serial": side.form_serial,
        "user_id": side.member_id,
        "questionnaire": "family",
        "question": "better_neighbourhood",
        "item_id": side.partner.id if "partner" in rule.endpoint else side.neighbourhood.id,
        "lang": "nl",
        "signal_id": side.signal_id,
    }
    path = rule.rule
    for name in rule.arguments:
        value = values[name]
        path = re.sub(rf"<(?:[^<>:]+:)?{name}>", str(value), path)
    return path


def request(client, rule, url, **kwargs):
    method = "GET" if "GET" in rule.methods else "POST"
    return client.open(url, method=method, **kwargs)


def expected(rule_name: str, actor: str, side: str) -> str:
    """allowed, forbidden (403) or not found (404), from the rule alone."""
    if rule_name == LOGGED_IN:
        return "allowed"
    if rule_name == INSTANCE_ADMIN:
        return "allowed" if actor == "admin" else "forbidden"
    if rule_name == ADMIN_ROOM:
        return "allowed" if actor in ("admin", "coordinator") else "forbidden"
    if actor == "admin":
        return "allowed"
    if side == "other":
        return "not found"
    return "allowed" if ROLE_ORDER.index(actor) >= ROLE_ORDER.index(rule_name) else "forbidden"


def outcome(response) -> str:
    if response.status_code == 404:
        return "not found"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 401 or "/login" in response.headers.get("Location", ""):
        return "login"
    return "allowed"


@pytest.fixture
def matrix_app(app):
    """Forms without tokens: the matrix is about who gets in, not about the forms."""
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["THEMES_RUNNER"] = "command"  # jobs asked for (a PDF report) wait: none runs
    return app


@pytest.mark.parametrize("actor", ACTORS)
def test_each_role_gets_what_its_rules_say(matrix_app, world, actor):
    client = matrix_app.test_client()
    assert log_in(client, world["users"][actor].email).status_code == 302
    seen = []
    # The other network first: a refused request there must change nothing here.
    for side in ("other", "own"):
        for rule in protected_rules(matrix_app):
            if rule.endpoint in ("auth.change_password",):
                continue  # a POST would change the actor's own password; covered in tests/auth
            url = url_for_side(rule, world[side])
            seen.append((rule.endpoint, side, outcome(request(client, rule, url)),
                         expected(RULES[rule.endpoint], actor, side)))
    wrong = [(endpoint, side, got, want) for endpoint, side, got, want in seen if got != want]
    assert not wrong, f"{actor}: (endpoint, network, got, expected): {wrong}"


def test_anonymous_people_are_sent_to_log_in_and_machines_get_401(matrix_app, world):
    client = matrix_app.test_client()
    for rule in protected_rules(matrix_app):
        url = url_for_side(rule, world["own"])
        page = request(client, rule, url)
        assert page.status_code == 302 and "/login?next=" in page.location, rule.endpoint
        machine = request(client, rule, url, headers={"Accept": "application/json"})
        assert machine.status_code == 401, rule.endpoint
        assert machine.json == {"error": "login required"}, rule.endpoint


def test_json_clients_get_403_as_json(matrix_app, world):
    client = matrix_app.test_client()
    log_in(client, world["users"]["viewer"].email)
    refused = client.get("/admin/networks/oostende/", headers={"Accept": "application/json"})
    assert refused.status_code == 403 and refused.json == {"error": "forbidden"}
