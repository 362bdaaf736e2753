"""Rounds compared: the same question keys in two rounds (also across questionnaire versions
that kept the key), each change with its 95% interval, and a sentence for each notable one.

Computed from the published (perturbed) counts of each round, the same the results pages show
(:mod:`analysis.disclosure`): a mean from the shown distribution, a share from shown counts."""

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from analysis import disclosure
from analysis.stats import Change, change_in_mean, change_in_share

from ..i18n import localized
from ..labels import DIMENSION_LABELS
from ..models import Neighbourhood, QuestionnaireVersion, Round
from .kept import kept_per_state, state
from .results import Filters, Tally, cells_of, minimum, tallies


@dataclass(frozen=True)
class Comparison:
    question: str  # key
    label: str  # the question (or dimension) in the reader's language
    option: str | None  # the option, for a share
    option_label: str | None
    measure: str  # "mean" or "share"
    change: Change
    top: float | None = None  # a mean's highest possible value (the scale's end), when known

    @property
    def notable(self) -> bool:
        c = self.change
        return not c.suppressed and (c.low > 0 or c.high < 0)


def earlier_rounds(network, round_: Round) -> list[Round]:
    """The network's rounds that opened before ``round_``, the latest first."""
    return [r for r in network.rounds if r.id != round_.id and r.opens_on and round_.opens_on
            and r.opens_on < round_.opens_on]


def latest_version(round_: Round, key: str) -> QuestionnaireVersion | None:
    versions = [v for v in round_.questionnaire_versions if v.key == key]
    return max(versions, key=lambda v: v.version, default=None)


def compare(before: Round, after: Round, key: str,
            neighbourhood: Neighbourhood | None = None) -> tuple[Comparison, ...]:
    """Every question the two rounds share (same key, same type), compared; worked out once
    per state of both rounds' answers, their versions and the language (services/kept.py: the
    intervals are drawn from a fixed seed, so the same figures give the same comparison)."""
    hood = neighbourhood.id if neighbourhood else None
    # The versions compared too: moving a round's links to a new version changes the
    # questions without changing an answer.
    old, new = latest_version(before, key), latest_version(after, key)
    versions = tuple(version.id if version else None for version in (old, new))
    return kept_per_state(
        "participatie.compare", after.id,
        (before.id, *state(before.id, key), key, hood, str(get_locale()), versions),
        lambda: _compare(before, after, old, new, key, hood), key)


def _compare(before: Round, after: Round, old: QuestionnaireVersion | None,
             new: QuestionnaireVersion | None, key: str,
             hood: int | None) -> tuple[Comparison, ...]:
    if old is None or new is None:
        return ()
    filters = Filters(neighbourhood_id=hood)
    tally_before = tallies(before, key, filters)
    tally_after = tallies(after, key, filters)
    found = []
    for question in new.questionnaire.questions():
        kept = old.questionnaire.question(question.key)
        if kept is None or kept.type != question.type:
            continue
        found.extend(_compare_question(question, tally_before[question.key],
                                       tally_after[question.key]))
    return tuple(found)


def _label(question) -> str:
    return str(DIMENSION_LABELS.get(question.key) or localized(question.text))


def _compare_question(question, before: Tally, after: Tally) -> list[Comparison]:
    least = minimum()
    if question.summary in ("ordinal", "numeric"):
        return [Comparison(question.key, _label(question), None, None, "mean",
                           change_in_mean(_shown_values(question, before, least),
                                          _shown_values(question, after, least), least),
                           scale_top(question))]
    if question.summary not in ("categorical", "multi_categorical", "binary"):
        return []
    options = ([(True, _("yes"))] if question.summary == "binary"
               else [(o.key, localized(o.label)) for o in question.options])
    return [Comparison(question.key, _label(question), str(option), str(label), "share",
                       _share_change(before, after, option, least))
            for option, label in options]


def scale_top(question) -> float | None:
    """The highest answer a rating or number question allows: 5 for five faces, 7 for the
    Place Standard's scale, a number question's ``max``."""
    top = getattr(question, "points", None) or getattr(question, "faces", None)
    return float(top if top is not None else getattr(question, "max", None) or 0) or None


def _shown_values(question, tally: Tally, least: int) -> Sequence[float]:
    """The answers as the shown distribution gives them (none when too few answered)."""
    if not disclosure.shown(tally.respondents, least):
        return ()
    distribution = {value: disclosure.shown(cell, least)
                    for value, cell in cells_of(question, tally).items()}
    if disclosure.distribution_statistics(distribution, least) is None:
        return ()
    return disclosure.expanded(distribution, least)


def _share_change(before: Tally, after: Tally, option, least: int) -> Change:
    def chose(tally: Tally):
        return tally.yes if option is True else tally.options.get(option, disclosure.Cell())

    first = disclosure.share(chose(before), before.respondents, least)
    second = disclosure.share(chose(after), after.respondents, least)
    if first is None or second is None:
        # Too few chose it (or did not, or answered) in a round: that count would show.
        return change_in_share(0, 0, 0, 0, least)  # withheld, with its method named
    (k_before, n_before), (k_after, n_after) = first, second
    return change_in_share(min(k_before, n_before), n_before, min(k_after, n_after), n_after,
                           least)


def sentence(item: Comparison, where: str, earlier: str) -> str:
    """A plain-words line for a notable change, for the dialogue moment."""
    if item.measure == "mean":
        direction = item.change.difference > 0
        text = (_("In %(where)s, “%(what)s” is rated higher than in %(round)s")
                if direction else
                _("In %(where)s, “%(what)s” is rated lower than in %(round)s"))
        text = text % {"where": where, "what": item.label, "round": earlier}
        before, after = means(item.change.before, item.change.after)
        # The measure the interval is about, with figures that show the change.
        return text + _(": on average %(before)s → %(after)s.", before=before, after=after)
    return _("In %(where)s, %(after)s%% chose “%(option)s” for “%(what)s”, against "
             "%(before)s%% in %(round)s.", where=where, option=item.option_label,
             what=item.label, round=earlier, after=round(item.change.after * 100),
             before=round(item.change.before * 100))


def means(before: float, after: float) -> tuple[str, str]:
    """Two means in the reader's language, with one decimal, or two when one would show the
    same figure twice for a change."""
    for pattern in ("0.0", "0.00"):
        shown = format_decimal(before, format=pattern), format_decimal(after, format=pattern)
        if shown[0] != shown[1]:
            break
    return shown
