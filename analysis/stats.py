"""Summaries of answers, Place Standard scores, change between rounds, small-cell suppression.

Every summary carries ``n``; a group under the threshold (default 5) is withheld and says so.
The question types of the web app name which summary applies (``categorical``,
``multi_categorical``, ``ordinal``, ``binary``, ``numeric``, ``text``); this is the one place
that computes them.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

MIN_GROUP = 5


@dataclass(frozen=True)
class Summary:
    kind: str
    n: int
    suppressed: bool = False
    values: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "n": self.n, "suppressed": self.suppressed, **self.values}


def summarise(kind: str, answers: Sequence, min_group: int = MIN_GROUP) -> Summary:
    """The summary of one question's answers (None = not answered, left out)."""
    given = [a for a in answers if a is not None and a != [] and a != ""]
    n = len(given)
    if n < min_group:
        return Summary(kind, n, suppressed=True)
    if kind == "binary" and min(sum(map(bool, given)), n - sum(map(bool, given))) < min_group:
        return Summary(kind, n, suppressed=True)  # "yes" of 1–4 people (or "no", from n)
    values = SUMMARIES[kind](given)
    return Summary(kind, n, values=_withhold_cells(kind, values, min_group))


def _withhold_cells(kind: str, values: dict, min_group: int) -> dict:
    """A count of 1–4 people for one answer is withheld too; where the counts add up to ``n``
    (one answer each), so is the next smallest when only one would be, or ``n`` minus the
    others would give it away."""
    if "counts" in values:
        return _withhold_small_counts(values, min_group, adds_up=kind == "categorical")
    if "distribution" in values:
        small = _small_cells(values["distribution"], min_group, adds_up=True)
        return {**values, "distribution": {k: (None if k in small else v)
                                           for k, v in values["distribution"].items()}}
    return values


def _small_cells(counts: dict, min_group: int, adds_up: bool) -> set:
    small = {k for k, count in counts.items() if count is not None and 0 < count < min_group}
    rest = sorted((count, k) for k, count in counts.items() if k not in small and count)
    if adds_up and len(small) == 1 and rest:
        small.add(rest[0][1])
    return small


def summarise_counts(kind: str, counts: dict, n: int, min_group: int = MIN_GROUP) -> Summary:
    """The same summary from counts already made (by a database): ``counts`` per option (or
    ``{True: yes}`` for a binary question), ``n`` respondents who answered the question."""
    if n < min_group:
        return Summary(kind, n, suppressed=True)
    if kind in ("categorical", "multi_categorical"):
        ordered = dict(sorted((k, v) for k, v in counts.items() if v))
        values = {"counts": ordered, "shares": {k: v / n for k, v in ordered.items()}}
        return Summary(kind, n, values=_withhold_cells(kind, values, min_group))
    if kind == "binary":
        yes = counts.get(True, 0)
        if min(yes, n - yes) < min_group:
            return Summary(kind, n, suppressed=True)
        return Summary(kind, n, values={"yes": yes, "no": n - yes, "share_yes": yes / n})
    if kind == "text":
        return Summary(kind, n, values={"answered": n})
    raise ValueError(f"no summary from counts for {kind!r}: give the values")


def _withhold_small_counts(values: dict, min_group: int, adds_up: bool = False) -> dict:
    small = _small_cells(values["counts"], min_group, adds_up)
    return {**values,
            "counts": {k: (None if k in small else v) for k, v in values["counts"].items()},
            "shares": {k: (None if k in small else v) for k, v in values["shares"].items()},
            "withheld": sorted(small)}


def _categorical(values: list) -> dict:
    counts = Counter(values)
    return {"counts": dict(sorted(counts.items())),
            "shares": {k: v / len(values) for k, v in sorted(counts.items())}}


def _multi_categorical(values: list[list]) -> dict:
    counts = Counter(option for chosen in values for option in set(chosen))
    return {"counts": dict(sorted(counts.items())),
            "shares": {k: v / len(values) for k, v in sorted(counts.items())}}


def _numeric(values: list) -> dict:
    data = np.asarray(values, dtype=float)
    q1, median, q3 = np.percentile(data, [25, 50, 75])
    return {"mean": float(data.mean()), "median": float(median), "q1": float(q1),
            "q3": float(q3), "min": float(data.min()), "max": float(data.max())}


def _ordinal(values: list) -> dict:
    return {**_numeric(values), "distribution": dict(sorted(Counter(values).items()))}


def _binary(values: list) -> dict:
    yes = sum(1 for v in values if v)
    return {"yes": yes, "no": len(values) - yes, "share_yes": yes / len(values)}


