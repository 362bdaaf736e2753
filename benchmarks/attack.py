"""The disclosure attack of issue 14: everything a viewer can see, given to an integer solver.

Three parts, used by ``tests/dashboard/test_disclosure_attack.py`` (a small fixture, in the
suite) and by ``benchmarks/disclosure_attack.py`` (many seeded fixtures, and the demo):

- :func:`build`: a network with Opex and Konterdam; in the spring round 10 family responses in
  Opex and one in Konterdam (the lone family), in the autumn round 15 and 7; answers drawn from
  a seeded generator, stored through the real ``submit``; record keys (when the app has them)
  from the same generator.
- :func:`gather`: as a viewer, through real HTTP requests of a Flask test client: the overview,
  the results page of every questionnaire × neighbourhood × language × age band, the compare
  page against each earlier round (with and without a neighbourhood), the report and the
  summary export of every round; :func:`read` turns the pages into :class:`Figure` s.
- :class:`Attack`: the figures as linear constraints on the true counts, solved with
  ``scipy.optimize.milp``; bounds every count about 1–4 people and the lone family's answers.

The unknowns (atoms) are counts per *group* — round × neighbourhood × survey language × the set
of age bands a response ticked (what the filters select on) — of responses, and per group and
question of each answer value. A figure constrains a sum of atoms over its scope (the groups
its filters select, without the neighbourhoods it says it leaves out). The questions are solved
one at a time (each with every figure about numbers of responses), which is sound: each
subproblem keeps a subset of the constraints, so its bounds can only be wider than the joint
ones.

What a figure tells (:class:`Knowledge`): a shown count ``v`` means the true count is in
``[v − D, v + D]`` and at least the minimum; a withheld one ("fewer than 5") means 1 … least − 1 + D
(before perturbation, the complementary suppression of the old ``analysis.stats`` could withhold
a larger count too, so then only ≥ 1); a 0 (or an option absent from a table) means 0. When
figures are exact (D = 0), shares, means and quartiles are functions of the true counts and are
constraints too; after the change they are computed from the published counts only, so they
say nothing more than the counts beside them and are left out.

The markup read (English pages, ``Accept-Language: en``; the export with ``language=en``):

- every view: ``<p class="hint">Left out of these figures, as too few answered there: A, B.</p>``
  — each neighbourhood named is taken to have 0 … least − 1 + D responses under that page's
  filters (every neighbourhood of the round not in the figures is named, also an empty one);
- results: the ``<select>`` options of questionnaire, neighbourhood, language and age;
  ``<p class="warning" role="status">too few answers to show`` (nothing read);
  ``<p>N responses</p>``; ``<section class="question-result" aria-labelledby="q-KEY">`` with
  table rows in the questionnaire's order of options (or faces): the last ``<td>`` holds the
  count, ``fewer than 5`` or ``0``; "Median m (middle half a–b), n = N"; "Yes: x% … (n = N)";
- report: ``<section class="sheet report-page" …><header>…</header><h1>NAME</h1>``, the lead
  figure ``<p class="lead-figure">N responses</p>`` and the five smileys after "What families
  said";
- overview: the tables after ``id="hoods-title"`` and ``id="languages-title"`` (a language not
  listed: nobody answered in it);
- compare (exact figures only): ``<tbody>`` rows in the order of ``services.compare.compare``;
- summary CSV (``keys=only``: the keys' row as the header, notes in rows starting "#"): the
  columns neighbourhood, questionnaire, question_key, option_key,
  respondents, count, share, median, withheld; an option not listed was chosen by nobody.

If the markup or the meaning of a figure changes, :meth:`Attack.check` fails the test with the
figures the true counts break ("the knowledge model is unsound"), rather than a wrong result.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix, vstack

FAMILY = "family"
AGE = "children_age"  # the question the age-band filter selects on
LONE_HOOD, BIG_HOOD = "Konterdam", "Opex"
SPRING, AUTUMN = "voorjaar", "najaar"
# Responses per round and neighbourhood (issue 14): a lone family beside 10, and 7 beside 15.
SIZES = {SPRING: {BIG_HOOD: 10, LONE_HOOD: 1}, AUTUMN: {BIG_HOOD: 15, LONE_HOOD: 7}}
ROUND_DATES = {SPRING: date(2020, 3, 1), AUTUMN: date(2020, 9, 1)}
SURVEY_LANGUAGES = {"nl": 6, "fr": 1, "ar": 2, "tr": 2}  # weights of the survey language
MAX_BANDS = 2  # a family ticks one or two age bands (the attacker knows this)
ANY = "*"  # the one survey language of a solver without language filters
INF = math.inf
BIG = 10_000  # upper bound of any atom


# -- the fixture ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    """One stored response, as the test knows it (the attacker does not)."""

    round: str
    hood: str
    language: str
    answers: dict


@dataclass
class Built:
    network_key: str
    viewer: str  # e-mail of a viewer of the network
    records: list[Record]
    lone: Record


def _weights(rng: random.Random, count: int) -> list[float]:
    """Skewed weights: a round has a most common answer, as real rounds do."""
    return [rng.random() ** 3 + 0.02 for _ in range(count)]


def population_of(rng: random.Random, questionnaire) -> dict:
    found: dict[str, Any] = {}
    for q in questionnaire.questions():
        if q.summary in ("categorical", "ordinal"):
            values = [int(v) if q.summary == "ordinal" else v for v, *_ in q.choices()]
            found[q.key] = (values, _weights(rng, len(values)))
        elif q.summary == "multi_categorical":
            found[q.key] = {o.key: min(0.9, rng.random() ** 2 + 0.05) for o in q.options}
        elif q.summary == "binary":
            found[q.key] = rng.random()
    return found


def draw_answers(rng: random.Random, population: dict, questionnaire) -> dict:
    """One family's answers to ``questionnaire``, drawn from ``population``."""
    answers: dict[str, Any] = {}
    for q in questionnaire.questions():
        show_if = getattr(q, "show_if", None)
        if show_if is not None and answers.get(show_if.question) != show_if.equals:
            continue
        if q.summary in ("categorical", "ordinal"):
            values, weights = population[q.key]
            answers[q.key] = rng.choices(values, weights)[0]
        elif q.summary == "multi_categorical":
            chance = population[q.key]
            chosen = [key for key, p in chance.items() if rng.random() < p]
            chosen = chosen or [max(chance, key=chance.get)]
            answers[q.key] = chosen[:MAX_BANDS] if q.key == AGE else chosen
        elif q.summary == "binary":
            answers[q.key] = rng.random() < population[q.key]
        elif q.summary == "numeric":
            answers[q.key] = rng.randint(int(q.min), min(int(q.max), int(q.min) + 3))
        elif q.required:
            answers[q.key] = "Een antwoord"
    return answers


