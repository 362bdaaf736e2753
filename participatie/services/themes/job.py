"""The theme analysis job: read a question's answers, embed the new ones (stored), find the
themes, and keep what people did."""

import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from flask import Flask, current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from analysis import Answer as Text
from analysis import Codebook, E5Embedder, EmbeddingCache, Theme, ThemeFinder
from analysis.codebooks import default_codebook
from analysis.embeddings import EmbeddingUnavailable
from analysis.themes import NO_CONTENT

from ...extensions import db
from ...models import (
    AnswerEmbedding,
    CodebookEntry,
    Coding,
    FoundTheme,
    JobState,
    Network,
    Round,
    ThemeAnalysis,
)
from ...models.base import utcnow
from .. import jobs
from .actions import record_moved
from .questions import _answers_query, analysis_of, same_words

STALLED = timedelta(minutes=10)  # a running job that has not moved for this long has stopped
# Answers embedded at once (between two progress updates): the model's threads use every core,
# and a larger batch keeps them busy.
BATCH = 16 * (os.cpu_count() or 2)

RUNNER = "participatie.theme_runner"


@dataclass
class Runner:
    """What an app's theme jobs share, kept in ``app.extensions[RUNNER]`` (not in module
    globals, so two apps in one process, as in the tests, never share a lock or a half-built
    cache): the codebooks' example phrases (embedded once, then lent to every job), the turn
    (this app's jobs run one after the other: two at once would share two cores) and the
    embedder (None: the process's one model, made when first needed)."""

    phrases: EmbeddingCache = field(default_factory=EmbeddingCache)
    phrases_lock: threading.Lock = field(default_factory=threading.Lock)
    turn: threading.Lock = field(default_factory=threading.Lock)
    embedder: Any = None


def runner(app: Flask | None = None) -> Runner:
    """The app's theme runner (made on first use; ``dict.setdefault`` is atomic, so two
    threads asking at once get the same one)."""
    extensions = (app or current_app).extensions
    found = extensions.get(RUNNER)
    return found if found is not None else extensions.setdefault(RUNNER, Runner())


# -- the job --------------------------------------------------------------------------------

def is_busy(analysis: ThemeAnalysis) -> bool:
    """Queued or running, and not stalled (a server restarted in the middle of it)."""
    return (analysis.status in JobState.busy()
            and utcnow() - analysis.updated_at < STALLED)


def seconds_left(analysis: ThemeAnalysis) -> int | None:
    """About how long a running analysis still needs, from its pace so far (None: too early
    to tell, or not running)."""
    if (analysis.status != JobState.RUNNING or analysis.started_at is None
            or not 5 <= analysis.progress < 100):
        return None
    spent = (utcnow() - analysis.started_at).total_seconds()
    return round(spent * (100 - analysis.progress) / analysis.progress)


def request_analysis(round_: Round, questionnaire_key: str, question_key: str,
                     runner: str | None = None) -> ThemeAnalysis:
    """Queue an analysis (a first one, or a re-analysis) for the app's runner (see
    :mod:`..jobs`): procrastinate on PostgreSQL, a thread on SQLite; ``"command"`` leaves it to
    ``participatie themes run``, ``runner="inline"`` to the caller."""
    from ..retention import is_purged

    analysis = analysis_of(round_, questionnaire_key, question_key)
    if is_purged(round_):  # its answers are gone: its kept themes must stay as published
        raise ValueError("the answers of a purged round cannot be analysed again")
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
    analysis.status, analysis.progress, analysis.step, analysis.error = (
        JobState.QUEUED, 0, None, None)
    analysis.requested_at = analysis.updated_at = utcnow()
    db.session.commit()
    chosen = runner or jobs.runner()
    if chosen == "thread":
        start_thread(analysis.id)
    elif chosen == "queue":
        jobs.defer_analysis(analysis.id)
    return analysis