def _text(values: list) -> dict:
    return {"answered": len(values)}


SUMMARIES = {
    "categorical": _categorical,
    "multi_categorical": _multi_categorical,
    "ordinal": _ordinal,
    "binary": _binary,
    "numeric": _numeric,
    "text": _text,
}


def place_standard_scores(ratings: dict[str, Iterable[int]],
                          min_group: int = MIN_GROUP) -> dict[str, Summary]:
    """Per Place Standard theme (1 = a lot of room for improvement … 7): n, median, quartiles,
    mean and the distribution over 1..7."""
    scores = {}
    for theme, values in ratings.items():
        summary = summarise("ordinal", list(values), min_group)
        if not summary.suppressed:
            distribution = {score: summary.values["distribution"].get(score, 0)
                            for score in range(1, 8)}
            summary = Summary("place_standard", summary.n, values={**summary.values,
                                                                    "distribution": distribution})
        scores[theme] = summary
    return scores


@dataclass(frozen=True)
class Change:
    """A difference between two rounds with its 95% interval and how it was computed."""

    before: float | None
    after: float | None
    difference: float | None
    low: float | None
    high: float | None
    method: str
    suppressed: bool = False


LARGE_GROUP = 200  # from here on the normal approximation is as good, and far cheaper


def change_in_mean(before: Sequence[float] | np.ndarray, after: Sequence[float] | np.ndarray,
                   min_group: int = MIN_GROUP,
                   n_boot: int = 4000, random_state: int = 0) -> Change:
    """Difference of means (after − before) with its 95% interval: a percentile bootstrap, or
    for two large groups (``LARGE_GROUP`` each) Welch's normal approximation."""
    method = f"percentile bootstrap, {n_boot} resamples (narrow for groups under ~20)"
    rng = np.random.default_rng(random_state)
    a, b = _values(before), _values(after)
    if len(a) < min_group or len(b) < min_group:
        return Change(None, None, None, None, None, method, suppressed=True)
    if min(len(a), len(b)) >= LARGE_GROUP:
        difference = float(b.mean() - a.mean())
        margin = 1.959964 * math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        return Change(float(a.mean()), float(b.mean()), difference, difference - margin,
                      difference + margin, "normal approximation (Welch), 95%")
    boots = _boot_means(rng, b, n_boot) - _boot_means(rng, a, n_boot)
    low, high = np.percentile(boots, [2.5, 97.5])
    return Change(float(a.mean()), float(b.mean()), float(b.mean() - a.mean()), float(low),
                  float(high), method)


def _boot_means(rng: np.random.Generator, values: np.ndarray, n_boot: int) -> np.ndarray:
    """The means of ``n_boot`` resamples (with replacement, of the same size) of ``values``.
    Drawn as how often each distinct value comes back (multinomial counts), which is the same
    resampling: answers on a scale have a handful of distinct values, so a report's dozens of
    intervals cost a few thousand draws each instead of millions."""
    distinct, counts = np.unique(values, return_counts=True)
    drawn = rng.multinomial(len(values), counts / len(values), size=n_boot)
    return drawn @ distinct / len(values)


def _values(values: Sequence[float | None] | np.ndarray) -> np.ndarray:
    """The given values as floats, without the missing ones (an array has none)."""
    if isinstance(values, np.ndarray):
        return values.astype(float, copy=False)
    return np.asarray([v for v in values if v is not None], float)


def change_in_share(k_before: int, n_before: int, k_after: int, n_after: int,
                    min_group: int = MIN_GROUP) -> Change:
    """Difference of two shares (after − before), Newcombe's hybrid Wilson score interval."""
    method = "Newcombe hybrid score interval (Wilson), 95%"
    if n_before < min_group or n_after < min_group:
        return Change(None, None, None, None, None, method, suppressed=True)
    p1, p2 = k_before / n_before, k_after / n_after
    l1, u1 = wilson(k_before, n_before)
    l2, u2 = wilson(k_after, n_after)
    difference = p2 - p1
    low = difference - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = difference + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return Change(p1, p2, difference, low, high, method)


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a share k/n."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def suppress_small(groups: dict[str, int], min_group: int = MIN_GROUP) -> dict[str, int | None]:
    """Counts per group with every group under the threshold withheld (None); the groups add up
    to a total shown elsewhere, so a lone withheld group takes the next smallest with it."""
    small = _small_cells(groups, min_group, adds_up=True)
    return {group: (None if group in small else count) for group, count in groups.items()}
