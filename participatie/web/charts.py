"""Compasses drawn for the facilitate and dashboard rooms: static SVG from analysis.charts,
readable from the back of a room and on paper, without JavaScript."""

from analysis import charts

from ..labels import THEME_LABELS


def compass_svg(compasses, title: str = "", width: int = 900, height: int = 680,
                font_size: int = 15) -> str:
    """Static SVG of one or more compasses (medians; the middle half of answers as bars)."""
    labels = {key: str(label) for key, label in THEME_LABELS.items()}
    series = {name: {labels[t]: m for t, m in c.medians().items()} for name, c in compasses}
    spreads = {name: {labels[t]: s for t, s in c.spreads().items()} for name, c in compasses}
    return charts.to_svg(charts.compass(series, title, spreads=spreads), width, height,
                         font_size)


def group_svg(title: str, scores: dict[str, int | None], width: int = 820,
              height: int = 640) -> str:
    """The group's own agreed scores on a compass of their own."""
    # A theme without a score is a gap in the line (analysis.charts takes None for it).
    series: dict = {title: {str(THEME_LABELS[t]): scores.get(t) for t in THEME_LABELS}}
    return charts.to_svg(charts.compass(series), width, height)
