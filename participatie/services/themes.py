"""Themes in open answers: the analysis job, what people do with its themes, and what the
dashboard shows of them.

A round's question is analysed in the background (a thread of the web app, or
``participatie themes run``), never on the submit path. Each answer's sentence vector is
computed at its first analysis and stored; a re-analysis reads them back. What people did
survives a re-analysis: an answer a person placed stays there, a theme a person renamed,
merged into or confirmed keeps its name and key, and its answers are the examples that draw
new answers in. Confirmed themes become examples in the network's own codebook, which the
next rounds' analyses start from. Hidden answers never leave the database again: no view,
quote, codebook or export shows their words.
"""

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from analysis import Answer as Text
from analysis import Codebook, E5Embedder, EmbeddingCache, Theme, ThemeFinder, disclosure
from analysis.codebooks import default_codebook
from analysis.disclosure import Cell
from analysis.embeddings import EmbeddingUnavailable
from analysis.stats import Change, change_in_share
from analysis.text import detect_language, is_informative, tokens
from analysis.themes import NO_CONTENT

from ..extensions import db
from ..i18n import staff_language
from ..models import (
    Answer,
    AnswerEmbedding,
    CodebookEntry,
    Coding,
    CollectionLink,
    FoundTheme,
    Network,
    QuestionnaireVersion,
    Response,
    Round,
    ThemeAnalysis,
)
from ..models.base import utcnow
from ..vocabulary import UI_LANGUAGES as CODEBOOK_LANGUAGES  # noqa: F401 (the codebook form's)
from .compare import earlier_rounds, latest_version
from .networks import slug
from .results import minimum

log = logging.getLogger(__name__)

STALLED = timedelta(minutes=10)  # a running job that has not moved for this long has stopped
BATCH = 32  # answers embedded between two progress updates
MAX_EXAMPLES = 40  # per theme and language in a network's codebook
QUOTES = 3

_phrases = EmbeddingCache()  # the codebooks' example phrases, shared by every job
_phrases_lock = threading.Lock()
_one_at_a_time = threading.Lock()  # jobs of this process, one after the other


# -- which questions, which answers ---------------------------------------------------------

def open_questions(round_: Round) -> list[tuple[str, object]]:
    """(questionnaire key, question) of every open question in the round's questionnaires,
    the comments of the Place Standard included."""
    return [(key, q) for key, q, _parent in open_questions_with_parents(round_)]


def open_questions_with_parents(round_: Round) -> list[tuple[str, object, object]]:
    """(questionnaire key, question, the question it comments on or None)."""
    found = []
    for key in sorted({v.key for v in round_.questionnaire_versions}):
        questionnaire = latest_version(round_, key).questionnaire
        for question in (q for section in questionnaire.sections for q in section.questions):
            if question.type == "open_text":
                found.append((key, question, None))
            found.extend((key, comment, question) for comment in question.comments)
    return found


def find_question(round_: Round, questionnaire_key: str, question_key: str):
    return next((q for key, q in open_questions(round_)
                 if key == questionnaire_key and q.key == question_key), None)


def parent_of(round_: Round, questionnaire_key: str, question_key: str):
    """The question an open comment belongs to (e.g. a Place Standard theme), or None."""
    return next((parent for key, q, parent in open_questions_with_parents(round_)
                 if key == questionnaire_key and q.key == question_key), None)


def _answers_query(round_id: int, questionnaire_key: str, question_key: str):
    return (select(Answer.id, Answer.text)
            .join(Response, Response.id == Answer.response_id)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .join(QuestionnaireVersion,
                  QuestionnaireVersion.id == Response.questionnaire_version_id)
            .where(CollectionLink.round_id == round_id,
                   QuestionnaireVersion.key == questionnaire_key,
                   Answer.question_key == question_key, Answer.text.is_not(None),
                   Answer.text != "")
            .order_by(Answer.id))


def answer_count(round_: Round, questionnaire_key: str, question_key: str) -> int:
    return db.session.scalar(select(func.count()).select_from(
        _answers_query(round_.id, questionnaire_key, question_key).subquery()))


def answers_shown(round_: Round, questionnaire_key: str, question_key: str) -> int | None:
    """How many answered the question, as published: perturbed, and without the
    neighbourhoods with too few answers to show (as the theme tables count them)."""
    answers = (_answers_query(round_.id, questionnaire_key, question_key)
               .add_columns(Response.record_key, CollectionLink.neighbourhood_id)).subquery()
    groups = {hood: Cell.of(n, keys) for hood, n, keys in db.session.execute(
        select(answers.c.neighbourhood_id, func.count(), func.sum(answers.c.record_key))
        .group_by(answers.c.neighbourhood_id))}
    least = minimum()
    kept = disclosure.included(groups, least)
    return disclosure.shown(disclosure.total(groups[hood] for hood in kept), least) or None


