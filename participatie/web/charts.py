"""Compasses drawn for the facilitate and dashboard rooms: static SVG from analysis.charts,
readable from the back of a room and on paper, without JavaScript."""

import json
import re
import textwrap
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path

import plotly
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Blueprint, abort, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from analysis import charts, wheel

from ..i18n import current_language
from ..labels import DIMENSION_LABELS


def _wheel_series(compasses) -> list:
    labels = {key: str(label) for key, label in DIMENSION_LABELS.items()}
    return [(name, {labels[t]: m for t, m in c.medians().items()},
             {labels[t]: s for t, s in c.spreads().items()}) for name, c in compasses]


def compass_svg(compasses, title: str = "", width: int = 900, height: int = 680,
                font_size: int = 15) -> str:
    """Static SVG of one or more compasses: the Place Standard wheel, the first shaded to its
    medians, the others as lines across the segments; the middle half of answers as bars."""
    return wheel.wheel_svg(_wheel_series(compasses), width, height, font_size, title)


def compass_figure(compasses, title: str = ""):
    """The same wheel as a Plotly figure for the screen."""
    return wheel.wheel_figure(_wheel_series(compasses), title)


def group_svg(title: str, scores: dict[str, int | None], width: int = 820,
              height: int = 640) -> str:
    """The group's own agreed scores on a compass of their own."""
    # A dimension without a score is a gap in the line (analysis.charts takes None for it).
    series: list = [(title, {str(DIMENSION_LABELS[t]): scores.get(t) for t in DIMENSION_LABELS},
                     None)]
    return wheel.wheel_svg(series, width, height)


# -- Plotly on screen --------------------------------------------------------------------------
# Staff pages that draw a chart load plotly.min.js from the installed plotly package (never a
# CDN) and static/js/charts.js, which draws each figure's JSON over its static SVG; print, the
# PDF report, the projector and browsers without JavaScript keep the SVG.

charts_bp = Blueprint("charts", __name__)


def _plotly_file() -> Path:
    return Path(resources.files("plotly") / "package_data" / "plotly.min.js")  # type: ignore[arg-type]


@charts_bp.get("/charts/plotly-<version>.min.js")
def plotly_js(version: str):
    """plotly.min.js of the installed package; its version in the URL, so it is cached long."""
    if version != plotly.__version__:
        abort(404)
    response = send_file(_plotly_file(), mimetype="text/javascript", conditional=True,
                         max_age=365 * 24 * 3600)
    response.cache_control.immutable = True
    return response


@cache
def plotly_style_ids() -> tuple[str, ...]:
    """The ids of the <style> elements plotly.min.js injects with their CSS inline when no
    element of that id is in the page (maplibre's map styles; no chart here draws a map). The
    Content-Security-Policy forbids those; an empty <template> with each id in the page's head
    keeps plotly.js from trying."""
    text = _plotly_file().read_text(encoding="utf-8")
    return tuple(dict.fromkeys(re.findall(
        r'if\(!document\.getElementById\("([\w-]+)"\)\)\{var \w+=document\.createElement'
        r'\("style"\)', text)))


def plotly_url() -> str:
    return url_for("charts.plotly_js", version=plotly.__version__)


def figure_data(figure, filename: str) -> dict:
    """A figure as the JSON charts.js draws (data, layout, and the PNG's file name)."""
    return {**json.loads(figure.to_json()), "filename": filename}


def plotly_words() -> dict[str, str]:
    """The words of Plotly's mode bar and messages in the reader's language (plotly.js's own
    dictionary keys, the English words): charts.js gives them to Plotly as its locale."""
    return {"Download plot as a PNG": _("Download plot as a PNG"),
            "Preparing image - this may take a few seconds": _(
                "Preparing the image: this may take a few seconds"),
            "Image download succeeded": _("Image downloaded"),
            "Sorry, there was a problem downloading your image!": _(
                "Sorry, the image could not be downloaded."),
            "Zoom": _("Zoom"), "Pan": _("Pan"), "Zoom in": _("Zoom in"),
            "Zoom out": _("Zoom out"), "Autoscale": _("Autoscale"),
            "Reset axes": _("Reset axes"), "Reset": _("Reset"), "Reset view": _("Reset view"),
            "Toggle Spike Lines": _("Toggle spike lines"),
            "Show closest data on hover": _("Show closest data on hover"),
            "Compare data on hover": _("Compare data on hover"),
            "Box Select": _("Box select"), "Lasso Select": _("Lasso select"),
            "Double-click to zoom back out": _("Double-click to zoom back out"),
            "Double-click on legend to isolate one trace": _(
                "Double-click on the legend to show only that series")}


