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
    translated = {m.id for m in messages if m.id and m.string and not m.fuzzy}
    assert expected - translated == set()


@pytest.mark.parametrize("language", ["nl", "fr", "ar", "tr"])
def test_translations_keep_the_placeholders(language):
    for message in catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"):
        if message.id and message.string:
            wanted = sorted(re.findall(r"%\(\w+\)s", message.id))
            assert sorted(re.findall(r"%\(\w+\)s", message.string)) == wanted, message.id
