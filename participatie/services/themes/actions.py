"""What people do with the themes: keep, rename, merge, move, confirm (into the network's
codebook), hide an answer, and edit the codebook."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis.codebooks import default_codebook
from analysis.text import detect_language, is_informative, tokens

from ...extensions import db
from ...i18n import staff_language
from ...models import (
    Answer,
    CodebookEntry,
    Coding,
    FoundTheme,
    Signal,
    SignalEvidence,
    ThemeAnalysis,
)
from ..audit import record
from ..networks import slug
from ..results import minimum
from .questions import same_words

MAX_EXAMPLES = 40  # per theme and language in a network's codebook
MOVED_KEPT = 500  # per analysis: the themes that are gone whose links still lead somewhere


# -- what people do -------------------------------------------------------------------------

def keep(theme: FoundTheme) -> None:
    """A person touched the theme: it keeps its name and key from now on."""
    theme.kept = True
    if not theme.key:
        taken = {t.key for t in theme.analysis.themes if t.key}
        base = slug(theme.shown_label())
        key, n = base if base != "x" else "theme", 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        theme.key = key


def rename(theme: FoundTheme, label: str) -> None:
    theme.label = label.strip()[:200] or None
    keep(theme)
    round_ = theme.analysis.round
    record("rename", round_.network_id, round_.id, 1, commit=False)
    db.session.commit()


def merge(source: FoundTheme, target: FoundTheme) -> None:
    """Every answer of ``source`` to ``target`` (placed by a person); ``source`` is gone, and
    what a re-analysis finds under its key goes to ``target`` too."""
    if source.id == target.id:
        raise ValueError("a theme cannot be merged into itself")
    for coding in db.session.scalars(select(Coding).where(Coding.theme_id == source.id)):
        coding.theme_id, coding.by_person = target.id, True
    keep(target)
    carried = [key for key in (source.key, *(source.merged_keys or ())) if key]
    target.merged_keys = list(dict.fromkeys([*(target.merged_keys or ()), *carried]))
    db.session.flush()
    round_ = source.analysis.round
    record_moved(source.analysis, {source.id: target.id})
    source.analysis.themes.remove(source)
    record("merge", round_.network_id, round_.id, 1, commit=False)
    db.session.commit()


def record_moved(analysis: ThemeAnalysis, gone: dict[int, int | None]) -> None:
    """Remember where the answers of themes that are now gone went (theme id → the theme
    holding most of them; None: "other"), the newest ``MOVED_KEPT``."""
    moved = {old: new for old, new in (analysis.moved or {}).items()
             if int(old) not in gone}  # one recorded again is the newest
    moved.update({str(old): new for old, new in gone.items()})
    analysis.moved = dict(list(moved.items())[-MOVED_KEPT:])  # a new dict: saved as changed


def moved_to(analysis: ThemeAnalysis, theme_id: int) -> int | str | None:
    """Where a link to a theme of this analysis that is gone should lead: the id of the theme
    that holds most of its answers now (following later merges), "other", or None (never a
    theme of this analysis, or its answers' theme is gone too)."""
    moved, live = analysis.moved or {}, {theme.id for theme in analysis.themes}
    seen, current = set(), theme_id
    while str(current) in moved and current not in seen:
        seen.add(current)
        current = moved[str(current)]
        if current is None:
            return "other"
        if current in live:
            return current
    return None


def move(coding: Coding, target: FoundTheme | None) -> None:
    """One answer to another theme (None: to "other"); a re-analysis leaves it there. A theme
    left empty leads to where its last answer went, once it is gone."""
    source = coding.theme_id
    coding.theme_id, coding.by_person = (target.id if target else None), True
    if target is not None:
        keep(target)
    analysis = db.session.get(ThemeAnalysis, coding.analysis_id)
    db.session.flush()
    if analysis is not None and source is not None and source != coding.theme_id and not (
            db.session.scalar(select(Coding.answer_id).where(Coding.theme_id == source)
                              .limit(1))):
        record_moved(analysis, {source: coding.theme_id})
    if analysis is not None:
        record("move", analysis.round.network_id, analysis.round_id, 1, commit=False)
    db.session.commit()


class TooSmall(ValueError):
    """A theme of fewer answers than the minimum cannot be confirmed: its answers would be
    shown, word for word, in the codebook."""


def size_of(theme: FoundTheme) -> int:
    return db.session.scalar(select(func.count()).where(Coding.theme_id == theme.id))


def confirm(theme: FoundTheme) -> None:
    """The theme is right: its answers stay in it, and become examples of it in the network's
    own codebook (hidden and one-word answers excepted)."""
    if size_of(theme) < minimum():
        raise TooSmall(theme.id)
    keep(theme)
    theme.confirmed = True
    codings = db.session.scalars(select(Coding).where(Coding.theme_id == theme.id)).all()
    for coding in codings:
        coding.by_person = True
    network_id = theme.analysis.round.network_id
    entry = db.session.scalar(select(CodebookEntry).where(
        CodebookEntry.network_id == network_id, CodebookEntry.key == theme.key))
    if entry is None:
        entry = CodebookEntry(network_id=network_id, key=theme.key, labels={}, examples={})
        db.session.add(entry)
    if default_codebook().theme(theme.key) is None:  # the default themes keep their labels
        entry.labels = {**entry.labels, staff_language(): theme.shown_label()}
    examples = {lang: list(phrases) for lang, phrases in entry.examples.items()}
    ordered = sorted(codings, key=lambda c: -(c.closeness or 0))
    for coding in ordered:
        text = _one_line(coding.answer.text)
        if coding.hidden or not is_informative(text):
            continue
        phrases = examples.setdefault(detect_language(text), [])
        if text not in phrases and len(phrases) < MAX_EXAMPLES:
            phrases.append(text)
    entry.examples = examples
    record("confirm", network_id, theme.analysis.round_id, len(codings), commit=False)
    db.session.commit()


def _one_line(text: str) -> str:
    """An answer as a codebook example: one line (the codebook is edited a line each)."""
    return " ".join(text.split())




def alike(coding: Coding) -> list[Coding]:
    """The codings of the analysis, not hidden, whose answers have ``coding``'s words."""
    words = same_words(coding.answer.text)
    return [other for other, text in db.session.execute(
        select(Coding, Answer.text).join(Answer, Answer.id == Coding.answer_id)
        .where(Coding.analysis_id == coding.analysis_id, Coding.hidden.is_(False)))
        if same_words(text) == words]


def alike_counts(analysis: ThemeAnalysis) -> dict[str, int]:
    """For each wording (see :func:`same_words`), how many shown answers have it."""
    counts: dict[str, int] = {}
    for text in db.session.scalars(
            select(Answer.text).join(Coding, Coding.answer_id == Answer.id)
            .where(Coding.analysis_id == analysis.id, Coding.hidden.is_(False))):
        counts[same_words(text)] = counts.get(same_words(text), 0) + 1
    return counts


def hide(coding: Coding, every_alike: bool = True) -> int:
    """The answer could identify someone: its words leave every view, export and codebook,
    and its theme's words (and a name made of them); with ``every_alike`` so do the other
    answers with the same words, which would otherwise take its place. Returns how many
    answers were hidden."""
    codings = {coding.answer_id: coding}
    if every_alike:
        codings.update({other.answer_id: other for other in alike(coding)})
    network_id = db.session.get(ThemeAnalysis, coding.analysis_id).round.network_id
    entries = list(db.session.scalars(select(CodebookEntry).where(
        CodebookEntry.network_id == network_id)))
    for hidden in codings.values():
        hidden.hidden = True
        text = _one_line(hidden.answer.text)
        for entry in entries:
            if any(text in phrases for phrases in entry.examples.values()):
                entry.examples = {lang: [p for p in phrases if p != text]
                                  for lang, phrases in entry.examples.items()}
        if hidden.theme is not None:
            _scrub(hidden.theme, text)
    _scrub_evidence(coding.analysis_id, network_id,
                    {hidden.answer.text.strip() for hidden in codings.values()})
    record("hide", network_id, db.session.get(ThemeAnalysis, coding.analysis_id).round_id,
           len(codings), commit=False)
    db.session.commit()
    return len(codings)


HIDDEN_QUOTE = "“…”"  # what a signal's evidence says where a quote was hidden after


def _scrub_evidence(analysis_id: int, network_id: int, texts: set[str]) -> None:
    """Take the hidden answers' words out of the quotes attached to the network's signals (as
    the letters to services show them): a signal keeps what it said, but not these words."""
    quoted = {f"“{text}”" for text in texts}
    evidence = db.session.scalars(
        select(SignalEvidence).join(Signal, Signal.id == SignalEvidence.signal_id)
        .where(Signal.network_id == network_id, SignalEvidence.kind == "quotes",
               SignalEvidence.source.startswith(f"quotes:{analysis_id}:", autoescape=True)))
    words = {word.casefold() for text in texts for word in tokens(text)}
    for item in evidence:
        if quoted & set(item.lines):
            item.lines = [HIDDEN_QUOTE if line in quoted else line for line in item.lines]
        if words & {word.casefold() for word in tokens(item.heading)}:
            # Named by its answers' words (a theme the analysis found): named again, as the
            # theme is now (its words without the hidden answer's), or not at all.
            theme = db.session.get(FoundTheme, int(item.source.rsplit(":", 1)[1]))
            item.heading = _("Open answers about “%(theme)s”, %(round)s",
                             theme=theme.shown_label() if theme is not None else "…",
                             round=item.round.name if item.round else "")


def _scrub(theme: FoundTheme, text: str) -> None:
    """Drop the hidden answer's words from its theme's words, and from a name made of them
    (until the next analysis describes the theme without the answer)."""
    words = {w.casefold() for w in tokens(text)}
    theme.terms = [t for t in theme.terms if t.casefold() not in words]
    if theme.worded:
        theme.proposed_label = " · ".join(theme.terms[:3]) or "…"


def edit_codebook_entry(entry: CodebookEntry, labels: dict[str, str], examples: str) -> None:
    """A coordinator's edit: names per language, and the examples, one per line (each filed
    under the language it is written in)."""
    entry.labels = {lang: label.strip() for lang, label in labels.items() if (label or "").strip()}
    grouped: dict[str, list[str]] = {}
    for line in examples.splitlines():
        phrase = line.strip()
        if phrase and phrase not in grouped.get(detect_language(phrase), []):
            grouped.setdefault(detect_language(phrase), []).append(phrase)
    entry.examples = grouped
    db.session.commit()