# A Jinja global (not a context variable), so that imported macros see it too.
charts_bp.record_once(lambda state: state.app.jinja_env.globals.update(
    plotly_url=plotly_url, plotly_style_ids=plotly_style_ids, plotly_words=plotly_words))


def counts_figure(counts: dict, title: str, filename: str) -> dict:
    """Published counts per period (None: withheld, no bar) as a bar chart for the screen."""
    figure = charts.distribution({str(k): v for k, v in counts.items()}, title, height=380,
                                 font={"size": 14},
                                 margin={"l": 50, "r": 20, "t": 50, "b": 60})
    return figure_data(figure, filename)


# -- Horizontal bars: answers, rounds side by side, theme sizes ---------------------------------
# One builder for every bar chart of the dashboard's own pages. It takes the figures the page
# shows (published by the disclosure layer); a withheld figure is None and is left out of the
# figure entirely (no bar, no number, no hover text). Labels wrap onto lines and sit on the
# vertical axis, so long Dutch answers stay whole; on a right-to-left page the chart is mirrored.

LABEL_WIDTH = 30  # characters per line of a category's label
TITLE_WIDTH = 70


@dataclass
class Series:
    """One colour of bars: a name for the legend, a value per category (None: withheld or not
    asked) and the words shown on the bar and on hover."""

    name: str
    values: list[float | None]
    texts: list[str | None]  # on the bar ("34%"); None where the value is None
    hovers: list[str | None] = field(default_factory=list)  # more on hover ("12 of 35 answers")
    hidden: bool = False  # on screen only once chosen in the legend; not in the static SVG

    def __post_init__(self) -> None:
        self.hovers = self.hovers or list(self.texts)
        for value, text, hover in zip(self.values, self.texts, self.hovers, strict=True):
            if value is None and (text is not None or hover is not None):
                raise ValueError("a withheld figure has no words either")


def wrapped(text: str, width: int = LABEL_WIDTH) -> str:
    """Plotly's line breaks in a label; a long word stays whole (never cut). Plotly reads a
    few HTML tags in its texts: a name a person typed has its < and & escaped."""
    return "<br>".join(escape(line, quote=False) for line in textwrap.wrap(
        text, width, break_long_words=False, break_on_hyphens=False) or [text])


def _plain(text: str | None) -> str | None:
    return None if text is None else escape(text, quote=False)


