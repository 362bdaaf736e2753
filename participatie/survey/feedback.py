""""You said, we did" on ``/s/<code>`` once the link's round is closed: what families said
and what the network does with it, in the family's language (``?lang=``), read aloud with
JavaScript and readable without it."""

from flask import render_template, request, session

from ..i18n import LANGUAGES, use_language
from ..topics import TOPIC_LABELS, TOPIC_PICTOGRAMS


def said_we_did(link, entries):
    """The page of a closed round's link (status 200: families were sent here on purpose)."""
    codes = link.questionnaire_version.questionnaire.languages
    wanted = request.args.get("lang") or session.get("language") or codes[0]
    language = LANGUAGES[wanted] if wanted in codes else LANGUAGES[codes[0]]
    use_language(language.code)
    items = []
    for entry in entries:
        shown = language.code if (entry.said.get(language.code)
                                  and entry.did.get(language.code)) else "nl"
        items.append({"topic": str(TOPIC_LABELS.get(entry.topic, entry.topic)),
                      "pictogram": TOPIC_PICTOGRAMS.get(entry.topic, "1F4AC"),
                      "said": entry.said[shown], "did": entry.did[shown],
                      "language": LANGUAGES[shown], "unchecked": shown in entry.unchecked})
    return render_template("survey/said_we_did.html", link=link, items=items,
                           current=language, languages=[LANGUAGES[c] for c in codes])
