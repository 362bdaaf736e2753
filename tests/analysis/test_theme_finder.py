"""ThemeFinder's behaviour (issue 21): scikit-learn's estimator contract, confirmations that
lead, near-twin themes that merge, one tree per fit over the unplaced answers, no fillers among
a theme's words. A small word-vector embedder keeps these fast and exact; the lead is also
checked with the real model on the labelled set (in test_themes.py, which has its vectors)."""

import hashlib

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

import analysis.clustering as clustering
from analysis import EmbeddingCache, ThemeFinder, load_codebook
from analysis.codebooks import parse_codebook
from analysis.text import FILLERS, content_words


class WordVectors:
    """Each word a fixed random direction, a text the mean of its words: texts sharing words
    are alike, the others are not."""

    model_id = "test-word-vectors"

    def embed(self, texts):
        rows = []
        for text in texts:
            words = [w.strip(".,!?'") for w in text.lower().split()] or [""]
            vectors = [np.random.default_rng(int(hashlib.sha1(w.encode()).hexdigest()[:8], 16))
                       .standard_normal(64) for w in words]
            rows.append(np.mean(vectors, axis=0))
        rows = np.asarray(rows, np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def codebook(themes: dict[str, tuple[str | None, list[str]]]):
    return parse_codebook({"themes": [
        {"key": key, "label": {"nl": key.title()}, "examples": {"nl": phrases},
         **({"broader": broader} if broader else {})}
        for key, (broader, phrases) in themes.items()]}, "test.yaml")


def finder(**params):
    return ThemeFinder(embedder=WordVectors(), cache=EmbeddingCache(), **params)


# -- scikit-learn's contract ------------------------------------------------------------------

def test_parameters_are_keyword_only_and_get_set_params_round_trip():
    with pytest.raises(TypeError):
        ThemeFinder(load_codebook())  # the codebook is a keyword
    estimator = ThemeFinder(codebook=load_codebook(), min_probability=0.3, n_themes=4)
    params = estimator.get_params()
    assert params["min_probability"] == 0.3 and params["n_themes"] == 4
    assert estimator.set_params(min_probability=0.2, lead=1.0) is estimator
    assert estimator.min_probability == 0.2 and estimator.lead == 1.0
    with pytest.raises(ValueError):
        estimator.set_params(min_similarity=0.2)  # the old name is not a parameter


def test_clone_keeps_parameters_and_shares_the_vector_store():
    cache = EmbeddingCache()
    estimator = ThemeFinder(codebook=load_codebook(), cache=cache, max_emergent=7, lead=0.4)
    copy = clone(estimator)
    assert copy is not estimator
    assert copy.get_params()["max_emergent"] == 7 and copy.lead == 0.4
    assert copy.cache is cache  # vectors are a shared store, never copied
    assert copy.codebook == estimator.codebook


def test_fit_follows_label_spreading_and_check_is_fitted():
    texts = ["de bus komt te laat", "de tram komt te laat", "meer bomen in het park",
             "bomen en groen in het park", "nee", "de bus rijdt niet in het weekend"]
    estimator = finder(codebook=codebook({"transport": (None, ["de bus komt niet", "tram"]),
                                          "nature": (None, ["bomen in het park", "groen"])}))
    with pytest.raises(NotFittedError):
        check_is_fitted(estimator)
    y = np.array([-1, -1, "nature", -1, -1, -1], dtype=object)
    assert estimator.fit(texts, y) is estimator
    check_is_fitted(estimator)
    fitted = [name for name in vars(estimator) if name.endswith("_")]
    assert {"labels_", "themes_", "other_", "closeness_", "method_"} <= set(fitted)
    assert estimator.labels_.shape == (len(texts),)
    assert estimator.theme_of(2).key == "nature"
    assert estimator.theme_of(4) is None and 4 in estimator.other_
    assert np.isnan(estimator.closeness_[4]) and not np.isnan(estimator.closeness_[0])
    assert np.array_equal(estimator.fit_predict(texts, y), estimator.labels_)
    with pytest.raises(ValueError, match="labels for 6 answers"):
        estimator.fit(texts, [-1, -1])


def test_min_probability_zero_means_zero():
    """An answer spread over many themes is below the default probability for each: it is
    left out by default, placed with 0.0, and nothing is placed with 0.99."""
    words = ["bus", "tram", "park", "bomen", "huur", "huis", "school", "juf", "dokter",
             "ziek", "geld", "feest"]
    book = codebook({w: (None, [f"{w} {w} en nog {w}", f"de {w} hier", f"een {w} erbij"])
                     for w in words})
    texts = [" ".join(words[:8]), "de bus hier", "een park erbij"]

    def fitted(**params):
        return ThemeFinder(codebook=book, method="tfidf", **params).fit(texts)

    assert ThemeFinder().min_probability > 0
    assert fitted().theme_of(0) is None
    zero = fitted(min_probability=0.0)
    assert zero.get_params()["min_probability"] == 0.0
    assert zero.theme_of(0) is not None and zero.theme_of(0).key in words[:8]
    assert not zero.other_
    assert len(fitted(min_probability=0.99).other_) == len(texts)
    with pytest.raises(ValueError, match="probability"):
        fitted(min_probability=1.5)


def test_one_content_word_can_name_a_known_theme_but_founds_no_new_one():
    book = codebook({
        "care": (None, ["afval op straat", "overal zwerfvuil en afval", "afval naast de bak"]),
        "transport": (None, ["de bus komt te laat", "de tram rijdt niet", "de bus en de tram"]),
    })
    texts = ["afval!", "nee", "ok", *["skatepark"] * 6, "zwerfvuil en afval overal",
             "de bus komt nooit"]
    fitted = finder(codebook=book, min_probability=0.5, distance_threshold=0.9).fit(texts)
    assert fitted.theme_of(0).key == "care"
    assert fitted.theme_of(1) is None and fitted.theme_of(2) is None  # no content word
    assert all(fitted.theme_of(i) is None for i in range(3, 9))  # one word: no new theme
    assert fitted.n_emergent_ == 0
    y = [-1, "care", -1, "skatepark", *[-1] * (len(texts) - 4)]
    confirmed = finder(codebook=book, min_probability=0.5, distance_threshold=0.9).fit(texts, y)
    assert confirmed.theme_of(1) is None  # "nee" is no example of care, nor in it
    assert confirmed.theme_of(3) is None  # nor does one word found a new theme
    y = ["transport", *[-1] * (len(texts) - 1)]
    confirmed = finder(codebook=book, min_probability=0.5, distance_threshold=0.9).fit(texts, y)
    assert confirmed.theme_of(0).key == "transport"  # a person's word for a known theme
    assert "afval!" not in confirmed.confirmed_texts_


# -- confirmations lead -----------------------------------------------------------------------

LOOK_ALIKES = ["straat dicht om te spelen in de zomer", "speelstraat in de zomer graag",
               "onze straat een speelstraat maken", "in de zomer de straat dicht voor spelen"]


def test_a_confirmed_theme_takes_its_look_alikes_before_a_default_theme():
    book = codebook({
        "play": (None, ["een speeltuin met schommels", "spelen in de speeltuin",
                        "een glijbaan om te spelen", "schommels en een zandbak om te spelen"]),
        "traffic": (None, ["de auto's rijden te snel", "drukke baan met vrachtwagens",
                           "te veel auto's en vrachtwagens", "verkeer is gevaarlijk"]),
    })
    confirmed = ["de straat dicht in de zomer", "speelstraat in de zomer",
                 "een speelstraat voor onze straat"]
    texts = [*confirmed, *LOOK_ALIKES, "een speeltuin met een glijbaan",
             "de auto's rijden te snel"]
    y = ["speelstraat"] * 3 + [-1] * (len(texts) - 3)
    fitted = finder(codebook=book, lead=0.3).fit(texts, y)
    [theme] = [t for t in fitted.themes_ if t.key == "speelstraat"]
    assert set(range(3 + len(LOOK_ALIKES))) <= set(theme.members)
    assert fitted.theme_of(len(texts) - 2).key == "play"  # unlike the confirmed ones: stays
    assert fitted.theme_of(len(texts) - 1).key == "traffic"
    # without the lead, a default theme keeps at least one of them
    unled = finder(codebook=book, lead=1.0).fit(texts, y)  # no lead
    taken = [unled.theme_of(i) for i in range(3, 3 + len(LOOK_ALIKES))]
    assert {t.key if t else None for t in taken} != {"speelstraat"}


def test_a_default_theme_that_confirmed_answers_resemble_gives_way():
    book = codebook({
        "moving": (None, ["de voetpaden zijn te smal", "een voetpad naar school",
                          "kapotte voetpaden met putten"]),
        "streets": (None, ["banken op het plein", "meer verlichting op het plein"]),
        "transport": (None, ["de bus komt te laat", "de tram rijdt niet"]),
    })
    texts = ["de voetpaden zijn te smal hier", "kapotte voetpaden met putten hier",
             "een voetpad naar school graag", "de voetpaden zijn te smal aub",
             "de bus komt nooit op tijd"]
    fitted = finder(codebook=book).fit(texts, ["streets"] * 3 + [-1, -1])
    assert fitted.gave_way_ == {"moving": "streets"}
    assert fitted.theme_of(3).key == "streets" and fitted.theme_of(4).key == "transport"
    assert "moving" in next(t for t in fitted.themes_ if t.key == "streets").keys


def test_a_default_theme_between_two_confirmed_twins_does_not_give_way_to_one():
    """A person who confirmed two themes of one broader group codes finer than the codebook
    there: the codebook's third twin, in which one of them fell whole, keeps its answers
    (they may belong to either confirmed twin)."""
    book = codebook({
        "moving": ("getting_around", ["de voetpaden zijn te smal", "een voetpad naar school",
                                      "kapotte voetpaden met putten"]),
        "streets": ("getting_around", ["banken op het plein", "meer verlichting op het plein"]),
        "traffic": ("getting_around", ["de auto's rijden te snel", "te veel auto's hier"]),
        "transport": (None, ["de bus komt te laat", "de tram rijdt niet"]),
    })
    texts = ["de voetpaden zijn te smal hier", "kapotte voetpaden met putten hier",
             "een voetpad naar school graag", "de voetpaden zijn te smal aub",
             "de auto's rijden hier te snel", "te veel auto's in de straat",
             "veel te snel die auto's", "de bus komt nooit op tijd"]
    params = {"codebook": book, "merge_twins": False, "lead": 1.0}  # no look-alikes here
    alone = finder(**params).fit(texts, ["streets"] * 3 + [-1] * 5)
    assert alone.gave_way_ == {"moving": "streets"}  # streets alone of the group: it covers
    y = ["streets"] * 3 + [-1] + ["traffic"] * 3 + [-1]
    both = finder(**params).fit(texts, y)
    assert not both.gave_way_
    assert both.theme_of(3).key == "moving" and both.theme_of(4).key == "traffic"


def test_a_confirmed_theme_absorbs_the_emergent_theme_its_answers_came_from():
    """A coordinator confirms three answers of an emergent theme as a new theme: the rest of
    that emergent theme joins it (it is not split into the confirmed three and the others),
    and the answers the confirmation does not touch keep their themes."""
    book = codebook({
        "transport": (None, ["de bus komt te laat", "de tram rijdt niet", "de bus en de tram"]),
        "traffic": (None, ["de auto's rijden te snel", "te veel auto's in de straat",
                           "auto's rijden te snel"]),
    })
    street = ["speelstraat kinderen zomer krijt", "speelstraat kinderen zomer ballen",
              "speelstraat kinderen buren zomer", "speelstraat buren kinderen woensdag",
              "speelstraat zomer buren krijt", "speelstraat kinderen krijt buren"]
    texts = [*street, "de bus komt nooit op tijd", "de tram is altijd te laat",
             "de auto's rijden hier te snel"]
    params = {"codebook": book, "min_probability": 0.5, "distance_threshold": 0.9}
    plain = finder(**params).fit(texts)
    [emergent] = [t for t in plain.themes_ if t.key is None]
    assert emergent.members == list(range(len(street)))  # one emergent theme, before
    y = ["speelstraat"] * 3 + [-1] * (len(texts) - 3)
    led = finder(**params).fit(texts, y)
    assert [led.theme_of(i).key for i in range(len(street))] == ["speelstraat"] * len(street)
    assert all(t.key for t in led.themes_)  # nothing of it left as an emergent theme
    for i in range(len(street), len(texts)):
        assert led.theme_of(i).key == plain.theme_of(i).key


# -- near-twins -------------------------------------------------------------------------------

TWINS = codebook({
    "play": ("playing", ["speeltuin met schommels", "een speeltuin voor de kinderen",
                         "schommels en glijbaan in de speeltuin"]),
    "play_outside": ("playing", ["speeltuin met glijbaan", "de speeltuin is te klein",
                                 "glijbaan en schommels voor de kinderen"]),
    "transport": (None, ["de bus komt te laat", "de tram rijdt niet", "de bus en de tram"]),
})
PLAYGROUND = ["speeltuin schommels glijbaan kinderen", "speeltuin glijbaan schommels klein",
              "schommels speeltuin kinderen glijbaan", "speeltuin klein glijbaan kinderen",
              "glijbaan speeltuin schommels", "de bus komt nooit", "de tram is te laat"]


def test_twins_the_answers_do_not_tell_apart_become_one_theme():
    fitted = finder(codebook=TWINS).fit(PLAYGROUND)
    playing = {fitted.theme_of(i).id for i in range(5)}
    assert len(playing) == 1
    [theme] = [t for t in fitted.themes_ if t.id in playing]
    assert set(theme.keys) == {"play", "play_outside"} and theme.key in theme.keys
    assert fitted.merged_ and fitted.theme_of(5).key == "transport"
    apart = finder(codebook=TWINS, merge_twins=False).fit(PLAYGROUND)
    assert not apart.merged_


def test_twins_a_person_told_apart_stay_apart():
    y = ["play", "play_outside", "play", "play_outside", -1, -1, -1]
    fitted = finder(codebook=TWINS).fit(PLAYGROUND, y)
    assert fitted.theme_of(0).key == "play" and fitted.theme_of(1).key == "play_outside"
    assert not fitted.merged_


def test_the_default_codebook_groups_its_near_twins():
    broader = {t.key: t.broader for t in load_codebook().themes}
    for twins in (("play", "play_leisure", "public_space"), ("traffic", "moving", "streets"),
                  ("meeting", "social"), ("facilities", "childcare_school")):
        assert len({broader[key] for key in twins}) == 1 and broader[twins[0]]
    assert broader["nature"] is None


# -- one tree, over the unplaced answers --------------------------------------------------------

@pytest.fixture
def trees(monkeypatch):
    built = []
    real = clustering.linkage

    def counting(vectors, *args, **kwargs):
        built.append(len(vectors))
        return real(vectors, *args, **kwargs)

    monkeypatch.setattr(clustering, "linkage", counting)
    return built


TOPICS = [f"{a} {b} {c}" for a, b, c in zip(
    ["bus", "tram", "trein", "bus", "tram", "trein", "park", "bomen", "groen", "park", "bomen",
     "groen", "huur", "huis", "woning", "huur", "huis", "woning"],
    ["rijdt", "komt", "halte", "laat", "vol", "duur", "wandelen", "planten", "gras", "vijver",
     "schaduw", "bloemen", "duur", "klein", "vocht", "hoog", "koud", "zoeken"],
    ["niet", "nooit", "ver", "vaak", "altijd", "soms", "zondag", "straat", "wijk", "zomer",
     "lente", "tuin", "maand", "kamer", "muur", "prijs", "winter", "lang"], strict=True)]


def test_the_tree_is_built_once_and_cut_per_number(trees):
    fitted = finder(max_emergent=2, distance_threshold=0.2).fit(TOPICS)
    assert trees == [len(TOPICS)]  # one tree, cut again and again until 2 themes are left
    assert len(fitted.themes_) <= 2
    trees.clear()
    finder(n_themes=3).fit(TOPICS)
    assert trees == [len(TOPICS)]


def test_the_tree_holds_the_unplaced_answers_only(trees):
    book = codebook({"transport": (None, ["bus rijdt niet", "tram komt nooit",
                                          "trein halte ver"])})
    fitted = finder(codebook=book, distance_threshold=0.9).fit(TOPICS)
    placed = sum(t.size for t in fitted.themes_ if t.key)
    assert placed >= 3
    assert trees == [len(TOPICS) - placed]


def test_without_a_number_the_threshold_is_learned_from_the_codebook():
    fitted = finder().fit(TOPICS)
    assert 0 < fitted.distance_threshold_ < 2
    assert fitted.n_emergent_ == len(fitted.themes_) >= 1
    again = finder(distance_threshold=fitted.distance_threshold_).fit(TOPICS)
    assert np.array_equal(again.labels_, fitted.labels_)  # the learned cut is the one used


# -- theme words ------------------------------------------------------------------------------

def test_flemish_fillers_are_never_theme_words():
    assert {"haha", "allez", "ge", "amai"} <= FILLERS
    texts = ["amai ge moet die speeltuin zien haha", "allez de speeltuin is kapot amai",
             "haha de speeltuin is vuil allez", "amai allez de bus komt nooit ge",
             "haha de bus is te laat amai", "allez ge wacht altijd op de bus haha"]
    fitted = finder(n_themes=2).fit(texts)
    words = {w for theme in fitted.themes_ for w in theme.terms}
    assert "speeltuin" in words or "bus" in words
    assert not words & {"haha", "allez", "ge", "amai"}
    assert content_words("hahaha amai allee", "nl") == []


# -- re-analysis --------------------------------------------------------------------------------

def test_a_reanalysis_reuses_the_fitted_classifier_and_finds_the_same(monkeypatch):
    """Re-analysing the same answers after a person confirmed one trains the guided classifier
    on the very same examples: it is fitted once, and the themes are those of a fresh fit."""
    fits = []
    real = clustering.LogisticRegression.fit

    def counting(self, *args, **kwargs):
        fits.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(clustering.LogisticRegression, "fit", counting)
    monkeypatch.setattr(clustering, "_CLASSIFIERS", type(clustering._CLASSIFIERS)())
    y = ["play", *[-1] * (len(PLAYGROUND) - 1)]
    first = finder(codebook=TWINS).fit(PLAYGROUND)
    again = finder(codebook=TWINS).fit(PLAYGROUND, y)
    assert len(fits) == 1
    clustering._CLASSIFIERS.clear()
    fresh = finder(codebook=TWINS).fit(PLAYGROUND, y)
    assert len(fits) == 2
    assert np.array_equal(again.labels_, fresh.labels_)
    assert [t.key for t in again.themes_] == [t.key for t in fresh.themes_]
    assert first.theme_of(5).key == again.theme_of(5).key == "transport"


def test_unconfirmed_twins_give_way_to_the_confirmed_twin_when_asked():
    """A person who confirmed answers of one twin of a broader group codes at that level:
    with ``twins_give_way`` the group's unconfirmed twins give way to it, answer by answer;
    a theme outside the group keeps its answers. Off by default (the measured trade-off)."""
    book = codebook({
        "play": ("playing", ["speeltuin met schommels", "schommels in de speeltuin"]),
        "play_outside": ("playing", ["glijbaan en zandbak", "een zandbak met een glijbaan"]),
        "transport": (None, ["de bus komt te laat", "de tram rijdt niet"]),
    })
    texts = ["speeltuin met schommels hier", "schommels in de speeltuin aub",
             "speeltuin schommels kapot", "glijbaan en zandbak graag", "een zandbak aub erbij",
             "de bus komt nooit"]
    y = ["play"] * 3 + [-1] * 3
    plain = finder(codebook=book).fit(texts, y)
    assert plain.theme_of(3).key == "play_outside" and not plain.gave_way_
    given = finder(codebook=book, twins_give_way=True).fit(texts, y)
    assert given.gave_way_ == {"play_outside": "play"}
    assert [given.theme_of(i).key for i in range(4)] == ["play"] * 4
    assert "play_outside" in next(t for t in given.themes_ if t.key == "play").keys
    assert given.theme_of(5).key == "transport"
    assert clone(given).get_params()["twins_give_way"] is True