def _separators() -> str:
    """Plotly's decimal and thousands separators in the reader's language (0,5 in Dutch)."""
    locale = get_locale() or "en"
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def bars_figure(title: str, labels: list[str], series: list[Series], filename: str,
                unit: str = "%", rtl: bool | None = None, scale_end: float | None = None) -> dict:
    """Horizontal bars, one group per label (top to bottom), one bar per series; as the JSON
    that charts.js draws (hover, legend, PNG download with the title in the image).
    ``scale_end`` fixes the value axis's end (a rating scale's end); Plotly chooses it otherwise."""
    rtl = current_language().direction == "rtl" if rtl is None else rtl
    lines = max([len(textwrap.wrap(label, LABEL_WIDTH, break_long_words=False)) or 1
                 for label in labels] or [1])
    shown_series = sum(1 for one in series if not one.hidden) or 1
    row = max(18 * lines + 14, 22 * max(shown_series, 2) + 12)
    title_lines = wrapped(title, TITLE_WIDTH)
    legend = len(series) > 1
    top = 40 + 22 * title_lines.count("<br>") + (34 if legend else 0)  # the legend on top
    ticks = [wrapped(label) for label in labels]
    data = []
    for index, one in enumerate(series):
        shown = [i for i, value in enumerate(one.values) if value is not None]
        data.append({
            "type": "bar", "orientation": "h", "name": _plain(one.name),
            "visible": "legendonly" if one.hidden else True,
            "y": [ticks[i] for i in shown], "x": [one.values[i] for i in shown],
            "text": [_plain(one.texts[i]) for i in shown], "textposition": "outside",
            "cliponaxis": False, "customdata": [_plain(one.hovers[i]) for i in shown],
            "hovertemplate": "%{customdata}<extra>" + escape(one.name, quote=False) + "</extra>",
            "marker": {"color": charts.PALETTE[index % len(charts.PALETTE)],
                       "pattern": {"shape": ["", "/", ".", "x"][index % 4]}},
        })
    xaxis: dict = {"ticksuffix": unit, "autorange": "reversed" if rtl else True,
                   "rangemode": "tozero", "showgrid": True, "gridcolor": "#dddddd",
                   "zeroline": True, "fixedrange": True}
    if scale_end is not None:  # room for the figure written beside a bar at the scale's end
        ends = [0, scale_end * 1.12]
        xaxis |= {"autorange": False, "range": ends[::-1] if rtl else ends,
                  "tickvals": list(range(int(scale_end) + 1))}
    layout = {
        "title": {"text": title_lines, "x": 0.5, "xanchor": "center", "font": {"size": 17}},
        "font": {"family": charts.FONT["family"], "size": 14},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "barmode": "group",
        "separators": _separators(),
        "height": top + row * max(len(labels), 1) + 80,
        "margin": {"l": 20, "r": 20, "t": top + 20, "b": 40},
        # Plotly's own range leaves room for the figure beside the longest bar, also for a
        # neighbourhood shown later from the legend.
        "xaxis": xaxis,
        "yaxis": {"categoryorder": "array", "categoryarray": ticks, "autorange": "reversed",
                  "automargin": True, "side": "right" if rtl else "left", "fixedrange": True,
                  "ticks": "", "ticklabelstandoff": 8, "type": "category"},
        "showlegend": legend,
        "legend": {"orientation": "h", "y": 1, "yanchor": "bottom",
                   "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                   "traceorder": "normal"},
        "hoverlabel": {"align": "right" if rtl else "left"},
    }
    return {"data": data, "layout": layout, "filename": filename}


def bars_svg(title: str, labels: list[str], series: list[Series], width: int = 900,
             rtl: bool | None = None, scale_end: float | None = None) -> str:
    """The same bars as static SVG (print, the PDF, no JavaScript): labels wrapped on lines
    of their own beside the bars, the figure's words at the end of each bar."""
    rtl = current_language().direction == "rtl" if rtl is None else rtl
    series = [one for one in series if not one.hidden]
    font, line = 15, 19
    wraps = [textwrap.wrap(label, LABEL_WIDTH + 4, break_long_words=False) or [label]
             for label in labels]
    label_width, pad = 330, 16
    plot = width - label_width - 2 * pad - 70  # room for the figure after the bar
    bar = 18
    top_value = scale_end or max(
        [v for one in series for v in one.values if v is not None] or [1]) or 1
    title_lines = textwrap.wrap(title, TITLE_WIDTH + 10) or [""]
    y = 14 + line * len(title_lines)
    parts = [f'<text x="{width / 2}" y="{14 + line * (i + 1) - 4}" text-anchor="middle" '
             f'font-size="17" font-weight="bold">{escape(text)}</text>'
             for i, text in enumerate(title_lines)]
    if len(series) > 1:  # the legend, under the title
        y += 10
        for index, one in enumerate(series):
            key = width - pad - index * 260 - 22 if rtl else pad + index * 260
            parts.append(f'<rect x="{key}" y="{y}" width="22" height="12" '
                         f'fill="{charts.PALETTE[index % len(charts.PALETTE)]}"/>'
                         f'<text x="{key - 6 if rtl else key + 28}" y="{y + 11}" '
                         f'text-anchor="start">{escape(one.name)}</text>')
        y += 22
    y += 10
    for c_index, label_lines in enumerate(wraps):
        block = max(line * len(label_lines), (bar + 4) * len(series)) + 14
        text_x = width - pad if rtl else pad
        for l_index, text in enumerate(label_lines):
            parts.append(f'<text x="{text_x}" y="{y + 14 + l_index * line}" '
                         f'text-anchor="start">{escape(text)}</text>')
        for s_index, one in enumerate(series):
            value = one.values[c_index]
            if value is None:
                continue
            length = plot * value / top_value
            start = label_width + pad
            x = width - start - length if rtl else start
            by = y + s_index * (bar + 4)
            colour = charts.PALETTE[s_index % len(charts.PALETTE)]
            words = escape(one.texts[c_index] or "")
            after = x - 6 if rtl else x + length + 6
            parts.append(f'<rect x="{x:.1f}" y="{by}" width="{length:.1f}" height="{bar}" '
                         f'fill="{colour}"/><text x="{after:.1f}" y="{by + 14}" '
                         f'text-anchor="{"end" if rtl else "start"}" '
                         f'direction="ltr" unicode-bidi="embed">{words}</text>')
        y += block
    height = y + 10
    direction = ' direction="rtl"' if rtl else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-family="{charts.FONT["family"]}" '
            f'font-size="{font}"{direction} role="img"><title>{escape(title)}</title>'
            f'{"".join(parts)}</svg>')


def bar_chart(title: str, labels: list[str], series: list[Series], filename: str,
              unit: str = "%", scale_end: float | None = None) -> dict:
    """A bar chart for a page: the static SVG, the figure charts.js draws over it, and its
    name for screen readers (as the trend and reach charts)."""
    return {"svg": bars_svg(title, labels, series, scale_end=scale_end),
            "data": bars_figure(title, labels, series, filename, unit, scale_end=scale_end),
            "label": title}
