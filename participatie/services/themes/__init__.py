"""Themes in open answers: the analysis job, what people do with its themes, and what the
dashboard shows of them.

A round's question is analysed in the background (see :mod:`.job`), never on the submit path.
Each answer's sentence vector is computed at its first analysis and stored; a re-analysis reads
them back. What people did survives a re-analysis: an answer a person placed stays there, a
theme a person renamed, merged into or confirmed keeps its name and key, and its answers are
the examples that draw new answers in. Confirmed themes become examples in the network's own
codebook, which the next rounds' analyses start from. Hidden answers never leave the database
again: no view, quote, codebook or export shows their words.

This package re-exports the names the rest of the app (and the tests) use.
"""

from analysis import ThemeFinder
from analysis.codebooks import default_codebook

from ...models import JobState, ThemeAnalysis
from ...vocabulary import UI_LANGUAGES as CODEBOOK_LANGUAGES
from ..results import minimum
from .actions import (
    MAX_EXAMPLES,
    TooSmall,
    alike,
    alike_counts,
    confirm,
    edit_codebook_entry,
    hide,
    keep,
    merge,
    move,
    moved_to,
    rename,
    size_of,
)
from .job import (
    BATCH,
    STALLED,
    _claim,
    _embedder,
    is_busy,
    network_codebook,
    request_analysis,
    run,
    run_waiting,
    seconds_left,
    start_thread,
)
from .questions import (
    analysis_of,
    answer_count,
    answers_shown,
    find_question,
    new_since,
    open_questions,
    open_questions_with_parents,
    parent_of,
    same_words,
)
from .tables import (
    ANSWER_LIST,
    QUOTES,
    ThemeRow,
    ThemeTable,
    done_analyses,
    name_of,
    tables_by_neighbourhood,
    theme_answers,
    theme_cells,
    theme_table,
    with_previous_round,
)

__all__ = [
    "ANSWER_LIST", "BATCH", "CODEBOOK_LANGUAGES", "MAX_EXAMPLES", "QUOTES", "STALLED",
    "JobState", "ThemeAnalysis", "ThemeFinder", "ThemeRow", "ThemeTable", "TooSmall", "_claim",
    "_embedder", "alike", "alike_counts", "analysis_of", "answer_count", "answers_shown",
    "confirm", "default_codebook", "done_analyses", "edit_codebook_entry", "find_question",
    "hide", "is_busy", "keep", "merge", "minimum", "move", "moved_to", "name_of",
    "network_codebook",
    "new_since", "open_questions", "open_questions_with_parents", "parent_of", "rename",
    "request_analysis", "run", "run_waiting", "same_words", "seconds_left", "size_of",
    "start_thread",
    "tables_by_neighbourhood", "theme_answers", "theme_cells", "theme_table",
    "with_previous_round",
]