def new_since(analysis: ThemeAnalysis) -> int:
    """How many answers came in after the analysis (they are in no theme yet)."""
    answers = _answers_query(analysis.round_id, analysis.questionnaire_key,
                             analysis.question_key).subquery()
    coded = select(Coding.answer_id).where(Coding.analysis_id == analysis.id)
    return db.session.scalar(select(func.count()).select_from(answers)
                             .where(answers.c.id.not_in(coded)))


def analysis_of(round_: Round, questionnaire_key: str, question_key: str):
    return db.session.scalar(select(ThemeAnalysis).where(
        ThemeAnalysis.round_id == round_.id, ThemeAnalysis.questionnaire_key == questionnaire_key,
        ThemeAnalysis.question_key == question_key))


# -- the job --------------------------------------------------------------------------------

def is_busy(analysis: ThemeAnalysis) -> bool:
    """Queued or running, and not stalled (a server restarted in the middle of it)."""
    return (analysis.status in ("queued", "running")
            and utcnow() - analysis.updated_at < STALLED)


def request_analysis(round_: Round, questionnaire_key: str, question_key: str,
                     runner: str | None = None) -> ThemeAnalysis:
    """Queue an analysis (a first one, or a re-analysis), and start it in a thread unless the
    app leaves jobs to ``participatie themes run`` (``THEMES_RUNNER = "command"``) or the
    caller runs it itself (``runner="inline"``)."""
    analysis = analysis_of(round_, questionnaire_key, question_key)
    if analysis is None:
        analysis = ThemeAnalysis(round=round_, questionnaire_key=questionnaire_key,
                                 question_key=question_key)
        db.session.add(analysis)
        try:
            db.session.flush()
        except IntegrityError:  # asked for at the same moment elsewhere: that one goes on
            db.session.rollback()
            return analysis_of(round_, questionnaire_key, question_key)
    elif is_busy(analysis):
        return analysis  # one job at a time per question
    analysis.status, analysis.progress, analysis.step, analysis.error = "queued", 0, None, None
    analysis.requested_at = analysis.updated_at = utcnow()
    db.session.commit()
    if (runner or current_app.config["THEMES_RUNNER"]) == "thread":
        start_thread(analysis.id)
    return analysis


def start_thread(analysis_id: int) -> threading.Thread:
    app = current_app._get_current_object()

    def work():
        with app.app_context():
            # Two jobs at once would share two cores: this process runs one at a time, and
            # a job waiting its turn says it is still alive.
            while not _one_at_a_time.acquire(timeout=60):
                _touch(analysis_id)
            try:
                run(analysis_id)
            finally:
                _one_at_a_time.release()

    thread = threading.Thread(target=work, name=f"themes-{analysis_id}", daemon=True)
    thread.start()
    return thread


def _touch(analysis_id: int) -> None:
    db.session.execute(update(ThemeAnalysis).where(
        ThemeAnalysis.id == analysis_id, ThemeAnalysis.status == "queued")
        .values(updated_at=utcnow()))
    db.session.commit()