def start_thread(analysis_id: int) -> threading.Thread:
    app = current_app._get_current_object()

    def work():
        with app.app_context():
            # Two jobs at once would share two cores: this process runs one at a time, and
            # a job waiting its turn says it is still alive.
            turn = runner(app).turn
            while not turn.acquire(timeout=60):
                _touch(analysis_id)
            try:
                run(analysis_id)
            finally:
                turn.release()

    thread = threading.Thread(target=work, name=f"themes-{analysis_id}", daemon=True)
    thread.start()
    return thread


def _touch(analysis_id: int) -> None:
    db.session.execute(update(ThemeAnalysis).where(
        ThemeAnalysis.id == analysis_id, ThemeAnalysis.status == JobState.QUEUED)
        .values(updated_at=utcnow()))
    db.session.commit()


def _claim(analysis_id: int, taken_over: bool = False) -> bool:
    """Take a queued (or stalled) job for this worker, atomically: whatever runs it (a
    thread of any web worker, or a command), it runs once. ``taken_over``: the queue gave this
    worker the job of a worker that stopped (the analysis may still say "running")."""
    now = utcnow()
    stalled = now if taken_over else now - STALLED
    taken = db.session.execute(
        update(ThemeAnalysis)
        .where(ThemeAnalysis.id == analysis_id,
               or_(ThemeAnalysis.status == JobState.QUEUED,
                   and_(ThemeAnalysis.status == JobState.RUNNING,
                        ThemeAnalysis.updated_at <= stalled)))
        .values(status=JobState.RUNNING, progress=2, step="answers", updated_at=now,
                started_at=now, error=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return taken.rowcount == 1


def run_waiting() -> list[int]:
    """Run every queued (or stalled) job, oldest first; for ``participatie themes run``."""
    waiting = db.session.scalars(select(ThemeAnalysis).where(
        ThemeAnalysis.status.in_(JobState.busy())).order_by(ThemeAnalysis.requested_at))
    ids = [a.id for a in waiting if a.status == JobState.QUEUED or not is_busy(a)]
    return [analysis_id for analysis_id in ids if run(analysis_id).status != JobState.SKIPPED]


def run(analysis_id: int, taken_over: bool = False,
        database_errors_raise: bool = False) -> ThemeAnalysis:
    """Do the analysis: read the answers, embed the new ones (stored), find the themes, and
    keep what people did. A failure is recorded on the job (its kind; the details go to the
    log) and leaves the last themes as they were. A job another worker has taken is left to
    it (the returned analysis then says "skipped" without being stored)."""
    if not _claim(analysis_id, taken_over):
        analysis = db.session.get(ThemeAnalysis, analysis_id)
        db.session.expunge(analysis)
        analysis.status = JobState.SKIPPED
        return analysis
    analysis = db.session.get(ThemeAnalysis, analysis_id)
    db.session.refresh(analysis)
    with jobs.failure_recorded(ThemeAnalysis, analysis_id, "theme analysis",
                               database_errors_raise):
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
        analysis.status, analysis.progress, analysis.step = JobState.DONE, 100, None
        analysis.method, analysis.answers = finder.method_ if finder else method, len(rows)
        analysis.finished_at = analysis.updated_at = utcnow()
        db.session.commit()
    return db.session.get(ThemeAnalysis, analysis_id)


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


_process_embedder: E5Embedder | None = None  # the model's weights: one copy per process


def _embedder():
    """The app's embedder; by default the process's one model, since its weights are the same
    for every app and two copies would only cost memory."""
    global _process_embedder
    state = runner()
    if state.embedder is None:
        if _process_embedder is None:
            _process_embedder = E5Embedder()
        state.embedder = _process_embedder
    return state.embedder


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
        state = runner()
        with state.phrases_lock:  # the codebook's phrases: embedded once per app, then lent
            phrases = [*NO_CONTENT, *(p for t in codebook.themes for p in t.all_examples())]
            answers = set(present.values())  # already in the job's cache
            state.phrases.embed(embedder, [p for p in phrases if p not in answers])
            cache.update(state.phrases)
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
    codings = _codings(analysis)
    before = {answer_id: coding.theme_id for answer_id, coding in codings.items()}
    same = _same_emergent_themes(analysis, finder, texts, before) if finder else {}
    rows: dict[int, FoundTheme] = {}
    for found in finder.themes_ if finder else []:
        row = by_key.get(found.key) if found.key else same.get(found.id)
        if row is None and found.key:
            # Twins merged under the other twin's key this time (it now has more answers):
            # the theme keeps its row, so its page and the links to it stay where they were.
            row = next((by_key[twin] for twin, into in finder.merged_.items()
                        if into == found.key and twin in by_key and not by_key[twin].kept),
                       None)
            if row is not None:
                row.key = found.key
        if row is None:
            row = FoundTheme(analysis=analysis, key=found.key, worded=found.key is None)
            db.session.add(row)
        if row.key == found.key:
            row.proposed_label, row.terms = found.label[:200], found.terms
        rows[found.id] = row
    db.session.flush()
    closeness = _closeness(finder) if finder else {}
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
    gone = {theme.id for theme in analysis.themes if theme.id not in used and not theme.kept}
    if gone:  # a link to one of them leads to where most of its answers are now
        _record_gone(analysis, gone, before, finder, texts, rows, answer_ids)
    for theme in list(analysis.themes):
        if theme.id in gone:
            analysis.themes.remove(theme)


def _same_emergent_themes(analysis, finder: ThemeFinder, texts: list[Text],
                          before: dict[int, int | None]) -> dict[int, FoundTheme]:
    """The emergent themes (no key) found again: found theme id → the row of the earlier
    emergent theme nobody touched that shares most of its answers (over half of the two
    together), so that its page and the links to it stay where they were."""
    earlier: dict[int, set[int]] = {t.id: set() for t in analysis.themes if not t.key}
    for answer_id, theme_id in before.items():
        if theme_id in earlier:
            earlier[theme_id].add(answer_id)
    by_id = {t.id: t for t in analysis.themes}
    same: dict[int, FoundTheme] = {}
    for found in finder.themes_:  # largest first
        if found.key or not earlier:
            continue
        members = {texts[index].id for index in found.members}
        overlap, theme_id = max((len(members & answers) / len(members | answers), theme_id)
                                for theme_id, answers in earlier.items())
        if overlap > 0.5:
            same[found.id] = by_id[theme_id]
            del earlier[theme_id]
    return same


def _record_gone(analysis, gone: set[int], before: dict[int, int | None],
                 finder: ThemeFinder | None, texts: list[Text], rows: dict[int, FoundTheme],
                 answer_ids: set[int]) -> None:
    """For each theme that is gone, the theme that now holds most of its answers: the ones it
    held before, and the ones the analysis put in it this time (a person had placed them
    elsewhere)."""
    members: dict[int, set[int]] = {theme_id: set() for theme_id in gone}
    for answer_id, theme_id in before.items():
        if theme_id in members:
            members[theme_id].add(answer_id)
    for index, text in enumerate(texts if finder else ()):
        row = rows.get(int(finder.labels_[index]))
        if row is not None and row.id in members:
            members[row.id].add(text.id)
    now = dict(db.session.execute(select(Coding.answer_id, Coding.theme_id).where(
        Coding.analysis_id == analysis.id)).all())
    went = {theme_id: Counter(now[a] for a in answers if a in now and a in answer_ids)
            for theme_id, answers in members.items()}
    record_moved(analysis, {theme_id: counts.most_common(1)[0][0]
                            for theme_id, counts in went.items() if counts})


def _closeness(finder: ThemeFinder) -> dict[int, float]:
    """How close each answer is to its theme's centre (the most representative first)."""
    return {index: float(value) for index, value in enumerate(finder.closeness_)
            if not np.isnan(value)}

