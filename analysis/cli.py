"""``participatie analyse clusters FILE --column NAME …``: themes of a column of open answers."""

import json
import sys
from pathlib import Path

import click
from sklearn.utils.validation import check_is_fitted

from .codebooks import CodebookError, load_codebook
from .io import InputError, column, read_rows
from .themes import UNLABELLED, Answer, ThemeFinder


@click.group()
def analyse():
    """Analyse open answers and results."""


@analyse.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--column", "column_name", required=True, help="the column with the answers")
@click.option("--lang", default="auto", show_default=True,
              type=click.Choice(["auto", "nl", "fr", "en", "ar", "tr"]))
@click.option("--clusters", default="auto", show_default=True,
              help="'auto' or N: bounds emergent themes (with a codebook) or sets the number")
@click.option("--codebook", "codebook_source", default="default", show_default=True,
              help="'default', 'none' or the path of a codebook YAML file")
@click.option("--seed-column", help="a column where some rows carry a person's theme")
@click.option("--method", default="embed", show_default=True, type=click.Choice(["embed", "tfidf"]))
@click.option("--format", "output", default="table", show_default=True,
              type=click.Choice(["json", "table"]))
@click.option("--random-state", default=0, show_default=True, type=int)
def clusters(file, column_name, lang, clusters, codebook_source, seed_column, method, output,
             random_state):
    """Sort the answers in a CSV or XLSX column into themes."""
    try:
        rows = read_rows(file)
        texts = column(rows, column_name, file)
        seeds = column(rows, seed_column, file, allow_empty=True) if seed_column else [
            ""] * len(texts)
        codebook = None if codebook_source == "none" else load_codebook(codebook_source)
        count = _count(clusters)
    except (InputError, CodebookError, click.BadParameter) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"analysing {len(texts)} answers ({method})…", err=True)
    answers = [Answer(i, text, None if lang == "auto" else lang) for i, text in enumerate(texts)]
    confirmed = [seed.strip() or UNLABELLED for seed in seeds]  # -1: nobody gave a theme
    try:
        finder = ThemeFinder(codebook=codebook, method=method,
                             max_emergent=count or ThemeFinder().max_emergent,
                             n_themes=count if codebook is None else None,
                             random_state=random_state).fit(answers, confirmed)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    result = as_json(finder)
    click.echo(json.dumps(result, ensure_ascii=False) if output == "json" else as_table(result))


def _count(value: str) -> int | None:
    if value == "auto":
        return None
    if not value.isdigit() or int(value) < 1:
        raise click.BadParameter(f"--clusters must be 'auto' or a positive number, not {value!r}")
    return int(value)


def as_json(finder: ThemeFinder) -> dict:
    check_is_fitted(finder)
    return {
        "n_answers": len(finder.labels_),
        "method": finder.method_,
        "clusters": [
            {"id": t.id, "key": t.key, "label": t.label, "terms": t.terms, "size": t.size,
             "examples": t.examples, "members": t.members}
            for t in finder.themes_
        ],
        "other": finder.other_,
    }


def as_table(result: dict) -> str:
    lines = [f"{result['n_answers']} answers, method {result['method']}", ""]
    for theme in result["clusters"]:
        key = theme["key"] or "new"
        lines.append(f"{theme['size']:>5}  {theme['label']}  [{key}]")
        lines.append(f"       terms: {', '.join(theme['terms'])}")
        lines.extend(f"       - {example}" for example in theme["examples"])
    lines.append(f"{len(result['other']):>5}  other (empty, one word or unreadable, or no theme)")
    return "\n".join(lines)