def _claim(analysis_id: int) -> bool:
    """Take a queued (or stalled) job for this worker, atomically: whatever runs it (a
    thread of any web worker, or a command), it runs once."""
    now = utcnow()
    taken = db.session.execute(
        update(ThemeAnalysis)
        .where(ThemeAnalysis.id == analysis_id,
               or_(ThemeAnalysis.status == "queued",
                   and_(ThemeAnalysis.status == "running",
                        ThemeAnalysis.updated_at < now - STALLED)))
        .values(status="running", progress=2, step="answers", updated_at=now, error=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return taken.rowcount == 1


def run_waiting() -> list[int]:
    """Run every queued (or stalled) job, oldest first; for ``participatie themes run``."""
    waiting = db.session.scalars(select(ThemeAnalysis).where(
        ThemeAnalysis.status.in_(("queued", "running"))).order_by(ThemeAnalysis.requested_at))
    ids = [a.id for a in waiting if a.status == "queued" or not is_busy(a)]
    return [analysis_id for analysis_id in ids if run(analysis_id).status != "skipped"]


def run(analysis_id: int) -> ThemeAnalysis:
    """Do the analysis: read the answers, embed the new ones (stored), find the themes, and
    keep what people did. A failure is recorded on the job (its kind; the details go to the
    log) and leaves the last themes as they were. A job another worker has taken is left to
    it (the returned analysis then says "skipped" without being stored)."""
    if not _claim(analysis_id):
        analysis = db.session.get(ThemeAnalysis, analysis_id)
        db.session.expunge(analysis)
        analysis.status = "skipped"
        return analysis
    analysis = db.session.get(ThemeAnalysis, analysis_id)
    db.session.refresh(analysis)
    try:
        rows = db.session.execute(_answers_query(
            analysis.round_id, analysis.questionnaire_key, analysis.question_key)).all()
        hidden = _hidden_and_alike(analysis, rows)
        # Hidden words take no part: not in a theme's words, its name or its examples.
        texts = [Text(answer_id, text) for answer_id, text in rows if answer_id not in hidden]
        method, cache, embedder = _embeddings(analysis, texts)
        _progress(analysis, 85, "themes")
        finder = _find(analysis, texts, method, cache, embedder) if texts else None
        _progress(analysis, 95, "saving")
        _save(analysis, texts, finder, {answer_id for answer_id, _ in rows})
        analysis.status, analysis.progress, analysis.step = "done", 100, None
        analysis.method, analysis.answers = finder.method_ if finder else method, len(rows)
        analysis.finished_at = analysis.updated_at = utcnow()
        db.session.commit()
    except Exception as exc:  # recorded for the person waiting, and logged in full
        log.exception("theme analysis %s failed", analysis_id)
        db.session.rollback()
        analysis = db.session.get(ThemeAnalysis, analysis_id)
        analysis.status, analysis.error = "failed", type(exc).__name__
        analysis.updated_at = utcnow()
        db.session.commit()
    return analysis


def _progress(analysis: ThemeAnalysis, percent: int, step: str, status: str | None = None):
    analysis.progress, analysis.step, analysis.updated_at = percent, step, utcnow()
    if status:
        analysis.status = status
    db.session.commit()


def _embeddings(analysis: ThemeAnalysis, texts: list[Text]):
    """("embed", a cache holding every answer's vector, the embedder), embedding and storing
    only the answers never analysed before; ("tfidf", None, None) without the model."""
    if current_app.config["THEMES_METHOD"] != "embed":
        return "tfidf", None, None
    embedder = _embedder()
    cache = EmbeddingCache()
    by_id = {t.id: t.text for t in texts}
    stored = set()
    for chunk in _chunks(list(by_id), 500):
        for answer_id, vector in db.session.execute(
                select(AnswerEmbedding.answer_id, AnswerEmbedding.vector).where(
                    AnswerEmbedding.answer_id.in_(chunk),
                    AnswerEmbedding.model == embedder.model_id)):
            cache.add(embedder.model_id, by_id[answer_id], np.frombuffer(vector, np.float32))
            stored.add(answer_id)
    missing = [answer_id for answer_id in by_id if answer_id not in stored]
    try:
        for done, chunk in enumerate(_chunks(missing, BATCH)):
            vectors = cache.embed(embedder, [by_id[i] for i in chunk])
            db.session.add_all(AnswerEmbedding(answer_id=i, model=embedder.model_id,
                                               vector=v.astype(np.float32).tobytes())
                               for i, v in zip(chunk, vectors, strict=True))
            _progress(analysis, 5 + int(75 * (done + 1) * BATCH / max(len(missing), 1)),
                      "embedding")
    except EmbeddingUnavailable:
        db.session.rollback()
        return "tfidf", None, None
    return "embed", cache, embedder


_shared_embedder = None


def _embedder():
    global _shared_embedder
    if _shared_embedder is None:
        _shared_embedder = E5Embedder()
    return _shared_embedder


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def network_codebook(network: Network) -> Codebook:
    """The default codebook, with the network's own themes and examples added."""
    entries = db.session.scalars(select(CodebookEntry).where(
        CodebookEntry.network_id == network.id).order_by(CodebookEntry.key))
    own = tuple(Theme(e.key, e.labels or {"nl": e.key}, e.examples, "network") for e in entries)
    base = default_codebook()
    return base.extended(Codebook(network.key, own)) if own else base


def _find(analysis: ThemeAnalysis, texts: list[Text], method: str, cache, embedder):
    """The theme finder, fitted with the network's codebook, the themes people kept (their
    answers as examples) and the answers people placed (confirmed)."""
    codebook = network_codebook(analysis.round.network)
    known = {t.key for t in codebook.themes}
    codings = _codings(analysis).values()
    placed = {c.answer_id: c.theme.key for c in codings if c.by_person and c.theme is not None}
    present = {t.id: t.text for t in texts}
    kept = []
    for theme in analysis.themes:
        if theme.kept and theme.key not in known:
            members = [present[c.answer_id] for c in codings
                       if c.theme_id == theme.id and not c.by_person and c.answer_id in present]
            kept.append(Theme(theme.key, {"nl": theme.shown_label()}, {"answers": members}))
    if kept:
        codebook = codebook.extended(Codebook("kept", tuple(kept)))
    confirmed = {answer_id: key for answer_id, key in placed.items() if answer_id in present}
    if method == "embed" and cache is not None:
        with _phrases_lock:  # the codebook's phrases: embedded once per process, then lent
            phrases = [*NO_CONTENT, *(p for t in codebook.themes for p in t.all_examples())]
            answers = set(present.values())  # already in the job's cache
            _phrases.embed(embedder, [p for p in phrases if p not in answers])
            cache.update(_phrases)
    y = [confirmed.get(t.id, -1) for t in texts]  # -1: nobody placed the answer
    return ThemeFinder(codebook=codebook, method=method, cache=cache, embedder=embedder).fit(
        texts, y)


def _hidden_and_alike(analysis: ThemeAnalysis, rows) -> set[int]:
    """The hidden answers, and new ones with the same words as a hidden answer: those are
    hidden as they come in, so that hidden words never come back as another family's."""
    codings = _codings(analysis)
    hidden = {answer_id for answer_id, coding in codings.items() if coding.hidden}
    words = {same_words(text) for answer_id, text in rows if answer_id in hidden}
    for answer_id, text in rows:
        if answer_id not in hidden and same_words(text) in words:
            coding = codings.get(answer_id) or Coding(answer_id=answer_id,
                                                     analysis_id=analysis.id)
            coding.hidden = True
            db.session.add(coding)
            hidden.add(answer_id)
    return hidden


def _codings(analysis: ThemeAnalysis) -> dict[int, Coding]:
    return {c.answer_id: c for c in db.session.scalars(
        select(Coding).where(Coding.analysis_id == analysis.id))}


def _save(analysis: ThemeAnalysis, texts: list[Text], finder: ThemeFinder | None,
          answer_ids: set[int]) -> None:
    """Store the themes found, keeping the themes people touched (also under the keys merged
    into them) and the answers people placed; ``answer_ids``: every answer of the question
    (hidden ones included, which keep their coding)."""
    by_key = {t.key: t for t in analysis.themes if t.key}
    for theme in analysis.themes:
        by_key.update({key: theme for key in theme.merged_keys or () if key not in by_key
                       or by_key[key].id == theme.id or not by_key[key].kept})
    rows: dict[int, FoundTheme] = {}
    for found in finder.themes_ if finder else []:
        row = by_key.get(found.key) if found.key else None
        if row is None:
            row = FoundTheme(analysis=analysis, key=found.key, worded=found.key is None)
            db.session.add(row)
        if row.key == found.key:
            row.proposed_label, row.terms = found.label[:200], found.terms
        rows[found.id] = row
    db.session.flush()
    closeness = _closeness(finder) if finder else {}
    codings = _codings(analysis)
    for index, text in enumerate(texts):
        coding = codings.get(text.id)
        if coding is None:
            coding = Coding(answer_id=text.id, analysis_id=analysis.id)
            db.session.add(coding)
        if not coding.by_person:
            theme = rows.get(int(finder.labels_[index]))
            coding.theme_id = theme.id if theme else None
        coding.closeness = closeness.get(index)
    for answer_id, coding in codings.items():
        if answer_id not in answer_ids:  # e.g. a voided paper form
            db.session.delete(coding)
    db.session.flush()
    used = set(db.session.scalars(select(Coding.theme_id).where(
        Coding.analysis_id == analysis.id, Coding.theme_id.is_not(None)).distinct()))
    for theme in list(analysis.themes):
        if theme.id not in used and not theme.kept:
            analysis.themes.remove(theme)


def _closeness(finder: ThemeFinder) -> dict[int, float]:
    """How close each answer is to its theme's centre (the most representative first)."""
    return {index: float(value) for index, value in enumerate(finder.closeness_)
            if not np.isnan(value)}


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
    source.analysis.themes.remove(source)
    db.session.commit()


def move(coding: Coding, target: FoundTheme | None) -> None:
    """One answer to another theme (None: to "other"); a re-analysis leaves it there."""
    coding.theme_id, coding.by_person = (target.id if target else None), True
    if target is not None:
        keep(target)
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
    db.session.commit()


def _one_line(text: str) -> str:
    """An answer as a codebook example: one line (the codebook is edited a line each)."""
    return " ".join(text.split())


def same_words(text: str) -> str:
    """Answers with the same words, whatever their spacing or capitals, are one quote."""
    return " ".join(text.split()).casefold()


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
    db.session.commit()
    return len(codings)


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


# -- what is shown --------------------------------------------------------------------------

@dataclass
class ThemeRow:
    theme: FoundTheme
    size: int | None  # None: fewer than the minimum (withheld)
    share: float | None = None
    quotes: list[tuple[int, str]] = field(default_factory=list)  # (answer id, words)
    change: Change | None = None  # the share against the previous round
    name: str = ""  # the theme's name, or a neutral one when it is withheld and named by words

    def withhold(self) -> None:
        self.size = self.share = None
        self.quotes = []
        if self.theme.worded and not self.theme.label:
            self.name = _("Small theme")


@dataclass
class ThemeTable:
    answers: int | None  # None: withheld
    rows: list[ThemeRow]
    other: int | None
    before: ThemeAnalysis | None = None
    left_out: tuple[int, ...] = ()  # neighbourhoods with too few answers to be in the sizes

    @property
    def shown(self) -> bool:
        return self.answers is not None


def theme_cells(analysis: ThemeAnalysis) -> dict[int, dict[int | None, Cell]]:
    """Per neighbourhood, the cell of each theme (None: no theme took them): how many answers,
    and the sum of their responses' record keys."""
    found: dict[int, dict[int | None, Cell]] = {}
    for hood, theme_id, n, keys in db.session.execute(
            select(CollectionLink.neighbourhood_id, Coding.theme_id, func.count(),
                   func.sum(Response.record_key))
            .join(Answer, Answer.id == Coding.answer_id)
            .join(Response, Response.id == Answer.response_id)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .where(Coding.analysis_id == analysis.id)
            .group_by(CollectionLink.neighbourhood_id, Coding.theme_id)):
        found.setdefault(hood, {})[theme_id] = Cell.of(n, keys)
    return found


def theme_table(analysis: ThemeAnalysis, neighbourhood_id: int | None = None,
                quotes: int = QUOTES, cells: dict | None = None) -> ThemeTable:
    """Themes by size with their most representative quotes (never hidden ones), and the
    answers no theme took. Sizes are published by the disclosure layer (perturbed, withheld
    under the minimum); the whole round leaves out the neighbourhoods with too few answers
    to show, sizes and quotes alike. A theme's quotes and words show only from the minimum
    up; so does a name made of its answers' words ("Small theme" below it)."""
    least = minimum()
    cells = theme_cells(analysis) if cells is None else cells
    hoods = [neighbourhood_id] if neighbourhood_id else list(cells)
    groups = {hood: disclosure.total(cells.get(hood, {}).values()) for hood in hoods}
    kept = sorted(disclosure.included(groups, least))
    asked = hoods if neighbourhood_id else [hood.id for hood in analysis.round.neighbourhoods]
    left_out = tuple(sorted(hood for hood in asked if hood not in kept))
    sizes: dict[int | None, Cell] = {}
    for hood in kept:
        for theme_id, cell in cells[hood].items():
            sizes[theme_id] = sizes.get(theme_id, Cell()) + cell
    total = disclosure.shown(disclosure.total(sizes.values()), least)
    if not total:
        return ThemeTable(None, [], None, left_out=left_out)
    rows = []
    for theme in analysis.themes:
        size = disclosure.shown(sizes.get(theme.id, Cell()), least)
        row = ThemeRow(theme, size, None, name=theme.shown_label())
        if size is None:
            row.withhold()
        else:
            row.share = size / total
            row.quotes = _quotes(theme, kept, quotes) if size else []
        rows.append(row)
    rows.sort(key=lambda r: (-(r.size or 0), r.size is None, r.name.lower(), r.theme.id))
    small = [row for row in rows if row.name == _("Small theme")]
    for number, row in enumerate(small, start=1):
        row.name = _("Small theme %(n)s", n=number)
    return ThemeTable(total, rows, disclosure.shown(sizes.get(None, Cell()), least),
                      left_out=left_out)


def tables_by_neighbourhood(analysis: ThemeAnalysis, neighbourhood_ids: list[int],
                            quotes: int = 0) -> dict[int, ThemeTable]:
    """A theme table per neighbourhood. Each is perturbed on its own cells, so set beside the
    whole round's they no longer give another neighbourhood's sizes by difference."""
    cells = theme_cells(analysis)
    return {hood: theme_table(analysis, hood, quotes, cells) for hood in neighbourhood_ids}


def name_of(theme: FoundTheme) -> str:
    """A theme's name for a message: a neutral one for a small theme named by its words."""
    if theme.worded and not theme.label and size_of(theme) < minimum():
        return _("Small theme")
    return theme.shown_label()


def _quotes(theme: FoundTheme, neighbourhood_ids: list[int], n: int) -> list[tuple[int, str]]:
    """(answer id, words) of the theme's most representative answers that are not hidden, from
    the neighbourhoods whose answers are in the figures."""
    if n == 0:
        return []
    query = (select(Answer.id, Answer.text).join(Coding, Coding.answer_id == Answer.id)
             .join(Response, Response.id == Answer.response_id)
             .join(CollectionLink, CollectionLink.id == Response.link_id)
             .where(Coding.theme_id == theme.id, Coding.hidden.is_(False),
                    CollectionLink.neighbourhood_id.in_(neighbourhood_ids))
             .order_by(Coding.closeness.desc().nulls_last(), Answer.id).limit(5 * n))
    found: dict[str, int] = {}
    for answer_id, text in db.session.execute(query):
        found.setdefault(text.strip(), answer_id)  # the same words twice are one quote
    return [(answer_id, text) for text, answer_id in found.items()][:n]


ANSWER_LIST = 200  # answers listed at once for the people coding them


def theme_answers(theme: FoundTheme | None, analysis: ThemeAnalysis, limit: int = ANSWER_LIST):
    """The codings of a theme (None: of "other"), most representative first, hidden ones
    without their words; for the people coding them."""
    query = (select(Coding, Answer.text).join(Answer, Answer.id == Coding.answer_id)
             .where(Coding.analysis_id == analysis.id,
                    Coding.theme_id == theme.id if theme else Coding.theme_id.is_(None))
             .order_by(Coding.closeness.desc().nulls_last(), Answer.id).limit(limit))
    return [(coding, None if coding.hidden else text)
            for coding, text in db.session.execute(query)]


def with_previous_round(table: ThemeTable, analysis: ThemeAnalysis) -> ThemeTable:
    """Each theme's share of the answers against the latest earlier round analysed for the
    same question, theme by theme (same key, else same name). A count withheld in either
    round (also to protect another) withholds the comparison."""
    round_ = analysis.round
    before = next((a for r in earlier_rounds(round_.network, round_)
                   if (a := analysis_of(r, analysis.questionnaire_key, analysis.question_key))
                   and a.finished_at is not None), None)
    if before is None or not table.shown:
        return table
    least = minimum()
    earlier = theme_table(before, quotes=0)
    n_before = earlier.answers or 0
    by_id = {row.theme.id: row.size for row in earlier.rows}
    by_key = {t.key: by_id.get(t.id, 0) for t in before.themes if t.key}
    by_label = {t.shown_label().lower(): by_id.get(t.id, 0) for t in before.themes
                if not t.worded or t.label}
    for row in table.rows:
        k_before = by_key.get(row.theme.key, -1) if row.theme.key else -1
        if k_before == -1:
            k_before = by_label.get(row.theme.shown_label().lower(), 0)
        k_after = row.size
        change = change_in_share(k_before or 0, n_before, k_after or 0, table.answers, least)
        if k_before is None or k_after is None or n_before < least or min(
                k_before, k_after, n_before - k_before, table.answers - k_after) < least:
            # Fewer than the minimum in the theme (or outside it) in a round would show: the
            # shown figures, from which the comparison is made, say so.
            change = Change(None, None, None, None, None, change.method, suppressed=True)
        row.change = change
    table.before = before
    return table


def done_analyses(round_: Round) -> list[ThemeAnalysis]:
    """The round's analyses that have themes to show (finished at least once)."""
    return list(db.session.scalars(select(ThemeAnalysis).where(
        ThemeAnalysis.round_id == round_.id, ThemeAnalysis.finished_at.is_not(None))
        .order_by(ThemeAnalysis.questionnaire_key, ThemeAnalysis.question_key)))