def build(seed: int, key: str = "oostende", lone_answers: dict | None = None,
          password: str = "een zin als wachtwoord") -> Built:
    """The fixture of issue 14 in the current database (in an app context), with a viewer.

    The same ``seed`` gives the same answers, survey languages and record keys; ``lone_answers``
    replaces only the lone family's answers (the generator is drawn from all the same)."""
    from participatie.extensions import db
    from participatie.models import CollectionLink, Neighbourhood, Network, Response, Round
    from participatie.services.accounts import create_user, grant_role
    from participatie.services.questionnaires import find_version, load_published_versions
    from participatie.services.responses import Submission, submit

    if find_version(FAMILY) is None:
        load_published_versions()
    family = find_version(FAMILY)
    network = Network(key=key, name=f"Oostende {key}", questionnaire_versions=[family])
    hoods = [Neighbourhood(network=network, key=name.lower(), name=name,
                           population={"families": 200}) for name in (BIG_HOOD, LONE_HOOD)]
    db.session.add_all([network, *hoods])
    for round_key, opens in ROUND_DATES.items():
        round_ = Round(network=network, key=round_key, name=round_key.capitalize(),
                       opens_on=opens, questionnaire_versions=[family], neighbourhoods=hoods)
        for hood in hoods:
            db.session.add(CollectionLink(code=f"{key}-{round_key}-{hood.key}", round=round_,
                                          neighbourhood=hood, questionnaire_version=family,
                                          mode="kiosk"))
    db.session.commit()
    viewer = f"viewer-{key}@example.org"
    grant_role(create_user(viewer, password=password), network, "viewer")

    rng = random.Random(seed)
    questionnaire = family.questionnaire
    population = population_of(rng, questionnaire)
    records, lone = [], None
    keyed = hasattr(Response, "record_key")  # the disclosure layer's record keys
    for round_key, sizes in SIZES.items():
        for hood, count in sizes.items():
            for _ in range(count):
                language = rng.choices(list(SURVEY_LANGUAGES), list(SURVEY_LANGUAGES.values()))[0]
                answers = draw_answers(rng, population, questionnaire)
                record_key = rng.randrange(256)
                is_lone = round_key == SPRING and hood == LONE_HOOD
                if is_lone and lone_answers is not None:
                    answers = lone_answers
                response_id = uuid.uuid4()
                submit(Submission(response_id, f"{key}-{round_key}-{hood.lower()}", language,
                                  answers))
                if keyed:
                    db.session.get(Response, response_id).record_key = record_key
                record = Record(round_key, hood, language, answers)
                records.append(record)
                lone = record if is_lone else lone
    db.session.commit()
    assert lone is not None
    return Built(key, viewer, records, lone)


# -- what a viewer can see -----------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """One page or export, as fetched."""

    name: str  # e.g. "results najaar neighbourhood=Opex language=ar age=3-5"
    url: str
    text: str


def _options(page: str, select: str) -> list[tuple[str, str]]:
    found = re.search(rf'<select id="{select}" name="{select}">(.*?)</select>', page, re.S)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1)) if found \
        else []


