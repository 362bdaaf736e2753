"""Compasses drawn for the facilitate and dashboard rooms: static SVG from analysis.charts,
readable from the back of a room and on paper, without JavaScript."""

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import plotly
from flask import Blueprint, abort, send_file, url_for

from analysis import charts, wheel

from ..labels import THEME_LABELS


def _wheel_series(compasses) -> list:
    labels = {key: str(label) for key, label in THEME_LABELS.items()}
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
    # A theme without a score is a gap in the line (analysis.charts takes None for it).
    series: list = [(title, {str(THEME_LABELS[t]): scores.get(t) for t in THEME_LABELS}, None)]
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


# A Jinja global (not a context variable), so that imported macros see it too.
charts_bp.record_once(lambda state: state.app.jinja_env.globals.update(
    plotly_url=plotly_url, plotly_style_ids=plotly_style_ids))


def counts_figure(counts: dict, title: str, filename: str) -> dict:
    """Published counts per period (None: withheld, no bar) as a bar chart for the screen."""
    figure = charts.distribution({str(k): v for k, v in counts.items()}, title)
    figure.update_layout(height=380, font={"size": 14}, margin={"l": 50, "r": 20, "t": 50,
                                                                "b": 60})
    return figure_data(figure, filename)
