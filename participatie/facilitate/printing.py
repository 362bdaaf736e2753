"""Paper forms as a PDF (WeasyPrint). The questions flow over A4 pages, none split by a page
break; every page carries the form's serial and a correct "page x of y" in its header: each
form is a page group that starts its page count again, and one form is laid out first to know
how many pages a form takes."""

import json
import re

from flask import render_template
from flask_babel import gettext as _

from ..i18n import LANGUAGES, use_language
from ..pdf import document
from ..services.paper import conditions, numbered_questions, serial


def page_label(pages: int | None) -> str:
    """The CSS ``content`` of a page's header: "Form <serial> · page <x> of <y>" in the page's
    language, the serial and page number filled in by the layout for each page."""
    words = _("Form %(serial)s · page %(page)s of %(pages)s", serial="\0serial\0",
              page="\0page\0", pages="\0pages\0")
    parts = []
    for piece in re.split(r"\0(\w+)\0", words):
        if piece == "serial":
            parts.append("string(serial, first)")
        elif piece == "page":
            parts.append("counter(page)")
        elif piece == "pages":
            parts.append(json.dumps(str(pages or "…"), ensure_ascii=False))
        elif piece:
            parts.append(json.dumps(piece, ensure_ascii=False))
    return " ".join(parts)


def _html(link, language: str, serials: list[str], pages: int | None) -> str:
    questionnaire = link.questionnaire_version.questionnaire
    return render_template(
        "facilitate/paper_print.html", link=link, questionnaire=questionnaire,
        serials=serials, language=LANGUAGES[language], page_label=page_label(pages),
        questions=[q for section in questionnaire.sections for q in section.questions],
        numbers={q.key: n for n, q in numbered_questions(questionnaire)},
        conditions=conditions(questionnaire))


def form_pages(link, language: str) -> int:
    """How many A4 pages one form takes in this language."""
    use_language(language)
    return len(document(_html(link, language, [serial(link, 1)], None)).pages)


def forms_pdf(link, language: str, first: int, count: int) -> tuple[bytes, int]:
    """``count`` forms from serial number ``first``, and the number of pages of one form."""
    pages = form_pages(link, language)
    serials = [serial(link, n) for n in range(first, first + count)]
    return document(_html(link, language, serials, pages)).write_pdf(), pages