def gather(client, network: str, rounds: Iterable[str], filters: bool = True) -> list[View]:
    """Everything a viewer can see of ``rounds`` (in the order they opened), fetched through
    ``client`` (logged in): real requests, as a browser or a script would make them.
    ``filters`` False: results pages per neighbourhood only (no language or age band)."""
    views: list[View] = []
    rounds = list(rounds)

    def get(name: str, url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = response.get_data(as_text=True)
        views.append(View(name, url, text))
        return text

    for position, round_key in enumerate(rounds):
        base = f"/dashboard/networks/{network}/rounds/{round_key}"
        get(f"overview {round_key}", f"{base}/")
        first = get(f"results {round_key}", f"{base}/results")
        hoods = [("", "")] + [o for o in _options(first, "neighbourhood") if o[0]]
        languages = [("", "")] + [o for o in _options(first, "language") if o[0] and filters]
        ages = [("", "")] + [o for o in _options(first, "age") if o[0] and filters]
        for questionnaire, _label in _options(first, "questionnaire"):
            for (hood, hood_name), (language, _), (age, _) in itertools.product(
                    hoods, languages, ages):
                name = _view_name("results", round_key, questionnaire, hood_name, language, age)
                url = (f"{base}/results?questionnaire={questionnaire}&neighbourhood={hood}"
                       f"&language={language}&age={age}")
                get(name, url)
        for earlier in rounds[:position]:
            for hood, hood_name in hoods:
                for questionnaire, _label in _options(first, "questionnaire"):
                    get(f"compare {round_key} with={earlier} questionnaire={questionnaire}"
                        f" neighbourhood={hood_name}",
                        f"{base}/compare?with={earlier}&neighbourhood={hood}"
                        f"&questionnaire={questionnaire}")
        get(f"report {round_key}", f"{base}/report")
        get(f"export {round_key}",
            f"{base}/export?kind=summary&format=csv&language=en&keys=only")
    return views


def _view_name(kind, round_key, questionnaire, hood, language, age) -> str:
    return (f"{kind} {round_key} questionnaire={questionnaire} neighbourhood={hood or 'all'}"
            f" language={language or 'all'} age={age or 'all'}")


# -- figures -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The responses a figure is about: a questionnaire's in one round, in these
    neighbourhoods (names), with the filters' survey language and age band."""

    questionnaire: str
    round: str
    hoods: frozenset
    language: str | None = None
    age: str | None = None

    def covers(self, group: Group) -> bool:
        return (group.round == self.round and group.hood in self.hoods
                and self.language in (None, group.language)
                and (self.age is None or self.age in group.ages))

    def describe(self) -> str:
        hoods = "+".join(sorted(self.hoods)) or "nobody"
        filters = "".join(f" {k}={v}" for k, v in (("language", self.language),
                                                   ("age", self.age)) if v)
        return f"{self.round} {hoods}{filters}"


@dataclass(frozen=True)
class Figure:
    """One published figure as a constraint on the true counts of its scope.

    ``measure`` "count": lo ≤ k ≤ hi, where k counts the responses (``question`` None), those
    who answered ``question`` (``value`` None) or gave it ``value``. "share": lo ≤ k/n ≤ hi
    (n: who answered). "mean": lo ≤ mean of the values ≤ hi. "quantile": the ``p`` quantile of
    the values (numpy's linear interpolation) of ``n`` answers is ``lo``."""

    scope: Scope
    question: str | None
    value: Any
    lo: float
    hi: float
    source: str
    measure: str = "count"
    p: float = 0.0
    n: int = 0


@dataclass(frozen=True)
class Knowledge:
    """What the attacker knows a published figure means."""

    max_change: int  # D: a shown count is within ±D of the true one
    least: int = 5  # the minimum group size
    withheld_below: bool = True  # a withheld count is below least + D
    exact_derived: bool = False  # shares, means and quartiles are of the true counts

    @classmethod
    def of_app(cls, least: int = 5) -> Knowledge:
        """The knowledge model of the app as built: perturbed (with ``analysis.disclosure``)
        or exact with complementary suppression (before it)."""
        try:
            from analysis import disclosure
        except ImportError:
            return cls(0, least, withheld_below=False, exact_derived=True)
        return cls(disclosure.MAX_CHANGE, least)

    def shown(self, value: int) -> tuple[float, float]:
        return max(value - self.max_change, self.least), value + self.max_change

    def withheld(self) -> tuple[float, float]:
        return 1, (self.least - 1 + self.max_change) if self.withheld_below else INF


def _int(text: str) -> int:
    return int(text.replace(",", "").replace("\u202f", "").replace("\xa0", ""))


LEFT_OUT = re.compile(r"Left out of these figures, as too few answered there: (.*?)\.</p>")
TOO_FEW = "too few answers to show"
FEWER = re.compile(r"fewer than \d+")
MEDIAN = re.compile(r"Median ([\d.]+) \(middle half ([\d.]+)–([\d.]+)\), n = ([\d,]+)")
BINARY = re.compile(r"Yes: (\d+)% · .*?No: (\d+)% \(n = ([\d,]+)\)", re.S)


class Reader:
    """Reads the figures of gathered views, for questionnaires known by key."""

    def __init__(self, questionnaires: dict, hoods: list[str], knowledge: Knowledge):
        self.questionnaires = questionnaires
        self.hoods = frozenset(hoods)
        self.k = knowledge
        self.figures: list[Figure] = []
        self.left_out: dict[tuple, frozenset] = {}  # (questionnaire, round, hood) → left out
        self.base: dict[tuple, dict] = {}  # (questionnaire, round) → question → value → count
        self.shown: dict[tuple, dict] = {}  # (scope, question) → value → count shown

    def read(self, views: list[View]) -> list[Figure]:
        results = [v for v in views if v.name.startswith("results ") and "questionnaire=" in v.name]
        for view in results:  # first: what each filter leaves out, used by the other views
            self._results(view)
        for view in views:
            kind, round_key = view.name.split()[:2]
            if kind == "overview":
                self._overview(view, round_key)
            elif kind == "compare" and self.k.exact_derived:
                self._compare(view, round_key)
            elif kind == "report":
                self._report(view, round_key)
            elif kind == "export":
                self._export(view, round_key)
        return self.figures

    # a figure --------------------------------------------------------------------------------
    def add(self, scope, question, value, cell: str, source: str) -> None:
        """A count as shown in a table cell: a number, "fewer than 5", or 0."""
        cell = cell.strip()
        if FEWER.search(cell) or cell == "fewer than the minimum":
            lo, hi = self.k.withheld()
        elif cell in ("", "–"):
            return
        elif _int(cell) == 0:
            lo = hi = 0
        else:
            lo, hi = self.k.shown(_int(cell))
        self.figures.append(Figure(scope, question, value, lo, hi, f"{source}: {cell}"))
        self.shown.setdefault((scope, question), {})[value] = (
            0 if hi == 0 else None if FEWER.search(cell) or cell.startswith("fewer") else
            _int(cell))

    def _scope(self, questionnaire, round_key, hood=None, language=None, age=None) -> Scope:
        left = self.left_out.get((questionnaire, round_key, hood), frozenset())
        hoods = frozenset({hood}) if hood else self.hoods
        return Scope(questionnaire, round_key, hoods - left, language, age)

    # results pages and report ----------------------------------------------------------------
    def _results(self, view: View) -> None:
        words = dict(part.split("=", 1) for part in view.name.split()[2:])
        round_key = view.name.split()[1]
        questionnaire = words["questionnaire"]
        hood = None if words["neighbourhood"] == "all" else words["neighbourhood"]
        language = None if words["language"] == "all" else words["language"]
        age = None if words["age"] == "all" else words["age"]
        text = view.text
        left = frozenset()
        found = LEFT_OUT.search(text)
        if found:
            left = frozenset(found.group(1).split(", "))
        hoods = (frozenset({hood}) if hood else self.hoods) - left
        scope = Scope(questionnaire, round_key, hoods, language, age)
        for name in left:  # a neighbourhood left out has 0 … least − 1 + D responses there
            self.figures.append(Figure(
                Scope(questionnaire, round_key, frozenset({name}), language, age), None, None,
                0, self.k.withheld()[1], f"{view.name}: {name} left out"))
        if not (language or age):
            self.left_out[(questionnaire, round_key, hood)] = left
        if questionnaire not in self.questionnaires:
            return
        if f'<p class="warning" role="status">{TOO_FEW}' in text:
            return  # too few, or refused: not modelled (either is possible before the change)
        responses = re.search(r"<p>([\d,]+) responses?</p>", text)
        if responses:
            self.add(scope, None, None, responses.group(1), view.name + " responses")
        sections = re.findall(r'<section class="question-result" aria-labelledby="q-([^"]+)">'
                              r'(.*?)</section>', text, re.S)
        for key, html in sections:
            self._summary(scope, key, html, f"{view.name} {key}")
        if not (hood or language or age):
            self.base[(questionnaire, round_key)] = self._counts_of(scope)

    def _counts_of(self, scope: Scope) -> dict:
        """Question → value (None: who answered) → count as shown (withheld: 1)."""
        return {question: {v: 1 if c is None else c for v, c in values.items()}
                for (s, question), values in self.shown.items() if s == scope and question}

    def _summary(self, scope: Scope, key: str, html: str, source: str) -> None:
        question = self.questionnaires[scope.questionnaire].question(key)
        if question is None or f'class="hint">{TOO_FEW}' in html:
            return
        rows = re.findall(r'<tr><th scope="row">.*?</th>(.*?)</tr>', html, re.S)
        if question.summary in ("categorical", "multi_categorical"):
            for option, row in zip(question.options, rows, strict=True):
                cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
                self.add(scope, key, option.key, _text(cells[-1]), f"{source}={option.key}")
        elif question.summary == "ordinal":
            values = [int(v) for v, *_ in question.choices()]
            for value, row in zip(values, rows, strict=True):
                cell = re.sub(r'<span class="bar"[^>]*></span>', "", row)
                self.add(scope, key, value, _text(cell), f"{source}={value}")
            self._median(scope, key, html, source)
        elif question.summary == "binary":
            found = BINARY.search(html)
            if found:
                self.add(scope, key, None, found.group(3), f"{source} n")
                self._share(scope, key, True, int(found.group(1)) / 100, 0.005, source + " yes%")

    def _median(self, scope: Scope, key: str, html: str, source: str) -> None:
        found = MEDIAN.search(html)
        if not found:
            return
        median, q1, q3, n = found.groups()
        self.add(scope, key, None, n, f"{source} n")
        if self.k.exact_derived:
            for p, value in ((0.25, q1), (0.5, median), (0.75, q3)):
                self.figures.append(Figure(scope, key, None, float(value), float(value),
                                           f"{source} quantile {p}: {value} of n = {n}",
                                           "quantile", p, _int(n)))

    def _share(self, scope, key, value, share: float, half: float, source: str) -> None:
        if self.k.exact_derived:
            self.figures.append(Figure(scope, key, value, share - half - 1e-9,
                                       share + half + 1e-9, f"{source}: {share:.3f}", "share"))

    def _report(self, view: View, round_key: str) -> None:
        pages = re.findall(r'<section class="sheet report-page" aria-labelledby="hood-\d+">\s*'
                           r'<header.*?</header>\s*<h1[^>]*>([^<]*)</h1>(.*?)</section>',
                           view.text, re.S)
        for name, html in pages:
            lead = re.search(r'<p class="lead-figure">([\d,]+) responses?</p>', html)
            scope = self._scope(FAMILY, round_key, name)
            if lead and len(self.questionnaires) == 1:  # the overview's count (every
                # questionnaire of the round, so modelled when there is one)
                self.add(Scope(FAMILY, round_key, frozenset({name})), None, None,
                         lead.group(1), f"{view.name} {name} responses")
            said = html.split("What families said</h2>", 1)
            if len(said) < 2 or FAMILY not in self.questionnaires:
                continue
            keys = [k for k in ("reachable", "available", "affordable", "understandable",
                                "usable") if self.questionnaires[FAMILY].question(k)]
            chunks = said[1].split("<h3>")[1:]
            for key, chunk in zip(keys, chunks, strict=False):
                self._summary(scope, key, chunk, f"{view.name} {name} {key}")

    # overview --------------------------------------------------------------------------------
    def _overview(self, view: View, round_key: str) -> None:
        text = view.text
        found = LEFT_OUT.search(text)
        left = frozenset(found.group(1).split(", ")) if found else frozenset()
        if len(self.questionnaires) != 1:
            return  # counts over several questionnaires: not modelled
        questionnaire = next(iter(self.questionnaires))
        everyone = Scope(questionnaire, round_key, self.hoods - left)
        lead = re.search(r'<p class="lead-figure">([\d,]+) responses?</p>', text)
        if lead:
            self.add(everyone, None, None, lead.group(1), f"{view.name} total")
        hoods = text.split('id="hoods-title"', 1)[1].split("</table>", 1)[0]
        for name, cell in re.findall(r'<tr><th scope="row">([^<]*)</th><td>(.*?)</td>', hoods):
            self.add(Scope(questionnaire, round_key, frozenset({name})), None, None,
                     _text(cell), f"{view.name} {name}")
        from participatie.i18n import LANGUAGES

        codes = {language.name: code for code, language in LANGUAGES.items()}
        languages = text.split('id="languages-title"', 1)[1].split("</table>", 1)[0]
        listed = dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td>(.*?)</td>', languages))
        for name, code in codes.items():  # a language not listed: nobody answered in it
            self.add(Scope(questionnaire, round_key, self.hoods - left, code), None, None,
                     _text(listed.get(name, "0")), f"{view.name} language {code}")

    # compare page (exact figures only) --------------------------------------------------------
    def _compare(self, view: View, round_key: str) -> None:
        words = dict(part.split("=", 1) for part in view.name.split()[2:])
        earlier, questionnaire = words["with"], words["questionnaire"]
        hood = None if words["neighbourhood"] in ("", "all") else words["neighbourhood"]
        if questionnaire not in self.questionnaires:
            return
        new = self.questionnaires[questionnaire]
        items = []
        for q in new.questions():
            if q.summary in ("ordinal", "numeric"):
                items.append((q, None))
            elif q.summary == "binary":
                items.append((q, True))
            elif q.summary in ("categorical", "multi_categorical"):
                items.extend((q, o.key) for o in q.options)
        body = view.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = re.findall(r"<tr[^>]*><th scope=\"row\">.*?</th><td>.*?</td>(.*?)</tr>", body, re.S)
        for (q, value), row in zip(items, rows, strict=True):
            cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            if TOO_FEW in cells[0]:
                continue
            for which, cell in ((earlier, cells[0]), (round_key, cells[1])):
                scope = self._scope(questionnaire, which, hood)
                source = f"{view.name} {q.key}={value} {which}"
                if value is None and q.summary == "ordinal":
                    mean = float(cell)
                    self.figures.append(Figure(scope, q.key, None, mean - 0.05 - 1e-9,
                                               mean + 0.05 + 1e-9, f"{source} mean {cell}",
                                               "mean"))
                elif value is not None:
                    self._share(scope, q.key, value, int(cell.rstrip("%")) / 100, 0.005,
                                f"{source} share")

    # summary export --------------------------------------------------------------------------
    def _export(self, view: View, round_key: str) -> None:
        rows = list(csv.DictReader(io.StringIO(view.text.lstrip("\ufeff"))))
        for row in rows:
            questionnaire, key = row.get("questionnaire"), row.get("question_key")
            if questionnaire not in self.questionnaires or not key:
                continue
            question = self.questionnaires[questionnaire].question(key)
            if question is None or (row["option_key"] or "").startswith("theme:"):
                continue
            hood = row["neighbourhood"] or None
            scope = self._scope(questionnaire, round_key, hood)
            source = f"{view.name} {hood or 'round'} {key}"
            if row["withheld"] and not row["option_key"]:
                continue  # the whole question withheld
            if row["respondents"]:
                self.add(scope, key, None, row["respondents"], f"{source} respondents")
            if question.summary in ("categorical", "multi_categorical"):
                cell = row["count"] or ("fewer than the minimum" if row["withheld"] else "")
                self.add(scope, key, row["option_key"], cell, f"{source}={row['option_key']}")
            elif question.summary == "binary" and row["count"]:
                self.add(scope, key, True, row["count"], f"{source}=yes")
            elif (question.summary == "ordinal" and row["median"] and self.k.exact_derived
                  and row["respondents"]):
                self.figures.append(Figure(scope, key, None, float(row["median"]),
                                           float(row["median"]),
                                           f"{source} median {row['median']}", "quantile",
                                           0.5, _int(row["respondents"])))
        # options absent from an export's table were chosen by nobody
        listed = defaultdict(set)
        for row in rows:
            if row.get("option_key"):
                listed[(row["neighbourhood"], row["questionnaire"], row["question_key"])].add(
                    row["option_key"])
        for (hood, questionnaire, key), options in listed.items():
            question = self.questionnaires.get(questionnaire)
            question = question.question(key) if question else None
            if question is None or question.summary not in ("categorical", "multi_categorical"):
                continue
            scope = self._scope(questionnaire, round_key, hood or None)
            for option in question.options:
                if option.key not in options:
                    self.add(scope, key, option.key, "0", f"{view.name} {hood or 'round'} "
                             f"{key}={option.key} (not listed)")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


# -- the solver ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """Responses alike for every filter: round × neighbourhood × survey language × the set of
    age bands ticked."""

    round: str
    hood: str
    language: str
    ages: frozenset


@dataclass(frozen=True)
class Cell:
    """A count the solver bounds: ``question``/``value`` (``question`` None: responses) in a
    scope. For the age question, ``value`` is an age band ticked."""

    scope: Scope
    question: str | None
    value: Any

    def describe(self) -> str:
        what = "responses" if self.question is None else f"{self.question}={self.value}"
        return f"{what} in {self.scope.describe()}"


@dataclass
class Bounded:
    cell: Cell
    truth: int
    pinned: bool
    figures: list[str] = field(default_factory=list)


class Attack:
    """The figures of one questionnaire as constraints; bounds of any cell by integer
    programming (HiGHS through ``scipy.optimize.milp``)."""

    def __init__(self, questionnaire, figures: list[Figure], rounds: list[str], hoods: list[str],
                 languages: Iterable[str], knowledge: Knowledge,
                 background: Iterable[Figure] = (), max_bands: int = MAX_BANDS,
                 age: str | None = AGE):
        """``age``: the question the age-band filter selects on (None: the figures use no
        such filter, and every question is an ordinary one)."""
        self.age = age
        self.q = questionnaire
        self.key = questionnaire.key
        self.k = knowledge
        self.figures = [f for f in [*figures, *background] if f.scope.questionnaire == self.key]
        age = questionnaire.question(self.age) if self.age else None
        bands = [o.key for o in age.options] if age else []
        patterns = [frozenset(c) for r in range(1, min(len(bands), max_bands) + 1)
                    for c in itertools.combinations(bands, r)] or [frozenset()]
        groups = [Group(r, h, lang, p) for r in rounds for h in hoods for lang in languages
                  for p in patterns]
        self.groups = [g for g in groups if not self._known_empty(g)]
        self.index = {g: i for i, g in enumerate(self.groups)}
        self._problems: dict = {}

    def _known_empty(self, group: Group) -> bool:
        """A group that a figure of 0 covers (responses, or an age band it ticked): no atom."""
        for f in self.figures:
            if f.measure != "count" or f.hi != 0 or not f.scope.covers(group):
                continue
            if f.question is None or (f.question == self.age and f.value in group.ages) or (
                    f.question == self.age and f.value is None):
                return True
            if self._always_answered(f.question) and f.value is None:
                return True
        return False

    def _always_answered(self, key: str | None) -> bool:
        question = self.q.question(key) if key else None
        return bool(question and question.required and getattr(question, "show_if", None)
                    is None)

    def _values(self, question) -> list:
        if question.summary in ("categorical", "multi_categorical"):
            return [o.key for o in question.options]
        if question.summary == "ordinal":
            return [int(v) for v, *_ in question.choices()]
        if question.summary == "binary":
            return [True, False]
        return []

    # variables of one question's problem: N per group, then A (who answered) when optional,
    # then X per group and value
    def _problem(self, key: str | None, round_key: str):
        """One question's problem in one round (no figure is about two rounds)."""
        if (key, round_key) in self._problems:
            return self._problems[(key, round_key)]
        groups_of_round = [g for g in self.groups if g.round == round_key]
        index = {g: i for i, g in enumerate(groups_of_round)}
        question = self.q.question(key) if key and key != self.age else None
        values = self._values(question) if question else []
        groups = len(groups_of_round)
        optional = bool(question) and not self._always_answered(key)
        layout = {"values": values, "a": groups if optional else None,
                  "x": groups * (2 if optional else 1)}
        size = layout["x"] + groups * len(values)
        rows, cols, data, lo, hi, sources = [], [], [], [], [], []
        integrality = np.ones(size)
        upper = np.full(size, float(BIG))
        extra: list = []  # quantile binaries: added later

        def add_row(coefs: dict, low: float, high: float, source: str):
            r = len(lo)
            for c, v in coefs.items():
                if v:
                    rows.append(r)
                    cols.append(c)
                    data.append(v)
            lo.append(low)
            hi.append(high)
            sources.append(source)

        for i in range(groups):  # who answered: at most every response of the group
            if optional:
                add_row({layout["a"] + i: 1, i: -1}, -INF, 0, "answered ≤ responses")
            if values and question.summary in ("categorical", "ordinal", "binary"):
                coefs = {layout["x"] + i * len(values) + j: 1 for j in range(len(values))}
                coefs[(layout["a"] if optional else 0) + i] = -1
                add_row(coefs, 0, 0, "one answer each")
            elif values:  # several answers each: every option ≤ who answered ≤ their sum
                answered = (layout["a"] if optional else 0) + i
                for j in range(len(values)):
                    add_row({layout["x"] + i * len(values) + j: 1, answered: -1}, -INF, 0,
                            "an option ≤ who answered")
                coefs = {layout["x"] + i * len(values) + j: 1 for j in range(len(values))}
                coefs[answered] = -1
                add_row(coefs, 0, INF, "who answered chose at least one")
        problem = {"layout": layout, "question": question, "size": size, "index": index}
        for f in self.figures:
            if f.scope.round != round_key:
                continue
            if f.question not in (None, self.age, key) and not (
                    f.value is None and f.measure == "count"
                    and self._always_answered(f.question)):
                continue
            if f.measure == "count":
                add_row(self.expression(problem, Cell(f.scope, f.question, f.value)), f.lo,
                        f.hi, f.source)
            elif f.measure == "share" and f.question == key:
                k = self.expression(problem, Cell(f.scope, f.question, f.value))
                n = self.expression(problem, Cell(f.scope, f.question, None))
                add_row(_minus(k, n, f.lo), 0, INF, f.source)
                add_row(_minus(k, n, f.hi), -INF, 0, f.source)
            elif f.measure == "mean" and f.question == key and question is not None:
                total = defaultdict(float)
                for value in values:
                    for c, v in self.expression(problem, Cell(f.scope, key, value)).items():
                        total[c] += v * value
                n = self.expression(problem, Cell(f.scope, key, None))
                add_row(_minus(total, n, f.lo), 0, INF, f.source)
                add_row(_minus(total, n, f.hi), -INF, 0, f.source)
            elif f.measure == "quantile" and f.question == key and question is not None:
                extra.append(f)
        # quantiles: one binary per pair of order statistics that gives the value shown
        for f in extra:
            h = (f.n - 1) * f.p
            low_rank, high_rank, frac = math.floor(h), math.ceil(h), h - math.floor(h)
            pairs = [(a, b) for a in values for b in values if a <= b
                     and abs(a + frac * (b - a) - f.lo) < 1e-4]
            if not pairs:
                continue
            first = size
            size += len(pairs)
            integrality = np.concatenate([integrality, np.ones(len(pairs))])
            upper = np.concatenate([upper, np.ones(len(pairs))])
            add_row({first + z: 1 for z in range(len(pairs))}, 1, 1, f.source)
            big = f.n + 1

            def below(value, f=f):  # how many of the scope answered at most ``value``
                found: dict = defaultdict(float)
                for v in values:
                    if v <= value:
                        for c, w in self.expression(problem, Cell(f.scope, f.question, v)).items():
                            found[c] += w
                return found

            for z, (a, b) in enumerate(pairs):
                for rank, value in ((low_rank, a), (high_rank, b)):
                    # the order statistic ``rank`` (from 0) is ``value``: at most ``rank`` are
                    # below it, more than ``rank`` at most it
                    smaller = [v for v in values if v < value]
                    if smaller:
                        coefs = dict(below(smaller[-1]))
                        coefs[first + z] = big
                        add_row(coefs, -INF, rank + big, f.source)
                    coefs = dict(below(value))
                    coefs[first + z] = -big
                    add_row(coefs, rank + 1 - big, INF, f.source)
        matrix = csr_matrix((data, (rows, cols)), shape=(len(lo), size))
        problem.update(matrix=matrix, lo=np.array(lo, float), hi=np.array(hi, float),
                       sources=sources, integrality=integrality, upper=upper, size=size)
        self._problems[(key, round_key)] = problem
        return problem

    def expression(self, problem, cell: Cell) -> dict:
        """The atoms a cell sums, as {variable: 1}."""
        layout = problem["layout"]
        question = problem["question"]
        found: dict = {}
        for group, i in problem["index"].items():
            if not cell.scope.covers(group):
                continue
            if cell.question is None or (cell.question == self.age and cell.value is None):
                found[i] = 1
            elif cell.question == self.age:
                if cell.value in group.ages:
                    found[i] = 1
            elif cell.value is None:
                optional = layout["a"] is not None and question and cell.question == question.key
                found[(layout["a"] if optional else 0) + i] = 1
            else:
                j = layout["values"].index(cell.value)
                found[layout["x"] + i * len(layout["values"]) + j] = 1
        return found

    def _vector(self, problem, cell: Cell) -> np.ndarray:
        c = np.zeros(problem["size"])
        for i, v in self.expression(problem, cell).items():
            c[i] = v
        return c

    def _solve(self, problem, objective, rows=()) -> np.ndarray | None:
        """An integer solution (minimising ``objective``) within the figures and ``rows``
        ((vector, low, high) each), or None when there is none."""
        matrix, lo, hi = problem["matrix"], problem["lo"], problem["hi"]
        if rows:
            matrix = vstack([matrix, csr_matrix(np.array([r[0] for r in rows]))])
            lo = np.append(lo, [r[1] for r in rows])
            hi = np.append(hi, [r[2] for r in rows])
        constraints = LinearConstraint(matrix, lo, hi)
        bounds = Bounds(0, problem["upper"])
        # The linear relaxation first: infeasible there is infeasible; an integral vertex is a
        # solution. Only the rest needs branch and bound.
        relaxed = milp(objective, constraints=constraints, bounds=bounds)
        if relaxed.status == 2:
            return None
        if relaxed.x is not None and np.allclose(relaxed.x, np.round(relaxed.x), atol=1e-7):
            return np.round(relaxed.x)
        result = milp(objective, constraints=constraints, integrality=problem["integrality"],
                      bounds=bounds)
        if result.status == 2:  # infeasible
            return None
        if result.x is None:
            raise RuntimeError(f"the solver stopped: {result.message}")
        return np.round(result.x)

    def possible(self, cell: Cell, low: float, high: float) -> bool:
        """Whether the figures allow ``cell`` to be within [low, high]."""
        problem = self._problem(cell.question if cell.question != self.age else None,
                                cell.scope.round)
        c = self._vector(problem, cell)
        for x in problem.setdefault("pool", []):
            if low <= c @ x <= high:
                return True
        found = self._solve(problem, np.zeros(problem["size"]), [(c, low, high)])
        if found is not None:
            problem["pool"].append(found)
        return found is not None

    def explore(self, cells: list[Cell], tries: int = 0, seed: int = 0) -> None:
        """Solutions that move many ``cells`` at once (each question's): a pool of witnesses,
        so that most cells need no solver run of their own."""
        rng = np.random.default_rng(seed)
        by_problem: dict = defaultdict(list)
        for cell in cells:
            by_problem[(cell.question if cell.question != self.age else None,
                        cell.scope.round)].append(cell)
        for (key, round_key), found in by_problem.items():
            problem = self._problem(key, round_key)
            vectors = [self._vector(problem, cell) for cell in found]
            for _ in range(tries):
                weights = rng.normal(size=len(vectors))
                objective = sum(w * v for w, v in zip(weights, vectors, strict=True))
                x = self._solve(problem, objective)
                if x is not None:
                    problem.setdefault("pool", []).append(x)

    def pinned(self, cell: Cell, truth: int) -> bool:
        """Whether the figures allow ``cell`` no other value than ``truth``."""
        return not (self.possible(cell, -INF, truth - 1) or self.possible(cell, truth + 1, INF))

    def check(self, truth: dict) -> list[str]:
        """The figures the true counts break (none when the knowledge model is sound)."""
        broken = []
        keys = [None, *(q.key for q in self.q.questions() if self._values(q))]
        for key, round_key in itertools.product(keys, sorted({g.round for g in self.groups})):
            problem = self._problem(key, round_key)
            x = np.zeros(problem["size"])
            layout = problem["layout"]
            for group, i in problem["index"].items():
                x[i] = truth.get((group, None, None), 0)
                if layout["a"] is not None:
                    x[layout["a"] + i] = truth.get((group, key, None), 0)
                for j, value in enumerate(layout["values"]):
                    x[layout["x"] + i * len(layout["values"]) + j] = truth.get(
                        (group, key, value), 0)
            problem.setdefault("pool", []).append(x)  # the truth is a solution too
            got = problem["matrix"] @ x
            for r, value in enumerate(got):
                if "quantile" in problem["sources"][r] or "median" in problem["sources"][r]:
                    continue
                if value < problem["lo"][r] - 1e-6 or value > problem["hi"][r] + 1e-6:
                    broken.append(f"{problem['sources'][r]} (true {value:g})")
        return sorted(set(broken))


def _minus(k: dict, n: dict, factor: float) -> dict:
    found = defaultdict(float, k)
    for c, v in n.items():
        found[c] -= factor * v
    return dict(found)


def truth_of(records: list[Record], questionnaire, age: str | None = AGE,
             languages: bool = True) -> dict:
    """True atoms: (group, None, None) responses; (group, question, None) who answered;
    (group, question, value) who gave it. ``age`` and ``languages`` as the solver's."""
    found: dict = defaultdict(int)
    for record in records:
        group = Group(record.round, record.hood, record.language if languages else ANY,
                      frozenset(record.answers.get(age) or ()) if age else frozenset())
        found[(group, None, None)] += 1
        for key, answer in record.answers.items():
            found[(group, key, None)] += 1
            for value in answer if isinstance(answer, list) else [answer]:
                found[(group, key, value)] += 1
    return dict(found)


def true_count(truth: dict, cell: Cell, age: str | None = AGE) -> int:
    total = 0
    for (group, key, value), count in truth.items():
        if not cell.scope.covers(group):
            continue
        if key is None:  # responses of the group
            if cell.question is None or (cell.question == age and cell.value in group.ages):
                total += count
        elif cell.question not in (None, age) and key == cell.question and value == cell.value:
            total += count
    return total


# -- one fixture, attacked -----------------------------------------------------------------------

@dataclass
class Guess:
    """One of the lone family's answers: a single answer, or an option ticked or not."""

    answer: str
    truth: Any
    guess: Any  # the attacker's, from the bounds and the base rate
    base: Any  # the most common answer in the round
    pinned: bool


@dataclass
class Outcome:
    small: list[Bounded]  # every count about 1–4 people, bounded
    guesses: list[Guess]
    broken: list[str]  # figures the truth breaks (the knowledge model would be unsound)

    @property
    def pinned(self) -> list[Bounded]:
        return [b for b in self.small if b.pinned]

    def figures(self) -> dict:
        return {"small_cells": len(self.small), "pinned": len(self.pinned),
                "answers": len(self.guesses),
                "guessed_right": sum(g.guess == g.truth for g in self.guesses),
                "base_right": sum(g.base == g.truth for g in self.guesses),
                "answers_pinned": sum(g.pinned for g in self.guesses)}


def questionnaire_of(key: str = FAMILY):
    from participatie.services.questionnaires import find_version

    return find_version(key).questionnaire


def attack(built: Built, views: list[View], knowledge: Knowledge | None = None,
           small_cells: bool = True) -> Outcome:
    """Reads ``views`` of the fixture ``built`` and bounds its small counts and the lone
    family's answers. The attacker also knows that the lone family is alone in its
    neighbourhood in the spring (the worst case)."""
    from participatie.i18n import LANGUAGES

    knowledge = knowledge or Knowledge.of_app()
    questionnaire = questionnaire_of()
    hoods = [BIG_HOOD, LONE_HOOD]
    reader = Reader({FAMILY: questionnaire}, hoods, knowledge)
    figures = reader.read(views)
    lone = Scope(FAMILY, SPRING, frozenset({LONE_HOOD}))
    background = [Figure(lone, None, None, 1, 1, "background: the lone family is alone")]
    solver = Attack(questionnaire, figures, list(SIZES), hoods, list(LANGUAGES), knowledge,
                    background)
    truth = truth_of(built.records, questionnaire)
    broken = solver.check(truth)
    small = _small_cells(solver, figures, truth, hoods, questionnaire) if small_cells else []
    base = reader.base.get((FAMILY, SPRING), {})
    asked = [(question, [o.key for o in question.options] if question.key == AGE
              else solver._values(question)) for question in questionnaire.questions()]
    solver.explore([Cell(lone, q.key, v) for q, values in asked for v in values], seed=1)
    guesses = []
    for question in questionnaire.questions():
        values = ([o.key for o in question.options] if question.key == AGE
                  else solver._values(question))
        answer = built.lone.answers.get(question.key)
        if not values or answer is None:
            continue
        seen = base.get(question.key, {})
        found = {v: (0 if solver.possible(Cell(lone, question.key, v), -INF, 0) else 1,
                     1 if solver.possible(Cell(lone, question.key, v), 1, INF) else 0)
                 for v in values}
        if question.summary == "multi_categorical":
            n = seen.get(None) or 0
            for v in values:
                low, high = found[v]
                common = bool(n) and seen.get(v, 0) > n / 2
                guess = True if low >= 1 else False if high == 0 else common
                guesses.append(Guess(f"{question.key}={v}", v in answer, guess, common,
                                     low == high))
            continue
        common = max(values, key=lambda v: seen.get(v, 0))
        if question.summary == "binary":
            common = seen.get(True, 0) > (seen.get(None) or 0) / 2
        sure = [v for v in values if found[v][0] >= 1]
        allowed = [v for v in values if found[v][1] >= 1] or values
        guess = sure[0] if sure else common if common in allowed else max(
            allowed, key=lambda v: seen.get(v, 0))
        guesses.append(Guess(question.key, answer, guess, common, bool(sure)))
    return Outcome(small, guesses, broken)


def _small_cells(solver: Attack, figures: list[Figure], truth: dict, hoods: list[str],
                 questionnaire) -> list[Bounded]:
    """Every count about 1–4 people: per round and neighbourhood (responses, per survey
    language, per age band, per answer), and every published figure's own count."""
    from participatie.i18n import LANGUAGES

    cells: dict[Cell, list[str]] = {}
    for round_key in SIZES:
        for hood in hoods:
            scope = Scope(FAMILY, round_key, frozenset({hood}))
            cells.setdefault(Cell(scope, None, None), [])
            for language in LANGUAGES:
                cells.setdefault(Cell(Scope(FAMILY, round_key, frozenset({hood}), language),
                                      None, None), [])
            for question in questionnaire.questions():
                values = ([o.key for o in question.options] if question.key == AGE
                          else solver._values(question))
                for value in values:
                    cells.setdefault(Cell(scope, question.key, value), [])
    for f in figures:
        if f.measure == "count" and f.scope.hoods:
            cells.setdefault(Cell(f.scope, f.question, f.value), [])
    # what the attacker is told (the lone family is alone) is no finding
    cells.pop(Cell(Scope(FAMILY, SPRING, frozenset({LONE_HOOD})), None, None), None)
    found = []
    for cell in cells:
        count = true_count(truth, cell)
        if 1 <= count <= 4:
            found.append((cell, count))
    solver.explore([cell for cell, _ in found])
    return [Bounded(cell, count, solver.pinned(cell, count), _about(figures, cell))
            for cell, count in found]
    return found


def _about(figures: list[Figure], cell: Cell, most: int = 6) -> list[str]:
    """Published figures about the same answer (or the same responses) in the same round and
    neighbourhood, under the same or no filters: what pins a cell, the closest first."""
    found = [f for f in figures
             if f.scope.round == cell.scope.round and cell.scope.hoods & f.scope.hoods
             and (f.question, f.value) in ((cell.question, cell.value), (None, None))
             and f.scope.language in (None, cell.scope.language)
             and f.scope.age in (None, cell.scope.age)]
    found.sort(key=lambda f: (f.scope != cell.scope, f.question != cell.question))
    return [f.source for f in found[:most]]
