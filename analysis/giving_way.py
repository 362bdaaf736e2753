"""How what people confirmed changes the codebook's themes of the answers, and how the
codebook's near-twins become one theme. Each rule works on the labels (per answer, an index
into the known themes; -1: none), in place.

A default (or emergent) theme *gives way* to a confirmed theme that covers it; twins of one
``broader`` group that the answers do not tell apart are *merged*, never when a person
confirmed both; once a person confirmed a twin, its unconfirmed twins may give way to it
answer by answer (``ThemeFinder(twins_give_way=True)``).
"""

from collections import Counter

import numpy as np

from . import clustering
from .codebooks import Theme

# A default theme gives way when at least this many, and this share, of a theme's confirmed
# answers look most like it (tuned on the labelled set's development half).
GIVE_WAY_COUNT = 3
GIVE_WAY_SHARE = 1.0
# Twins "not told apart": the cosine similarity of the centres of their answers (in the
# embedding space without its common direction). On the labelled set's development half,
# whose coders keep play / play_leisure and traffic / streets apart, 0.5 merged them once the
# themes' gists were examples too (Dutch 0.456 → 0.414); at 0.6 none merge there.
TWIN_SIMILARITY = 0.6


def _gives_way(count: int, confirmed: int) -> bool:
    return count >= GIVE_WAY_COUNT and count >= GIVE_WAY_SHARE * confirmed


def give_way(labels: np.ndarray, known: list[Theme], confirmed: dict[int, str],
             gave_way: dict[str, str]) -> None:
    """A default theme that a confirmed theme covers gives way to it: when a theme's
    confirmed answers (at least ``GIVE_WAY_COUNT``, and ``GIVE_WAY_SHARE`` of them) are all in
    one default theme nobody confirmed, that theme's answers become the confirmed theme's (in
    ``labels``: the codebook's themes, before the confirmations). Not when a person also
    confirmed another theme of the default theme's ``broader`` group: they code finer than
    the codebook there, and its answers may belong to either (e.g. "moving" between a
    confirmed "streets" and a confirmed "traffic"). Records default key → confirmed key in
    ``gave_way``."""
    keys = [theme.key for theme in known]
    led = {keys.index(key) for key in confirmed.values()}
    for theme in sorted(led):
        mine = [index for index, key in confirmed.items() if keys.index(key) == theme]
        found = Counter(int(labels[index]) for index in mine)
        for default, count in found.most_common():
            group = known[default].broader if default >= 0 else None
            split = group and any(known[other].broader == group for other in led - {theme})
            if (default >= 0 and default != theme and default not in led and not split
                    and keys[default] not in gave_way and _gives_way(count, len(mine))):
                gave_way[keys[default]] = keys[theme]
                labels[labels == default] = theme


def emergent_gives_way(labels: np.ndarray, rest: np.ndarray, emergent: np.ndarray,
                       keys: list[str], confirmed: dict[int, str]) -> None:
    """An emergent theme that a confirmed theme covers gives way to it, as a default theme
    does: when a theme's confirmed answers (as many as for a default theme) all fell in one
    emergent theme (``emergent``: the cluster of each answer at ``rest``), that theme's other
    answers join it."""
    cluster_of = dict(zip(rest.tolist(), emergent.tolist(), strict=True))
    taken = set()
    for theme in sorted({keys.index(key) for key in confirmed.values()}):
        mine = [index for index, key in confirmed.items() if keys.index(key) == theme]
        cluster, count = Counter(cluster_of.get(i, -1) for i in mine).most_common(1)[0]
        if cluster >= 0 and cluster not in taken and _gives_way(count, len(mine)):
            taken.add(cluster)
            members = rest[(emergent == cluster) & (labels[rest] == -1)]
            labels[members] = theme


def merge_twins(labels: np.ndarray, vectors: np.ndarray, known: list[Theme], led: set[int],
                merged: dict[str, str]) -> None:
    """Codebook themes of one ``broader`` group whose answers the answers do not tell apart
    (the centres of their answers as alike as ``TWIN_SIMILARITY``) become one theme: the
    confirmed one, else the one with more answers. Decided on the codebook's themes of the
    answers (confirmed ones included, at the codebook's theme), so that a confirmation never
    makes twins merge; two themes a person confirmed answers of (``led``) stay apart. Records
    twin key → kept key in ``merged``."""
    groups: dict[str, list[int]] = {}
    for index, theme in enumerate(known):
        if theme.broader:
            groups.setdefault(theme.broader, []).append(index)
    for members in groups.values():
        while True:
            sizes = Counter(labels[labels >= 0].tolist())
            live = [m for m in members if sizes[m]]
            centres = {m: clustering.unit(vectors[labels == m].mean(axis=0)[None])[0]
                       for m in live}
            pairs = sorted(((float(centres[a] @ centres[b]), a, b) for a in live
                            for b in live if a < b and not (a in led and b in led)),
                           reverse=True)
            if not pairs or pairs[0][0] < TWIN_SIMILARITY:
                break
            _, a, b = pairs[0]
            keep, drop = (a, b) if (a in led or sizes[a] >= sizes[b]) and b not in led \
                else (b, a)
            labels[labels == drop] = keep
            merged[known[drop].key] = known[keep].key


def twins_give_way(labels: np.ndarray, placeable: np.ndarray, likelihood: np.ndarray,
                   classes, known, led, gave_way) -> dict[str, str]:
    """Once a person confirmed answers of one or more themes of a ``broader`` group, they code
    at that level: each twin of the group nobody confirmed gives way, answer by answer, to the
    confirmed twin the codebook finds most likely. ``labels`` (per answer) change in place;
    ``likelihood`` has a row per answer the codebook could place (``placeable``, a mask over
    the answers) and a column per class in ``classes``.
    Returns twin key → the key that took most of its answers."""
    column = {int(theme): c for c, theme in enumerate(classes)}
    confirmed_in: dict[str, list[int]] = {}
    for index in sorted(led):
        if known[index].broader and index in column:
            confirmed_in.setdefault(known[index].broader, []).append(index)
    rows = np.cumsum(placeable) - 1  # a placeable answer's row in ``likelihood``
    found = {}
    for index, theme in enumerate(known):
        takers = confirmed_in.get(theme.broader or "")
        if not takers or index in led or theme.key in gave_way:
            continue
        mine = np.flatnonzero(labels == index)
        if not len(mine):
            continue
        columns = [column[t] for t in takers]
        nearest = np.asarray(takers)[likelihood[rows[mine]][:, columns].argmax(axis=1)]
        labels[mine] = nearest
        found[theme.key] = known[Counter(nearest.tolist()).most_common(1)[0][0]].key
    return found
