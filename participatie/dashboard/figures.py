"""The dashboard's bar charts, built from the figures its pages show: a question's answers
(results per question), two rounds side by side (rounds compared) and theme sizes per
neighbourhood (themes of an open question). Every value comes from the disclosure layer's
published figures; a withheld one is None and stays out of the chart (web.charts.Series)."""

from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _

from ..i18n import localized
from ..web.charts import Series, bar_chart, bars_figure

PERCENT = "%"
Bar = tuple[float, str, str] | None  # value, the words on the bar, the words on hover; or withheld


def _series(name: str, bars: list[Bar], hidden: bool = False) -> Series:
    return Series(name, [bar[0] if bar else None for bar in bars],
                  [bar[1] if bar else None for bar in bars],
                  [bar[2] if bar else None for bar in bars], hidden)


def _percent(share: float) -> str:
    return format_percent(share, format="#,##0%")


def _answers(count: int) -> str:
    return ngettext("%(num)s answer", "%(num)s answers", count)


def answers_figure(question, summary, filename: str, where: str = "") -> dict | None:
    """A question's answers as bars: the share choosing each option (a choice question) or the
    number giving each value (a scale), as the page's table shows them; None when the table
    has no bars (withheld, a yes/no, a number or an open question). ``where`` (the round and
    neighbourhood) goes into the title, so that a downloaded image says what it is about."""
    if summary is None or summary.suppressed:
        return None
    title = _titled(localized(question.text), where)
    labels: list[str] = []
    bars: list[Bar] = []
    if summary.kind in ("categorical", "multi_categorical"):
        counts, shares = summary.values["counts"], summary.values["shares"]
        for option in question.options:
            labels.append(label := localized(option.label))
            if option.key in counts and counts[option.key] is None:  # withheld: no figure
                bars.append(None)
                continue
            count, share = counts.get(option.key) or 0, shares.get(option.key) or 0.0
            bars.append((round(100 * share, 1), _percent(share),
                         f"{label}: {_percent(share)} ({_answers(count)})"))
        return bars_figure(title, labels, [_series(_("Share of the answers"), bars)], filename,
                           PERCENT)
    if summary.kind == "ordinal":
        for form_value, text, _code, _audio in question.choices():
            labels.append(label := localized(text))
            count = summary.values["distribution"].get(int(form_value), 0)
            bars.append(None if count is None else (
                count, str(count), f"{label}: {_answers(count)} ({_percent(count / summary.n)})"))
        return bars_figure(title, labels, [_series(_("Number of answers"), bars)], filename, "")
    return None


def compare_charts(items, before_name: str, after_name: str, filename: str,
                   where: str = "") -> list[dict]:
    """Two rounds side by side: a chart per question of the shares choosing each answer, and
    one chart of the averages; an item withheld in either round is left out of both. ``where``
    (the network or neighbourhood) goes into each title."""
    charts = []
    by_question: dict[str, list] = {}
    for item in items:
        if item.measure == "share":
            by_question.setdefault(item.question, []).append(item)
    means = [item for item in items if item.measure == "mean" and not item.change.suppressed]
    if means:
        # The axis ends at the scale's end (5 for five faces) when the averages share one scale,
        # so a bar's length reads against the most it could be.
        tops = {item.top for item in means}
        charts.append(_side_by_side(_titled(_("Averages"), where),
                                    [(i.label, i.change) for i in means], before_name,
                                    after_name, f"{filename}-averages", mean=True,
                                    top=tops.pop() if len(tops) == 1 else None))
    for question, found in by_question.items():
        shown = [(item.option_label, item.change) for item in found
                 if not item.change.suppressed]
        if shown:
            charts.append(_side_by_side(_titled(found[0].label, where), shown, before_name,
                                        after_name, f"{filename}-{question}", mean=False))
    return charts


def _titled(title: str, where: str) -> str:
    return " · ".join(filter(None, (title, where)))


def _side_by_side(title: str, rows, before_name: str, after_name: str, filename: str,
                  mean: bool, top: float | None = None) -> dict:
    labels = [label for label, _change in rows]
    series = []
    for name, side in ((before_name, "before"), (after_name, "after")):
        bars: list[Bar] = []
        for label, change in rows:
            value = getattr(change, side)
            text = format_decimal(value, format="0.0") if mean else _percent(value)
            bars.append((value if mean else round(100 * value, 1), text, f"{label}: {text}"))
        series.append(_series(name, bars))
    return bar_chart(title, labels, series, filename, "" if mean else PERCENT,
                     scale_end=top)


def themes_chart(title: str, table, by_hood: dict[str, object], whole: str,
                 filename: str) -> dict | None:
    """Theme sizes as shares of the answers: the whole round, and beside it (once chosen in
    the legend) each neighbourhood's own table (each perturbed on its own). Only themes the
    round's table shows are drawn, under the names it shows; a size withheld in a neighbourhood
    is no bar."""
    if table is None or not table.shown:
        return None
    rows = [row for row in table.rows if row.size is not None]
    if not rows:
        return None
    labels = [row.name for row in rows]
    series = [_theme_series(whole, rows, {row.theme.id: row for row in rows})]
    for name, hood_table in by_hood.items():
        if hood_table is None or not hood_table.shown:  # type: ignore[attr-defined]
            continue
        found = {row.theme.id: row for row in hood_table.rows}  # type: ignore[attr-defined]
        one = _theme_series(name, rows, found)
        if any(value is not None for value in one.values):
            one.hidden = True  # a click on its name in the legend shows it
            series.append(one)
    return bar_chart(title, labels, series, filename, PERCENT)


def _theme_series(name: str, rows, found: dict) -> Series:
    bars: list[Bar] = []
    for row in rows:
        mine = found.get(row.theme.id)
        if mine is None or mine.size is None or mine.share is None:
            bars.append(None)
            continue
        bars.append((round(100 * mine.share, 1), _percent(mine.share),
                     f"{row.name}: {_percent(mine.share)} ({_answers(mine.size)})"))
    return _series(name, bars)
