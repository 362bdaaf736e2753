"""Quality and speed of the theme finder on the labelled set in tests/data/.

Prints one JSON object, all measured in one run: ARI and NMI for TF-IDF, unsupervised embedding,
guided with the default codebook, and guided with 3 confirmed answers per theme (on Dutch only
and on all languages); seconds to re-analyse 10,000 answers with cached embeddings; embedding
time per answer; peak memory. Targets (issue 5): guided ARI ≥ 0.5 with the codebook alone and
≥ 0.65 with 3 confirmed answers per theme; 10,000 answers re-analysed in ≤ 5 s on 2 cores.

    .venv/bin/python benchmarks/clustering.py
"""

import csv
import json
import random
import resource
import sys
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import Answer, E5Embedder, EmbeddingCache, ThemeFinder, load_codebook  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "open_answers_labelled.csv"


def labelled(languages=None) -> list[dict]:
    with LABELLED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if languages is None or row["language"] in languages]


def scores(rows, finder: ThemeFinder, confirmed=None) -> dict:
    answers = [Answer(i, row["text"], row["language"]) for i, row in enumerate(rows)]
    finder.fit(answers, confirmed)
    truth = [row["theme"] for row in rows]
    found = [("theme", int(label)) if label >= 0 else "other" for label in finder.labels_]
    keep = [i for i in range(len(rows)) if i not in (confirmed or {})]  # score the rest only
    truth, found = [truth[i] for i in keep], [str(found[i]) for i in keep]
    return {"ari": round(adjusted_rand_score(truth, found), 3),
            "nmi": round(normalized_mutual_info_score(truth, found), 3),
            "themes": len(finder.themes_), "other": len(finder.other_)}


def three_confirmed(rows, seed=0) -> dict[int, str]:
    rng = random.Random(seed)
    by_theme: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if row["theme"] != "other":
            by_theme.setdefault(row["theme"], []).append(index)
    return {i: theme for theme, indices in sorted(by_theme.items())
            for i in rng.sample(indices, min(3, len(indices)))}


def quality(cache: EmbeddingCache) -> dict:
    codebook = load_codebook()
    results = {}
    for name, languages in (("dutch", {"nl"}), ("mixed", None)):
        rows = labelled(languages)
        themes = len({row["theme"] for row in rows})
        results[name] = {
            "n_answers": len(rows),
            "tfidf": scores(rows, ThemeFinder(None, method="tfidf", n_themes=themes)),
            "embedding_unsupervised": scores(rows, ThemeFinder(None, n_themes=themes,
                                                               cache=cache)),
            "guided_codebook": scores(rows, ThemeFinder(codebook, cache=cache)),
            "guided_codebook_3_confirmed": scores(rows, ThemeFinder(codebook, cache=cache),
                                                  three_confirmed(rows)),
        }
    return results


def speed(cache: EmbeddingCache) -> dict:
    rows = labelled()
    embedder = E5Embedder()
    texts = [row["text"] for row in rows]
    started = time.perf_counter()
    embedder.embed(texts)
    per_answer_ms = (time.perf_counter() - started) / len(texts) * 1000
    # 10,000 answers: the labelled answers with a few words of variation, embedded once...
    rng = random.Random(0)
    big = [f"{rng.choice(texts)} {rng.choice(['', 'aub', 'echt', 'svp', 'please', '!!'])}"
           for _ in range(10_000)]
    answers = [Answer(i, text, None) for i, text in enumerate(big)]
    first = time.perf_counter()
    ThemeFinder(load_codebook(), cache=cache).fit(answers)
    cold = time.perf_counter() - first
    # ... then analysed again, as a round is re-analysed after people confirmed answers.
    again = time.perf_counter()
    ThemeFinder(load_codebook(), cache=cache).fit(answers, three_confirmed(rows))
    return {"embedding_ms_per_answer": round(per_answer_ms, 2),
            "distinct_texts_10k": len(set(big)),
            "first_analysis_10k_s": round(cold, 2),
            "reanalysis_10k_cached_s": round(time.perf_counter() - again, 2)}


def main() -> None:
    cache = EmbeddingCache()
    result = {"quality": quality(cache), "speed": speed(cache)}
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    mixed, dutch = result["quality"]["mixed"], result["quality"]["dutch"]
    result["targets_met"] = {
        "guided_ari_ge_0_5": min(mixed["guided_codebook"]["ari"],
                                 dutch["guided_codebook"]["ari"]) >= 0.5,
        "guided_3_confirmed_ari_ge_0_65": min(mixed["guided_codebook_3_confirmed"]["ari"],
                                              dutch["guided_codebook_3_confirmed"]["ari"]) >= 0.65,
        "reanalysis_10k_le_5s": result["speed"]["reanalysis_10k_cached_s"] <= 5,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
