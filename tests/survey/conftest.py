"""A family's way through the survey with plain HTML forms (what a browser without JavaScript
does): follow the links, post the forms with their CSRF token."""

import re

import pytest


class Family:
    def __init__(self, client):
        self.client = client
        self.page = None

    def open(self, url):
        self.page = self.client.get(url, follow_redirects=True)
        return self.page

    @property
    def html(self) -> str:
        return self.page.get_data(as_text=True)

    def token(self) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.html).group(1)

    def post(self, url=None, data=None, **fields):
        """Submit the page's form (to ``url``, default: the page itself) as a browser would."""
        form = {"csrf_token": self.token(), **(data or {}), **fields}
        target = url or self.page.request.path
        self.page = self.client.post(target, data=form, follow_redirects=True)
        return self.page

    def start(self, code="test", lang="nl"):
        self.open(f"/s/{code}/{lang}")
        return self.post()

    def answer(self, value=None, action="next", key=None):
        """Answer the question on screen and move on; without a value, what the screen shows
        (checked cards, typed text) is sent, as a browser does."""
        key = key or self.question_key()
        data = {"action": action, key: value if value is not None else self.shown_value(key)}
        return self.post(data=data)

    def shown_value(self, key):
        checked = re.findall(rf'name="{key}" value="([^"]*)" checked', self.html)
        typed = re.search(rf'<input class="number"[^>]*name="{key}"[^>]*value="([^"]*)"', self.html)
        text = re.search(r"<textarea[^>]*>([^<]*)</textarea>", self.html)
        if checked:
            return checked
        return (typed and typed.group(1)) or (text and text.group(1)) or ""

    def form_html(self):
        return self.html.split('novalidate>', 1)[1]

    def question_key(self) -> str:
        return self.page.request.path.rsplit("/", 1)[1]


@pytest.fixture
def family(client):
    return Family(client)
