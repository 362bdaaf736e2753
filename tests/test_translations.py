"""Every text a person reads is translated: nl (default), fr, ar and tr; en is the source."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from participatie.paths import PACKAGE_DIR

TRANSLATIONS = PACKAGE_DIR / "translations"
ROOT = PACKAGE_DIR.parent


def catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def msgids(path: Path) -> set[str]:
    return {message.id for message in catalog(path) if message.id}


def test_the_template_holds_every_string_of_the_source(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-o", str(fresh), "--no-location", "--omit-header", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    assert msgids(fresh) == msgids(TRANSLATIONS / "messages.pot"), "run: make translations-update"


@pytest.mark.parametrize("language", ["nl", "fr", "ar", "tr"])
def test_every_string_is_translated(language):
    messages = catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    expected = msgids(TRANSLATIONS / "messages.pot")
    translated = {m.id for m in messages if m.id and not m.fuzzy and _complete(m.string)}
    assert expected - translated == set()


def _complete(string) -> bool:
    """A translation, and for a plural entry every one of its forms."""
    forms = string if isinstance(string, tuple) else (string,)
    return bool(forms) and all(form.strip() for form in forms)


@pytest.mark.parametrize("language", ["nl", "fr", "ar", "tr"])
def test_translations_keep_the_placeholders(language):
    for message in catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"):
        if not message.id or not message.string:
            continue
        # A plural entry (ngettext) has several source and translated forms: each translated
        # form keeps the placeholders of the source (a form for one may leave the number out).
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", sources[-1]))
        for form in forms:
            kept = set(re.findall(r"%\(\w+\)s", form))
            assert kept <= wanted if len(forms) > 1 else kept == wanted, message.id
